// A fast path in front of `string-width` for the text a dashboard is made of. The bundle aliases every
// `string-width` import (ink's own and those of widest-line, wrap-ansi and cli-truncate, which pin
// different major versions) to `createFastStringWidth(thatVersion)`, see esbuild-plugins.mjs. Box-drawing
// and braille characters miss the real package's ASCII fast path and go through Intl.Segmenter and
// emoji regexes, which is a quarter of a stock Ink frame.
import {singleWidth} from './single-width.js';

export type StringWidthOptions = {
	readonly ambiguousIsNarrow?: boolean;
	readonly countAnsiEscapeCodes?: boolean;
};

export type StringWidth = (input: string, options?: StringWidthOptions) => number;

const escape = 0x1B;
const openBracket = 0x5B;
const semicolon = 0x3B;
const digitZero = 0x30;
const digitNine = 0x39;
const letterM = 0x6D;

/** Index of the `m` ending the SGR sequence (`ESC [ digits;… m`) that starts at `index`, if it is one. */
export function sgrEnd(text: string, index: number): number | undefined {
	if (text.charCodeAt(index + 1) !== openBracket) {
		return undefined;
	}

	let end = index + 2;
	let next = text.charCodeAt(end);
	while (next === semicolon || (next >= digitZero && next <= digitNine)) {
		end++;
		next = text.charCodeAt(end);
	}

	return next === letterM ? end : undefined;
}

/**
 * Width of `text` when it consists only of single-width characters and SGR sequences
 * (`ESC [ digits;… m`), or undefined when the real implementation has to decide.
 */
export function fastWidth(text: string): number | undefined {
	let width = 0;
	const {length} = text;
	for (let index = 0; index < length; index++) {
		const code = text.charCodeAt(index);
		if (singleWidth[code] === 1) {
			width++;
			continue;
		}

		// strip-ansi removes a CSI sequence whole; only the plain colour form is taken here.
		const end = code === escape ? sgrEnd(text, index) : undefined;
		if (end === undefined) {
			return undefined;
		}

		index = end;
	}

	return width;
}

/** `real` with the fast path in front; options other than the defaults always go to `real`. */
export function createFastStringWidth(real: StringWidth): StringWidth {
	return (input, options) => {
		if (typeof input === 'string' && (options === undefined || (options.ambiguousIsNarrow !== false && options.countAnsiEscapeCodes !== true))) {
			const width = fastWidth(input);
			if (width !== undefined) {
				return width;
			}
		}

		return real(input, options);
	};
}
