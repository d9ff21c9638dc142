import {Text} from 'ink';
import type {Snapshot} from '../../engine/types.js';
import type {Inventory} from '../../metrics/types.js';
import {headerParts, type HeaderOptions} from '../sections.js';
import {joinFitting} from '../text.js';
import type {Theme} from '../theme.js';

export type Props = {
	readonly snapshot: Snapshot;
	readonly inventory: Inventory;
	readonly options: HeaderOptions;
	readonly width: number;
	readonly theme: Theme;
};

/** One line: host, clock or PAUSED or HISTORY, recording state, interval, baseline, cores, uptime, OS and kernel. */
export function Header({snapshot, inventory, options, width, theme}: Props) {
	const line = joinFitting(headerParts(snapshot, inventory, options), width);
	const paint = snapshot.recorded ? theme.history : (options.paused ? theme.medium : theme.accent);
	return <Text>{paint(line)}</Text>;
}
