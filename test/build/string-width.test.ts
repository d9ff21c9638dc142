import {describe, expect, it} from 'vitest';
import stringWidth8 from 'string-width';
import stringWidth7 from '../../node_modules/wrap-ansi/node_modules/string-width/index.js';
import {singleWidthSymbols} from '../../scripts/ink/single-width.js';
import {createFastStringWidth, fastWidth} from '../../scripts/ink/string-width.js';
import {createRandom, randomText} from './random-text.js';

// Both versions ink resolves in this tree: 8.x for ink, widest-line and cli-truncate, 7.x for wrap-ansi.
const versions = [
	['string-width 8 (ink, widest-line, cli-truncate)', stringWidth8],
	['string-width 7 (wrap-ansi)', stringWidth7],
] as const;

describe.each(versions)('fast string-width in front of %s', (_name, real) => {
	const fast = createFastStringWidth(real);

	it('equals the real one on 200,000 random strings', () => {
		const random = createRandom(_name.length * 7919);
		let fastPathTaken = 0;
		const mismatches: string[] = [];
		for (let index = 0; index < 200_000; index++) {
			const text = randomText(random);
			if (fastWidth(text) !== undefined) {
				fastPathTaken++;
			}

			if (fast(text) !== real(text) && mismatches.length < 5) {
				mismatches.push(JSON.stringify(text));
			}
		}

		expect(mismatches).toEqual([]);
		// Both branches must have run often for the comparison to mean anything.
		expect(fastPathTaken).toBeGreaterThan(50_000);
		expect(fastPathTaken).toBeLessThan(150_000);
	}, 120_000); // 6 s alone on a 2-core VM (December 2026); 30 s was not enough on a loaded machine

	it('gives every listed symbol and every box-drawing, block and braille character one column', () => {
		const characters = [...singleWidthSymbols];
		for (let code = 0x25_00; code <= 0x25_9F; code++) {
			characters.push(String.fromCharCode(code));
		}

		for (let code = 0x28_00; code <= 0x28_FF; code++) {
			characters.push(String.fromCharCode(code));
		}

		const wrong = characters.filter(character => real(character) !== 1 || real(`a${character}${character}b`) !== 4);
		expect(wrong).toEqual([]);
	});

	it('passes non-default options to the real implementation', () => {
		// Box drawing is East Asian Ambiguous: two columns when ambiguous characters count as wide.
		expect(fast('─│─', {ambiguousIsNarrow: false})).toBe(real('─│─', {ambiguousIsNarrow: false}));
		expect(fast('─│─', {ambiguousIsNarrow: false})).toBe(6);
		expect(fast('\u001B[31mab\u001B[39m', {countAnsiEscapeCodes: true})).toBe(real('\u001B[31mab\u001B[39m', {countAnsiEscapeCodes: true}));
	});
});

describe('fastWidth', () => {
	it('counts single-width characters and skips SGR colour codes', () => {
		expect(fastWidth('\u001B[38;5;208m──┤\u001B[39m ⣿⣀ 42 %')).toBe(11);
		expect(fastWidth('')).toBe(0);
	});

	it('leaves anything it does not know to the real implementation', () => {
		expect(fastWidth('漢')).toBeUndefined();
		expect(fastWidth('e\u0301')).toBeUndefined();
		expect(fastWidth('\u001B[?25l')).toBeUndefined();
		expect(fastWidth('\u001B]8;;http://x\u0007link\u001B]8;;\u0007')).toBeUndefined();
		expect(fastWidth('\u001B[31')).toBeUndefined();
		expect(fastWidth('▶')).toBeUndefined();
	});
});
