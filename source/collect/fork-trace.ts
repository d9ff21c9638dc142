import {closeSync, constants, existsSync, openSync, mkdirSync, readdirSync, readSync, rmdirSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {type ForkTraceCounts, parseForkTrace} from './parse-fork-trace.js';

// Counting forks by parent with the kernel's sched:sched_process_fork tracepoint, in a tracing
// instance of perftop's own (instances/perftop-<pid>, kernel docs trace/ftrace.rst "Instances"): its
// ring buffer, events and trace_pipe are separate from the global ones, so perftop never disturbs
// another tool's tracing, and removing the directory frees everything. trace_pipe, not trace, is
// read: it consumes what it returns, so each event is counted once, and opened O_NONBLOCK it returns
// EAGAIN when nothing is left instead of blocking the tick. Reading `trace` and then truncating it
// would lose the events written between the two.

/** Forks by parent since the previous read (the start for the first), over `windowMs`. */
export type ForkTraceWindow = ForkTraceCounts & {readonly windowMs: number};

/** A running count; `stop` disables the event and removes the instance. */
export type ForkTracer = {
	/** The events since the previous read; a string says why they can no longer be read. */
	readonly read: () => ForkTraceWindow | string;
	readonly stop: () => void;
};

const instancePrefix = 'perftop-';
const forkEnable = 'events/sched/sched_process_fork/enable';
/** Per CPU. An event takes ~48 bytes: ~5,000 forks a CPU between two reads before the oldest are overwritten (and counted as lost). */
const bufferSizeKb = 256;
/** What one read takes at most; the rest waits for the next tick (the ring buffer bounds it anyway). */
const maxBytesPerRead = 4 * 1024 * 1024;
const chunkBytes = 64 * 1024;

/** Where tracefs is found under `sysfs`: its own mount point, then the one under debugfs of older setups. */
export function tracefsRoots(sysfs: string): string[] {
	return [path.join(sysfs, 'kernel/tracing'), path.join(sysfs, 'kernel/debug/tracing')];
}

/** The first root that is a mounted tracefs (it has `instances`), or why there is none. */
function locateTracefs(roots: readonly string[]): {readonly tracefs: string} | {readonly reason: string} {
	let denied = false;
	for (const root of roots) {
		try {
			statSync(path.join(root, 'instances'));
			return {tracefs: root};
		} catch (error) {
			denied ||= isDenied(error);
		}
	}

	return {reason: denied ? 'tracing fork events needs root' : `tracefs is not mounted at ${roots.join(' or ')}`};
}

/**
 * Makes perftop's instance, enables the fork event in it and opens its trace_pipe; a string says why
 * it could not (nothing is left behind then). An exit that skips `stop` (an uncaught error,
 * process.exit) removes the instance from the exit hook.
 */
export function startForkTrace(roots: readonly string[], clock: () => number = Date.now): ForkTracer | string {
	const located = locateTracefs(roots);
	if ('reason' in located) {
		return located.reason;
	}

	const instance = path.join(located.tracefs, 'instances', `${instancePrefix}${process.pid}`);
	let fd: number | undefined;
	try {
		mkdirSync(instance);
		writeTracefs(path.join(instance, 'buffer_size_kb'), String(bufferSizeKb));
		// Without the task, CPU, flags and timestamp before each event, a line is half as long: half the
		// text for the kernel to print and for the tick to read.
		writeTracefs(path.join(instance, 'options/context-info'), '0');
		writeTracefs(path.join(instance, forkEnable), '1');
		fd = openSync(path.join(instance, 'trace_pipe'), constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (error) {
		removeInstance(instance, fd);
		return isDenied(error) ? 'tracing fork events needs root' : `tracefs: ${errorCode(error)} on ${instance}`;
	}

	const pipe = fd;
	let carry = '';
	let lastReadMs = clock();
	let removed = false;
	// Once only: a second close could close a descriptor that reused the number.
	const remove = () => {
		if (!removed) {
			removed = true;
			removeInstance(instance, pipe);
		}
	};

	process.once('exit', remove);
	return {
		read() {
			if (removed) {
				return 'fork tracing stopped';
			}

			const text = readPipe(pipe, carry);
			if (typeof text !== 'string') {
				return `tracefs: ${text.error} reading ${instance}/trace_pipe`;
			}

			carry = text.slice(text.lastIndexOf('\n') + 1);
			const now = clock();
			const windowMs = now - lastReadMs;
			lastReadMs = now;
			return {...parseForkTrace(text), windowMs};
		},
		stop() {
			process.off('exit', remove);
			remove();
		},
	};
}

/** What a non-blocking descriptor has now, after `carry` (the partial line of the previous read). */
export function readPipe(fd: number, carry = ''): string | {readonly error: string} {
	const chunks = [carry];
	const buffer = Buffer.allocUnsafe(chunkBytes);
	for (let total = 0; total < maxBytesPerRead;) {
		let bytes: number;
		try {
			bytes = readSync(fd, buffer, 0, chunkBytes, null);
		} catch (error) {
			if (errorCode(error) === 'EAGAIN') {
				break;
			}

			return {error: errorCode(error)};
		}

		if (bytes === 0) {
			break;
		}

		chunks.push(buffer.toString('utf8', 0, bytes));
		total += bytes;
	}

	return chunks.join('');
}

/**
 * Removes the instances of perftop processes that are gone (killed with SIGKILL, which no hook
 * survives): each holds a ring buffer of kernel memory and a live tracepoint. Another running
 * perftop's instance is left alone. Best effort: without tracefs or root there is nothing to do.
 */
export function removeStaleForkTraces(roots: readonly string[], procfs: string): void {
	const located = locateTracefs(roots);
	if ('reason' in located) {
		return;
	}

	const instances = path.join(located.tracefs, 'instances');
	let names: string[];
	try {
		names = readdirSync(instances);
	} catch {
		return;
	}

	for (const name of names) {
		const pid = name.startsWith(instancePrefix) ? name.slice(instancePrefix.length) : '';
		if (/^\d+$/.test(pid) && Number(pid) !== process.pid && !existsSync(path.join(procfs, pid))) {
			removeInstance(path.join(instances, name));
		}
	}
}

/** Disables the event, closes the pipe and removes the directory, whichever of them exist. */
function removeInstance(instance: string, fd?: number): void {
	try {
		writeTracefs(path.join(instance, forkEnable), '0');
	} catch {
		// Gone already, or never enabled.
	}

	if (fd !== undefined) {
		try {
			closeSync(fd);
		} catch {
			// Closed already.
		}
	}

	try {
		rmdirSync(instance);
	} catch {
		// Gone already; the next start's stale sweep retries any other failure.
	}
}

/** r+: tracefs makes its files itself; a path that is not there is an error, never a new regular file. */
function writeTracefs(file: string, value: string): void {
	writeFileSync(file, value, {flag: 'r+'});
}

function errorCode(error: unknown): string {
	return (error as NodeJS.ErrnoException).code ?? String(error);
}

function isDenied(error: unknown): boolean {
	const code = errorCode(error);
	return code === 'EACCES' || code === 'EPERM';
}
