import {describe, expect, it} from 'vitest';
import inkMeasureText from '../../node_modules/ink/build/measure-text.js';
import inkWrapText from '../../node_modules/ink/build/wrap-text.js';
import {createBoundedCache} from '../../scripts/ink/bounded-cache.js';
import measureText, {measureTextCacheGeneration, measureTextCacheSize} from '../../scripts/ink/measure-text.js';
import wrapText, {wrapTextCacheGeneration, wrapTextCacheSize} from '../../scripts/ink/wrap-text.js';
import {createRandom, pick, randomText} from './random-text.js';

const wrapTypes = ['wrap', 'truncate', 'truncate-end', 'truncate-middle', 'truncate-start', 'end', 'middle'] as const;

function randomBlock(random: () => number): string {
	const lines = 1 + Math.floor(random() * 4);
	return Array.from({length: lines}, () => randomText(random, 16)).join('\n');
}

describe('measure-text with a bounded cache', () => {
	it('returns what ink 6.8.0 returns on 20,000 random texts, repeats included', () => {
		const random = createRandom(21);
		const seen: string[] = [];
		for (let index = 0; index < 20_000; index++) {
			const text = seen.length > 0 && random() < 0.3 ? pick(random, seen) : randomBlock(random);
			seen.push(text);
			expect(measureText(text)).toEqual(inkMeasureText(text));
		}
	});

	it(`holds at most ${2 * measureTextCacheGeneration} entries after 100,000 distinct texts`, () => {
		for (let index = 0; index < 100_000; index++) {
			measureText(`cpu ${index} %\n──┤ ${index * 7}`);
		}

		expect(measureTextCacheSize()).toBeLessThanOrEqual(2 * measureTextCacheGeneration);
		expect(measureTextCacheSize()).toBeGreaterThanOrEqual(measureTextCacheGeneration);
	});
});

describe('wrap-text with a bounded cache', () => {
	it('returns what ink 6.8.0 returns on 20,000 random texts, widths and wrap modes', () => {
		const random = createRandom(22);
		for (let index = 0; index < 20_000; index++) {
			const text = randomBlock(random);
			const maxWidth = 1 + Math.floor(random() * 40);
			const wrapType = pick(random, wrapTypes);
			expect(wrapText(text, maxWidth, wrapType)).toBe(inkWrapText(text, maxWidth, wrapType));
		}
	});

	it(`holds at most ${2 * wrapTextCacheGeneration} entries after 100,000 distinct texts`, () => {
		for (let index = 0; index < 100_000; index++) {
			wrapText(`sda ${index}`, 30, 'truncate-end');
		}

		expect(wrapTextCacheSize()).toBeLessThanOrEqual(2 * wrapTextCacheGeneration);
	});
});

describe('createBoundedCache', () => {
	it('keeps entries that are read while younger entries push older ones out', () => {
		const cache = createBoundedCache<number>(3);
		cache.set('label', 1);
		for (let index = 0; index < 100; index++) {
			expect(cache.get('label')).toBe(1);
			cache.set(`value ${index}`, index);
		}

		expect(cache.size()).toBeLessThanOrEqual(6);
		expect(cache.get('value 0')).toBeUndefined();
		expect(cache.get('value 99')).toBe(99);
	});

	it('forgets an entry that is not read for two generations', () => {
		const cache = createBoundedCache<string>(2);
		cache.set('a', 'A');
		cache.set('b', 'B');
		cache.set('c', 'C');
		expect(cache.get('a')).toBe('A');
		cache.set('d', 'D');
		cache.set('e', 'E');
		cache.set('f', 'F');
		expect(cache.get('b')).toBeUndefined();
	});
});
