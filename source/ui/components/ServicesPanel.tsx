import {Text} from 'ink';
import type {Snapshot} from '../../engine/types.js';
import {panelSummary} from '../panels.js';
import {servicePanelLines} from '../services.js';
import type {Theme} from '../theme.js';
import {panelTitle} from './ResourcePanel.js';

export type Props = {
	readonly snapshot: Snapshot;
	readonly width: number;
	/** Lines: the title, then one a target (the last counts the rest when they do not fit). */
	readonly height: number;
	readonly focused: boolean;
	readonly theme: Theme;
};

/** The full-width Services row under the 2×2 grid, as one Text node. */
export function ServicesPanel({snapshot, width, height, focused, theme}: Props) {
	const summary = panelSummary('services', snapshot);
	const lines = [
		(focused ? theme.accent : theme.dim)(panelTitle(summary.title, width, focused)),
		...servicePanelLines(snapshot, width, height - 1, theme),
	];
	return <Text>{lines.slice(0, Math.max(1, height)).join('\n')}</Text>;
}
