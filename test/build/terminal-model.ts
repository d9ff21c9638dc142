// A small model of an xterm-like terminal behind a pty, for checking that two byte streams leave the same
// screen: a grid of cells (character + every SGR attribute), CR, LF (with the pty's ONLCR: LF also
// returns the carriage), cursor up/down/next-line/column/position, erase in line and display (with the
// current background, as xterm's BCE does), autowrap with xterm's pending-wrap column, wide characters.
// It is written independently of scripts/ink/line-diff.ts: it shares no code with what it checks.
import stringWidth from 'string-width';

type Attributes = {
	bold: boolean;
	dim: boolean;
	italic: boolean;
	underline: boolean;
	blink: boolean;
	inverse: boolean;
	hidden: boolean;
	strike: boolean;
	overline: boolean;
	fg: string;
	bg: string;
};

type Cell = {
	char: string;
	/** Every attribute, written out, so that cells compare by value. */
	look: string;
	/** 2 for the left half of a wide character, 0 for its right half, 1 otherwise. */
	width: number;
};

export type TerminalModel = {
	write: (data: string) => void;
	/** One string per row: each cell as `char` plus `{look}` whenever the look changes. */
	screen: () => string[];
	cursor: () => {row: number; column: number};
	resize: (columns: number, rows: number) => void;
};

const graphemes = new Intl.Segmenter();

function defaultAttributes(): Attributes {
	return {bold: false, dim: false, italic: false, underline: false, blink: false, inverse: false, hidden: false, strike: false, overline: false, fg: 'default', bg: 'default'};
}

function lookOf(pen: Attributes): string {
	const flags = (['bold', 'dim', 'italic', 'underline', 'blink', 'inverse', 'hidden', 'strike', 'overline'] as const).filter(flag => pen[flag]);
	return [...flags, `fg=${pen.fg}`, `bg=${pen.bg}`].join(' ');
}

const blankLooks = new Map<string, string>();

function blankLook(pen: Attributes): string {
	let look = blankLooks.get(pen.bg);
	if (look === undefined) {
		look = lookOf({...defaultAttributes(), bg: pen.bg});
		blankLooks.set(pen.bg, look);
	}

	return look;
}

const widths = new Map<string, number>();

/** stringWidth, measured once a text: most graphemes and lines of a frame are the previous frame's. */
export function textWidth(text: string): number {
	let width = widths.get(text);
	if (width === undefined) {
		width = stringWidth(text);
		widths.set(text, width);
	}

	return width;
}

/** Printable ASCII and box drawing: one column each, never joined to a neighbour. */
const plainText = /^[\u0020-\u007E\u2500-\u259F]*$/;

function applyParameters(pen: Attributes, text: string): void {
	const parts = text === '' ? ['0'] : text.split(';');
	for (let index = 0; index < parts.length; index++) {
		const value = Number(parts[index] === '' ? '0' : parts[index]);
		switch (value) {
			case 0: {
				Object.assign(pen, defaultAttributes());
				break;
			}

			case 1: { pen.bold = true; break; }
			case 2: { pen.dim = true; break; }
			case 3: { pen.italic = true; break; }
			case 4: { pen.underline = true; break; }
			case 5: { pen.blink = true; break; }
			case 7: { pen.inverse = true; break; }
			case 8: { pen.hidden = true; break; }
			case 9: { pen.strike = true; break; }
			case 22: { pen.bold = false; pen.dim = false; break; }
			case 23: { pen.italic = false; break; }
			case 24: { pen.underline = false; break; }
			case 25: { pen.blink = false; break; }
			case 27: { pen.inverse = false; break; }
			case 28: { pen.hidden = false; break; }
			case 29: { pen.strike = false; break; }
			case 39: { pen.fg = 'default'; break; }
			case 49: { pen.bg = 'default'; break; }
			case 53: { pen.overline = true; break; }
			case 55: { pen.overline = false; break; }
			case 38:
			case 48: {
				const mode = parts[index + 1];
				const count = mode === '5' ? 1 : (mode === '2' ? 3 : 0);
				const colour = `${mode ?? ''}:${parts.slice(index + 2, index + 2 + count).map(Number).join(',')}`;
				if (value === 38) {
					pen.fg = colour;
				} else {
					pen.bg = colour;
				}

				index += 1 + count;
				break;
			}

			default: {
				if ((value >= 30 && value <= 37) || (value >= 90 && value <= 97)) {
					pen.fg = String(value);
				} else if ((value >= 40 && value <= 47) || (value >= 100 && value <= 107)) {
					pen.bg = String(value);
				}
				// Anything else is ignored, as xterm ignores parameters it does not know.
			}
		}
	}
}

export function createTerminalModel(initialColumns: number, initialRows: number): TerminalModel {
	let columns = initialColumns;
	let rows = initialRows;
	const pen = defaultAttributes();
	let penLook = lookOf(pen);
	const blankRow = () => Array.from({length: columns}, (): Cell => ({char: ' ', look: lookOf(defaultAttributes()), width: 1}));
	let grid: Cell[][] = Array.from({length: rows}, blankRow);
	let row = 0;
	let column = 0;
	let pendingWrap = false;

	const blank = (): Cell => ({char: ' ', look: blankLook(pen), width: 1});
	const lineFeed = () => {
		if (row === rows - 1) {
			grid.shift();
			grid.push(blankRow());
		} else {
			row++;
		}
	};

	// Overwriting half of a wide character blanks its other half, as xterm does.
	const breakWide = (at: number) => {
		const cell = grid[row]![at];
		if (cell?.width === 0 && at > 0) {
			grid[row]![at - 1] = {char: ' ', look: grid[row]![at - 1]!.look, width: 1};
		}

		if (cell?.width === 2 && at + 1 < columns) {
			grid[row]![at + 1] = {char: ' ', look: grid[row]![at + 1]!.look, width: 1};
		}
	};

	const print = (grapheme: string) => {
		const width = textWidth(grapheme);
		if (width === 0) {
			const target = column > 0 && !pendingWrap ? column - 1 : column;
			const cell = grid[row]![target]!;
			grid[row]![target] = {...cell, char: cell.char + grapheme};
			return;
		}

		if (pendingWrap || (width === 2 && column === columns - 1)) {
			column = 0;
			pendingWrap = false;
			lineFeed();
		}

		breakWide(column);
		grid[row]![column] = {char: grapheme, look: penLook, width};
		if (width === 2) {
			breakWide(column + 1);
			grid[row]![column + 1] = {char: '', look: penLook, width: 0};
		}

		if (column + width >= columns) {
			column = columns - 1;
			pendingWrap = true;
		} else {
			column += width;
		}
	};

	const eraseCells = (from: number, to: number) => {
		for (let at = from; at < to; at++) {
			grid[row]![at] = blank();
		}
	};

	const csi = (parameters: string, final: string) => {
		const private_ = parameters.startsWith('?');
		const numbers = (private_ ? parameters.slice(1) : parameters).split(';').map(value => (value === '' ? undefined : Number(value)));
		const count = Math.max(1, numbers[0] ?? 1);
		if (private_) {
			// Cursor visibility and synchronized output change nothing on the grid.
			return;
		}

		if (final !== 'm' && final !== 'K' && final !== 'J') {
			pendingWrap = false;
		}

		switch (final) {
			case 'A': { row = Math.max(0, row - count); break; }
			case 'B': { row = Math.min(rows - 1, row + count); break; }
			case 'C': { column = Math.min(columns - 1, column + count); break; }
			case 'D': { column = Math.max(0, column - count); break; }
			case 'E': { row = Math.min(rows - 1, row + count); column = 0; break; }
			case 'F': { row = Math.max(0, row - count); column = 0; break; }
			case 'G': { column = Math.min(columns - 1, count - 1); break; }
			case 'H':
			case 'f': {
				row = Math.min(rows - 1, Math.max(1, numbers[0] ?? 1) - 1);
				column = Math.min(columns - 1, Math.max(1, numbers[1] ?? 1) - 1);
				break;
			}

			case 'K': {
				const mode = numbers[0] ?? 0;
				eraseCells(mode === 0 ? column : 0, mode === 1 ? column + 1 : columns);
				break;
			}

			case 'J': {
				const mode = numbers[0] ?? 0;
				if (mode === 3) {
					break;
				}

				const saved = row;
				for (row = 0; row < rows; row++) {
					if ((mode === 0 && row > saved) || (mode === 1 && row < saved) || mode === 2) {
						eraseCells(0, columns);
					}
				}

				row = saved;
				if (mode === 0) {
					eraseCells(column, columns);
				} else if (mode === 1) {
					eraseCells(0, column + 1);
				}

				break;
			}

			case 'm': {
				applyParameters(pen, parameters);
				penLook = lookOf(pen);
				break;
			}

			default: {
				throw new Error(`terminal model: CSI ${JSON.stringify(parameters)} ${final} is not modelled`);
			}
		}
	};

	const write = (data: string) => {
		let text = '';
		const flush = () => {
			if (plainText.test(text)) {
				for (const character of text) {
					print(character);
				}
			} else {
				for (const {segment} of graphemes.segment(text)) {
					print(segment);
				}
			}

			text = '';
		};

		for (let index = 0; index < data.length; index++) {
			const character = data[index]!;
			if (character === '\u001B' && data[index + 1] === '[') {
				flush();
				const match = /^\u001B\[([?0-9;:]*)([@-~])/.exec(data.slice(index, index + 64));
				if (!match) {
					throw new Error(`terminal model: unterminated CSI at ${JSON.stringify(data.slice(index, index + 12))}`);
				}

				csi(match[1]!.replaceAll(':', ';'), match[2]!);
				index += match[0].length - 1;
			} else if (character === '\u001B' && data[index + 1] === ']') {
				// OSC (hyperlinks, titles) up to BEL or ST: nothing on the grid.
				flush();
				const end = data.slice(index).search(/\u0007|\u001B\\/);
				index = end === -1 ? data.length : index + end + (data[index + end] === '\u0007' ? 0 : 1);
			} else if (character === '\r') {
				flush();
				column = 0;
				pendingWrap = false;
			} else if (character === '\n') {
				flush();
				column = 0;
				pendingWrap = false;
				lineFeed();
			} else {
				text += character;
			}
		}

		flush();
	};

	return {
		write,
		screen: () => grid.map(cells => {
			let look = '';
			let line = '';
			for (const cell of cells) {
				if (cell.look !== look) {
					look = cell.look;
					line += `{${look}}`;
				}

				line += cell.width === 0 ? '' : cell.char;
			}

			return line;
		}),
		cursor: () => ({row, column}),
		resize(newColumns, newRows) {
			// No reflow: rows are cut or padded, lines that no longer fit at the bottom push the top out.
			grid = grid.map(cells => [...cells.slice(0, newColumns), ...Array.from({length: Math.max(0, newColumns - cells.length)}, (): Cell => ({char: ' ', look: lookOf(defaultAttributes()), width: 1}))]);
			columns = newColumns;
			while (grid.length > newRows) {
				grid.shift();
				row = Math.max(0, row - 1);
			}

			rows = newRows;
			while (grid.length < rows) {
				grid.push(blankRow());
			}

			column = Math.min(column, columns - 1);
			pendingWrap = false;
		},
	};
}
