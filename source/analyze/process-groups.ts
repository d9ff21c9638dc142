import type {ProcessGroup, ProcessSample} from '../metrics/types.js';

// Workers of one program are one culprit: `stress-ng --cpu 4` runs four `stress-ng-cpu` under one
// `stress-ng`, fio its jobs under its main process, a web server its workers under its master.
// Processes of the same name (comm) with the same parent are one group, in the bottleneck evidence,
// the recommendations and the reports; the process table keeps a row a pid. Orphans adopted by init
// (parent 1) and processes whose parent is unknown stand alone: sharing init says nothing.

const groupedParentAbove = 1;

/** What makes processes one group: the same name under the same parent (`<ppid>/<name>`), else the pid alone. */
export function workerGroupKey(process: Pick<ProcessSample, 'pid' | 'name' | 'ppid'>): string | number {
	return process.ppid !== undefined && process.ppid > groupedParentAbove ? `${process.ppid}/${process.name}` : process.pid;
}

function sum(values: ReadonlyArray<number | undefined>): number | undefined {
	let total: number | undefined;
	for (const value of values) {
		if (value !== undefined) {
			total = (total ?? 0) + value;
		}
	}

	return total;
}

function groupOf(members: readonly ProcessSample[]): ProcessGroup {
	// The added fields go before the spread: V8 copies `{...process, count}` through a slow path
	// (~2 µs a process on this VM, December 2026), `{count, ...process}` in a twelfth of that.
	if (members.length === 1) {
		const process = members[0]!;
		return {count: 1, pids: [process.pid], ...process};
	}

	const sorted = [...members].sort((a, b) => a.pid - b.pid);
	const first = sorted[0]!;
	return {
		...first,
		// Resident memory is summed as ps and top would add it: pages shared between workers count once a worker.
		cpuPct: sum(sorted.map(process => process.cpuPct)),
		rssBytes: sorted.reduce((total, process) => total + process.rssBytes, 0),
		readBytesPerSec: sum(sorted.map(process => process.readBytesPerSec)),
		writeBytesPerSec: sum(sorted.map(process => process.writeBytesPerSec)),
		ioBytesPerSec: sum(sorted.map(process => process.ioBytesPerSec)),
		threads: sorted.some(process => process.threads === undefined) ? undefined : sum(sorted.map(process => process.threads)),
		count: sorted.length,
		pids: sorted.map(process => process.pid),
	};
}

/** The processes as groups (one of a process on its own), in the order each group's first member came. */
export function groupWorkers(processes: readonly ProcessSample[]): ProcessGroup[] {
	const byKey = new Map<string | number, ProcessSample[]>();
	for (const process of processes) {
		const key = workerGroupKey(process);
		const members = byKey.get(key);
		if (members) {
			members.push(process);
		} else {
			byKey.set(key, [process]);
		}
	}

	return [...byKey.values()].map(members => groupOf(members));
}

/** The groups, largest `measure` first; those without a positive one are left out. */
export function rankGroups(groups: readonly ProcessGroup[], measure: (group: ProcessGroup) => number | undefined): ProcessGroup[] {
	return groups
		.map(group => ({group, value: measure(group)}))
		.filter((entry): entry is {group: ProcessGroup; value: number} => entry.value !== undefined && entry.value > 0)
		.sort((a, b) => b.value - a.value || a.group.pid - b.group.pid)
		.map(({group}) => group);
}

/** How a group is named in a sentence: `stress-ng-cpu ×4`, or the name of a process on its own. */
export function groupName(group: Pick<ProcessGroup, 'name' | 'count'>): string {
	return group.count > 1 ? `${group.name} ×${group.count}` : group.name;
}

/** Its pids for a sentence: `pid 812`, or `pids 101, 102, 103 …` (at most three). */
export function groupPids(group: Pick<ProcessGroup, 'count' | 'pid' | 'pids'>): string {
	if (group.count === 1) {
		return `pid ${group.pid}`;
	}

	return `pids ${group.pids.slice(0, 3).join(', ')}${group.count > 3 ? ' …' : ''}`;
}
