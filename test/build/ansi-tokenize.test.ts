import * as real from '@alcalzone/ansi-tokenize';
import {describe, expect, it} from 'vitest';
import {styledCharsFromTokens, styledCharsToString, tokenize} from '../../scripts/ink/ansi-tokenize.js';
import {createRandom, pick, randomText} from './random-text.js';

/** Lines the way ink's output stage sees them: the same random mix, often with styles around it. */
function randomLine(random: () => number): string {
	const text = randomText(random, 30);
	return random() < 0.5 ? text : `\u001B[${pick(random, ['1', '31', '2;36', '38;5;10', '7'])}m${text}\u001B[0m`;
}

describe('allocation-light ansi-tokenize', () => {
	it('tokenizes 100,000 random lines exactly like the original, with and without endChar', () => {
		const random = createRandom(11);
		const mismatches: string[] = [];
		for (let index = 0; index < 50_000 && mismatches.length < 5; index++) {
			const line = randomLine(random);
			const endChar = random() < 0.2 ? Math.floor(random() * 20) : undefined;
			if (JSON.stringify(tokenize(line, endChar)) !== JSON.stringify(real.tokenize(line, endChar))) {
				mismatches.push(JSON.stringify([line, endChar]));
			}
		}

		expect(mismatches).toEqual([]);
	});

	it('styles characters exactly like the original on 50,000 random lines', () => {
		const random = createRandom(12);
		const mismatches: string[] = [];
		for (let index = 0; index < 50_000 && mismatches.length < 5; index++) {
			const tokens = real.tokenize(randomLine(random));
			const ours = styledCharsFromTokens(tokens);
			const theirs = real.styledCharsFromTokens(tokens);
			if (JSON.stringify(ours) !== JSON.stringify(theirs) || styledCharsToString(ours) !== real.styledCharsToString(theirs)) {
				mismatches.push(JSON.stringify(tokens));
			}
		}

		expect(mismatches).toEqual([]);
	});

	it('turns rows spliced from several lines back into the same string as the original', () => {
		// Ink's Output.get places characters of different writes side by side, with blank cells (styles: []) between.
		const random = createRandom(13);
		const mismatches: string[] = [];
		for (let index = 0; index < 20_000 && mismatches.length < 5; index++) {
			const row: real.StyledChar[] = [];
			const parts = 1 + Math.floor(random() * 4);
			for (let part = 0; part < parts; part++) {
				row.push(...styledCharsFromTokens(tokenize(randomLine(random))));
				for (let blank = Math.floor(random() * 3); blank > 0; blank--) {
					row.push({type: 'char', value: ' ', fullWidth: false, styles: []});
				}
			}

			if (styledCharsToString(row) !== real.styledCharsToString(row)) {
				mismatches.push(JSON.stringify(row.map(char => char.value).join('')));
			}
		}

		expect(mismatches).toEqual([]);
	});

	it('shares one style array between characters of one style run', () => {
		const chars = styledCharsFromTokens(tokenize('\u001B[31mab\u001B[1mc\u001B[0md'));
		expect(chars.map(char => char.value)).toEqual(['a', 'b', 'c', 'd']);
		expect(chars[0]!.styles).toBe(chars[1]!.styles);
		expect(chars[2]!.styles).not.toBe(chars[1]!.styles);
		expect(chars[3]!.styles).toEqual([]);
	});

	it('keeps a full-width or combined character as one token, as the original does', () => {
		expect(tokenize('a漢e\u0301')).toEqual(real.tokenize('a漢e\u0301'));
		expect(tokenize('a漢e\u0301').map(token => token.type === 'char' && token.fullWidth)).toEqual([false, true, false]);
	});
});
