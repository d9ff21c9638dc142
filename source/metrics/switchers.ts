import {rate} from './rate.js';
import type {ProcessSample, Switcher} from './types.js';

/**
 * How many busy processes have their context switches counted while the CPU's context-switch
 * saturation is judged: a storm's switching costs CPU (kernel time), so its makers are among the busiest.
 */
export const SWITCHER_CANDIDATES = 5;

/** One reading of a process's context switches, all threads (the timeslices of /proc/<pid>/task/*\/schedstat). */
export type SwitchCount = {readonly pid: number; readonly startTimeTicks: number | undefined; readonly switches: number; readonly timestamp: number};

/** The busiest processes by CPU, the ones whose context switches are counted. */
export function switcherCandidates(processes: readonly ProcessSample[], max = SWITCHER_CANDIDATES): ProcessSample[] {
	return processes
		.filter(process => (process.cpuPct ?? 0) > 0)
		.sort((a, b) => b.cpuPct! - a.cpuPct! || a.pid - b.pid)
		.slice(0, max);
}

/**
 * Context switches per second of each process read at both readings (the same pid and start time, so
 * a reused pid is not compared with its predecessor), most first; a process whose threads exited
 * between the readings (the sum went down) is left out rather than shown with a wrong rate.
 */
export function switchRates(previous: ReadonlyMap<number, SwitchCount>, current: readonly SwitchCount[], processes: readonly ProcessSample[]): Switcher[] {
	const names = new Map(processes.map(process => [process.pid, process.name]));
	const switchers: Switcher[] = [];
	for (const count of current) {
		const before = previous.get(count.pid);
		if (before === undefined || before.startTimeTicks !== count.startTimeTicks) {
			continue;
		}

		const switchesPerSec = rate(before.switches, count.switches, count.timestamp - before.timestamp);
		if (switchesPerSec !== undefined && switchesPerSec > 0) {
			switchers.push({pid: count.pid, name: names.get(count.pid) ?? String(count.pid), switchesPerSec});
		}
	}

	return switchers.sort((a, b) => b.switchesPerSec - a.switchesPerSec || a.pid - b.pid);
}
