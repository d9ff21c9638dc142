import {closeSync, openSync, renameSync, rmSync, writeSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {formatTime} from '../analyze/report-format.js';
import {globToRegExp} from '../config/apply.js';
import {exportFormats, type ExportFormat, seriesFormatter} from '../export/series-export.js';
import {UsageError} from '../options.js';
import type {SeriesInfo, Store, TimeRange} from '../store/types.js';
import {historyRange} from './history-range.js';
import {withDatabase} from './open-database.js';
import type {CommandContext} from './types.js';

// Text is handed to the file or stdout in pieces of about this size: memory stays flat however long the range.
const flushChars = 1 << 16;

function parseFormat(text: string | undefined): ExportFormat {
	const format = text ?? 'csv';
	if (!(exportFormats as readonly string[]).includes(format)) {
		throw new UsageError(`--format: expected csv, json or openmetrics, got '${format}'`);
	}

	return format as ExportFormat;
}

/** Where the text goes: a file written beside its final name and renamed when complete, or stdout. */
export type Sink = {readonly write: (bytes: Uint8Array) => void; readonly done: () => void; readonly abandon: () => void};

export function fileSink(file: string): Sink {
	const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial`);
	const fd = openSync(partial, 'w');
	let open = true;
	const close = () => {
		if (open) {
			open = false;
			closeSync(fd);
		}
	};

	return {
		write(bytes) {
			writeSync(fd, bytes);
		},
		done() {
			close();
			renameSync(partial, file);
		},
		abandon() {
			close();
			rmSync(partial, {force: true});
		},
	};
}

/** The reader of stdout went away (`| head`): the export stops there, which is not an error. */
class ReaderGone extends Error {}

function errorCode(error: unknown): string | undefined {
	return error instanceof Error && 'code' in error ? String(error.code) : undefined;
}

/**
 * Written synchronously, so a slow reader holds the export back instead of its text piling up in
 * memory; a pipe Node opened non-blocking says EAGAIN when full, and is waited on.
 */
function stdoutSink(): Sink {
	const wait = new Int32Array(new SharedArrayBuffer(4));
	return {
		write(text) {
			let bytes = text;
			while (bytes.length > 0) {
				try {
					bytes = bytes.subarray(writeSync(process.stdout.fd, bytes));
				} catch (error) {
					if (errorCode(error) === 'EPIPE') {
						throw new ReaderGone('stdout closed');
					}

					if (errorCode(error) !== 'EAGAIN') {
						throw error;
					}

					Atomics.wait(wait, 0, 0, 5);
				}
			}
		},
		done() {},
		abandon() {},
	};
}

/** The series to export, grouped by metric (OpenMetrics keeps a family's samples together). */
function selectedSeries(store: Store, glob: string | undefined): SeriesInfo[] {
	const pattern = glob === undefined ? undefined : globToRegExp(glob);
	return store.listSeries()
		.filter(series => pattern?.test(series.metric) ?? true)
		.sort((a, b) => (a.metric < b.metric ? -1 : (a.metric > b.metric ? 1 : (a.resource < b.resource ? -1 : (a.resource > b.resource ? 1 : 0)))));
}

/** Why there is nothing to export, in one line; undefined when the range holds recorded ticks. */
function nothingToExport(store: Store, range: TimeRange): string | undefined {
	const recorded = store.timeRange();
	if (recorded === undefined) {
		return `nothing recorded in ${store.path}`;
	}

	return recorded.toMs < range.fromMs || recorded.fromMs > range.toMs
		? `nothing recorded between ${formatTime(range.fromMs)} and ${formatTime(range.toMs)} (the recording covers ${formatTime(recorded.fromMs)} to ${formatTime(recorded.toMs)})`
		: undefined;
}

/** Streams every value of the chosen series over the range; returns how many it wrote. */
export function exportSeries(store: Store, series: readonly SeriesInfo[], format: ExportFormat, range: TimeRange, sink: Sink): number {
	const formatter = seriesFormatter(format, range);
	let pending = formatter.start();
	let values = 0;
	const visit = (timestampMs: number, value: number) => {
		pending += formatter.point(timestampMs, value);
		if (pending.length >= flushChars) {
			sink.write(Buffer.from(pending));
			pending = '';
		}
	};

	for (const info of series) {
		pending += formatter.series({metric: info.metric, resource: info.resource});
		values += store.scanSeries(info.key, range, visit);
	}

	sink.write(Buffer.from(pending + formatter.end()));
	return values;
}

/**
 * `perftop export`: recorded series as CSV, JSON or OpenMetrics, one chunk in memory at a time. Reads
 * only; a file is written under a temporary name and appears whole.
 */
export async function run({args, flags}: CommandContext): Promise<number> {
	if (args.length > 0) {
		throw new UsageError(`export: expected no arguments, got '${args.join(' ')}'`);
	}

	const format = parseFormat(flags.format);
	const range = historyRange(flags, '1h', Date.now());
	return withDatabase(flags, 'read', store => {
		const empty = nothingToExport(store, range);
		if (empty !== undefined) {
			throw new Error(empty);
		}

		const series = selectedSeries(store, flags.metric);
		if (series.length === 0) {
			throw new Error(flags.metric === undefined ? `no recorded series in ${store.path}` : `no recorded metric matches --metric '${flags.metric}'`);
		}

		const toFile = flags.output !== undefined && flags.output !== '-';
		const sink = toFile ? fileSink(path.resolve(flags.output!)) : stdoutSink();
		try {
			const values = exportSeries(store, series, format, range, sink);
			sink.done();
			if (toFile) {
				process.stderr.write(`perftop: wrote ${values} values of ${series.length} series to ${flags.output!}\n`);
			}
		} catch (error) {
			sink.abandon();
			if (error instanceof ReaderGone) {
				return 0;
			}

			throw error;
		}

		return 0;
	}, {refuseNewer: true});
}
