import {type ProcessIdentity, processKeyString, type ProcessRecord, type ProcessSample} from '../metrics/types.js';
import type {ProcessRssSeries} from './forecast.js';

/**
 * One process over a recorded range, from the ticks it was among the top processes (the union of the
 * top N by CPU, memory and I/O): sums count only those ticks, so they are lower bounds for a process
 * that was sometimes out of the top. A process is its pid with its start time; its name, user, command
 * and parent are those of its latest record.
 */
export type ProcessSummary = ProcessIdentity & {
	/** `processKeyString`: pid@start. */
	readonly key: string;
	/** Ticks it was recorded at. */
	readonly ticks: number;
	readonly firstSeenMs: number;
	readonly lastSeenMs: number;
	/** CPU % × the interval each tick covers, summed: seconds of one core. */
	readonly cpuSeconds: number;
	readonly peakCpuPct: number | undefined;
	readonly meanCpuPct: number | undefined;
	readonly peakRssBytes: number;
	readonly meanRssBytes: number;
	/** Last recorded RSS minus the first. */
	readonly rssGrowthBytes: number;
	/** Read plus written, rate × interval summed. */
	readonly ioBytes: number;
	readonly readBytes: number;
	readonly writeBytes: number;
	readonly meanIoBytesPerSec: number | undefined;
};

type Accumulator = {
	latest: ProcessSample;
	ticks: number;
	firstSeenMs: number;
	lastSeenMs: number;
	cpuSeconds: number;
	cpuSum: number;
	cpuCount: number;
	peakCpuPct: number | undefined;
	rssSum: number;
	peakRssBytes: number;
	firstRssBytes: number;
	lastRssBytes: number;
	readBytes: number;
	writeBytes: number;
	ioSum: number;
	ioCount: number;
	startedAtMs: number | undefined;
	rss?: {timestamps: number[]; values: number[]};
};

export type ProcessSummariser = {
	/** Adds one tick's record; records come in time order (the store's scan). */
	readonly add: (record: ProcessRecord) => void;
	readonly summaries: () => ProcessSummary[];
	/** Each process's RSS over the range, for leak suspects; empty unless asked for with `keepRss`. */
	readonly rssSeries: () => Map<string, ProcessRssSeries>;
};

/** Summarises process records tick by tick; memory grows with the processes seen, not with the ticks (unless `keepRss`). */
export function createProcessSummariser(options: {readonly keepRss?: boolean} = {}): ProcessSummariser {
	const byKey = new Map<string, Accumulator>();
	let previous: {timestampMs: number; sessionId: number} | undefined;

	function add(record: ProcessRecord): void {
		// The rates of a tick cover the interval since the tick before it in the same recording.
		const intervalS = previous?.sessionId === record.sessionId && record.timestampMs > previous.timestampMs ? (record.timestampMs - previous.timestampMs) / 1000 : 0;
		previous = record;
		for (const process of record.processes) {
			const key = processKeyString(process);
			let entry = byKey.get(key);
			if (entry === undefined) {
				entry = {
					latest: process, ticks: 0, firstSeenMs: record.timestampMs, lastSeenMs: record.timestampMs, cpuSeconds: 0, cpuSum: 0, cpuCount: 0,
					peakCpuPct: undefined, rssSum: 0, peakRssBytes: 0, firstRssBytes: process.rssBytes, lastRssBytes: process.rssBytes,
					readBytes: 0, writeBytes: 0, ioSum: 0, ioCount: 0, startedAtMs: process.startedAtMs,
					...(options.keepRss ? {rss: {timestamps: [], values: []}} : {}),
				};
				byKey.set(key, entry);
			}

			entry.latest = process;
			entry.ticks++;
			entry.lastSeenMs = record.timestampMs;
			entry.rssSum += process.rssBytes;
			entry.peakRssBytes = Math.max(entry.peakRssBytes, process.rssBytes);
			entry.lastRssBytes = process.rssBytes;
			entry.rss?.timestamps.push(record.timestampMs);
			entry.rss?.values.push(process.rssBytes);
			if (process.cpuPct !== undefined) {
				entry.cpuSeconds += (process.cpuPct / 100) * intervalS;
				entry.cpuSum += process.cpuPct;
				entry.cpuCount++;
				entry.peakCpuPct = Math.max(entry.peakCpuPct ?? 0, process.cpuPct);
			}

			entry.readBytes += (process.readBytesPerSec ?? 0) * intervalS;
			entry.writeBytes += (process.writeBytesPerSec ?? 0) * intervalS;
			if (process.ioBytesPerSec !== undefined) {
				entry.ioSum += process.ioBytesPerSec;
				entry.ioCount++;
			}
		}
	}

	function summaries(): ProcessSummary[] {
		return [...byKey].map(([key, entry]) => ({
			key,
			pid: entry.latest.pid,
			startedAtMs: entry.startedAtMs,
			name: entry.latest.name,
			user: entry.latest.user,
			command: entry.latest.command,
			ppid: entry.latest.ppid,
			ticks: entry.ticks,
			firstSeenMs: entry.firstSeenMs,
			lastSeenMs: entry.lastSeenMs,
			cpuSeconds: entry.cpuSeconds,
			peakCpuPct: entry.peakCpuPct,
			meanCpuPct: entry.cpuCount === 0 ? undefined : entry.cpuSum / entry.cpuCount,
			peakRssBytes: entry.peakRssBytes,
			meanRssBytes: entry.rssSum / entry.ticks,
			rssGrowthBytes: entry.lastRssBytes - entry.firstRssBytes,
			ioBytes: entry.readBytes + entry.writeBytes,
			readBytes: entry.readBytes,
			writeBytes: entry.writeBytes,
			meanIoBytesPerSec: entry.ioCount === 0 ? undefined : entry.ioSum / entry.ioCount,
		}));
	}

	function rssSeries(): Map<string, ProcessRssSeries> {
		const result = new Map<string, ProcessRssSeries>();
		for (const [key, entry] of byKey) {
			if (entry.rss !== undefined) {
				result.set(key, {name: entry.latest.name, pid: entry.latest.pid, timestamps: entry.rss.timestamps, rss: entry.rss.values});
			}
		}

		return result;
	}

	return {add, summaries, rssSeries};
}

/** A summary as the report's process tables take it: the means over the range. */
export function summaryAsProcess(summary: ProcessSummary): ProcessSample {
	return {
		pid: summary.pid,
		name: summary.name,
		command: summary.command,
		user: summary.user,
		state: '—',
		cpuPct: summary.meanCpuPct,
		rssBytes: summary.meanRssBytes,
		readBytesPerSec: undefined,
		writeBytesPerSec: undefined,
		ioBytesPerSec: summary.meanIoBytesPerSec,
		threads: undefined,
		...(summary.ppid === undefined ? {} : {ppid: summary.ppid}),
		...(summary.startedAtMs === undefined ? {} : {startedAtMs: summary.startedAtMs}),
	};
}

export type ProcessRanking = 'cpu' | 'memory' | 'io';

const measures: Readonly<Record<ProcessRanking, (summary: ProcessSummary) => number>> = {
	cpu: summary => summary.cpuSeconds,
	memory: summary => summary.peakRssBytes,
	io: summary => summary.ioBytes,
};

/** Heaviest first by CPU seconds, peak RSS or I/O bytes; ties by pid. */
export function rankSummaries(summaries: readonly ProcessSummary[], by: ProcessRanking): ProcessSummary[] {
	const measure = measures[by];
	return [...summaries].sort((a, b) => measure(b) - measure(a) || a.pid - b.pid);
}
