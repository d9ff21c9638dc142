// Mouse reports from the terminal: xterm's button-event tracking (mode 1000: presses, releases, the
// wheel; no motion) in the SGR encoding (mode 1006), as tmux, screen and today's terminals send it. A
// terminal that knows 1000 but not 1006 sends the older X10 encoding, which is read too, so neither ever
// reaches the key handlers (or a prompt) as typed characters.

/** Turns the reports on: button events, SGR encoding. */
export const mouseOn = '\u001B[?1000h\u001B[?1006h';
/** Turns them off again, in the reverse order. */
export const mouseOff = '\u001B[?1006l\u001B[?1000l';

export type MouseEvent = {
	readonly action: 'press' | 'release' | 'wheelUp' | 'wheelDown';
	readonly button: 'left' | 'middle' | 'right' | 'none';
	/** The cell, 0-based from the top left of the terminal. */
	readonly column: number;
	readonly row: number;
	readonly shift: boolean;
	readonly alt: boolean;
	readonly ctrl: boolean;
};

const buttons = ['left', 'middle', 'right', 'none'] as const;
const wheelBit = 64;
const motionBit = 32;

/** One report's button byte and 1-based position; `released` from SGR's final `m` (X10 says it with button 3). */
function eventOf(code: number, column: number, row: number, released: boolean): MouseEvent | undefined {
	const modifiers = {shift: (code & 4) !== 0, alt: (code & 8) !== 0, ctrl: (code & 16) !== 0};
	const position = {column: column - 1, row: row - 1};
	// Motion (a drag, when a terminal reports it anyway) and buttons past the wheel are not used.
	if ((code & motionBit) !== 0 || code >= 128) {
		return undefined;
	}

	if ((code & wheelBit) !== 0) {
		const direction = code & 3;
		return direction > 1 ? undefined : {action: direction === 0 ? 'wheelUp' : 'wheelDown', button: 'none', ...position, ...modifiers};
	}

	const button = buttons[code & 3]!;
	return {action: released || button === 'none' ? 'release' : 'press', button, ...position, ...modifiers};
}

/** SGR reports `ESC [ < Cb ; Cx ; Cy M|m`, and X10 ones `ESC [ M` with three bytes of 32 + value. */
const report = /\u001B\[<(\d+);(\d+);(\d+)([Mm])|\u001B\[M/;
/** A report as Ink hands it over, alone and with its ESC stripped; typed or pasted `[M` amid other text is text. */
const strippedReport = /^(?:\[<\d+;\d+;\d+[Mm]|\[M)$/;
const x10Bytes = 3;

export type MouseInput = {
	readonly events: readonly MouseEvent[];
	/** What is left of the input for the key handlers; '' when it was all mouse reports. */
	readonly keys: string;
};

/**
 * Reads mouse reports out of terminal input. One reader a dashboard: an X10 report's three bytes can
 * arrive in the next chunk of input (Ink splits `ESC [ M` off them), so it keeps the ones it has.
 */
export function createMouseReader(): (input: string) => MouseInput {
	let x10: number[] | undefined;
	/** Takes what it can of an X10 report's bytes from the start of `text`; returns the UTF-16 units taken. */
	const takeX10 = (text: string, events: MouseEvent[]): number => {
		const characters = [...text].slice(0, x10Bytes - x10!.length);
		x10!.push(...characters.map(character => character.codePointAt(0)! - 32));
		if (x10!.length === x10Bytes) {
			const [code, column, row] = x10 as [number, number, number];
			x10 = undefined;
			const event = eventOf(code, column, row, false);
			if (event) {
				events.push(event);
			}
		}

		return characters.join('').length;
	};

	return chunk => {
		const input = strippedReport.test(chunk) ? `\u001B${chunk}` : chunk;
		const events: MouseEvent[] = [];
		let keys = '';
		let last = x10 === undefined ? 0 : takeX10(input, events);
		const pattern = new RegExp(report.source, 'g');
		pattern.lastIndex = last;
		for (let match = pattern.exec(input); match !== null; match = pattern.exec(input)) {
			keys += input.slice(last, match.index);
			last = match.index + match[0].length;
			if (match[1] === undefined) {
				x10 = [];
				last += takeX10(input.slice(last), events);
				pattern.lastIndex = last;
				continue;
			}

			const event = eventOf(Number(match[1]), Number(match[2]), Number(match[3]), match[4] === 'm');
			if (event) {
				events.push(event);
			}
		}

		return {events, keys: keys + input.slice(last)};
	};
}

/** Two presses of the left button on one cell within this time are a double-click (xterm's default 250 ms is short for a trackpad). */
export const doubleClickMs = 400;

export type Click = {readonly column: number; readonly row: number; readonly atMs: number};

export function isDoubleClick(previous: Click | undefined, click: Click): boolean {
	return previous !== undefined && previous.column === click.column && previous.row === click.row && click.atMs - previous.atMs <= doubleClickMs;
}
