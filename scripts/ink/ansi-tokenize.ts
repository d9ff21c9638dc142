// Replaces `@alcalzone/ansi-tokenize` (0.2.5) for ink's output stage in the bundle, see
// esbuild-plugins.mjs. Ink turns every line of every frame into one object per character and back into a
// string; the original segments graphemes with Intl.Segmenter, slices the line at each escape, spreads every
// character token and copies the style array per character, and diffs styles between every pair of
// neighbouring cells. For lines of single-width characters and SGR/link codes this does the same in one
// pass with shared objects; anything else, and every style change, goes to the original functions, so the
// output is identical (test/build/ansi-tokenize.test.ts).
import {
	ansiCodesToString,
	diffAnsiCodes,
	reduceAnsiCodesIncremental,
	styledCharsFromTokens as realStyledCharsFromTokens,
	tokenize as realTokenize,
	type AnsiCode,
	type Char,
	type StyledChar,
	type Token,
} from '@alcalzone/ansi-tokenize';
import {createBoundedCache} from './bounded-cache.js';
import {singleWidth} from './single-width.js';

export {
	ansiCodesToString,
	diffAnsiCodes,
	reduceAnsiCodes,
	reduceAnsiCodesIncremental,
	undoAnsiCodes,
	type AnsiCode,
	type Char,
	type StyledChar,
	type Token,
} from '@alcalzone/ansi-tokenize';

const escape = 0x1B;
const csi8Bit = 0x9B;
const openBracket = 0x5B;
const closeBracket = 0x5D;
const semicolon = 0x3B;
const digitZero = 0x30;
const digitNine = 0x39;
const digitEight = 0x38;
const letterM = 0x6D;
const bell = '\u0007';

/** The original's tokens for one escape sequence (a compound SGR splits into several). */
const codeTokens = createBoundedCache<readonly Token[]>(1000);

/** One shared token per single-width character: consumers copy or read tokens, never mutate them. */
const charTokens = new Map<number, Char>();

function tokensOfCode(code: string): readonly Token[] {
	let tokens = codeTokens.get(code);
	if (tokens === undefined) {
		tokens = realTokenize(code);
		codeTokens.set(code, tokens);
	}

	return tokens;
}

function charToken(code: number): Char {
	let token = charTokens.get(code);
	if (token === undefined) {
		token = {type: 'char', value: String.fromCharCode(code), fullWidth: false};
		charTokens.set(code, token);
	}

	return token;
}

/** End (exclusive) of the escape sequence at `index` as the original parses it, or -1 if it does not. */
function escapeEnd(text: string, index: number): number {
	const next = text.charCodeAt(index + 1);
	if (next === closeBracket) {
		// The original checks the OSC 8 prefix from its second character, then wants `;` and a BEL.
		if (text.charCodeAt(index + 2) !== digitEight || text.charCodeAt(index + 3) !== semicolon) {
			return -1;
		}

		const paramsEnd = text.indexOf(';', index + 4);
		if (paramsEnd === -1) {
			return -1;
		}

		const bellIndex = text.indexOf(bell, paramsEnd + 1);
		return bellIndex === -1 ? -1 : bellIndex + 1;
	}

	if (next === openBracket) {
		for (let end = index + 2; end < text.length; end++) {
			const code = text.charCodeAt(end);
			if (code === letterM) {
				return end + 1;
			}

			if (code !== semicolon && (code < digitZero || code > digitNine)) {
				return -1;
			}
		}
	}

	return -1;
}

export function tokenize(text: string, endChar = Number.POSITIVE_INFINITY): Token[] {
	const tokens: Token[] = [];
	let visible = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (singleWidth[code] === 1) {
			tokens.push(charToken(code));
			visible++;
			if (visible >= endChar) {
				// The original stops after a whole grapheme: only a character or escape that cannot join this one ends it here.
				const next = text.charCodeAt(index + 1);
				if (index + 1 < text.length && singleWidth[next] !== 1 && next !== escape && next !== csi8Bit) {
					return realTokenize(text, endChar);
				}

				break;
			}

			continue;
		}

		if (code !== escape && code !== csi8Bit) {
			return realTokenize(text, endChar);
		}

		const end = escapeEnd(text, index);
		if (end === -1) {
			return realTokenize(text, endChar);
		}

		for (const token of tokensOfCode(text.slice(index, end))) {
			tokens.push(token);
		}

		index = end - 1;
	}

	return tokens;
}

export function styledCharsFromTokens(tokens: Token[]): StyledChar[] {
	// Characters between two codes share one style array: the reducer returns a new array per change.
	let styles: AnsiCode[] = [];
	const chars: StyledChar[] = [];
	for (const token of tokens) {
		if (token.type === 'ansi') {
			styles = reduceAnsiCodesIncremental(styles, [token]);
		} else if (token.type === 'char') {
			chars.push({type: 'char', value: token.value, fullWidth: token.fullWidth, styles});
		} else {
			return realStyledCharsFromTokens(tokens);
		}
	}

	return chars;
}

/** Same codes and end codes in the same order: the original's diff between the two is empty. */
function sameStyles(from: readonly AnsiCode[], to: readonly AnsiCode[]): boolean {
	if (from === to) {
		return true;
	}

	if (from.length !== to.length) {
		return false;
	}

	for (let index = 0; index < from.length; index++) {
		if (from[index]!.code !== to[index]!.code || from[index]!.endCode !== to[index]!.endCode) {
			return false;
		}
	}

	return true;
}

export function styledCharsToString(chars: StyledChar[]): string {
	let text = '';
	for (let index = 0; index < chars.length; index++) {
		const char = chars[index]!;
		if (index === 0) {
			if (char.styles.length > 0) {
				text += ansiCodesToString(char.styles);
			}
		} else {
			const previous = chars[index - 1]!.styles;
			if (!sameStyles(previous, char.styles)) {
				text += ansiCodesToString(diffAnsiCodes(previous, char.styles));
			}
		}

		text += char.value;
		if (index === chars.length - 1 && char.styles.length > 0) {
			text += ansiCodesToString(diffAnsiCodes(char.styles, []));
		}
	}

	return text;
}
