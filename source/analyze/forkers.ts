import type {ProcessSample, Sample} from '../metrics/types.js';

/** A parent named as the likely source of a fork storm. */
export type ForkingParent = {
	readonly pid: number;
	readonly name: string;
	/** Its children started during the last interval and still alive when the tick read /proc. */
	readonly newChildren: number;
	/** Every process started during the last interval and still alive then, whoever its parent. */
	readonly newProcesses: number;
};

/**
 * The parent with the most children started during the last interval, among every process of the tick.
 * /proc counts forks only machine-wide (/proc/stat `processes`), and the children of a fork loop live
 * for microseconds: a child that exited before the tick leaves nothing behind that names its parent
 * (its parent's counters add up only the CPU time and faults of children it waited for, not how many),
 * so only the few alive at the moment of reading are counted; their parent is still the one forking. Undefined
 * without every process (a sample rebuilt from the store), without an interval, or with no new child.
 */
export function forkingParent(sample: Sample): ForkingParent | undefined {
	const processes = sample.allProcesses;
	if (processes === undefined || sample.intervalMs === undefined) {
		return undefined;
	}

	const since = sample.timestamp - sample.intervalMs;
	const children = new Map<number, number>();
	let newProcesses = 0;
	for (const process of processes) {
		if (process.startedAtMs !== undefined && process.startedAtMs > since) {
			newProcesses++;
			if (process.ppid !== undefined && process.ppid > 0) {
				children.set(process.ppid, (children.get(process.ppid) ?? 0) + 1);
			}
		}
	}

	let best: {pid: number; count: number} | undefined;
	for (const [pid, count] of children) {
		if (best === undefined || count > best.count || (count === best.count && pid < best.pid)) {
			best = {pid, count};
		}
	}

	if (best === undefined) {
		return undefined;
	}

	const parent: ProcessSample | undefined = processes.find(process => process.pid === best.pid);
	return {pid: best.pid, name: parent?.name ?? '?', newChildren: best.count, newProcesses};
}
