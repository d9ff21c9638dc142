import {renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {buildReport, type ReportInput, type ReportScope} from '../analyze/report.js';
import type {Config} from '../config/defaults.js';
import {defaultReportFolder} from '../store/paths.js';
import {renderHtml} from '../analyze/report-html.js';
import {renderJson} from '../analyze/report-json.js';
import {renderMarkdown} from '../analyze/report-markdown.js';
import {UsageError} from '../options.js';
import {errorMessage} from '../errors.js';

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
