import {Text} from 'ink';
import {sparkline} from '../chart.js';
import {paintMarks} from '../comparison.js';
import type {PanelSummary} from '../panels.js';
import {joinFitting, rule, truncate} from '../text.js';
import {severityPaint, themedChart, type Theme} from '../theme.js';

export type Props = {
	readonly summary: PanelSummary;
	readonly width: number;
	/** Lines: title, two headline lines, the U / S / E line, then the chart in what is left. */
	readonly height: number;
	readonly focused: boolean;
	readonly theme: Theme;
};

const textLines = 4;

/** The title rule, heavy and highlighted when focused so focus shows even without colour. */
export function panelTitle(title: string, width: number, focused: boolean): string {
	return focused ? truncate(rule(title, width).replaceAll('─', '━'), width) : rule(title, width);
}

/** One resource panel as a single Text node: a multi-line string with the colours inside. */
export function ResourcePanel({summary, width, height, focused, theme}: Props) {
	const headline = [0, 1].map(line => paintMarks(joinFitting(summary.headline[line] ?? [], width), summary.marks, theme));
	const chart = sparkline(summary.chart.series, {
		width,
		height: height - textLines,
		min: summary.chart.min,
		max: summary.chart.max,
		label: summary.chart.label,
		band: summary.chart.band,
		...themedChart(theme, summary.id),
	});
	const lines = [
		(focused ? theme.accent : theme.dim)(panelTitle(summary.title, width, focused)),
		...headline,
		severityPaint(theme, summary.severity)(joinFitting(summary.use, width)),
		...chart,
	];
	return <Text>{lines.slice(0, Math.max(1, height)).join('\n')}</Text>;
}
