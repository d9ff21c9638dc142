import {bandLabel, judgingOf, type Band, type Deviation} from '../analyze/compare.js';
import type {Comparison, Snapshot} from '../engine/types.js';
import {metricDefinition} from '../metrics/catalogue.js';
import {formatValue} from '../metrics/format.js';
import {type MetricId, seriesKey, type Unit} from '../metrics/types.js';
import type {ChartBand} from './chart.js';
import {type Column, formatTable, type Row} from './table.js';
import {cleanText, rule, truncate} from './text.js';
import type {Paint, Theme} from './theme.js';

/** |deviation| from which a headline figure carries ▲/▼ with its σ: the warning band's edge. */
export const markFromSigma = 2;

/** A ▲/▼ marker placed in a headline, and the band it is painted with. */
export type DeviationMark = {
	readonly text: string;
	readonly band: Band;
};

// One lookup table per comparison: snapshots are immutable and every panel asks for a few keys.
const byKeyCache = new WeakMap<Comparison, ReadonlyMap<string, Deviation>>();

export function deviationFor(comparison: Comparison | undefined, key: string): Deviation | undefined {
	if (comparison === undefined) {
		return undefined;
	}

	let byKey = byKeyCache.get(comparison);
	if (byKey === undefined) {
		byKey = new Map(comparison.deviations.map(deviation => [deviation.key, deviation]));
		byKeyCache.set(comparison, byKey);
	}

	return byKey.get(key);
}

/** "3.4σ", "12σ": one decimal below 10, none above. */
export function sigmaText(deviationSigma: number): string {
	const magnitude = Math.abs(deviationSigma);
	const digits = Number(magnitude.toFixed(1)) < 10 ? magnitude.toFixed(1) : magnitude.toFixed(0);
	return `${digits}σ`;
}

/** "▲3.4σ" above the baseline median, "▼2.1σ" below, "0.0σ" on it. */
export function deviationText(deviationSigma: number): string {
	const arrow = deviationSigma > 0 ? '▲' : deviationSigma < 0 ? '▼' : '';
	return `${arrow}${sigmaText(deviationSigma)}`;
}

/** The headline marker of a deviation, or undefined while it is within ±2σ. */
export function deviationMark(deviation: Deviation | undefined): DeviationMark | undefined {
	if (deviation === undefined || !(Math.abs(deviation.deviationSigma) >= markFromSigma)) {
		return undefined;
	}

	return {text: deviationText(deviation.deviationSigma), band: deviation.band};
}

export function bandPaint(theme: Theme, band: Band): Paint {
	switch (band) {
		case 'critical': {
			return theme.critical;
		}

		case 'warning': {
			return theme.medium;
		}

		case 'normal': {
			return theme.dim;
		}
	}
}

/** Paints each marker where it occurs in a plain, already fitted line; ▲ and ▼ appear nowhere else. */
export function paintMarks(line: string, marks: readonly DeviationMark[], theme: Theme): string {
	let painted = line;
	for (const mark of marks) {
		painted = painted.split(mark.text).join(bandPaint(theme, mark.band)(mark.text));
	}

	return painted;
}

/**
 * The baseline band drawn behind a chart: the band the comparison judges by (median ± 2σ used, clipped to
 * what the metric can be), so a value outside it is exactly one the list marks beyond 2σ.
 */
export function baselineBand(comparison: Comparison | undefined, key: string): ChartBand | undefined {
	return comparison === undefined ? undefined : judgingOf(key, comparison.baseline)?.band;
}

/** Formats a value in its metric's unit; ids outside the catalogue print as plain counts. */
export function metricText(id: string, value: number | undefined): string {
	return formatValue(value, unitOf(id));
}

function unitOf(id: string): Unit {
	return metricDefinition(id)?.unit ?? 'count';
}

/** "busy", "util"… as the catalogue labels it; the id when the catalogue does not know it. */
export function metricLabel(id: string): string {
	return metricDefinition(id)?.label ?? id;
}

export const comparisonColumns: readonly Column[] = [
	{header: 'METRIC', flex: 1},
	{header: 'RESOURCE', flex: 1},
	{header: 'NOW', width: 9, align: 'right'},
	{header: 'MEDIAN', width: 9, align: 'right'},
	{header: 'DEV', width: 7, align: 'right'},
	{header: 'σ', width: 9, align: 'right'},
	{header: 'σ KIND', width: 6},
	{header: 'BAND', width: 8},
];

/** The largest deviations first, as the comparison ranks them; a band per row for painting. */
export function comparisonRows(comparison: Comparison, limit: number): Array<{row: Row; band: Band}> {
	return comparison.deviations.slice(0, Math.max(0, limit)).map(deviation => ({
		row: [
			metricLabel(deviation.id),
			cleanText(deviation.resource),
			metricText(deviation.id, deviation.value),
			metricText(deviation.id, deviation.median),
			deviationText(deviation.deviationSigma),
			metricText(deviation.id, deviation.sigma),
			deviation.sigmaKind,
			bandLabel(deviation),
		],
		band: deviation.band,
	}));
}

/** "busy cpu (critical)" for each raised anomaly, worst first. */
export function anomalyText(comparison: Comparison): string {
	if (comparison.anomalies.length === 0) {
		return 'no active anomalies';
	}

	const rank: Readonly<Record<Band, number>> = {critical: 0, warning: 1, normal: 2};
	const items = [...comparison.anomalies]
		.sort((a, b) => rank[a.band] - rank[b.band] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
		.map(anomaly => {
			const bar = anomaly.key.indexOf('|');
			const id = bar === -1 ? anomaly.key : anomaly.key.slice(0, bar);
			const resource = bar === -1 ? '' : anomaly.key.slice(bar + 1);
			return `${metricLabel(id)} ${cleanText(resource)} (${anomaly.band})`;
		});
	return `active anomalies: ${items.join(', ')}`;
}

/** "vs baseline NAME · 1 critical, 2 warning of 40": the section's title counts alarms, not harmless changes. */
export function comparisonTitle(comparison: Comparison): string {
	const count = (band: Band): number => comparison.deviations.filter(deviation => deviation.band === band).length;
	return `vs baseline ${cleanText(comparison.baseline.name)} · ${count('critical')} critical, ${count('warning')} warning of ${comparison.deviations.length}`;
}

/** A headline figure: `busy 97%`, plus `▲3.4σ` when the comparison puts it beyond 2σ. */
export function markedFigure(snapshot: Snapshot, marks: DeviationMark[], text: string, id: MetricId, resource: string): string {
	const mark = deviationMark(deviationFor(snapshot.comparison, seriesKey(id, resource)));
	if (mark === undefined) {
		return text;
	}

	marks.push(mark);
	return `${text} ${mark.text}`;
}

/**
 * "vs baseline": which anomalies are raised, then the largest deviations as a table, each row painted by
 * its band. The Ink section and the plain-text renderer (with the plain theme) both print these lines.
 */
export function comparisonLines(comparison: Comparison, width: number, height: number, theme: Theme): string[] {
	const rows = comparisonRows(comparison, Math.max(0, height - 3));
	const [header = '', ...body] = formatTable(comparisonColumns, rows.map(entry => entry.row), width);
	const anomalies = truncate(anomalyText(comparison), width);
	const lines = [
		theme.dim(rule(comparisonTitle(comparison), width)),
		comparison.anomalies.length > 0 ? theme.critical(anomalies) : theme.ok(anomalies),
		theme.dim(header),
		...body.map((line, index) => {
			const band = rows[index]?.band ?? 'normal';
			return band === 'normal' ? line : bandPaint(theme, band)(line);
		}),
	];
	return lines.slice(0, Math.max(1, height));
}

