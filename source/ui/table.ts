import {fit} from './text.js';

export type Column = {
	readonly header: string;
	/** Fixed width in cells; a column without one shares what is left with the other flexible columns. */
	readonly width?: number;
	/** Share of the leftover width (default 1) for a column without a fixed width. */
	readonly flex?: number;
	readonly align?: 'left' | 'right';
};

/** Cell text per column, already plain (no escape codes). */
export type Row = readonly string[];

const gap = 1;

/** Widths for each column within `width` cells; flexible columns split what the fixed ones leave. */
export function columnWidths(columns: readonly Column[], width: number): number[] {
	const fixedTotal = columns.reduce((sum, column) => sum + (column.width ?? 0), 0) + gap * Math.max(0, columns.length - 1);
	const flexTotal = columns.reduce((sum, column) => sum + (column.width === undefined ? (column.flex ?? 1) : 0), 0);
	const left = Math.max(0, width - fixedTotal);
	let given = 0;
	let flexSeen = 0;
	return columns.map(column => {
		if (column.width !== undefined) {
			return column.width;
		}

		// Hand out rounding remainders to the last flexible column so the row fills `width` exactly.
		flexSeen += column.flex ?? 1;
		const share = Math.floor((left * flexSeen) / flexTotal) - given;
		given += share;
		return share;
	});
}

/** Header line then one line a row, each exactly `width` cells; a cell too long ends in '…'. */
export function formatTable(columns: readonly Column[], rows: readonly Row[], width: number): string[] {
	const widths = columnWidths(columns, width);
	const line = (cells: readonly string[]) => {
		const text = columns
			.map((column, index) => fit(cells[index] ?? '', widths[index] ?? 0, column.align ?? 'left'))
			.filter((_cell, index) => (widths[index] ?? 0) > 0)
			.join(' '.repeat(gap));
		return fit(text, width);
	};

	return [line(columns.map(column => column.header)), ...rows.map(row => line(row))];
}
