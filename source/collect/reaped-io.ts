import {readdirSync, readFileSync} from 'node:fs';
import {parseProcessIo, type ProcessIo} from './parse-process.js';

// When a process reaps a child, the kernel adds the child's I/O totals (its own and those of the
// children it reaped in turn) to the parent's /proc/<pid>/io (kernel/exit.c, wait_task_zombie), so
// the shell that started fio shows the whole run as one tick of its own. Each thread's
// /proc/<pid>/task/<tid>/io counts that thread's own I/O only. Reading every thread of every
// process every tick would double the scan, so they are read only at a tick where the process
// reaped a child (its `cminflt`, the faults of the children it waited for, grew) and its I/O grew:
// its I/O over that tick is then at most what its threads did since the last such tick, and the
// rest is its children's. Rare: a tick where a shell, make or a supervisor collects a child.
// What it misses: I/O of the process's own threads that exited since the last check counts as a
// child's at that tick (a thread's I/O moves to the same place when it exits).

/** The I/O of every live thread of the process at `directory`, summed; undefined when the process is gone. */
export function readThreadsIo(directory: string): ProcessIo | undefined {
	let readBytes = 0;
	let writeBytes = 0;
	try {
		for (const tid of readdirSync(`${directory}/task`)) {
			const io = parseProcessIo(readFileSync(`${directory}/task/${tid}/io`));
			readBytes += io?.readBytes ?? 0;
			writeBytes += io?.writeBytes ?? 0;
		}
	} catch {
		// The process or one of its threads exited while being read: nothing to subtract against.
		return undefined;
	}

	return {readBytes, writeBytes};
}

/** What is known of a process's children's share of its I/O counters. */
export type ReapedState = {
	/** All the I/O its reaped children brought since it was first seen, to take out of its counters. */
	readonly fromChildren: ProcessIo;
	/** Its threads' own I/O, and its counters less `fromChildren`, at the last check; undefined before the first. */
	readonly threads: ProcessIo | undefined;
	readonly own: ProcessIo | undefined;
};

export const nothingReaped: ReapedState = {fromChildren: {readBytes: 0, writeBytes: 0}, threads: undefined, own: undefined};

/**
 * The state after a tick where the process reaped a child and its counters went from `before` to
 * `now` (as the kernel shows them), its threads' own I/O being `threadsNow`. Its own growth this
 * tick is at most its threads' growth since the last check less what it was credited with since
 * (at the first check: all its threads have done); the rest of the growth is its children's.
 */
export function afterReaping(state: ReapedState, before: ProcessIo, now: ProcessIo, threadsNow: ProcessIo): ReapedState {
	const fromChildren = (key: keyof ProcessIo): number => {
		const ownBefore = before[key] - state.fromChildren[key];
		const creditedSinceCheck = state.own === undefined ? 0 : ownBefore - state.own[key];
		const ownBound = threadsNow[key] - (state.threads?.[key] ?? 0) - creditedSinceCheck;
		const growth = now[key] - before[key];
		return state.fromChildren[key] + (growth > 0 ? growth - Math.min(growth, Math.max(0, ownBound)) : 0);
	};

	const readBytes = fromChildren('readBytes');
	const writeBytes = fromChildren('writeBytes');
	return {
		fromChildren: {readBytes, writeBytes},
		threads: threadsNow,
		own: {readBytes: now.readBytes - readBytes, writeBytes: now.writeBytes - writeBytes},
	};
}
