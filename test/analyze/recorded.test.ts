import {max, median} from 'simple-statistics';
import {describe, expect, it} from 'vitest';
import {ofRecorded} from '../../source/analyze/recorded.js';

describe('ofRecorded', () => {
	it('takes the statistic over the recorded values, gaps left out', () => {
		expect(ofRecorded(Float64Array.from([3, Number.NaN, 1, 2]), median)).toBe(2);
		expect(ofRecorded([Number.NaN, 5, Number.POSITIVE_INFINITY], max)).toBe(5);
	});

	it('has no statistic for a series with nothing recorded, or no series', () => {
		expect(ofRecorded([Number.NaN, Number.NaN], median)).toBeUndefined();
		expect(ofRecorded(undefined, median)).toBeUndefined();
	});
});
