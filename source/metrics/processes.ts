import type {ProcessReading} from '../collect/types.js';
import {topIndices} from '../collect/top-indices.js';
import {delta, rate} from './rate.js';
import type {ProcessSample} from './types.js';

export type ProcessDeriveOptions = {
	/** Length of the interval since the previous reading; undefined or ≤ 0 means no rates. */
	readonly elapsedMs: number | undefined;
	/** USER_HZ of the current reading, to turn jiffies into seconds. */
	readonly ticksPerSecond: number;
	/** At most this many processes from each ranking (CPU, RSS, I/O). */
	readonly limit: number;
	/** When the machine booted, ms since the epoch, to turn start times into wall clock; undefined when unknown. */
	readonly bootTimeMs?: number;
};

export type DerivedProcesses = {
	/** The union of the top `limit` by CPU %, by RSS and by read+write bytes/s: what is analysed and recorded. */
	readonly top: ProcessSample[];
	/** Every process of the reading, in its order: the dashboard's process table filters, sorts and nests these. */
	readonly all: ProcessSample[];
};

/**
 * Every process with its rates over the interval, and the union of the top `limit` by CPU %, by RSS and by
 * read+write bytes/s (the same objects). A process is the same one in both readings only when pid AND start
 * time match: a reused pid is a new process, with no CPU % yet.
 * A process counts towards a ranking only with a known, positive figure: on an idle machine the CPU
 * ranking would otherwise fill up with arbitrary 0 % processes.
 */
export function deriveProcesses(
	previous: readonly ProcessReading[] | undefined,
	current: readonly ProcessReading[],
	options: ProcessDeriveOptions,
): DerivedProcesses {
	const {elapsedMs, ticksPerSecond, limit, bootTimeMs} = options;
	const interval = previous !== undefined && elapsedMs !== undefined && elapsedMs > 0 && ticksPerSecond > 0
		? {previousByPid: indexByPid(previous), elapsedMs}
		: undefined;

	// Rates for every process go into flat arrays first: the rankings read them without a property lookup.
	const count = current.length;
	const cpuPct = new Float64Array(count).fill(Number.NaN);
	const ioBytesPerSec = new Float64Array(count).fill(Number.NaN);
	const rssBytes = new Float64Array(count);
	const all: ProcessSample[] = Array.from({length: count});

	for (let index = 0; index < count; index++) {
		const process = current[index]!;
		rssBytes[index] = process.rssBytes;
		const before = interval?.previousByPid.get(process.pid);
		let read: number | undefined;
		let write: number | undefined;
		if (interval !== undefined && before !== undefined && before.startTimeTicks === process.startTimeTicks) {
			const ticks = delta(before.utimeTicks + before.stimeTicks, process.utimeTicks + process.stimeTicks);
			if (ticks !== undefined) {
				cpuPct[index] = (ticks / ticksPerSecond) / (interval.elapsedMs / 1000) * 100;
			}

			read = rate(before.readBytes, process.readBytes, interval.elapsedMs);
			write = rate(before.writeBytes, process.writeBytes, interval.elapsedMs);
			ioBytesPerSec[index] = ioSum(read, write) ?? Number.NaN;
		}

		all[index] = {
			pid: process.pid,
			name: process.name,
			command: process.command,
			user: process.user,
			state: process.state,
			cpuPct: known(cpuPct[index]!),
			rssBytes: process.rssBytes,
			readBytesPerSec: read,
			writeBytesPerSec: write,
			ioBytesPerSec: known(ioBytesPerSec[index]!),
			threads: process.threads,
			ppid: process.ppid,
			startTimeTicks: process.startTimeTicks,
			startedAtMs: bootTimeMs === undefined || !(ticksPerSecond > 0) ? undefined : bootTimeMs + (process.startTimeTicks / ticksPerSecond) * 1000,
			cgroups: process.cgroups,
		};
	}

	if (limit <= 0) {
		return {top: [], all};
	}

	const chosen = new Set<number>([
		...topIndices(cpuPct, limit),
		...topIndices(rssBytes, limit),
		...topIndices(ioBytesPerSec, limit),
	]);
	return {top: [...chosen].map(index => all[index]!).sort(byCpuThenRss), all};
}

/**
 * The union of the top `limit` by CPU %, RSS and I/O of processes already derived, in their order: what
 * the store records of a tick whose sample ranked more per measure (`--top`) than it keeps.
 */
export function topUnion(processes: readonly ProcessSample[], limit: number): readonly ProcessSample[] {
	const measure = (figure: (process: ProcessSample) => number | undefined) => Float64Array.from(processes, process => figure(process) ?? Number.NaN);
	const chosen = new Set([
		...topIndices(measure(process => process.cpuPct), limit),
		...topIndices(measure(process => process.rssBytes), limit),
		...topIndices(measure(process => process.ioBytesPerSec), limit),
	]);
	return chosen.size === processes.length ? processes : processes.filter((_, index) => chosen.has(index));
}

/** Read and write bytes/s together, as `ProcessSample.ioBytesPerSec`: undefined when neither is known. */
export function ioSum(read: number | undefined, write: number | undefined): number | undefined {
	return read === undefined && write === undefined ? undefined : (read ?? 0) + (write ?? 0);
}

function indexByPid(processes: readonly ProcessReading[]): Map<number, ProcessReading> {
	const byPid = new Map<number, ProcessReading>();
	for (const process of processes) {
		byPid.set(process.pid, process);
	}

	return byPid;
}

function known(value: number): number | undefined {
	return Number.isNaN(value) ? undefined : value;
}

function byCpuThenRss(a: ProcessSample, b: ProcessSample): number {
	const cpuA = a.cpuPct ?? -1;
	const cpuB = b.cpuPct ?? -1;
	if (cpuA !== cpuB) {
		return cpuB - cpuA;
	}

	if (a.rssBytes !== b.rssBytes) {
		return b.rssBytes - a.rssBytes;
	}

	return a.pid - b.pid;
}
