import {hostname} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {loadBaseline} from '../engine/baselines.js';
import {UsageError} from '../options.js';
import {withDatabase} from './open-database.js';
import {historyRange} from './history-range.js';
import {dailyReportPath, defaultReportPath, parseReportFormat, previousDay, renderReport, reportInput, writeReport, type ReportFormat} from './report-file.js';
import type {CommandContext, CommandFlags} from './types.js';

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
		const input = reportInput(store, {host, range, generatedAt: now, baseline});
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

function outputPath(flags: CommandFlags, host: string, toMs: number, format: ReportFormat): string {
	if (flags.output !== undefined) {
		return path.resolve(flags.output);
	}

	return defaultReportPath(host, toMs, format);
}
