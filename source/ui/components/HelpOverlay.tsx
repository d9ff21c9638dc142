import {Text} from 'ink';
import {type Binding, keymap} from '../keymap.js';
import {fit, rule, truncate} from '../text.js';
import type {Theme} from '../theme.js';

export type Props = {
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

const labelWidth = 12;

const scopeNotes: Readonly<Record<Binding['scope'], string>> = {
	both: '',
	main: '',
	detail: ' (detail view)',
	table: ' (process table focused)',
};

/** Every binding in the keymap, one a line, generated from the same table the keys are read from. */
export function helpLines(width: number): string[] {
	return keymap.map(binding => truncate(`${fit(binding.label, labelWidth)}${binding.help}${scopeNotes[binding.scope]}`, width));
}

export function HelpOverlay({width, height, theme}: Props) {
	const entries = helpLines(width);
	const room = Math.max(0, height - 1);
	// On a short terminal two columns fit twice the bindings; below that the list is cut, never wrapped.
	const half = Math.floor((width - 2) / 2);
	const columns = entries.length > room && half >= 30 ? 2 : 1;
	let lines = entries;
	if (columns === 2) {
		const twoColumn = helpLines(half);
		const rows = Math.ceil(twoColumn.length / 2);
		lines = Array.from({length: rows}, (_row, index) => fit(twoColumn[index] ?? '', half) + '  ' + (twoColumn[index + rows] ?? ''));
	}

	const title = theme.accent(rule('Keys (Esc or ? closes)', width));
	return <Text>{[title, ...lines.slice(0, room)].join('\n')}</Text>;
}
