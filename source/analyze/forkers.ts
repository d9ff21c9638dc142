import {formatValue} from '../metrics/format.js';
import type {ForkParent, ProcessSample, Sample} from '../metrics/types.js';
import {groupName, groupPids, workerGroupKey} from './process-groups.js';

/** A parent named as the source of a fork storm: one process, or same-named workers under one parent (process-groups.ts). */
export type ForkingParent = {
	readonly name: string;
	/** How many parents share the name (1 for a process on its own). */
	readonly count: number;
	/** Ascending; the first is the one named when there is only one. */
	readonly pids: readonly number[];
	readonly pid: number;
	readonly children: number;
	readonly counted: ForkCounting;
};

/**
 * How the children were counted: from the kernel's fork events over `windowMs` (every child; `lost`
 * overwritten before being read, so a floor when above 0), or among the processes alive when the tick
 * read /proc (`newProcesses` of them new, whoever their parent), with why tracing could not count them.
 */
export type ForkCounting =
	| {readonly kind: 'traced'; readonly windowMs: number; readonly lost: number}
	| {readonly kind: 'alive'; readonly newProcesses: number; readonly untraced: string | undefined};

// Evidence and advice both name the forker of the same tick: walked once per sample.
const named = new WeakMap<Sample, ForkingParent | undefined>();

/**
 * The parent that started the most children during the last interval. With the kernel's fork
 * events (Sample.forkTrace, counted while a fork storm is judged) every child is counted, those that
 * exited within microseconds included. Otherwise only the children alive at the moment of reading
 * /proc are seen: /proc counts forks only machine-wide (/proc/stat `processes`) and a child that exited
 * before the tick leaves nothing behind that names its parent (its parent's counters add up only the
 * CPU time and faults of children it waited for, not how many); their parent is still the one forking.
 * Undefined without every process (a sample rebuilt from the store), without an interval, or with no new child.
 */
export function forkingParent(sample: Sample): ForkingParent | undefined {
	if (!named.has(sample)) {
		named.set(sample, sample.forkTrace?.kind === 'counted' ? tracedParent(sample, sample.forkTrace.parents, sample.forkTrace) : aliveParent(sample));
	}

	return named.get(sample);
}

/**
 * The traced parents grouped as perftop groups workers: `make`'s forty `sh` each starting a compiler are
 * one forker. A forking thread that is not a process of the tick (a worker thread, or a parent gone
 * since) stands alone under the name the event gave it.
 */
function tracedParent(sample: Sample, parents: readonly ForkParent[], counted: {readonly windowMs: number; readonly lost: number}): ForkingParent | undefined {
	if (parents.length === 0) {
		return undefined;
	}

	const processes = new Map((sample.allProcesses ?? sample.processes).map(process => [process.pid, process]));
	const groups = new Map<string | number, {name: string; pids: number[]; children: number}>();
	for (const parent of parents) {
		const process = processes.get(parent.pid);
		const key = process ? workerGroupKey(process) : parent.pid;
		const group = groups.get(key);
		if (group) {
			group.pids.push(parent.pid);
			group.children += parent.children;
		} else {
			groups.set(key, {name: process?.name ?? parent.name, pids: [parent.pid], children: parent.children});
		}
	}

	let best: {name: string; pids: number[]; children: number} | undefined;
	for (const group of groups.values()) {
		group.pids.sort((a, b) => a - b);
		if (best === undefined || group.children > best.children || (group.children === best.children && group.pids[0]! < best.pids[0]!)) {
			best = group;
		}
	}

	return best && {name: best.name, count: best.pids.length, pids: best.pids, pid: best.pids[0]!, children: best.children, counted: {kind: 'traced', windowMs: counted.windowMs, lost: counted.lost}};
}

function aliveParent(sample: Sample): ForkingParent | undefined {
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
	const untraced = sample.forkTrace?.kind === 'unavailable' ? sample.forkTrace.reason : undefined;
	return {name: parent?.name ?? '?', count: 1, pids: [best.pid], pid: best.pid, children: best.count, counted: {kind: 'alive', newProcesses, untraced}};
}

/**
 * "bash (pid 8812) started 1.9k children in the last second", or, counted from /proc, "bash (pid 8812) is
 * the parent of 9 of the 11 new processes alive at the tick (approximate: …)", saying why in one clause.
 */
export function forkerText(forker: ForkingParent): string {
	const who = `${groupName(forker)} (${groupPids(forker)})`;
	const {counted} = forker;
	if (counted.kind === 'traced') {
		const floor = counted.lost > 0 ? 'at least ' : '';
		return `${who} started ${floor}${formatValue(forker.children, 'count')} ${forker.children === 1 ? 'child' : 'children'} in the last ${windowText(counted.windowMs)}`;
	}

	const why = counted.untraced === undefined ? '' : `; ${counted.untraced}`;
	const processes = `${counted.newProcesses} new ${counted.newProcesses === 1 ? 'process' : 'processes'}`;
	return `${who} is the parent of ${forker.children} of the ${processes} alive at the tick (approximate: children that exited between ticks leave no trace in /proc${why})`;
}

/** "second" for a window of about one, else "2 s", "0.5 s". */
function windowText(windowMs: number): string {
	const seconds = windowMs / 1000;
	if (Math.round(seconds * 10) === 10) {
		return 'second';
	}

	return `${seconds >= 10 ? Math.round(seconds) : Number(seconds.toFixed(1))} s`;
}
