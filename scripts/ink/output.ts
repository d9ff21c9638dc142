// Replaces ink 6.8.0 build/output.js in the bundle (see esbuild-plugins.mjs). Stock Ink composes every
// frame as a grid of one object per cell (7,680 for 160x48) and turns the grid back into strings: about
// 2 MB of garbage and most of the render's CPU a frame on the dashboard. Here a row is a list of the
// texts written to it, joined with spaces between them, as long as the texts are ones the line model
// understands (single-width characters, SGR codes that end at the default pen: line-diff.ts) and none
// overlaps another or the row's end. Anything else turns that row into stock Ink's grid of cells, with
// stock Ink's code below, so the screen is the same in every case (test/build/output.test.ts).
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {styledCharsFromTokens, styledCharsToString, tokenize, type StyledChar} from './ansi-tokenize.js';
import {createBoundedCache} from './bounded-cache.js';
import {parseLine} from './line-diff.js';

type OutputTransformer = (line: string, index: number) => string;

type Clip = {x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined};

type Operation =
	| {type: 'write'; x: number; y: number; text: string; transformers: OutputTransformer[]}
	| {type: 'clip'; clip: Clip}
	| {type: 'unclip'};

/** A text on a row: the columns [x, x + width) and what to print there, ending at the default pen. */
type Segment = {readonly x: number; readonly width: number; readonly text: string};

/** A row is segments while every write fits the model, and stock Ink's cells from the first one that does not. */
type Row = {segments: Segment[]; cells: StyledChar[] | undefined};

/**
 * Distinct texts per generation. A 160x48 dashboard writes about 150 a frame, most of them again the
 * next; two generations of 500 keep those while holding at most 1,000 entries.
 */
const modelledWidths = createBoundedCache<number>(500);
const unmodelled = -1;

/** The width of `text` when it is a segment the fast path can place, else `unmodelled`. */
function modelledWidth(text: string): number {
	let width = modelledWidths.get(text);
	if (width === undefined) {
		const parsed = parseLine(text, stringWidth);
		width = parsed?.chars === undefined ? unmodelled : parsed.chars.length;
		modelledWidths.set(text, width);
	}

	return width;
}

// Copied from ink 6.8.0: per-frame caches (a new Output is made for every frame).
class OutputCaches {
	widths = new Map<string, number>();
	blockWidths = new Map<string, number>();
	styledChars = new Map<string, StyledChar[]>();

	getStyledChars(line: string): StyledChar[] {
		let cached = this.styledChars.get(line);
		if (cached === undefined) {
			cached = styledCharsFromTokens(tokenize(line));
			this.styledChars.set(line, cached);
		}

		return cached;
	}

	getStringWidth(text: string): number {
		let cached = this.widths.get(text);
		if (cached === undefined) {
			cached = stringWidth(text);
			this.widths.set(text, cached);
		}

		return cached;
	}

	getWidestLine(text: string): number {
		let cached = this.blockWidths.get(text);
		if (cached === undefined) {
			let lineWidth = 0;
			for (const line of text.split('\n')) {
				lineWidth = Math.max(lineWidth, this.getStringWidth(line));
			}

			cached = lineWidth;
			this.blockWidths.set(text, cached);
		}

		return cached;
	}
}

export default class Output {
	width: number;
	height: number;
	readonly operations: Operation[] = [];
	caches = new OutputCaches();

	constructor(options: {width: number; height: number}) {
		const {width, height} = options;
		this.width = width;
		this.height = height;
	}

	write(x: number, y: number, text: string, options: {transformers: OutputTransformer[]}): void {
		const {transformers} = options;
		if (!text) {
			return;
		}

		this.operations.push({type: 'write', x, y, text, transformers});
	}

	clip(clip: Clip): void {
		this.operations.push({type: 'clip', clip});
	}

	unclip(): void {
		this.operations.push({type: 'unclip'});
	}

	get(): {output: string; height: number} {
		const rows: Row[] = [];
		for (let y = 0; y < this.height; y++) {
			rows.push({segments: [], cells: undefined});
		}

		// Copied from ink 6.8.0, except where a line is placed (this.place).
		const clips: Clip[] = [];
		for (const operation of this.operations) {
			if (operation.type === 'clip') {
				clips.push(operation.clip);
			}

			if (operation.type === 'unclip') {
				clips.pop();
			}

			if (operation.type === 'write') {
				const {text, transformers} = operation;
				let {x, y} = operation;
				let lines = text.split('\n');
				const clip = clips.at(-1);
				if (clip) {
					const clipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
					const clipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
					if (clipHorizontally) {
						const width = this.caches.getWidestLine(text);
						if (x + width < clip.x1! || x > clip.x2!) {
							continue;
						}
					}

					if (clipVertically) {
						const height = lines.length;
						if (y + height < clip.y1! || y > clip.y2!) {
							continue;
						}
					}

					if (clipHorizontally) {
						lines = lines.map(line => {
							const from = x < clip.x1! ? clip.x1! - x : 0;
							const width = this.caches.getStringWidth(line);
							const to = x + width > clip.x2! ? clip.x2! - x : width;
							return sliceAnsi(line, from, to);
						});
						if (x < clip.x1!) {
							x = clip.x1!;
						}
					}

					if (clipVertically) {
						const from = y < clip.y1! ? clip.y1! - y : 0;
						const height = lines.length;
						const to = y + height > clip.y2! ? clip.y2! - y : height;
						lines = lines.slice(from, to);
						if (y < clip.y1!) {
							y = clip.y1!;
						}
					}
				}

				let offsetY = 0;
				for (let [index, line] of lines.entries()) {
					const row = rows[y + offsetY];
					if (!row) {
						continue;
					}

					for (const transformer of transformers) {
						line = transformer(line, index);
					}

					this.place(row, x, line);
					offsetY++;
				}
			}
		}

		const generatedOutput = rows.map(row => this.rowText(row)).join('\n');
		return {output: generatedOutput, height: rows.length};
	}

	private place(row: Row, x: number, line: string): void {
		if (row.cells === undefined) {
			const width = modelledWidth(line);
			if (width === 0) {
				// No characters (nothing, or only SGR codes that end at the default pen): stock Ink paints no cell.
				return;
			}

			if (width !== unmodelled && x >= 0 && x + width <= this.width && !overlapsAny(row.segments, x, width)) {
				row.segments.push({x, width, text: line});
				return;
			}

			row.cells = this.cellsOf(row.segments);
		}

		this.paintCells(row.cells, x, line);
	}

	/** Stock Ink's blank row with the segments written so far painted in. */
	private cellsOf(segments: readonly Segment[]): StyledChar[] {
		const cells: StyledChar[] = [];
		for (let x = 0; x < this.width; x++) {
			cells.push({type: 'char', value: ' ', fullWidth: false, styles: []});
		}

		for (const segment of segments) {
			this.paintCells(cells, segment.x, segment.text);
		}

		return cells;
	}

	// Copied from ink 6.8.0's Output.get.
	private paintCells(currentLine: StyledChar[], x: number, line: string): void {
		const characters = this.caches.getStyledChars(line);
		let offsetX = x;
		for (const character of characters) {
			currentLine[offsetX] = character;
			const characterWidth = Math.max(1, this.caches.getStringWidth(character.value));
			if (characterWidth > 1) {
				for (let index = 1; index < characterWidth; index++) {
					currentLine[offsetX + index] = {type: 'char', value: '', fullWidth: false, styles: character.styles};
				}
			}

			offsetX += characterWidth;
		}
	}

	private rowText(row: Row): string {
		if (row.cells !== undefined) {
			return styledCharsToString(row.cells.filter(item => item !== undefined)).trimEnd();
		}

		const segments = row.segments.sort((a, b) => a.x - b.x);
		let text = '';
		let column = 0;
		for (const segment of segments) {
			text += ' '.repeat(segment.x - column) + segment.text;
			column = segment.x + segment.width;
		}

		return text.trimEnd();
	}
}

function overlapsAny(segments: readonly Segment[], x: number, width: number): boolean {
	return segments.some(segment => x < segment.x + segment.width && segment.x < x + width);
}
