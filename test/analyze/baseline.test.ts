import {describe, expect, it} from 'vitest';
import {medianAbsoluteDeviation, quantile, sampleSkewness, sampleStandardDeviation} from 'simple-statistics';
import {buildBaseline, chooseSigma, orderSummary, type SeriesData} from '../../source/analyze/baseline.js';
import {seededRandom} from '../helpers/seeded-random.js';

const options = {createdAt: 5000, fromMs: 0, toMs: Number.MAX_SAFE_INTEGER};

function series(values: readonly number[], startMs = 1000, stepMs = 1000): SeriesData {
	return {timestamps: values.map((_, index) => startMs + index * stepMs), values};
}

function one(values: readonly number[], minSamples = 10) {
	const baseline = buildBaseline('test', new Map([['m|r', series(values)]]), {...options, minSamples});
	return baseline.metrics['m|r']!;
}

function expectMatchesSimpleStatistics(values: number[]): void {
	const stats = one(values);
	const [p5, p50, p95, p99] = quantile(values, [0.05, 0.5, 0.95, 0.99]);
	expect(stats.count).toBe(values.length);
	expect(stats.p5).toBeCloseTo(p5!, 9);
	expect(stats.median).toBeCloseTo(p50!, 9);
	expect(stats.p95).toBeCloseTo(p95!, 9);
	expect(stats.p99).toBeCloseTo(p99!, 9);
	expect(stats.mad).toBeCloseTo(medianAbsoluteDeviation(values), 9);
	expect(stats.stddev).toBeCloseTo(sampleStandardDeviation(values), 6);
	expect(stats.min).toBe(Math.min(...values));
	expect(stats.max).toBe(Math.max(...values));
}

describe('buildBaseline', () => {
	it('summarises a series with known statistics', () => {
		const stats = one([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(stats.mean).toBe(5.5);
		expect(stats.median).toBe(5.5);
		expect(stats.mad).toBe(2.5);
		expect(stats.robustSigma).toBeCloseTo(1.4826 * 2.5, 12);
		expect(stats.stddev).toBeCloseTo(Math.sqrt(55 / 6), 12);
		expect(stats.p5).toBeCloseTo(1.45, 12);
		expect(stats.p95).toBeCloseTo(9.55, 12);
		expect(stats.min).toBe(1);
		expect(stats.max).toBe(10);
		expect(stats.firstMs).toBe(1000);
		expect(stats.lastMs).toBe(10_000);
		expect(stats.skewed).toBe(false);
		expect(stats.sigmaKind).toBe('stddev');
	});

	it('matches simple-statistics on a ramp, a step and small samples', () => {
		expectMatchesSimpleStatistics(Array.from({length: 100}, (_, index) => index));
		expectMatchesSimpleStatistics([...Array.from({length: 50}, () => 10), ...Array.from({length: 50}, () => 20)]);
		expectMatchesSimpleStatistics([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]);
	});

	it('is exact on large series, where it counts buckets instead of sorting', () => {
		const next = seededRandom(7);
		// Exponential, quantised like the store (0.01), small integers (many ties), and one huge outlier
		// that crowds everything else into one bucket.
		expectMatchesSimpleStatistics(Array.from({length: 40_000}, () => -Math.log(1 - next()) * 100));
		expectMatchesSimpleStatistics(Array.from({length: 30_001}, () => Math.round((50 + 10 * (next() + next() + next() - 1.5)) * 100) / 100));
		expectMatchesSimpleStatistics(Array.from({length: 20_000}, () => Math.round(next() * 5)));
		expectMatchesSimpleStatistics([...Array.from({length: 25_000}, () => next() * 10), 1e12]);
		expectMatchesSimpleStatistics(Array.from({length: 10_000}, (_, index) => (index % 2 === 0 ? 0 : 100)));
		expectMatchesSimpleStatistics(Array.from({length: 9999}, () => Math.floor(next() * 40) - 20));
		expectMatchesSimpleStatistics(Array.from({length: 12}, (_, index) => (index * 7) % 5 - 2));
	});

	it('computes the adjusted sample skewness', () => {
		const next = seededRandom(3);
		const values = Array.from({length: 5000}, () => -Math.log(1 - next()));
		expect(one(values).skewness).toBeCloseTo(sampleSkewness(values), 6);
	});

	it('uses the robust σ for a skewed (exponential) metric and the standard deviation for a symmetric one', () => {
		const next = seededRandom(11);
		const exponential = one(Array.from({length: 20_000}, () => -Math.log(1 - next()) * 10));
		expect(exponential.skewed).toBe(true);
		expect(exponential.sigmaKind).toBe('robust');
		expect(exponential.sigma).toBe(exponential.robustSigma);
		const symmetric = one(Array.from({length: 20_000}, () => next() + next() + next()));
		expect(symmetric.skewed).toBe(false);
		expect(symmetric.sigmaKind).toBe('stddev');
		expect(symmetric.sigma).toBe(symmetric.stddev);
	});

	it('falls back to the standard deviation when a skewed metric has MAD 0', () => {
		const values = Array.from({length: 100}, (_, index) => (index % 20 === 0 ? 50 : 0));
		const stats = one(values);
		expect(stats.mad).toBe(0);
		expect(stats.skewed).toBe(true);
		expect(stats.sigmaKind).toBe('stddev');
		expect(stats.sigma).toBeGreaterThan(0);
		expect(chooseSigma(2, 0, 5)).toEqual({skewed: true, sigmaKind: 'stddev', sigma: 2});
	});

	it('keeps outliers from moving the median and robust σ', () => {
		const values = [...Array.from({length: 99}, (_, index) => 10 + (index % 3)), 10_000];
		const stats = one(values);
		expect(stats.median).toBe(11);
		expect(stats.robustSigma).toBeCloseTo(1.4826, 12);
		expect(stats.stddev).toBeGreaterThan(900);
		expect(stats.sigmaKind).toBe('robust');
	});

	it('skips NaN gaps and infinities', () => {
		const stats = one([Number.NaN, 1, 2, Number.NaN, 3, 4, 5, Number.POSITIVE_INFINITY, 6, 7, 8, 9, 10, Number.NaN]);
		expect(stats.count).toBe(10);
		expect(stats.mean).toBe(5.5);
		expect(stats.firstMs).toBe(2000);
		expect(stats.lastMs).toBe(13_000);
	});

	it('carries its running sums across the chunks a long series is scanned in, gaps included', () => {
		// Gaps at the ends and around the chunk boundaries (1024 values; 8192, 16 384 are multiples); the last kept value sits mid-chunk.
		const next = seededRandom(11);
		const raw = Array.from({length: 20_000}, () => Math.round(next() * 3000) / 100);
		for (const gap of [0, 1, 8191, 8192, 16_383, 16_384, 19_000]) {
			raw[gap] = Number.NaN;
		}

		raw[12_000] = Number.NEGATIVE_INFINITY;
		const values = [...raw.slice(0, 19_000), ...Array.from({length: 1000}, () => Number.NaN)];
		const finite = values.filter(value => Number.isFinite(value));
		const stats = one(values);
		expect(stats.count).toBe(finite.length);
		expect(stats.mean).toBeCloseTo(finite.reduce((sum, value) => sum + value, 0) / finite.length, 9);
		expect(stats.stddev).toBeCloseTo(sampleStandardDeviation(finite), 9);
		expect(stats.skewness).toBeCloseTo(sampleSkewness(finite), 9);
		expect(stats.median).toBeCloseTo(quantile(finite, 0.5), 9);
		expect(stats.mad).toBeCloseTo(medianAbsoluteDeviation(finite), 9);
		expect(stats.firstMs).toBe(3000);
		expect(stats.lastMs).toBe(19_000_000);
	});

	it('recognises a narrow integer series however late its first fraction comes', () => {
		const next = seededRandom(5);
		const integers = Array.from({length: 30_000}, () => Math.floor(next() * 50));
		expectMatchesSimpleStatistics(integers);
		expectMatchesSimpleStatistics([...integers.slice(0, 29_999), 24.5]);
	});

	it('lists metrics with too few samples as left out, with their counts', () => {
		const baseline = buildBaseline('b', new Map([
			['z|r', series([1, 2, 3])],
			['a|r', series(Array.from({length: 12}, (_, index) => index))],
			['gaps|r', series([1, Number.NaN, 2, Number.NaN, 3, 4, 5, 6, 7, 8, 9])],
			['empty|r', series([])],
		]), options);
		expect(Object.keys(baseline.metrics)).toEqual(['a|r']);
		expect(baseline.leftOut).toEqual([{key: 'empty|r', count: 0}, {key: 'gaps|r', count: 9}, {key: 'z|r', count: 3}]);
	});

	it('uses only samples inside [fromMs, toMs]', () => {
		const values = Array.from({length: 30}, (_, index) => (index < 10 ? 100 : index));
		const baseline = buildBaseline('b', new Map([['m|r', series(values, 0, 1000)]]), {createdAt: 0, fromMs: 10_000, toMs: 19_000});
		const stats = baseline.metrics['m|r']!;
		expect(stats.count).toBe(10);
		expect(stats.min).toBe(10);
		expect(stats.max).toBe(19);
		expect(stats.firstMs).toBe(10_000);
		expect(stats.lastMs).toBe(19_000);
	});

	it('is plain JSON: it survives a round trip unchanged', () => {
		const baseline = buildBaseline('week', new Map([['m|r', series(Array.from({length: 20}, (_, index) => index * 1.5))], ['c|r', series(Array.from({length: 15}, () => 4))]]), options);
		expect(JSON.parse(JSON.stringify(baseline))).toEqual(baseline);
		expect(baseline).toMatchObject({schemaVersion: 1, name: 'week', createdAt: 5000, minSamples: 10});
		expect(baseline.metrics['c|r']).toMatchObject({stddev: 0, mad: 0, sigma: 0, skewness: 0, median: 4});
	});
});

describe('orderSummary', () => {
	it('handles a constant series without dividing by a zero range', () => {
		expect(orderSummary(new Float64Array([7, 7, 7]), 3, 7, 7)).toEqual({p5: 7, p50: 7, p95: 7, p99: 7, mad: 0});
	});
});
