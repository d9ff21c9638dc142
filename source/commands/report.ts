import {hostname} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import type {Baseline} from '../analyze/baseline.js';
import type {ReportInput} from '../analyze/report.js';
import {loadBaseline} from '../engine/baselines.js';
import {gatherReportInput} from '../engine/report-data.js';
import {UsageError} from '../options.js';
import type {Store} from '../store/types.js';
import {withDatabase} from './database.js';
import {historyRange} from './history-range.js';
import {defaultReportPath, parseReportFormat, renderReport, safeFileName, writeReport, type ReportFormat} from './report-file.js';
import type {CommandContext, CommandFlags} from './types.js';

const dayMs = 86_400_000;

/** A report over recorded history: `--since 1h` (default), `--from/--to`, or `--daily` (yesterday, local time); `--output -` writes it to stdout. */
export async function run({args, flags}: CommandContext): Promise<number> {
	if (args.length > 0) {
		throw new UsageError(`report: unexpected '${args.join(' ')}'`);
	}

	const format = parseReportFormat(flags.format);
	const now = Date.now();
	const range = flags.daily ? previousDay(now) : historyRange(flags, '1h', now);
	return withDatabase(flags, 'read', store => {
		const host = hostname();
		const baseline = flags.baseline === undefined ? undefined : loadBaseline(store, flags.baseline);
		const input = storeReportInput(store, range, now, baseline);
		if (flags.output === '-') {
			process.stdout.write(renderReport(input, format));
			return 0;
		}

		const file = flags.daily && flags.output === undefined
			? dailyReportPath(host, range.fromMs, format, process.cwd())
			: outputPath(flags, host, range.toMs, format);
		process.stdout.write(`${writeReport(input, format, file)}\n`);
		return 0;
	});
}

/** A report over recorded history alone (no live snapshot). */
export function storeReportInput(store: Store, range: {fromMs: number; toMs: number}, now: number, baseline?: Baseline): ReportInput {
	return gatherReportInput({
		host: hostname(),
		generatedAt: now,
		...range,
		history: store.readRange(range.fromMs, range.toMs),
		events: store.listEvents(range.fromMs, range.toMs),
		...(baseline ? {baseline} : {}),
	});
}

/** `perftop-report-<host>-<YYYY-MM-DD>.<ext>`: one file per day, named after the day it covers. */
export function dailyReportPath(host: string, dayStartMs: number, format: ReportFormat, folder: string): string {
	const day = new Date(dayStartMs);
	const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
	return path.join(folder, `perftop-report-${safeFileName(host)}-${date}.${format}`);
}

function outputPath(flags: CommandFlags, host: string, toMs: number, format: ReportFormat): string {
	if (flags.output !== undefined) {
		return path.resolve(flags.output);
	}

	return defaultReportPath(host, toMs, format);
}

/** Local midnight to midnight of the day before `nowMs`. */
export function previousDay(nowMs: number): {fromMs: number; toMs: number} {
	const midnight = new Date(nowMs);
	midnight.setHours(0, 0, 0, 0);
	return {fromMs: midnight.getTime() - dayMs, toMs: midnight.getTime() - 1};
}
