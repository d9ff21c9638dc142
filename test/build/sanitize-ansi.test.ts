import {describe, expect, it} from 'vitest';
import stockSanitizeAnsi from '../../node_modules/ink/build/sanitize-ansi.js';
import sanitizeAnsi from '../../scripts/ink/sanitize-ansi.js';
import {createRandom, pick, randomText} from './random-text.js';

describe('sanitize-ansi with an SGR fast path', () => {
	it('returns what ink 6.8.0 returns on 100,000 random texts', () => {
		const random = createRandom(31);
		const mismatches: string[] = [];
		for (let index = 0; index < 100_000 && mismatches.length < 5; index++) {
			// Half of them coloured the way Ink's own colours are, so the fast path runs often.
			const text = random() < 0.5 ? randomText(random, 12) : `\u001B[${pick(random, ['31', '1', '38;5;208', '2;33', ''])}m${randomText(random, 12)}\u001B[39m`;
			if (sanitizeAnsi(text) !== stockSanitizeAnsi(text)) {
				mismatches.push(JSON.stringify(text));
			}
		}

		expect(mismatches).toEqual([]);
	});

	it('keeps SGR codes and drops the control sequences stock Ink drops', () => {
		expect(sanitizeAnsi('\u001B[31mred\u001B[39m \u001B[1;38;5;208mbold\u001B[0m')).toBe('\u001B[31mred\u001B[39m \u001B[1;38;5;208mbold\u001B[0m');
		expect(sanitizeAnsi('a\u001B[2Kb\u001B[1Ac\u009B31md')).toBe(stockSanitizeAnsi('a\u001B[2Kb\u001B[1Ac\u009B31md'));
		expect(sanitizeAnsi('a\u001B[2Kb')).toBe('ab');
	});
});
