import {Text} from 'ink';
import type {Snapshot} from '../../engine/types.js';
import {deviationText, metricLabel} from '../comparison.js';
import {allSummaries, hasServices, panelTitles} from '../panels.js';
import {compactServiceParts, statePaint, worstState} from '../services.js';
import {cleanText, joinFitting, rule} from '../text.js';
import {severityPaint, type Theme} from '../theme.js';
import {bottleneckListLines} from './BottleneckList.js';

export type Props = {
	readonly snapshot: Snapshot;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** With a baseline active: the largest deviation, so a small terminal still says what changed. */
function comparisonLine(snapshot: Snapshot, width: number, theme: Theme): string[] {
	const top = snapshot.comparison?.deviations[0];
	if (snapshot.comparison === undefined) {
		return [];
	}

	const name = cleanText(snapshot.comparison.baseline.name);
	const text = top === undefined
		? `vs ${name}: nothing to compare yet`
		: `vs ${name}: largest ${metricLabel(top.id)} ${cleanText(top.resource)} ${deviationText(top.deviationSigma)} ${top.band}`;
	return [theme.dim(joinFitting([text], width))];
}

/**
 * Below 80x24: one line a resource (its name, severity and first headline figures), one for the probed
 * services when there are any, then the bottlenecks.
 */
export function compactLines(snapshot: Snapshot, width: number, height: number, theme: Theme): string[] {
	const resources = allSummaries(snapshot).map(summary =>
		severityPaint(theme, summary.severity)(joinFitting([panelTitles[summary.id], summary.severity ?? '—', ...(summary.headline[0] ?? [])], width, ' ')),
	);
	if (hasServices(snapshot)) {
		resources.push(statePaint(theme, worstState(snapshot))(joinFitting(compactServiceParts(snapshot), width, ' ')));
	}

	resources.push(...comparisonLine(snapshot, width, theme));
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
