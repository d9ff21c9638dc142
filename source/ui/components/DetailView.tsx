import {Text} from 'ink';
import type {Snapshot} from '../../engine/types.js';
import {sparkline} from '../chart.js';
import {paintMarks} from '../comparison.js';
import {detailLines} from '../details.js';
import {panelSummary, type PanelId} from '../panels.js';
import {paintDetailDots} from '../services.js';
import {panelBottleneckLines, recommendationText} from '../sections.js';
import {joinFitting, rule, truncate} from '../text.js';
import {severityPaint, themedChart, type Theme} from '../theme.js';
import {bottleneckEntryLine} from './BottleneckList.js';
import {panelTitle} from './ResourcePanel.js';

export type Props = {
	readonly id: PanelId;
	readonly snapshot: Snapshot;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

const minimumChartHeight = 4;
const maximumChartHeight = 16;
/** Below this many lines the tables matter more than a chart squeezed to nothing. */
const chartNeedsLines = 12;

export type DetailLayout = {
	readonly contentLines: number;
	readonly chartHeight: number;
};

/** Lines for the tables and for the chart (with its caption) out of `room`. */
export function detailLayout(room: number, contentLength: number): DetailLayout {
	if (room < chartNeedsLines) {
		return {contentLines: room, chartHeight: 0};
	}

	const chartHeight = Math.min(maximumChartHeight, Math.max(minimumChartHeight, room - contentLength - 1));
	return {contentLines: room - chartHeight - 1, chartHeight};
}

/** Headline parts that carry a ▲/▼ marker. */
function markedParts(headline: ReadonlyArray<readonly string[]>): string[] {
	return headline.flat().filter(part => part.includes('▲') || part.includes('▼'));
}

/** A panel's detail view: the U / S / E line, its tables, and a longer, taller chart. */
export function DetailView({id, snapshot, width, height, theme}: Props) {
	const summary = panelSummary(id, snapshot);
	const plain = detailLines(id, snapshot, width);
	const content = id === 'services' ? paintDetailDots(plain, snapshot, theme) : plain;
	// With a baseline active, the figures beyond 2σ come right under the U / S / E line; then each of the
	// panel's bottlenecks with what to do about it (an informational entry, an anomaly, has no advice).
	const top = [
		theme.accent(panelTitle(`${summary.title} — detail`, width, true)),
		severityPaint(theme, summary.severity)(joinFitting(summary.use, width)),
		...(summary.marks.length > 0 ? [paintMarks(joinFitting(markedParts(summary.headline), width), summary.marks, theme)] : []),
		...panelBottleneckLines(id, snapshot).flatMap(entry => [
			bottleneckEntryLine(entry, width, theme),
			...(entry.recommendation === '' ? [] : [truncate(recommendationText(entry.recommendation), width)]),
		]),
	];
	const layout = detailLayout(Math.max(0, height - top.length), content.length);
	const lines = [...top, ...content.slice(0, layout.contentLines)];
	if (layout.chartHeight > 0) {
		const band = summary.chart.band === undefined ? '' : ', ┄ baseline band (±2σ)';
		lines.push(theme.dim(rule(`${summary.chart.caption}, one point a tick${band}`, width)));
		lines.push(...sparkline(summary.chart.series, {width, height: layout.chartHeight, min: summary.chart.min, max: summary.chart.max, label: summary.chart.label, band: summary.chart.band, ...themedChart(theme, id)}));
	}

	return <Text>{lines.slice(0, Math.max(1, height)).join('\n')}</Text>;
}
