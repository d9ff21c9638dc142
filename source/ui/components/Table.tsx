import {Text} from 'ink';
import {formatTable, type Column, type Row} from '../table.js';
import type {Theme} from '../theme.js';

export type Props = {
	readonly columns: readonly Column[];
	readonly rows: readonly Row[];
	readonly width: number;
	readonly theme: Theme;
	/** A body row shown selected: reverse video, or a leading '>' without colour. */
	readonly highlight?: number;
};

/** The selected line: reverse video, which needs no colour, or a '>' in its first cell when escape codes are off. */
export function highlighted(line: string, theme: Theme): string {
	return theme.colour ? theme.focus(line) : `>${line.slice(1)}`;
}

/**
 * A column-aligned table as ONE Text node (ink-table cannot load under ink 6: it is CommonJS and
 * `require`s ink, which is ESM with top-level await). One node for the whole table keeps Ink's per-frame
 * cost low: layout, measuring and output work per node, not per character.
 */
export function Table({columns, rows, width, theme, highlight}: Props) {
	const [header = '', ...body] = formatTable(columns, rows, width);
	return <Text>{[theme.dim(header), ...body.map((line, index) => (index === highlight ? highlighted(line, theme) : line))].join('\n')}</Text>;
}
