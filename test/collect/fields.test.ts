import {describe, expect, it} from 'vitest';
import {digitsValue, fieldEnd, fieldStart, isSpace} from '../../source/collect/fields.js';

/** The fields as the scanner cuts them, to hold against trim().split(/\s+/). */
function fields(line: string): string[] {
	const found: string[] = [];
	for (let at = fieldStart(line, 0); at < line.length;) {
		const end = fieldEnd(line, at);
		found.push(line.slice(at, end));
		at = fieldStart(line, end);
	}

	return found;
}

describe('fields', () => {
	it('cuts a line where trim().split(/\\s+/) does, for any whitespace \\s matches', () => {
		for (const line of ['cpu  1 2 3', '\t 8 0 sda\t1\r', 'a\u00A0b\u2003c\uFEFFd', 'x\u0085y', 'one', '   ']) {
			const expected = line.trim() === '' ? [] : line.trim().split(/\s+/);
			expect(fields(line)).toEqual(expected);
		}
	});

	it('knows the whitespace \\s knows', () => {
		expect([' ', '\t', '\n', '\v', '\f', '\r', '\u00A0', '\u2028', '\u3000'].every(character => isSpace(character, 0))).toBe(true);
		expect(['a', '0', '\u0085', '\u200B', '\0'].some(character => isSpace(character, 0))).toBe(false);
	});

	it('reads a field of digits as Number() does, and anything else as NaN', () => {
		expect(digitsValue('x 0042 y', 2, 6)).toBe(42);
		expect(digitsValue('12345678901234567890', 0, 20)).toBe(Number('12345678901234567890'));
		expect(digitsValue('9007199254740993', 0, 16)).toBe(Number('9007199254740993'));
		for (const text of ['', '-1', '+1', '1.5', '1e3', '0x10', '١٢']) {
			expect(digitsValue(text, 0, text.length)).toBeNaN();
		}
	});
});
