// Replaces ink 6.8.0 build/log-update.js in the bundle (see esbuild-plugins.mjs). Stock Ink erases and
// rewrites the whole frame on every render (~6–10 KB a second for a 160x48 dashboard at 1 Hz); this keeps
// the lines the terminal shows and rewrites only the changed cells of the changed lines (line-diff.ts).
// Anything the diff cannot be sure of — the first frame, a resize, a frame as tall as
// the terminal or lines wider than it, a visible cursor, an escape sequence outside the model — takes the
// stock path below, copied from ink 6.8.0's createStandard, so the screen is the same in every case but
// one, a resize (see `erasePrevious`); test/build/log-update.test.ts replays both through a terminal
// model. Ink's `incremental` mode, which mis-places frames in 6.8.0, is not kept: both modes get this renderer.
import type {Writable} from 'node:stream';
import ansiEscapes from 'ansi-escapes';
import cliCursor from 'cli-cursor';
import stringWidth from 'string-width';
import {
	buildCursorOnlySequence,
	buildCursorSuffix,
	buildReturnToBottomPrefix,
	cursorPositionChanged,
	hideCursorEscape,
	type CursorPosition,
} from '../../node_modules/ink/build/cursor-helpers.js';
import {leavesPenDefault, parseLine, penChange, updateLine, type ParsedLine} from './line-diff.js';

export type {CursorPosition} from '../../node_modules/ink/build/cursor-helpers.js';

export type LogUpdate = {
	clear: () => void;
	done: () => void;
	sync: (str: string) => void;
	setCursorPosition: (position: CursorPosition | undefined) => void;
	isCursorDirty: () => boolean;
	willRender: (str: string) => boolean;
	(str: string): boolean;
};

type TerminalSize = {readonly columns?: number; readonly rows?: number};

// Count visible lines in a string, ignoring the trailing empty element
// that `split('\n')` produces when the string ends with '\n'.
const visibleLineCount = (lines: readonly string[], str: string) => (str.endsWith('\n') ? lines.length - 1 : lines.length);

/** Parses of the lines on screen, by row, so that an unchanged line is parsed once, not every frame. */
type LineCache = Array<ParsedLine | undefined>;

function parsedAt(cache: LineCache, row: number, text: string): ParsedLine | undefined {
	const cached = cache[row];
	if (cached?.text === text) {
		return cached;
	}

	const parsed = parseLine(text, stringWidth);
	cache[row] = parsed;
	return parsed;
}

/**
 * The bytes that turn `previous` into `next` in place, both frames ending in '\n' (the cursor at column 0
 * below the last line before and after); undefined when a full redraw is needed. Mirrors what the stock
 * redraw leaves: rows both frames have are diffed, a taller frame writes its extra lines below as stock
 * would (scrolling the same way), a shorter one erases the rows it no longer uses.
 */
export function diffFrame(previous: readonly string[], next: readonly string[], cache: LineCache, columns: number): string | undefined {
	const previousBottom = previous.length - 1;
	const bottom = next.length - 1;
	// Every line on screen must be one the model understands and no wider than the terminal, changed or
	// not: a line that wrapped or left its colour on moves or tints the lines after it.
	for (let index = 0; index < previousBottom; index++) {
		const shown = parsedAt(cache, index, previous[index]!);
		if (shown === undefined || shown.width > columns) {
			return undefined;
		}
	}

	let output = '';
	let row = previousBottom;
	let pen = '';
	const moveTo = (target: number) => {
		output += row > target ? `\u001B[${row - target}A` : (row < target ? `\u001B[${target - row}B` : '');
		row = target;
	};

	for (let index = 0; index < bottom; index++) {
		if (index < previousBottom && previous[index] === next[index]) {
			continue;
		}

		const after = parseLine(next[index]!, stringWidth);
		if (after === undefined || after.width > columns) {
			return undefined;
		}

		if (index < previousBottom) {
			moveTo(index);
			const update = updateLine(cache[index]!, after, pen);
			output += update.output;
			pen = update.pen;
		}

		cache[index] = after;
	}

	output += penChange(pen, '');
	// Stock erases every row it used, the cursor's row included, so that row is erased here too.
	for (let index = Math.min(bottom, previousBottom); index <= previousBottom; index++) {
		moveTo(index);
		output += '\r\u001B[2K';
	}

	for (let index = previousBottom; index < bottom; index++) {
		output += `${next[index]!}\n`;
	}

	row = Math.max(row, bottom);
	moveTo(bottom);
	return `${output}\r`;
}

const create = (stream: Writable, {showCursor = false}: {showCursor?: boolean; incremental?: boolean} = {}): LogUpdate => {
	const terminal = stream as Writable & TerminalSize;
	let previousLineCount = 0;
	let previousOutput = '';
	let previousLines: string[] = [];
	let previousSize = '';
	// The terminal size the frame on screen was drawn at ('' before the first frame), and whether any of
	// its lines was wider than the terminal, which wraps it onto more rows than the frame has.
	let drawnSize = '';
	let drawnWrapped = false;
	const lineCache: LineCache = [];
	// The terminal's pen is only known to be at the default when everything written so far left it there.
	// Stock Ink lets a colour left on by one frame tint the next, and a diff must show exactly that too:
	// diffs run only over a frame that was drawn from the default pen and left it there.
	let penIsDefault = true;
	let previousDrawnClean = false;
	let hasHiddenCursor = false;
	let cursorPosition: CursorPosition | undefined;
	let cursorDirty = false;
	let previousCursorPosition: CursorPosition | undefined;
	let cursorWasShown = false;

	const getActiveCursor = () => (cursorDirty ? cursorPosition : undefined);
	const sizeKey = () => `${terminal.columns ?? ''}x${terminal.rows ?? ''}`;
	// A frame on screen drawn at another size has been reflowed by the terminal: it is drawn again even unchanged.
	const resized = () => drawnSize !== '' && drawnSize !== sizeKey();
	const hasChanges = (str: string, activeCursor: CursorPosition | undefined) => {
		const cursorChanged = cursorPositionChanged(activeCursor, previousCursorPosition);
		return str !== previousOutput || cursorChanged || resized();
	};

	/** Whether writing `lines` from the default pen leaves it there, each line leaving it for the next. */
	const frameLeavesPenDefault = (lines: readonly string[]) => lines.every(line => leavesPenDefault(line) === true);

	/** The diff when it is safe, else undefined (the stock full redraw follows). */
	const tryDiff = (str: string, lines: readonly string[], activeCursor: CursorPosition | undefined): string | undefined => {
		const {columns, rows} = terminal;
		if (!previousDrawnClean || activeCursor !== undefined || cursorWasShown || previousOutput === '' || columns === undefined || rows === undefined
			|| !str.endsWith('\n') || !previousOutput.endsWith('\n') || lines.length > rows || previousLineCount > rows
			|| sizeKey() !== previousSize) {
			return undefined;
		}

		return diffFrame(previousLines, lines, lineCache, columns);
	};

	/**
	 * What erases the frame on screen before a whole one is drawn. When the frame on screen takes more
	 * rows than it has lines (the terminal reflowed it after a resize, or wrapped its over-wide lines, as
	 * Ink draws the old layout at the new size before the app has re-rendered), erasing its own line
	 * count would leave rows of it behind: then the screen is cleared and the frame drawn from the top.
	 * This differs from stock Ink, which leaves those rows (and lets a colour left on tint the redraw).
	 */
	const erasePrevious = () => {
		if (resized() || drawnWrapped) {
			// From the default pen: a colour left on would paint the cleared screen and tint the frame.
			penIsDefault = true;
			return '\u001B[0m' + ansiEscapes.eraseScreen + ansiEscapes.cursorTo(0, 0);
		}

		return buildReturnToBottomPrefix(cursorWasShown, previousLineCount, previousCursorPosition) + ansiEscapes.eraseLines(previousLineCount);
	};

	const render = (str: string): boolean => {
		if (!showCursor && !hasHiddenCursor) {
			cliCursor.hide(stream);
			hasHiddenCursor = true;
		}

		// Only use cursor if setCursorPosition was called since last render.
		// This ensures stale positions don't persist after component unmount.
		const activeCursor = getActiveCursor();
		cursorDirty = false;
		const cursorChanged = cursorPositionChanged(activeCursor, previousCursorPosition);
		if (!hasChanges(str, activeCursor)) {
			return false;
		}

		const lines = str.split('\n');
		const visibleCount = visibleLineCount(lines, str);
		const cursorSuffix = buildCursorSuffix(visibleCount, activeCursor);
		if (str === previousOutput && cursorChanged && !resized()) {
			stream.write(buildCursorOnlySequence({
				cursorWasShown,
				previousLineCount,
				previousCursorPosition,
				visibleLineCount: visibleCount,
				cursorPosition: activeCursor,
			}));
		} else {
			const diff = tryDiff(str, lines, activeCursor);
			if (diff === undefined) {
				stream.write(erasePrevious() + str + cursorSuffix);
				drawnWrapped = terminal.columns !== undefined && lines.some(line => stringWidth(line) > terminal.columns!);
				previousDrawnClean = penIsDefault;
				penIsDefault = penIsDefault && frameLeavesPenDefault(lines);
			} else {
				stream.write(diff);
				drawnWrapped = false;
			}

			previousOutput = str;
			previousLines = lines;
			previousLineCount = lines.length;
			previousSize = sizeKey();
			drawnSize = previousSize;
		}

		previousCursorPosition = activeCursor ? {...activeCursor} : undefined;
		cursorWasShown = activeCursor !== undefined;
		return true;
	};

	const forget = () => {
		previousOutput = '';
		previousLines = [];
		previousLineCount = 0;
		previousCursorPosition = undefined;
		cursorWasShown = false;
		lineCache.length = 0;
	};

	render.clear = () => {
		const prefix = buildReturnToBottomPrefix(cursorWasShown, previousLineCount, previousCursorPosition);
		stream.write(prefix + ansiEscapes.eraseLines(previousLineCount));
		forget();
	};

	render.done = () => {
		forget();
		if (!showCursor) {
			cliCursor.show(stream);
			hasHiddenCursor = false;
		}
	};

	// Ink calls sync after writing a frame itself (clear-terminal redraws), leaving the cursor at the end of
	// the last line rather than below it: the next frame is drawn whole.
	render.sync = (str: string) => {
		const activeCursor = cursorDirty ? cursorPosition : undefined;
		cursorDirty = false;
		const lines = str.split('\n');
		previousOutput = str;
		previousLines = lines;
		previousLineCount = lines.length;
		previousSize = '';
		drawnSize = sizeKey();
		penIsDefault = penIsDefault && frameLeavesPenDefault(lines);
		if (!activeCursor && cursorWasShown) {
			stream.write(hideCursorEscape);
		}

		if (activeCursor) {
			stream.write(buildCursorSuffix(visibleLineCount(lines, str), activeCursor));
		}

		previousCursorPosition = activeCursor ? {...activeCursor} : undefined;
		cursorWasShown = activeCursor !== undefined;
	};

	render.setCursorPosition = (position: CursorPosition | undefined) => {
		cursorPosition = position;
		cursorDirty = true;
	};

	render.isCursorDirty = () => cursorDirty;
	render.willRender = (str: string) => hasChanges(str, getActiveCursor());
	return render;
};

const logUpdate = {create};
export default logUpdate;
