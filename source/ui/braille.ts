// The braille graph: each terminal cell holds 2×4 dots (Unicode braille patterns, U+2800–U+28FF), so a
// chart draws two values a cell at four times a line chart's vertical resolution, as btop and bottom do.

/** The pattern without dots; a cell's dots are bits added to it. */
const blankCell = 0x28_00;

/**
 * A dot's bit by [column][row from the top]: dots 1, 2, 3, 7 run down the left column and 4, 5, 6, 8
 * down the right (Unicode's braille block, ISO/TR 11548-1 numbering).
 */
const dotBits = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]] as const;

/** Dot rows in one line of cells. */
export const dotsPerLine = 4;

export type BrailleOptions = {
	/** Cells per line. */
	readonly columns: number;
	readonly lines: number;
	readonly min: number;
	readonly max: number;
};

/** The graph's cells, top line first, and for each cell the highest value its dots stand for (undefined: no dots). */
export type BrailleGraph = {
	readonly cells: ReadonlyArray<readonly string[]>;
	readonly reached: ReadonlyArray<ReadonlyArray<number | undefined>>;
};

/**
 * A filled graph of the newest `2 × columns` values, right-aligned, one dot column a value. The lowest dot
 * row is the minimum, so a value at the minimum still shows a dot and a gap (NaN, or history not yet
 * there) is the only empty column: a hole, never a drop to zero. Values beyond the scale stop at its edge.
 */
export function brailleGraph(values: readonly number[], {columns, lines, min, max}: BrailleOptions): BrailleGraph {
	const points = Math.max(0, columns) * 2;
	const rows = Math.max(0, lines) * dotsPerLine;
	const shown = values.slice(-points);
	const offset = points - shown.length;
	const range = max > min ? max - min : 1;
	/** Dots lit in a column for a value: 1 at the minimum up to every row at the maximum; 0 for a gap. */
	const heightOf = (value: number | undefined) => (value === undefined || !Number.isFinite(value)
		? 0
		: 1 + Math.round(Math.min(1, Math.max(0, (value - min) / range)) * (rows - 1)));
	const heights = Array.from({length: points}, (_unused, point) => heightOf(shown[point - offset]));
	const cells: string[][] = [];
	const reached: Array<Array<number | undefined>> = [];
	for (let line = 0; line < lines; line++) {
		// Dot rows counted from the bottom: this line holds rows [bottomRow, bottomRow + 4).
		const bottomRow = (lines - 1 - line) * dotsPerLine;
		const lineCells: string[] = [];
		const lineReached: Array<number | undefined> = [];
		for (let column = 0; column < columns; column++) {
			let bits = 0;
			let top = 0;
			for (const side of [0, 1] as const) {
				const lit = Math.min(dotsPerLine, heights[column * 2 + side]! - bottomRow);
				for (let row = 0; row < lit; row++) {
					bits += dotBits[side][dotsPerLine - 1 - row]!;
				}

				top = Math.max(top, lit);
			}

			// An empty cell is a space, not the blank pattern U+2800: the band and copied text see it as empty.
			lineCells.push(bits === 0 ? ' ' : String.fromCodePoint(blankCell + bits));
			lineReached.push(top > 0 ? min + ((bottomRow + top - 1) / Math.max(1, rows - 1)) * range : undefined);
		}

		cells.push(lineCells);
		reached.push(lineReached);
	}

	return {cells, reached};
}
