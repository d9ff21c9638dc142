// The pure half of the diffing log-update (log-update.ts): a model of one output line as terminal cells,
// and the escape sequence that turns the line the terminal shows into the next one. Only what Ink writes
// on a dashboard is modelled — single-width characters (single-width.ts) and SGR colour/attribute codes;
// a line with anything else is rewritten whole, and a code the model does not know makes the caller
// redraw the whole frame the stock way, so an unmodelled sequence can never leave the screen wrong.
import {singleWidth} from './single-width.js';
import {sgrEnd} from './string-width.js';

/**
 * One output line. `chars` is its visible text, one UTF-16 unit a cell (a string rather than an array of
 * one-character strings: a frame parses dozens of lines). `styles[column]` is the SGR parameter string
 * that sets that cell's attributes from a reset ('' = default), in a canonical order so that equal
 * attributes give equal strings. `chars`/`styles` are undefined for an opaque line (wide, zero-width or
 * control characters), which the diff only ever rewrites whole; `width` is then the caller's measurement.
 */
export type ParsedLine = {
	readonly text: string;
	readonly chars: string | undefined;
	readonly styles: readonly string[] | undefined;
	readonly width: number;
};

const escape = 0x1B;
const space = 0x20;

// Attribute flags with their SGR "on" codes, in the order the canonical key lists them.
const flagCodes = [1, 2, 3, 4, 5, 7, 8, 9, 53] as const;
const flagOf = new Map<number, number>(flagCodes.map((code, index) => [code, 1 << index]));
const bold = flagOf.get(1)!;
const dim = flagOf.get(2)!;
// The "off" codes and the flags each clears (22 clears both bold and dim).
const flagOffs = new Map<number, number>([[22, bold | dim], [23, flagOf.get(3)!], [24, flagOf.get(4)!], [25, flagOf.get(5)!], [27, flagOf.get(7)!], [28, flagOf.get(8)!], [29, flagOf.get(9)!], [55, flagOf.get(53)!]]);

type Pen = {flags: number; fg: string; bg: string};

function styleKey(pen: Pen): string {
	if (pen.flags === 0 && pen.fg === '' && pen.bg === '') {
		return '';
	}

	let key = '';
	for (const [index, code] of flagCodes.entries()) {
		if ((pen.flags & (1 << index)) !== 0) {
			key += `${code};`;
		}
	}

	key += pen.fg === '' ? '' : `${pen.fg};`;
	key += pen.bg === '' ? '' : `${pen.bg};`;
	return key.slice(0, -1);
}

/** Applies one SGR parameter list to `pen`; false for a parameter the model does not know. */
function applySgr(pen: Pen, parameters: string): boolean {
	const values = parameters === '' ? [0] : parameters.split(';').map(value => (value === '' ? 0 : Number(value)));
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		if (value === 0) {
			pen.flags = 0;
			pen.fg = '';
			pen.bg = '';
		} else if (flagOf.has(value)) {
			pen.flags |= flagOf.get(value)!;
		} else if (flagOffs.has(value)) {
			pen.flags &= ~flagOffs.get(value)!;
		} else if ((value >= 30 && value <= 37) || (value >= 90 && value <= 97)) {
			pen.fg = String(value);
		} else if ((value >= 40 && value <= 47) || (value >= 100 && value <= 107)) {
			pen.bg = String(value);
		} else if (value === 39) {
			pen.fg = '';
		} else if (value === 49) {
			pen.bg = '';
		} else if (value === 38 || value === 48) {
			const colour = extendedColour(values, index);
			if (colour === undefined) {
				return false;
			}

			if (value === 38) {
				pen.fg = colour.text;
			} else {
				pen.bg = colour.text;
			}

			index += colour.consumed;
		} else {
			return false;
		}
	}

	return true;
}

/** `38;5;n` / `38;2;r;g;b` (and 48): the canonical text and how many parameters after 38/48 it used. */
function extendedColour(values: readonly number[], at: number): {text: string; consumed: number} | undefined {
	const kind = values[at + 1];
	const inRange = (count: number) => values.slice(at + 2, at + 2 + count).every(value => value <= 255) && values.length >= at + 2 + count;
	if (kind === 5 && inRange(1)) {
		return {text: `${values[at]};5;${values[at + 2]}`, consumed: 2};
	}

	if (kind === 2 && inRange(3)) {
		return {text: `${values[at]};2;${values[at + 2]};${values[at + 3]};${values[at + 4]}`, consumed: 4};
	}

	return undefined;
}

/**
 * The cells of `text` as the terminal shows it after a line erase, starting from the default pen.
 * Undefined when the line contains an escape sequence other than a known SGR code, or leaves a non-default
 * pen at its end (the next line would then start in that state): the caller redraws the frame instead.
 * `measure` gives the width of an opaque line.
 */
export function parseLine(text: string, measure: (text: string) => number): ParsedLine | undefined {
	const pen: Pen = {flags: 0, fg: '', bg: ''};
	let style = '';
	let chars: string | undefined = '';
	let styles: string[] | undefined = [];
	// Visible characters are copied a run at a time: from `runStart` to the next escape or the end.
	let runStart = 0;
	const {length} = text;
	for (let index = 0; index < length; index++) {
		const code = text.charCodeAt(index);
		if (code === escape) {
			const end = sgrEnd(text, index);
			if (end === undefined || !applySgr(pen, text.slice(index + 2, end))) {
				return undefined;
			}

			if (chars !== undefined) {
				chars += text.slice(runStart, index);
			}

			style = styleKey(pen);
			index = end;
			runStart = end + 1;
			continue;
		}

		if (chars !== undefined && singleWidth[code] === 1) {
			styles!.push(style);
		} else {
			chars = undefined;
			styles = undefined;
		}
	}

	if (style !== '') {
		return undefined;
	}

	if (chars !== undefined) {
		chars += text.slice(runStart);
	}

	return {text, chars, styles, width: chars === undefined ? measure(text) : chars.length};
}

// Any other CSI sequence (cursor moves, modes): parameter bytes, intermediate bytes, one final byte.
const otherCsi = /^\u001B\[[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]/;
// OSC (hyperlinks, titles) up to BEL or ST.
const osc = /^\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/;

/**
 * Whether writing `text` from the default pen leaves the pen at the default. Unlike parseLine this
 * passes over escape sequences that do not touch the pen (cursor moves, modes, hyperlinks); undefined
 * when it meets one it cannot judge.
 */
export function leavesPenDefault(text: string): boolean | undefined {
	const pen: Pen = {flags: 0, fg: '', bg: ''};
	for (let index = text.indexOf('\u001B'); index !== -1; index = text.indexOf('\u001B', index + 1)) {
		const end = sgrEnd(text, index);
		if (end !== undefined) {
			if (!applySgr(pen, text.slice(index + 2, end))) {
				return undefined;
			}

			index = end;
			continue;
		}

		const rest = text.slice(index, index + 512);
		const other = otherCsi.exec(rest) ?? osc.exec(rest);
		if (other === null) {
			return undefined;
		}

		index += other[0].length - 1;
	}

	return styleKey(pen) === '';
}

/** SGR that takes the terminal's pen from style `from` to style `to` (both canonical keys). */
export function penChange(from: string, to: string): string {
	if (from === to) {
		return '';
	}

	if (to === '') {
		return '\u001B[0m';
	}

	return from === '' ? `\u001B[${to}m` : `\u001B[0;${to}m`;
}

/** Cursor to `column` (0-based) of the current row. */
function toColumn(column: number): string {
	return column === 0 ? '\r' : `\u001B[${column + 1}G`;
}

/**
 * Changed cells closer than this are rewritten together: jumping over a gap costs a CHA sequence
 * (4–6 bytes) plus an SGR when the style differs, rewriting it costs one byte a cell.
 */
const mergeGap = 6;

export type LineUpdate = {
	readonly output: string;
	/** The pen the output leaves set ('' = default). */
	readonly pen: string;
};

/**
 * What turns `previous` (as shown) into `next` on the current row, the pen being `pen` before it.
 * The cursor's column afterwards is wherever the last write ended; callers move it absolutely.
 */
export function updateLine(previous: ParsedLine, next: ParsedLine, pen: string): LineUpdate {
	if (previous.chars === undefined || next.chars === undefined) {
		return rewriteLine(next, pen);
	}

	const oldChars = previous.chars;
	const oldStyles = previous.styles!;
	const newChars = next.chars;
	const newStyles = next.styles!;
	// Cells from `blankFrom` on are blank in the new line: an erase to the end of the line does them.
	let blankFrom = newChars.length;
	while (blankFrom > 0 && newChars.charCodeAt(blankFrom - 1) === space && newStyles[blankFrom - 1] === '') {
		blankFrom--;
	}

	const span = Math.max(oldChars.length, newChars.length);
	let output = '';
	let column = 0;
	while (column < span) {
		if (!cellChanged(oldChars, oldStyles, newChars, newStyles, column)) {
			column++;
			continue;
		}

		if (column >= blankFrom) {
			output += toColumn(column) + penChange(pen, '') + '\u001B[K';
			return {output, pen: ''};
		}

		// A run of changed cells, swallowing gaps of up to mergeGap unchanged ones.
		let runEnd = column + 1;
		let unchanged = 0;
		for (let probe = runEnd; probe < span && unchanged <= mergeGap; probe++) {
			if (cellChanged(oldChars, oldStyles, newChars, newStyles, probe)) {
				runEnd = probe + 1;
				unchanged = 0;
			} else {
				unchanged++;
			}
		}

		output += toColumn(column);
		const writeEnd = Math.min(runEnd, blankFrom);
		for (let cell = column; cell < writeEnd; cell++) {
			const style = newStyles[cell]!;
			output += penChange(pen, style) + newChars[cell]!;
			pen = style;
		}

		if (runEnd > blankFrom) {
			output += penChange(pen, '') + '\u001B[K';
			return {output, pen: ''};
		}

		column = runEnd;
	}

	return {output, pen};
}

/** Cells past a line's end are blank. */
function cellChanged(oldChars: string, oldStyles: readonly string[], newChars: string, newStyles: readonly string[], column: number): boolean {
	const oldChar = column < oldChars.length ? oldChars.charCodeAt(column) : space;
	const newChar = column < newChars.length ? newChars.charCodeAt(column) : space;
	return oldChar !== newChar || (oldStyles[column] ?? '') !== (newStyles[column] ?? '');
}

/** The whole line, as stock Ink writes it onto an erased row (its text assumes the default pen). */
function rewriteLine(next: ParsedLine, pen: string): LineUpdate {
	return {output: `\r${penChange(pen, '')}\u001B[2K${next.text}`, pen: ''};
}
