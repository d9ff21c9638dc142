// The braille graph: each terminal cell holds 2×4 dots (Unicode braille patterns, U+2800–U+28FF), so a
// chart draws two values a cell at four times a line chart's vertical resolution, as btop and bottom do.

/** The pattern without dots; a cell's dots are bits added to it. */
const blankCell = 0x28_00;

/**
 * A column's lowest n dots (n = 0 … 4) as bits, left and right: dots 7, 3, 2, 1 up the left column and
 * 8, 6, 5, 4 up the right (Unicode's braille block, ISO/TR 11548-1 numbering).
 */
const leftFill = [0, 0x40, 0x44, 0x46, 0x47] as const;
const rightFill = [0, 0x80, 0xA0, 0xB0, 0xB8] as const;

/** Every pattern's character, made once; an empty cell is a space, so the band and copied text see it as empty. */
const glyphs = Array.from({length: 256}, (_unused, bits) => (bits === 0 ? ' ' : String.fromCodePoint(blankCell + bits)));

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
	const lit = (height: number, bottomRow: number) => Math.min(dotsPerLine, Math.max(0, height - bottomRow));
	for (let line = 0; line < lines; line++) {
		// Dot rows counted from the bottom: this line holds rows [bottomRow, bottomRow + 4).
		const bottomRow = (lines - 1 - line) * dotsPerLine;
		const lineCells: string[] = [];
		const lineReached: Array<number | undefined> = [];
		for (let column = 0; column < columns; column++) {
			const left = lit(heights[column * 2]!, bottomRow);
			const right = lit(heights[(column * 2) + 1]!, bottomRow);
			const top = Math.max(left, right);
			lineCells.push(glyphs[leftFill[left]! + rightFill[right]!]!);
			lineReached.push(top > 0 ? min + ((bottomRow + top - 1) / Math.max(1, rows - 1)) * range : undefined);
		}

		cells.push(lineCells);
		reached.push(lineReached);
	}

	return {cells, reached};
}
