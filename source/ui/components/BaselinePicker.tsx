import {Text} from 'ink';
import {rule, truncate} from '../text.js';
import type {Theme} from '../theme.js';

export type Props = {
	readonly names: readonly string[];
	readonly index: number;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

export const offLabel = 'off';

/** Saved baselines plus "off", the cursor on `index`; scrolls so the cursor stays visible. */
export function BaselinePicker({names, index, width, height, theme}: Props) {
	const items = [...names, offLabel];
	const room = Math.max(1, height - 1);
	const first = Math.min(Math.max(0, index - room + 1), Math.max(0, items.length - room));
	const lines = items.slice(first, first + room).map((name, offset) => {
		const selected = first + offset === index;
		const line = truncate(`${selected ? '>' : ' '} ${name}`, width);
		return selected ? theme.focus(line) : line;
	});
	return <Text>{[theme.accent(rule('Compare against baseline (Enter selects, Esc cancels)', width)), ...lines].join('\n')}</Text>;
}
