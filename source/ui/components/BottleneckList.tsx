import {Text} from 'ink';
import type {Snapshot} from '../../engine/types.js';
import {type BottleneckLine, bottleneckLines, noBottleneckText, recommendationText, severityTagWidth} from '../sections.js';
import {fit, rule, truncate} from '../text.js';
import {severityPaint, type Theme} from '../theme.js';

export type Props = {
	readonly snapshot: Snapshot;
	readonly width: number;
	/** Lines including the title rule; entries beyond it are summarised as "+N more". */
	readonly height: number;
	readonly theme: Theme;
	readonly title?: boolean;
};

/** One entry: its severity tag, painted, then resource, evidence and top process. */
export function bottleneckEntryLine(entry: BottleneckLine, width: number, theme: Theme): string {
	return severityPaint(theme, entry.severity)(fit(entry.tag, severityTagWidth)) + truncate(entry.text, width - severityTagWidth);
}

/**
 * Lines of the ranked bottleneck list, severity tags coloured; shared by the grid and compact views. With
 * two lines or more the first entry's recommendation comes right under it (the worst problem and what to
 * do about it first), then the other entries; the last line counts those that do not fit.
 */
export function bottleneckListLines(snapshot: Snapshot, width: number, height: number, theme: Theme): string[] {
	const entries = bottleneckLines(snapshot);
	// Informational entries (anomalies) come under the line saying nothing is ranked, not instead of it.
	const none = snapshot.analysis.bottlenecks.length === 0 ? [theme.ok(truncate(noBottleneckText(snapshot), width))] : [];
	if (entries.length === 0 || height <= none.length) {
		return none;
	}

	const room = Math.max(1, height - none.length);
	const advice = room >= 2 && entries[0]!.recommendation !== '' ? [truncate(recommendationText(entries[0]!.recommendation), width)] : [];
	const entryRoom = room - advice.length;
	// With one line the worst entry says more than "+N more"; otherwise the last line counts the rest.
	const shown = entries.length <= entryRoom ? entries : entries.slice(0, Math.max(1, entryRoom - 1));
	const lines = shown.map(entry => bottleneckEntryLine(entry, width, theme));
	lines.splice(1, 0, ...advice);
	if (shown.length < entries.length && lines.length < room) {
		lines.push(theme.dim(truncate(`+${entries.length - shown.length} more`, width)));
	}

	return [...none, ...lines];
}

export function BottleneckList({snapshot, width, height, theme, title = true}: Props) {
	const body = bottleneckListLines(snapshot, width, height - (title ? 1 : 0), theme);
	const lines = title ? [theme.dim(rule('Bottlenecks', width)), ...body] : body;
	return <Text>{lines.slice(0, Math.max(1, height)).join('\n')}</Text>;
}
