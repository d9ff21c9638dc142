import process from 'node:process';
import {createProcessSummariser, rankSummaries, type ProcessRanking, type ProcessSummary} from '../analyze/process-summary.js';
import {formatTime} from '../analyze/report-format.js';
import {formatValue} from '../metrics/format.js';
import {parsePositiveInteger, UsageError} from '../options.js';
import type {Store, TimeRange} from '../store/types.js';
import {historyRange} from './history-range.js';
import {withDatabase} from './open-database.js';
import type {CommandContext} from './types.js';

const rankings: readonly ProcessRanking[] = ['cpu', 'memory', 'io'];
const defaultRows = 20;

function parseRanking(text: string | undefined): ProcessRanking {
	const by = text ?? 'cpu';
	if (!(rankings as readonly string[]).includes(by)) {
		throw new UsageError(`--by: expected cpu, memory or io, got '${by}'`);
	}

	return by as ProcessRanking;
}

/** Why a range has no process records, in one line. */
function noRecords(store: Store, range: TimeRange): string {
	const recorded = store.processRecordRange();
	if (recorded === undefined) {
		const at = store.processesAt(range.toMs);
		return at.ok ? 'no process records' : at.reason;
	}

	return `no process records between ${formatTime(range.fromMs)} and ${formatTime(range.toMs)} (they cover ${formatTime(recorded.fromMs)} to ${formatTime(recorded.toMs)})`;
}

/**
 * `perftop top`: the heaviest processes over a recorded range, for scripts: CPU seconds and peak %,
 * peak RSS and its growth, I/O bytes, first and last seen. Read from the per-tick process records, so
 * a process counts while it was among the recorded top processes.
 */
export async function run({args, flags}: CommandContext): Promise<number> {
	if (args.length > 0) {
		throw new UsageError(`top: expected no arguments, got '${args.join(' ')}'`);
	}

	const by = parseRanking(flags.by);
	const rows = flags.top === undefined ? undefined : parsePositiveInteger(flags.top, '--top');
	const range = historyRange(flags, '1h', Date.now());
	return withDatabase(flags, 'read', store => {
		const summariser = createProcessSummariser();
		const ticks = store.scanProcesses(range, summariser.add);
		if (ticks === 0) {
			throw new Error(noRecords(store, range));
		}

		const recorded = store.processRecordRange();
		if (recorded !== undefined && recorded.fromMs > range.fromMs) {
			process.stderr.write(`perftop: no process records before ${formatTime(recorded.fromMs)}\n`);
		}

		const ranked = rankSummaries(summariser.summaries(), by);
		process.stdout.write(flags.json
			? `${JSON.stringify(topDocument(ranked.slice(0, rows), by, range, ticks), null, 2)}\n`
			: topTable(ranked.slice(0, rows ?? defaultRows), by, range, ticks));
		return 0;
	}, {refuseNewer: true});
}

function iso(ms: number | undefined): string | null {
	return ms === undefined ? null : new Date(ms).toISOString();
}

/** JSON keys: unknown figures are null; CPU seconds to the millisecond, bytes whole. */
function topDocument(summaries: readonly ProcessSummary[], by: ProcessRanking, range: TimeRange, ticks: number) {
	return {
		from: iso(range.fromMs),
		to: iso(range.toMs),
		by,
		recordedTicks: ticks,
		processes: summaries.map(summary => ({
			pid: summary.pid,
			name: summary.name,
			user: summary.user ?? null,
			command: summary.command,
			startedAt: iso(summary.startedAtMs),
			cpuSeconds: Math.round(summary.cpuSeconds * 1000) / 1000,
			peakCpuPct: summary.peakCpuPct ?? null,
			peakRssBytes: summary.peakRssBytes,
			rssGrowthBytes: summary.rssGrowthBytes,
			readBytes: Math.round(summary.readBytes),
			writeBytes: Math.round(summary.writeBytes),
			ioBytes: Math.round(summary.ioBytes),
			firstSeen: iso(summary.firstSeenMs),
			lastSeen: iso(summary.lastSeenMs),
			recordedTicks: summary.ticks,
		})),
	};
}

function clock(ms: number): string {
	return formatTime(ms).slice(11, 19);
}

function topTable(summaries: readonly ProcessSummary[], by: ProcessRanking, range: TimeRange, ticks: number): string {
	const header = ['PID', 'NAME', 'USER', 'CPU s', 'peak CPU', 'peak RSS', 'RSS growth', 'I/O', 'first seen', 'last seen'];
	const body = summaries.map(summary => [
		String(summary.pid),
		summary.name.slice(0, 20),
		(summary.user ?? '—').slice(0, 12),
		summary.cpuSeconds.toFixed(1),
		formatValue(summary.peakCpuPct, 'percent'),
		formatValue(summary.peakRssBytes, 'bytes'),
		`${summary.rssGrowthBytes < 0 ? '-' : '+'}${formatValue(Math.abs(summary.rssGrowthBytes), 'bytes')}`,
		formatValue(summary.ioBytes, 'bytes'),
		clock(summary.firstSeenMs),
		clock(summary.lastSeenMs),
	]);
	const widths = header.map((title, column) => Math.max(title.length, ...body.map(row => row[column]!.length)));
	// Names and users read left-aligned, figures right-aligned.
	const line = (row: readonly string[]) => row.map((cell, column) => (column === 1 || column === 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
	const title = `Top processes by ${by === 'io' ? 'I/O' : by}, ${formatTime(range.fromMs)} to ${formatTime(range.toMs)} (${ticks} recorded ticks)`;
	return `${[title, line(header), ...body.map(line)].join('\n')}\n`;
}
