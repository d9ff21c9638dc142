import {renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {buildReport, type ReportInput, type ReportScope} from '../analyze/report.js';
import type {Config} from '../config/defaults.js';
import {defaultReportFolder} from '../store/paths.js';
import {renderHtml} from '../analyze/report-html.js';
import {renderJson} from '../analyze/report-json.js';
import {renderMarkdown} from '../analyze/report-markdown.js';
import {episodeFindings, memoryReader} from '../engine/recorded-episodes.js';
import {gatherReportInput, heldHistory, recordedProcesses} from '../engine/report-data.js';
import type {Snapshot} from '../engine/types.js';
import type {Baseline} from '../analyze/baseline.js';
import {UsageError} from '../options.js';
import {errorMessage} from '../errors.js';
import type {Store} from '../store/types.js';

// Reports as files, for every command that writes them: `report`, `record` (reporting.daily) and the
// dashboard's report keys.

const dayMs = 86_400_000;

export type RangeReport = {
	readonly host: string;
	readonly range: {readonly fromMs: number; readonly toMs: number};
	readonly generatedAt: number;
	readonly baseline?: Baseline | undefined;
};

/**
 * What a report over a range is built from: the store's history and events in the range or, without
 * a store (the dashboard not recording, or its database still opening), the ticks a snapshot holds.
 */
export function reportInput(source: Store | Snapshot, report: RangeReport): ReportInput {
	const {fromMs, toMs} = report.range;
	const store = 'readRange' in source ? source : undefined;
	const history = store ? store.readRange(fromMs, toMs) : heldHistory(source as Snapshot);
	return gatherReportInput({
		host: report.host,
		generatedAt: report.generatedAt,
		fromMs,
		toMs,
		history,
		events: store?.listEvents(fromMs, toMs) ?? [],
		...(store ? {processes: recordedProcesses(store, report.range)} : {}),
		// Without a store (or process records) the episodes say when and what moved, not who.
		episodes: episodeFindings(memoryReader(history, store?.processRecordRange() === undefined ? undefined : store.scanProcesses), report.range).findings,
		...(report.baseline ? {baseline: report.baseline} : {}),
	});
}

/** Local midnight to midnight of the day before `nowMs`. */
export function previousDay(nowMs: number): {fromMs: number; toMs: number} {
	const midnight = new Date(nowMs);
	midnight.setHours(0, 0, 0, 0);
	return {fromMs: midnight.getTime() - dayMs, toMs: midnight.getTime() - 1};
}

/** `perftop-report-<host>-<YYYY-MM-DD>.<ext>`: one file per day, named after the day it covers. */
export function dailyReportPath(host: string, dayStartMs: number, format: ReportFormat, folder: string): string {
	const day = new Date(dayStartMs);
	const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
	return path.join(folder, `perftop-report-${safeFileName(host)}-${date}.${format}`);
}

export type ReportFormat = 'md' | 'json' | 'html';

const renderers: Record<ReportFormat, typeof renderMarkdown> = {md: renderMarkdown, json: renderJson, html: renderHtml};

export function parseReportFormat(text: string | undefined): ReportFormat {
	const format = text ?? 'md';
	if (format !== 'md' && format !== 'json' && format !== 'html') {
		throw new UsageError(`--format: expected md, json or html, got '${format}'`);
	}

	return format;
}

/**
 * `perftop-report-<host>-<YYYYMMDD-HHMMSS>.<ext>` (a snapshot's: `perftop-snapshot-…`) in the current
 * directory (UTC, so names sort by time).
 */
export function defaultReportPath(host: string, atMs: number, format: ReportFormat, directory = process.cwd(), scope: ReportScope = 'range'): string {
	return path.resolve(directory, `perftop-${scope === 'snapshot' ? 'snapshot' : 'report'}-${safeFileName(host)}-${fileStamp(atMs)}.${format}`);
}

/** `YYYYMMDD-HHMMSS` in UTC, for file names that sort by time. */
export function fileStamp(atMs: number): string {
	return new Date(atMs).toISOString().replaceAll(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export function safeFileName(text: string): string {
	return text.replaceAll(/[^\w.-]/g, '_');
}

/** `reporting.folder` from the config (relative to the current directory), else the default under perftop's state folder. */
export function reportFolder(config: Config): string {
	return config.reporting.folder === undefined ? defaultReportFolder() : path.resolve(config.reporting.folder);
}

export function renderReport(input: ReportInput, format: ReportFormat): string {
	return renderers[format](buildReport(input));
}

export function writeReport(input: ReportInput, format: ReportFormat, file: string): string {
	return writeFileAtomically(file, renderReport(input, format));
}

/** A reader never sees half a file, and a failed write leaves nothing behind. */
export function writeFileAtomically(file: string, text: string): string {
	const temporary = `${file}.tmp-${process.pid}`;
	try {
		writeFileSync(temporary, text);
		renameSync(temporary, file);
	} catch (error) {
		rmSync(temporary, {force: true});
		throw new Error(`cannot write ${file}: ${errorMessage(error)}`);
	}

	return file;
}
