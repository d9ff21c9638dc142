import {Text} from 'ink';
import {rule, truncate} from '../text.js';
import type {Paint, Theme} from '../theme.js';

export type Props = {
	/** The title rule: what is picked and what Enter and Esc do. */
	readonly title: string;
	/** Painted with `theme.accent` unless given (a warning that needs a second Enter). */
	readonly titlePaint?: Paint;
	readonly items: readonly string[];
	readonly index: number;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** The items on screen under the title: `room` lines from `first`, scrolled so the cursor at `index` stays visible. */
export function pickerWindow(count: number, index: number, height: number): {readonly first: number; readonly room: number} {
	const room = Math.max(1, height - 1);
	return {first: Math.min(Math.max(0, index - room + 1), Math.max(0, count - room)), room};
}

/** A list to pick one item from (a baseline, a signal, a user), the cursor on `index`; scrolls so the cursor stays visible. */
export function Picker({title, titlePaint, items, index, width, height, theme}: Props) {
	const {first, room} = pickerWindow(items.length, index, height);
	const lines = items.slice(first, first + room).map((name, offset) => {
		const selected = first + offset === index;
		const line = truncate(`${selected ? '>' : ' '} ${name}`, width);
		return selected ? theme.focus(line) : line;
	});
	return <Text>{[(titlePaint ?? theme.accent)(rule(title, width)), ...lines].join('\n')}</Text>;
}
