import {metricDefinition} from '../metrics/catalogue.js';
import type {ResourceId} from '../metrics/types.js';
import {metricPrefix, prometheusMetric, seriesLabels} from './prometheus-names.js';

/*
 * Recorded series as text for other tools, one series at a time and one point at a time, so a caller
 * streaming from the store holds one chunk whatever the range. Every format writes the series in the
 * order given: the caller sorts them by metric, which OpenMetrics needs (a metric family's samples may
 * not be interleaved with another's).
 */

export const exportFormats = ['csv', 'json', 'openmetrics'] as const;
export type ExportFormat = typeof exportFormats[number];

export type ExportedSeries = {readonly metric: string; readonly resource: ResourceId};

/** Text pieces of one export: `start`, then per series `series` and its `point`s, then `end`. */
export type SeriesFormatter = {
	readonly start: () => string;
	/** Begins a series; its points follow. */
	readonly series: (series: ExportedSeries) => string;
	/** One point of the current series: ms since the epoch, the value in the catalogue's unit. */
	readonly point: (timestampMs: number, value: number) => string;
	readonly end: () => string;
};

/** CSV needs quotes around a field holding a comma, a quote or a line break (RFC 4180). */
function csvField(text: string): string {
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function unitOf(metric: string): string {
	return metricDefinition(metric)?.unit ?? '';
}

/** `timestamp_ms,metric,resource,unit,value`, one row per point. */
function csvFormatter(): SeriesFormatter {
	let middle = '';
	return {
		start: () => 'timestamp_ms,metric,resource,unit,value\n',
		series(series) {
			middle = `,${csvField(series.metric)},${csvField(series.resource)},${unitOf(series.metric)},`;
			return '';
		},
		point: (timestampMs, value) => `${timestampMs}${middle}${value}\n`,
		end: () => '',
	};
}

/** `{"from", "to", "series": [{"metric", "resource", "unit", "points": [[ms, value], …]}, …]}`. */
function jsonFormatter(range: {readonly fromMs: number; readonly toMs: number}): SeriesFormatter {
	let seriesCount = 0;
	let first = true;
	return {
		start: () => `{"from":${JSON.stringify(new Date(range.fromMs).toISOString())},"to":${JSON.stringify(new Date(range.toMs).toISOString())},"series":[`,
		series(series) {
			first = true;
			const head = `{"metric":${JSON.stringify(series.metric)},"resource":${JSON.stringify(series.resource)},"unit":${JSON.stringify(unitOf(series.metric))},"points":[`;
			return `${seriesCount++ === 0 ? '\n' : ']},\n'}${head}`;
		},
		point(timestampMs, value) {
			const text = `${first ? '' : ','}[${timestampMs},${value}]`;
			first = false;
			return text;
		},
		end: () => `${seriesCount === 0 ? '' : ']}\n'}]}\n`,
	};
}

/** A label value as the exposition formats escape it: backslash, double quote and line feed. */
function labelValue(text: string): string {
	return text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

type Family = {readonly name: string; readonly help: string; readonly toBase: (value: number) => number};

/** The catalogue's Prometheus name (as `serve` exports it), or, for a metric this perftop no longer knows, its id made a name. */
function familyOf(metric: string): Family {
	const definition = metricDefinition(metric);
	return definition === undefined
		? {name: `${metricPrefix}${metric.replaceAll(/[^a-zA-Z\d_]/g, '_')}`, help: 'Recorded by an earlier perftop.', toBase: value => value}
		: prometheusMetric(definition);
}

/** `1704067200000` → `1704067200.000`: OpenMetrics timestamps are seconds. */
function seconds(timestampMs: number): string {
	const whole = Math.floor(timestampMs / 1000);
	const ms = timestampMs - whole * 1000;
	return `${whole}.${ms < 10 ? '00' : (ms < 100 ? '0' : '')}${ms}`;
}

/**
 * OpenMetrics text with a timestamp on every sample, the names and labels `perftop serve` exports,
 * ending in `# EOF`: what `promtool tsdb create-blocks-from openmetrics` loads into Prometheus.
 */
function openMetricsFormatter(): SeriesFormatter {
	let family: Family | undefined;
	let familyMetric: string | undefined;
	let prefix = '';
	return {
		start: () => '',
		series(series) {
			let header = '';
			if (series.metric !== familyMetric) {
				familyMetric = series.metric;
				family = familyOf(series.metric);
				header = `# TYPE ${family.name} gauge\n# HELP ${family.name} ${family.help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}\n`;
			}

			const labels = Object.entries(seriesLabels(series.resource)).map(([label, value]) => `${label}="${labelValue(value)}"`);
			prefix = `${family!.name}{${labels.join(',')}} `;
			return header;
		},
		point: (timestampMs, value) => `${prefix}${family!.toBase(value)} ${seconds(timestampMs)}\n`,
		end: () => '# EOF\n',
	};
}

export function seriesFormatter(format: ExportFormat, range: {readonly fromMs: number; readonly toMs: number}): SeriesFormatter {
	switch (format) {
		case 'csv': {
			return csvFormatter();
		}

		case 'json': {
			return jsonFormatter(range);
		}

		case 'openmetrics': {
			return openMetricsFormatter();
		}
	}
}
