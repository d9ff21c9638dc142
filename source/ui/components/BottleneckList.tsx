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

/** What one line of the list (under its title) shows: an entry by its index in bottleneckLines, the first one's advice, a count of the rest. */
export type BottleneckListRow =
	| {readonly kind: 'none'}
	| {readonly kind: 'entry'; readonly index: number}
	| {readonly kind: 'advice'}
	| {readonly kind: 'more'; readonly count: number};

/**
 * The lines of the ranked bottleneck list in `height` lines: with two lines or more the first entry's
 * recommendation comes right under it (the worst problem and what to do about it first), then the other
 * entries; the last line counts those that do not fit. The list draws these, and a click finds its entry in them.
 */
export function bottleneckListRows(snapshot: Snapshot, height: number): BottleneckListRow[] {
	const entries = bottleneckLines(snapshot);
	// Informational entries (anomalies) come under the line saying nothing is ranked, not instead of it.
	const none: BottleneckListRow[] = snapshot.analysis.bottlenecks.length === 0 ? [{kind: 'none'}] : [];
	if (entries.length === 0 || height <= none.length) {
		return none;
	}

	const room = Math.max(1, height - none.length);
	const advice: BottleneckListRow[] = room >= 2 && entries[0]!.recommendation !== '' ? [{kind: 'advice'}] : [];
	const entryRoom = room - advice.length;
	// With one line the worst entry says more than "+N more"; otherwise the last line counts the rest.
	const shown = entries.length <= entryRoom ? entries.length : Math.max(1, entryRoom - 1);
	const rows: BottleneckListRow[] = Array.from({length: shown}, (_, index) => ({kind: 'entry', index}));
	rows.splice(1, 0, ...advice);
	if (shown < entries.length && rows.length < room) {
		rows.push({kind: 'more', count: entries.length - shown});
	}

	return [...none, ...rows];
}

/** The list's lines, severity tags coloured; shared by the grid and compact views. */
export function bottleneckListLines(snapshot: Snapshot, width: number, height: number, theme: Theme): string[] {
	const entries = bottleneckLines(snapshot);
	return bottleneckListRows(snapshot, height).map(row => {
		switch (row.kind) {
			case 'none': {
				return theme.ok(truncate(noBottleneckText(snapshot), width));
			}

			case 'entry': {
				return bottleneckEntryLine(entries[row.index]!, width, theme);
			}

			case 'advice': {
				return truncate(recommendationText(entries[0]!.recommendation), width);
			}

			default: {
				return theme.dim(truncate(`+${row.count} more`, width));
			}
		}
	});
}

export function BottleneckList({snapshot, width, height, theme, title = true}: Props) {
	const body = bottleneckListLines(snapshot, width, height - (title ? 1 : 0), theme);
	const lines = title ? [theme.dim(rule('Bottlenecks', width)), ...body] : body;
	return <Text>{lines.slice(0, Math.max(1, height)).join('\n')}</Text>;
}
