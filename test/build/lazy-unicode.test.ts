import {afterEach, describe, expect, it} from 'vitest';
import {lazyRegExp, lazySegmenter} from '../../scripts/ink/lazy-unicode.js';

const samples = ['plain ascii', 'e\u0301 combined', '👩‍👩‍👧 family', '🇩🇪 flag', '漢字 wide', '1️⃣ keycap', ''];

const RealSegmenter = Intl.Segmenter;

afterEach(() => {
	Reflect.set(Intl, 'Segmenter', RealSegmenter);
});

/** Counts the Intl.Segmenters built from here on, with the arguments of each. */
function countSegmenters(): Array<ConstructorParameters<typeof Intl.Segmenter>> {
	const made: Array<ConstructorParameters<typeof Intl.Segmenter>> = [];
	Reflect.set(Intl, 'Segmenter', class extends RealSegmenter {
		constructor(...options: ConstructorParameters<typeof Intl.Segmenter>) {
			super(...options);
			made.push(options);
		}
	});
	return made;
}

describe('lazySegmenter', () => {
	it('builds no Intl.Segmenter until the first segment call, then only one', () => {
		const made = countSegmenters();
		const segmenter = lazySegmenter(undefined, {granularity: 'grapheme'});
		expect(made).toEqual([]);
		for (const text of samples) {
			expect([...segmenter.segment(text)].map(({segment}) => segment).join('')).toBe(text);
		}

		expect(made).toEqual([[undefined, {granularity: 'grapheme'}]]);
	});

	it('segments exactly as the Intl.Segmenter it stands for', () => {
		const lazy = lazySegmenter();
		const real = new Intl.Segmenter();
		for (const text of samples) {
			expect([...lazy.segment(text)]).toEqual([...real.segment(text)]);
		}
	});
});

describe('lazyRegExp', () => {
	it('tests exactly as the expression it stands for, again and again', () => {
		const lazy = lazyRegExp('^\\p{RGI_Emoji}$', 'v');
		const real = new RegExp('^\\p{RGI_Emoji}$', 'v');
		for (const text of [...samples, ...samples]) {
			expect(lazy.test(text)).toBe(real.test(text));
		}

		expect(lazy.test('👩‍👩‍👧')).toBe(true);
		expect(lazy.test('a')).toBe(false);
	});

	it('refuses a global or sticky expression, whose test would depend on the previous call', () => {
		expect(() => lazyRegExp('a', 'g')).toThrow(/lastIndex/);
		expect(() => lazyRegExp('a', 'y')).toThrow(/lastIndex/);
	});
});
