import {renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {buildReport, type ReportInput} from '../analyze/report.js';
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

/** `perftop-report-<host>-<YYYYMMDD-HHMMSS>.<ext>` in the current directory (UTC, so names sort by time). */
export function defaultReportPath(host: string, atMs: number, format: ReportFormat, directory = process.cwd()): string {
	const stamp = new Date(atMs).toISOString().replaceAll(/[-:]/g, '').replace('T', '-').slice(0, 15);
	const safeHost = host.replaceAll(/[^\w.-]/g, '_');
	return path.join(directory, `perftop-report-${safeHost}-${stamp}.${format}`);
}

export function renderReport(input: ReportInput, format: ReportFormat): string {
	return renderers[format](buildReport(input));
}

/** Renders and writes atomically: a reader never sees half a report, a failed write leaves nothing behind. */
export function writeReport(input: ReportInput, format: ReportFormat, file: string): string {
	const text = renderReport(input, format);
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
