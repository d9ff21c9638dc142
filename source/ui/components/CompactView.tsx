import {Text} from 'ink';
import type {Snapshot} from '../../engine/types.js';
import {allSummaries, panelTitles} from '../panels.js';
import {joinFitting, rule} from '../text.js';
import {severityPaint, type Theme} from '../theme.js';
import {bottleneckListLines} from './BottleneckList.js';

export type Props = {
	readonly snapshot: Snapshot;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** Below 80x24: one line a resource (its name, severity and first headline figures), then the bottlenecks. */
export function compactLines(snapshot: Snapshot, width: number, height: number, theme: Theme): string[] {
	const resources = allSummaries(snapshot).map(summary =>
		severityPaint(theme, summary.severity)(joinFitting([panelTitles[summary.id], summary.severity ?? '—', ...(summary.headline[0] ?? [])], width, ' ')),
	);
	const room = height - resources.length - 1;
	if (room <= 0) {
		// Too short for a list: the worst bottleneck (or the all-clear) leads, then as many resources as fit.
		return [...bottleneckListLines(snapshot, width, 1, theme), ...resources].slice(0, Math.max(0, height));
	}

	return [...resources, theme.dim(rule('Bottlenecks', width)), ...bottleneckListLines(snapshot, width, room, theme)].slice(0, Math.max(0, height));
}

export function CompactView({snapshot, width, height, theme}: Props) {
	return <Text>{compactLines(snapshot, width, height, theme).join('\n')}</Text>;
}
