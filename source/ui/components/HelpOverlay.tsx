import {Text} from 'ink';
import {useKeymap} from '../hooks/use-keymap.js';
import {type Binding, keymap} from '../keymap.js';
import {fit, rule, truncate} from '../text.js';
import type {Theme} from '../theme.js';

export type Props = {
	readonly width: number;
	readonly height: number;
	/** Lines scrolled past; clamped to what there is. */
	readonly offset?: number;
	readonly theme: Theme;
};

const labelWidth = 12;

const scopeNotes: Readonly<Record<Binding['scope'], string>> = {
	both: '',
	main: '',
	detail: ' (detail view)',
	table: ' (process table focused)',
	profile: ' (profile view)',
	profiling: ' (while a profile is taken)',
	process: ' (process table or process detail)',
	cgroups: ' (cgroup view)',
	history: ' (history mode)',
};

/** What the mouse does, after the keys: terminals take Shift+drag as their own text selection while an app has the mouse. */
const mouseHelp = 'Mouse       click focuses a panel or selects a process, double-click opens it, the wheel scrolls; Shift+drag selects text';

/** Every binding in the keymap, one a line, generated from the same table the keys are read from. */
export function helpLines(width: number, bindings: readonly Binding[] = keymap): string[] {
	return [...bindings.map(binding => `${fit(binding.label, labelWidth)}${binding.help}${scopeNotes[binding.scope]}`), mouseHelp].map(line => truncate(line, width));
}

/** The help as laid out in `width` × `height` (title line included): two columns when one is too tall and they fit. */
export function helpLayout(width: number, height: number, bindings: readonly Binding[] = keymap): {lines: string[]; room: number} {
	const entries = helpLines(width, bindings);
	const room = Math.max(0, height - 1);
	const half = Math.floor((width - 2) / 2);
	if (entries.length <= room || half < 30) {
		return {lines: entries, room};
	}

	const twoColumn = helpLines(half, bindings);
	const rows = Math.ceil(twoColumn.length / 2);
	return {lines: Array.from({length: rows}, (_row, index) => fit(twoColumn[index] ?? '', half) + '  ' + (twoColumn[index + rows] ?? '')), room};
}

/** Lines the help can scroll by: none when it all fits. */
export function helpScrollLimit(width: number, height: number): number {
	const {lines, room} = helpLayout(width, height);
	return Math.max(0, lines.length - room);
}

/** On a short terminal the list scrolls (↑ ↓), never wraps; the title says so when there is more. */
export function HelpOverlay({width, height, offset = 0, theme}: Props) {
	const {lines, room} = helpLayout(width, height, useKeymap());
	const start = Math.min(Math.max(0, offset), Math.max(0, lines.length - room));
	const more = lines.length > room ? `Keys ${start + 1}–${Math.min(lines.length, start + room)} of ${lines.length} (↑↓ scroll, Esc or ? closes)` : 'Keys (Esc or ? closes)';
	const title = theme.accent(rule(more, width));
	return <Text>{[title, ...lines.slice(start, start + room)].join('\n')}</Text>;
}
