import type {ForkParent} from '../metrics/types.js';

// The text trace_pipe gives for the sched:sched_process_fork tracepoint (kernel docs, trace/ftrace.rst
// and trace/events.rst; the event's `format` file prints "comm=%s pid=%d child_comm=%s child_pid=%d"):
//            bash-8812    [001] d..1. 12345.678901: sched_process_fork: comm=bash pid=8812 child_comm=bash child_pid=9001
// The prefix before the event's name (task, CPU, flags, timestamp) varies with the kernel and the
// trace options, so only the event's own fields are read. When the ring buffer overwrote events before
// they were read, trace_pipe says so on a line of its own: "CPU:1 [LOST 245 EVENTS]", or "CPU:1 [LOST
// EVENTS]" when the ring buffer could not count them (kernel/trace/trace.c, print_trace_line).

/** Forks counted by parent (the forking thread's pid and name), and the events the ring buffer lost. */
export type ForkTraceCounts = {readonly parents: readonly ForkParent[]; readonly lost: number};

const eventMarker = 'sched_process_fork: comm=';
const pidField = ' pid=';
const childField = ' child_comm=';
const lostLine = /^CPU:\d+ \[LOST (?:(\d+) )?EVENTS\]$/;

/** Counts the fork events of complete lines (ending in a newline); other events and lines are skipped. */
export function parseForkTrace(text: string): ForkTraceCounts {
	const byPid = new Map<number, {name: string; children: number}>();
	let lost = 0;
	let start = 0;
	// The next event's position, kept across lines without one so the text is searched once.
	let marker = -1;
	for (let end = text.indexOf('\n'); end !== -1; start = end + 1, end = text.indexOf('\n', start)) {
		if (marker < start) {
			const next = text.indexOf(eventMarker, start);
			marker = next === -1 ? text.length : next;
		}

		if (marker > end) {
			lost += lostEvents(text.slice(start, end));
			continue;
		}

		// The parent's name may hold spaces: it ends at the " pid=" before " child_comm=".
		const child = text.indexOf(childField, marker);
		const pidAt = child === -1 || child > end ? -1 : text.lastIndexOf(pidField, child);
		if (pidAt < marker) {
			continue;
		}

		const pid = Number(text.slice(pidAt + pidField.length, child));
		if (!Number.isInteger(pid) || pid <= 0) {
			continue;
		}

		const counted = byPid.get(pid);
		if (counted) {
			counted.children++;
		} else {
			byPid.set(pid, {name: text.slice(marker + eventMarker.length, pidAt), children: 1});
		}
	}

	const parents = [...byPid].map(([pid, {name, children}]) => ({pid, name, children}));
	return {parents: parents.sort((a, b) => b.children - a.children || a.pid - b.pid), lost};
}

function lostEvents(line: string): number {
	const match = lostLine.exec(line.trim());
	// An uncounted loss is at least one event.
	return match ? Number(match[1] ?? 1) : 0;
}
