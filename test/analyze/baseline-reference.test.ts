import {describe, expect, it} from 'vitest';
import {mean, quantileSorted, sampleStandardDeviation} from 'simple-statistics';
import {buildBaseline, MAD_TO_SIGMA, type SeriesData} from '../../source/analyze/baseline.js';
import {seededRandom} from '../helpers/seeded-random.js';

// buildBaseline buckets a series over the range of a sparse sample and resolves order statistics from
// the counts; these series are shaped to meet every way that can go (values beyond the sampled range, a
// median beyond it, integers the sample cannot vouch for) and are checked against the plain method: sort
// the finite values in range, read the percentiles, sort the deviations.

const startMs = 1_700_000_000_000;
const length = 50_000;

function seriesOf(value: (index: number) => number): SeriesData {
	return {
		timestamps: Float64Array.from({length}, (_, index) => startMs + index * 1000),
		values: Float64Array.from({length}, (_, index) => value(index)),
	};
}

function reference({timestamps, values}: SeriesData, fromMs: number, toMs: number) {
	const kept: number[] = [];
	const keptMs: number[] = [];
	for (let index = 0; index < values.length; index++) {
		if (timestamps[index]! >= fromMs && timestamps[index]! <= toMs && Number.isFinite(values[index])) {
			kept.push(values[index]!);
			keptMs.push(timestamps[index]!);
		}
	}

	const sorted = [...kept].sort((left, right) => left - right);
	const median = quantileSorted(sorted, 0.5);
	const deviations = sorted.map(value => Math.abs(value - median)).sort((left, right) => left - right);
	const mad = quantileSorted(deviations, 0.5);
	return {
		exact: {
			count: kept.length,
			min: sorted[0],
			max: sorted.at(-1),
			median,
			p5: quantileSorted(sorted, 0.05),
			p50: median,
			p95: quantileSorted(sorted, 0.95),
			p99: quantileSorted(sorted, 0.99),
			mad,
			robustSigma: MAD_TO_SIGMA * mad,
			firstMs: keptMs[0],
			lastMs: keptMs.at(-1),
		},
		mean: mean(kept),
		stddev: sampleStandardDeviation(kept),
	};
}

const next = seededRandom(2024);
const gap = () => next() < 0.003;
// Whether the sample that sets the buckets' range reads an entry, over the whole series (as sampledBuckets
// does: 64 runs of 16 entries spread evenly). The cases that put other values elsewhere lean on this.
const sampled = (index: number) => index % Math.floor(length / 64) < 16;
const cases: Record<string, SeriesData> = {
	// Percentages quantised to 0.01 with a daily cycle, and gaps.
	'a quantised daily cycle': seriesOf(index => (gap() ? Number.NaN : Math.round((40 + 25 * Math.sin(index / 9000) + 8 * next()) * 100) / 100)),
	// Long-tailed rates whose largest values the sample misses, so the top bucket is open.
	'a long tail beyond the sampled range': seriesOf(index => (gap() ? Number.NaN : -Math.log(1 - next()) * 1e6 * (index % 997 === 1 ? 50 : 1))),
	// One value wherever the sample looks and others elsewhere, so the median lies in an open edge bucket.
	'one value on the sample, others off it': seriesOf(index => (sampled(index) ? 7.25 : (index % 3 === 1 ? 7.25 + next() : 7.25 - next()))),
	// Most values far beyond the sampled range, so the median lies in an open edge bucket and the MAD reaches
	// back into the sampled range.
	'most values off the sample, far beyond it': seriesOf(index => (sampled(index) || next() < 0.4 ? 100 * next() : 1e9 * (1 + 10 * next()))),
	// Nearly half the values far beyond the sampled range: the MAD spans past the open top bucket, whose
	// values must not count as near the median.
	'a wide MAD past an open edge': seriesOf(index => (sampled(index) || next() < 0.55 ? 100 * next() : 1e9 * (1 + next()))),
	// Small integers whose sample is narrower than the data (open unit buckets).
	'integers wider than their sample': seriesOf(index => (sampled(index) ? 3 : Math.floor(next() * 60) - 30)),
	// Integers throughout the sample, one fraction off it.
	'integers but for one fraction': seriesOf(index => (index === 30_001 ? 12.5 : Math.floor(next() * 25))),
	// Byte counts: integers too wide for one bucket each, with infinities and gaps.
	'wide integers with infinities': seriesOf(index => (index % 20_000 === 17 ? Number.POSITIVE_INFINITY : (gap() ? Number.NaN : Math.round(4e9 + 3e8 * (next() - next()))))),
	// Negative and positive values, ties at zero (never −0, which sorts apart from 0 and would fail toMatchObject).
	'signed values with many zeros': seriesOf(() => (next() < 0.4 ? 0 : Math.floor((next() - 0.5) * 2e4) / 100)),
};

describe('buildBaseline against sorting', () => {
	const ranges: Array<[string, number, number]> = [
		['the whole series', 0, Number.MAX_SAFE_INTEGER],
		['a slice of it', startMs + 5_000_500, startMs + 41_000_000],
	];
	for (const [name, series] of Object.entries(cases)) {
		for (const [rangeName, fromMs, toMs] of ranges) {
			it(`gives the same summary for ${name}, over ${rangeName}`, () => {
				const baseline = buildBaseline('reference', new Map([['m|r', series]]), {createdAt: 0, fromMs, toMs});
				const expected = reference(series, fromMs, toMs);
				const stats = baseline.metrics['m|r']!;
				expect(stats).toMatchObject(expected.exact);
				// The moments come from a different summation, so they agree to rounding only.
				const scale = Math.max(Math.abs(expected.mean), expected.stddev);
				expect(Math.abs(stats.mean - expected.mean)).toBeLessThan(1e-9 * scale);
				expect(Math.abs(stats.stddev - expected.stddev)).toBeLessThan(1e-9 * scale);
			});
		}
	}
});
