import {describe, expect, it} from 'vitest';
import {cleanText, fit, joinFitting, rule, truncate} from '../../source/ui/text.js';

describe('truncate and fit', () => {
	it('marks a cut with an ellipsis and keeps the width', () => {
		expect(truncate('postgres: checkpointer', 8)).toBe('postgre…');
		expect(truncate('abc', 3)).toBe('abc');
		expect(truncate('abc', 1)).toBe('…');
		expect(truncate('abc', 0)).toBe('');
	});

	it('pads left or right to exactly the width', () => {
		expect(fit('42', 5, 'right')).toBe('   42');
		expect(fit('42', 5)).toBe('42   ');
		expect(fit('123456', 4, 'right')).toBe('123…');
	});
});

describe('joinFitting', () => {
	it('drops whole parts that do not fit instead of cutting one', () => {
		expect(joinFitting(['busy 45%', 'usr 30%', 'sys 10%'], 17)).toBe('busy 45%  usr 30%');
		expect(joinFitting(['busy 45%', 'usr 30%'], 12)).toBe('busy 45%');
	});

	it('skips empty parts and cuts the first part when nothing fits', () => {
		expect(joinFitting(['a', '', 'b'], 10)).toBe('a  b');
		expect(joinFitting(['a-very-long-part'], 6)).toBe('a-ver…');
	});
});

describe('cleanText', () => {
	it('replaces control and wide characters so length equals screen width', () => {
		expect(cleanText('a\u001B[2Jb\tc')).toBe('a?[2Jb?c');
		expect(cleanText('日本')).toBe('??');
		expect(cleanText('x😀y')).toBe('x?y');
		expect(cleanText('plain ascii / box ─')).toBe('plain ascii / box ─');
	});
});

describe('rule', () => {
	it('is exactly the width', () => {
		expect(rule('CPU', 12)).toBe('── CPU ─────');
		expect(rule('Network', 5)).toHaveLength(5);
		expect(rule('x', 0)).toBe('');
	});
});
