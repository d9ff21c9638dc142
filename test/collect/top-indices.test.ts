import {describe, expect, it} from 'vitest';
import {topIndices} from '../../source/collect/top-indices.js';
import {seededRandom} from '../helpers/seeded-random.js';

describe('topIndices', () => {
	it.each([
		[[5, 1, 9, 3, 7], 3, [2, 4, 0]],
		[[5, 1, 9, 3, 7], 10, [2, 4, 0, 3, 1]],
		[[0, 0, 2], 3, [2]],
		[[Number.NaN, 4, Number.NaN, 6], 2, [3, 1]],
		[[3, 3, 3, 3], 2, [0, 1]],
		[[1, 2, 3, 4, 5, 6], 2, [5, 4]],
		[[6, 5, 4, 3, 2, 1], 2, [0, 1]],
		[[1, 2], 0, []],
	])('top of %o with limit %i is %o', (values, limit, expected) => {
		expect(topIndices(Float64Array.from(values), limit)).toEqual(expected);
	});

	it('agrees with a full sort on pseudo-random data', () => {
		// A fixed sequence: deterministic, no live randomness (× 2³¹ gives back the generator's integer state exactly).
		const next = seededRandom(12_345);
		const values = Float64Array.from({length: 2000}, () => (next() * 2_147_483_648) % 1000);
		const expected = [...values.keys()]
			.filter(index => values[index]! > 0)
			.sort((a, b) => values[b]! - values[a]! || a - b)
			.slice(0, 25);
		expect(topIndices(values, 25)).toEqual(expected);
	});
});
