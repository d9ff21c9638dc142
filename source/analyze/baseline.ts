// Baselines: per-metric summaries (moments, percentiles, MAD) of recorded history.
// Why an order-statistics engine and not a sort: a baseline over a week of 1 Hz history is 600,000
// values per series for ~60 series, and it needs only five ranks per series (p5, p50, p95, p99 and
// the MAD's median of deviations). Sorting each series would copy and sort all of it; counting the
// values into buckets and resolving only the buckets holding a wanted rank is two linear passes
// (`analyze.baseline_7d_ms`: ~180 ms for all 60 series, where `Float64Array.sort` of one such series
// alone took ~1.4 s on this project's VM), checked against a plain sort in
// test/analyze/baseline-reference.test.ts.
// Why one piece: the moments pass, the bucket counts, the bucketed and the integer summaries share one
// set of scratch buffers and one bucket layout, and are tuned together; split apart, each part would
// export internals that mean nothing alone.

/** Which spread a metric's comparison uses: the standard deviation, or 1.4826 × MAD for skewed metrics. */
export type SigmaKind = 'stddev' | 'robust';

/** The statistical summary of one series over the baseline's range. Plain numbers only: saved as JSON. */
export type BaselineMetric = {
	readonly count: number;
	readonly mean: number;
	/** Sample standard deviation (n − 1). */
	readonly stddev: number;
	readonly median: number;
	/** Median absolute deviation from the median. */
	readonly mad: number;
	/** 1.4826 × MAD: equals σ for normal data, unmoved by outliers and long tails. */
	readonly robustSigma: number;
	/** Percentiles with linear interpolation between order statistics (R type 7, as simple-statistics). */
	readonly p5: number;
	readonly p50: number;
	readonly p95: number;
	readonly p99: number;
	readonly min: number;
	readonly max: number;
	/** Adjusted Fisher–Pearson sample skewness (as simple-statistics' sampleSkewness); 0 for a constant series. */
	readonly skewness: number;
	readonly skewed: boolean;
	readonly sigmaKind: SigmaKind;
	/** The σ comparisons use: `robustSigma` or `stddev`, per `sigmaKind`. */
	readonly sigma: number;
	/** Time of the first and last sample that went into the summary. */
	readonly firstMs: number;
	readonly lastMs: number;
};

export type LeftOutMetric = {
	readonly key: string;
	readonly count: number;
};

export type Baseline = {
	readonly schemaVersion: 1;
	readonly name: string;
	readonly createdAt: number;
	readonly fromMs: number;
	readonly toMs: number;
	readonly minSamples: number;
	/** Keyed by series key (`id|resource`), keys in sorted order so the saved JSON is stable. */
	readonly metrics: Readonly<Record<string, BaselineMetric>>;
	/** Series with fewer than `minSamples` samples in range, sorted by key. */
	readonly leftOut: readonly LeftOutMetric[];
};

export type SeriesData = {
	readonly timestamps: ArrayLike<number>;
	readonly values: ArrayLike<number>;
};

export type BaselineOptions = {
	readonly createdAt: number;
	readonly fromMs: number;
	readonly toMs: number;
	readonly minSamples?: number;
};

/** Consistency constant: 1.4826 × MAD estimates σ for normally distributed data (1 / Φ⁻¹(3/4)). */
export const MAD_TO_SIGMA = 1.4826;

/**
 * |sample skewness| above which a metric counts as skewed. Bulmer's rule of thumb calls |g1| > 1 "highly
 * skewed": an exponential distribution has g1 = 2, a normal one 0, a uniform one 0. Pearson's
 * |mean − median| / σ is bounded by 1 and only 0.31 for an exponential, so it separates the cases poorly.
 * Outlier-ridden series (mostly steady, occasional spikes) also land far above 1, and that is where the
 * robust σ matters most: the spikes inflate the standard deviation and would hide the next spike.
 */
export const SKEWNESS_THRESHOLD = 1;

const PERCENTILES = [0.05, 0.5, 0.95, 0.99] as const;

/**
 * Summarises recorded history into a named baseline. NaN gaps are skipped, as are samples outside
 * [fromMs, toMs]. Series with fewer than `minSamples` usable samples are listed in `leftOut`.
 *
 * Built for weeks of 1 Hz data: one pass over each series takes the moments and counts the values into
 * buckets, a second copies out the few buckets that hold the wanted order statistics, and those are
 * resolved by histogram refinement (`orderStatistics`) instead of a sort. Nothing is copied whole.
 */
export function buildBaseline(name: string, series: ReadonlyMap<string, SeriesData>, options: BaselineOptions): Baseline {
	const minSamples = options.minSamples ?? 10;
	const scratch = new Scratch();
	const metrics: Record<string, BaselineMetric> = {};
	const leftOut: LeftOutMetric[] = [];
	for (const key of [...series.keys()].sort()) {
		const data = series.get(key)!;
		const summary = summarise(data, options.fromMs, options.toMs, minSamples, scratch);
		if (summary.kind === 'too-few') {
			leftOut.push({key, count: summary.count});
		} else {
			metrics[key] = summary.metric;
		}
	}

	return {
		schemaVersion: 1,
		name,
		createdAt: options.createdAt,
		fromMs: options.fromMs,
		toMs: options.toMs,
		minSamples,
		metrics,
		leftOut,
	};
}

/** Whether a summary's distribution should be compared with the robust σ, and the σ chosen. */
export function chooseSigma(stddev: number, robustSigma: number, skewness: number): {skewed: boolean; sigmaKind: SigmaKind; sigma: number} {
	const skewed = Math.abs(skewness) > SKEWNESS_THRESHOLD;
	// A series that is one value more than half the time has MAD 0; its robust σ says nothing about how far
	// the other half strays, so the standard deviation is the better (and only non-zero) spread.
	if (skewed && robustSigma > 0) {
		return {skewed, sigmaKind: 'robust', sigma: robustSigma};
	}

	return {skewed, sigmaKind: 'stddev', sigma: stddev};
}

type Summary = {readonly kind: 'ok'; readonly metric: BaselineMetric} | {readonly kind: 'too-few'; readonly count: number};

// Below this many values a typed-array sort is cheaper than another histogram pass.
const SORT_LIMIT = 2048;
const MAX_BUCKETS = 16_384;

/**
 * Work arrays reused from series to series: allocating typed arrays of MAX_BUCKETS entries per series
 * cost more than the passes over their contents.
 */
class Scratch {
	readonly before = new Float64Array(MAX_BUCKETS + 1);
	readonly cursor = new Int32Array(MAX_BUCKETS);
	readonly startOf = new Int32Array(MAX_BUCKETS);
	readonly stats = new Float64Array(STATS);
	private readonly counts = new Uint32Array(MAX_BUCKETS);

	emptyCounts(length: number): Uint32Array {
		return this.counts.subarray(0, length).fill(0);
	}
}

/**
 * Equal-width buckets: a value v goes to bucket ⌊(v − low) · scale⌋, clamped into the first and last, so
 * values beyond [low, high] (possible when the range came from a sample) land in the edge buckets.
 */
type Buckets = {
	readonly low: number;
	readonly high: number;
	readonly scale: number;
	readonly counts: Uint32Array;
	/**
	 * `low` and `scale` again, for the hot loops to read unboxed: passed as numbers they stayed tagged, and
	 * the optimised loop re-checked them for every value.
	 */
	readonly unboxed: Float64Array;
};

// Slots of `Buckets.unboxed`.
const LOW = 0;
const SCALE = 1;

/**
 * Empty buckets over [low, high] for about `count` values: finer than a sort needs, coarse enough to stay
 * in cache. Counted in `scratch` when given.
 */
function bucketsOver(low: number, high: number, count: number, scratch?: Scratch): Buckets {
	const bucketCount = high > low ? Math.max(256, Math.min(MAX_BUCKETS, count >> 2)) : 1;
	return emptyBuckets(low, high, high > low ? bucketCount / (high - low) : 1, bucketCount, scratch);
}

/** Empty buckets, one per integer of [low, high] (fewer than MAX_BUCKETS). */
function unitBuckets(low: number, high: number, scratch?: Scratch): Buckets {
	return emptyBuckets(low, high, 1, high - low + 1, scratch);
}

function emptyBuckets(low: number, high: number, scale: number, bucketCount: number, scratch?: Scratch): Buckets {
	const counts = scratch ? scratch.emptyCounts(bucketCount) : new Uint32Array(bucketCount);
	return {low, high, scale, counts, unboxed: Float64Array.of(low, scale)};
}

// The sample the buckets' range comes from: this many runs of SAMPLE_RUN consecutive entries, spread evenly
// over the series. Runs rather than single entries at a stride, each of which cost a cache miss of its own.
const SAMPLE_RUNS = 64;
const SAMPLE_RUN = 16;

/**
 * Buckets for the scan to count into before it knows the series' range: they span the range of a sparse
 * sample, so the few values beyond it crowd into the edge buckets, which `bucketedSummary` treats as
 * open-ended. A narrow integer sample gets one bucket per integer, the counts `integerSummary` reads.
 */
function sampledBuckets(values: ArrayLike<number>, from: number, to: number, scratch: Scratch): Buckets {
	let low = Number.POSITIVE_INFINITY;
	let high = Number.NEGATIVE_INFINITY;
	let integers = true;
	const step = Math.max(SAMPLE_RUN, Math.floor((to - from) / SAMPLE_RUNS));
	for (let runStart = from; runStart < to; runStart += step) {
		for (let index = runStart; index < Math.min(to, runStart + SAMPLE_RUN); index++) {
			const value = values[index]!;
			if (isFiniteNumber(value)) {
				low = Math.min(low, value);
				high = Math.max(high, value);
				integers &&= Math.floor(value) === value;
			}
		}
	}

	if (low > high) {
		return unitBuckets(0, 0, scratch);
	}

	return integers && high - low < MAX_BUCKETS ? unitBuckets(low, high, scratch) : bucketsOver(low, high, to - from, scratch);
}

// Slots of the scan's state in a Float64Array (`Scratch.stats`), so the doubles go in and come back unboxed.
const SHIFT = 0;
const MIN = 1;
const MAX = 2;
const SUM1 = 3;
const SUM2 = 4;
const SUM3 = 5;
const STATS = 6;

/**
 * Hot loops run in chunks of this many values, through small functions of their own. A long loop inside
 * a big function is compiled on-stack, lacks type feedback for the code after it, deoptimises on
 * leaving and then runs with boxed doubles (a heap allocation per value: measured 2× slower overall).
 * A function called once per chunk is instead optimised whole, with feedback for every line. 1024 is
 * short enough that no single call triggers on-stack compilation (8192 still did, deoptimising each
 * chunk function several times in the first builds), and long enough that the calls cost nothing.
 */
const CHUNK = 1024;

/**
 * One chunk of the pass over a series' range: counts the finite values of [from, to) into `counts` and
 * folds their min, max and moments about the shift into `stats`, which carries them from chunk to chunk.
 * How many there are and where the last one is are left to the caller, who reads them off the counts and
 * the end of the range: tracked here, they cost a sixth of the pass.
 */
function scanChunk(values: ArrayLike<number>, from: number, to: number, counts: Uint32Array, unboxed: Float64Array, stats: Float64Array): void {
	const low = unboxed[LOW]!;
	const scale = unboxed[SCALE]!;
	const last = counts.length - 1;
	const shift = stats[SHIFT]!;
	let min = stats[MIN]!;
	let max = stats[MAX]!;
	// Moments about the shift in the same pass: with the shift inside the data the cancellation in
	// converting them to central moments is negligible, and a second pass is saved.
	let sum1 = stats[SUM1]!;
	let sum2 = stats[SUM2]!;
	let sum3 = stats[SUM3]!;
	for (let index = from; index < to; index++) {
		const value = values[index]!;
		// False for NaN (a gap) and ±Infinity alike.
		if (value - value === 0) {
			const difference = value - shift;
			const square = difference * difference;
			sum1 += difference;
			sum2 += square;
			sum3 += square * difference;
			// The bucket, as in copyChunk; written out because a call kept a check of the callee in the loop
			// (a build measured ~10 % slower). Values below `low` and positions past the last bucket (where
			// `| 0` wraps beyond 2³¹) go to the edge buckets; only those values can be the min or the max
			// (see `scan`), so only they are compared.
			const position = (value - low) * scale;
			let bucket = position | 0;
			if (value < low) {
				bucket = 0;
				if (value < min) {
					min = value;
				}
			} else if (position >= last) {
				bucket = last;
				if (value > max) {
					max = value;
				}
			}

			counts[bucket]!++;
		}
	}

	stats[MIN] = min;
	stats[MAX] = max;
	stats[SUM1] = sum1;
	stats[SUM2] = sum2;
	stats[SUM3] = sum3;
}

/**
 * The one full pass over values[from, to) the summary needs: counts the finite values into `buckets`
 * and leaves their min, max and moments about `shift` in `stats`.
 * The buckets' `low` must be one of the values (as the sample's or the exact minimum is): then the min is
 * `low` or one of the values below it, all clamped into the first bucket, and the max is in the last
 * bucket, which also takes the buckets' `high` (bucketsOver and unitBuckets put it there). Comparing
 * just those values saved a seventh of the pass.
 */
function scan(values: ArrayLike<number>, from: number, to: number, shift: number, buckets: Buckets, stats: Float64Array): void {
	stats[SHIFT] = shift;
	stats[MIN] = buckets.low;
	stats[MAX] = Number.NEGATIVE_INFINITY;
	stats[SUM1] = 0;
	stats[SUM2] = 0;
	stats[SUM3] = 0;
	for (let chunkStart = from; chunkStart < to; chunkStart += CHUNK) {
		scanChunk(values, chunkStart, Math.min(to, chunkStart + CHUNK), buckets.counts, buckets.unboxed, stats);
	}
}

function summarise(data: SeriesData, fromMs: number, toMs: number, minSamples: number, scratch: Scratch): Summary {
	const {timestamps, values} = data;
	const length = Math.min(timestamps.length, values.length);
	// Timestamps are ascending (history and store keep them so): the range is one slice, found by bisection.
	const start = countBefore(timestamps, length, fromMs, false);
	const end = countBefore(timestamps, length, toMs, true);
	// The first finite value is the shift the moments are taken about.
	let firstIndex = start;
	while (firstIndex < end && !isFiniteNumber(values[firstIndex]!)) {
		firstIndex++;
	}

	const shift = firstIndex < end ? values[firstIndex]! : 0;
	const buckets = sampledBuckets(values, firstIndex, end, scratch);
	const {stats} = scratch;
	scan(values, firstIndex, end, shift, buckets, stats);
	const count = countOf(buckets.counts);
	if (count < minSamples || count === 0) {
		return {kind: 'too-few', count};
	}

	let lastIndex = end - 1;
	while (!isFiniteNumber(values[lastIndex]!)) {
		lastIndex--;
	}

	const min = stats[MIN]!;
	const max = stats[MAX]!;
	const sum1 = stats[SUM1]!;
	const sum2 = stats[SUM2]!;
	const sum3 = stats[SUM3]!;

	const meanShift = sum1 / count;
	const mean = shift + meanShift;
	const centralSquares = Math.max(0, sum2 - sum1 * meanShift);
	const centralCubes = sum3 - 3 * meanShift * sum2 + 2 * count * meanShift ** 3;
	const stddev = count > 1 ? Math.sqrt(centralSquares / (count - 1)) : 0;
	const skewness = count > 2 && stddev > 0 ? (count * centralCubes) / ((count - 1) * (count - 2) * stddev ** 3) : 0;
	const firstMs = timestamps[firstIndex]!;
	const lastMs = timestamps[lastIndex]!;
	const {p5, p50: median, p95, p99, mad} = orderSummary(values, count, min, max, firstIndex, end, scratch, buckets);
	const robustSigma = MAD_TO_SIGMA * mad;
	return {
		kind: 'ok',
		metric: {
			count,
			mean,
			stddev,
			median,
			mad,
			robustSigma,
			p5,
			p50: median,
			p95,
			p99,
			min,
			max,
			skewness,
			...chooseSigma(stddev, robustSigma, skewness),
			firstMs,
			lastMs,
		},
	};
}

function isFiniteNumber(value: number): boolean {
	return value - value === 0;
}

/** How many values the buckets hold: every finite value goes into exactly one. */
function countOf(counts: Uint32Array): number {
	let count = 0;
	for (let bucket = 0; bucket < counts.length; bucket++) {
		count += counts[bucket]!;
	}

	return count;
}

type OrderSummary = {
	readonly p5: number;
	readonly p50: number;
	readonly p95: number;
	readonly p99: number;
	readonly mad: number;
};

/** Entries from..to of `values`, of which `count` are finite; the rest (NaN, ±Infinity) are gaps. */
type Source = {
	readonly values: ArrayLike<number>;
	readonly from: number;
	readonly to: number;
	readonly count: number;
};

/**
 * Exact percentiles and MAD of the `count` finite values among values[from, to) (non-finite entries are
 * gaps), whose range is [min, max]. `counted` are buckets the caller already counted these values into,
 * over any range, in `scratch`; they spare a counting pass when they fit.
 */
export function orderSummary(values: ArrayLike<number>, count: number, min: number, max: number, from = 0, to = count, scratch = new Scratch(), counted?: Buckets): OrderSummary {
	if (min === max) {
		return {p5: min, p50: min, p95: min, p99: min, mad: 0};
	}

	const source = {values, from, to, count};
	// Integrality only matters for a narrow range, so it is checked here rather than per value in the scan
	// (where Math.floor cost a third of the pass); on fractional data the check stops at the first fraction.
	if (max - min < MAX_BUCKETS && allIntegers(source)) {
		const perInteger = counted && counted.scale === 1 && counted.low === min && counted.counts.length === max - min + 1;
		return integerSummary(perInteger ? counted.counts : countInto(source, unitBuckets(min, max, scratch)).counts, min, max);
	}

	if (count <= SORT_LIMIT) {
		return sortedSummary(finiteValues(source));
	}

	// Counts over a sampled range serve unless the median itself lies beyond it: then count again over the
	// exact range, where no bucket is open.
	return (counted && bucketedSummary(source, counted, min < counted.low, max > counted.high, scratch))
		?? bucketedSummary(source, countInto(source, bucketsOver(min, max, count, scratch)), false, false, scratch)!;
}

/** Counts the source's finite values into `buckets`, returned (the scan's moments come along unused). */
function countInto(source: Source, buckets: Buckets): Buckets {
	scan(source.values, source.from, source.to, 0, buckets, new Float64Array(STATS));
	return buckets;
}

function allIntegers({values, from, to}: Source): boolean {
	for (let index = from; index < to; index++) {
		const value = values[index]!;
		if (isFiniteNumber(value) && Math.floor(value) !== value) {
			return false;
		}
	}

	return true;
}

function finiteValues({values, from, to, count}: Source): Float64Array {
	const finite = new Float64Array(count);
	let filled = 0;
	for (let index = from; index < to; index++) {
		const value = values[index]!;
		if (isFiniteNumber(value)) {
			finite[filled++] = value;
		}
	}

	return finite;
}

/** The 0-based ranks R type 7 interpolates between for each probability, sorted and unique. */
function ranksFor(count: number, probabilities: readonly number[]): number[] {
	const ranks = new Set<number>();
	for (const probability of probabilities) {
		const position = (count - 1) * probability;
		ranks.add(Math.floor(position));
		ranks.add(Math.ceil(position));
	}

	return [...ranks].sort((left, right) => left - right);
}

/** R type 7 quantile from a lookup of order statistics by rank. */
function interpolate(count: number, probability: number, valueAt: (rank: number) => number): number {
	const position = (count - 1) * probability;
	const lower = Math.floor(position);
	const fraction = position - lower;
	const low = valueAt(lower);
	return fraction === 0 ? low : low + fraction * (valueAt(lower + 1) - low);
}

function sortedSummary(values: Float64Array): OrderSummary {
	const count = values.length;
	const sorted = values.sort();
	const at = (rank: number): number => sorted[rank]!;
	const median = interpolate(count, 0.5, at);
	const deviations = sorted.map(value => Math.abs(value - median)).sort();
	return {
		p5: interpolate(count, 0.05, at),
		p50: median,
		p95: interpolate(count, 0.95, at),
		p99: interpolate(count, 0.99, at),
		mad: interpolate(count, 0.5, rank => deviations[rank]!),
	};
}

/** `before[b]` = how many values the buckets before b hold, for b = 0 … counts.length. */
function prefixSums(counts: Uint32Array, into: Float64Array): Float64Array {
	into[0] = 0;
	for (let bucket = 0; bucket < counts.length; bucket++) {
		into[bucket + 1] = into[bucket]! + counts[bucket]!;
	}

	return into;
}

/**
 * The bucket holding the value of a 0-based rank: the last whose preceding count (`before`) is ≤ rank
 * (before[0] is 0, so there is one).
 */
function bucketOfRank(before: Float64Array, bucketCount: number, rank: number): number {
	return countBefore(before, bucketCount, rank, true) - 1;
}

/**
 * Percentiles and MAD from bucket counts of the source, taking one more linear pass and sorting nothing
 * big:
 * 1. from the counts alone, find the bucket of each wanted rank, and a band of buckets around the
 *    median's bucket that must hold the MAD's pair of values: buckets nearer the median than the band
 *    only hold smaller deviations, buckets beyond it only larger ones (a one-bucket margin absorbs
 *    rounding at bucket edges);
 * 2. copy out only those buckets' values; resolve each rank inside its bucket, and the MAD among the
 *    band's deviations, offset by the count of the nearer buckets.
 * An open edge bucket (one that also holds values beyond [low, high]) bounds no deviation, so it is
 * never counted as nearer. When the median itself falls into one, no bucket is near enough to narrow the
 * band, which would then take every value: undefined instead, for the caller to count again.
 * Selecting the ranks with Floyd–Rivest instead measured 4–5× slower on a week of 1 Hz samples.
 */
function bucketedSummary(source: Source, buckets: Buckets, lowOpen: boolean, highOpen: boolean, scratch: Scratch): OrderSummary | undefined {
	const {count} = source;
	const {counts} = buckets;
	const bucketCount = counts.length;
	const last = bucketCount - 1;
	const before = prefixSums(counts, scratch.before);
	const countIn = (first: number, lastBucket: number): number => {
		const from = Math.max(0, first);
		const to = Math.min(last, lastBucket);
		return to < from ? 0 : before[to + 1]! - before[from]!;
	};

	const medianRanks = ranksFor(count, [0.5]);
	const madLow = medianRanks[0]!;
	const madHigh = medianRanks.at(-1)!;
	const medianFirst = bucketOfRank(before, bucketCount, madLow);
	const medianLast = bucketOfRank(before, bucketCount, madHigh);
	if ((lowOpen && medianFirst === 0) || (highOpen && medianLast === last)) {
		return undefined;
	}

	// The buckets whose values surely lie within their nominal width.
	const boundedFirst = lowOpen ? 1 : 0;
	const boundedLast = highOpen ? last - 1 : last;
	// Whatever the exact median m in [start of medianFirst, end of medianLast], a deviation ≤ j buckets
	// can only come from buckets medianFirst − j − 1 … medianLast + j + 1, and surely comes from every
	// bounded bucket within medianLast + 2 − j … medianFirst + j − 2.
	let nearSteps = -1;
	while (nearSteps <= bucketCount && countIn(medianFirst - nearSteps - 2, medianLast + nearSteps + 2) <= madLow) {
		nearSteps++;
	}

	let farSteps = Math.max(0, nearSteps);
	// Past bucketCount + 2 steps the band is every bucket.
	while (farSteps <= bucketCount + 2 && countIn(Math.max(boundedFirst, medianLast + 2 - farSteps), Math.min(boundedLast, medianFirst + farSteps - 2)) < madHigh + 1) {
		farSteps++;
	}

	const nearFirst = nearSteps < 0 ? 1 : Math.max(boundedFirst, medianLast + 2 - nearSteps);
	const nearLast = nearSteps < 0 ? 0 : Math.min(boundedLast, medianFirst + nearSteps - 2);
	const nearCount = countIn(nearFirst, nearLast);
	const bandFirst = Math.max(0, medianFirst - farSteps - 1);
	const bandLast = Math.min(last, medianLast + farSteps + 1);
	// The band's buckets but the nearer ones: the runs on either side of them.
	const band = nearFirst > nearLast
		? bucketRun(bandFirst, bandLast)
		: [...bucketRun(bandFirst, nearFirst - 1), ...bucketRun(nearLast + 1, bandLast)];

	const percentileRanks = ranksFor(count, PERCENTILES);
	const rankBuckets = percentileRanks.map(rank => bucketOfRank(before, bucketCount, rank));
	const valuesIn = copyOut(source, buckets, [...rankBuckets, ...band], scratch);
	const byRank = new Map<number, number>();
	percentileRanks.forEach((rank, index) => {
		const bucket = rankBuckets[index]!;
		const inside = valuesIn(bucket);
		const [value] = orderStatistics(inside, inside.length, ...rangeOf(inside), [rank - before[bucket]!]);
		byRank.set(rank, value!);
	});

	const at = (rank: number): number => byRank.get(rank)!;
	const median = interpolate(count, 0.5, at);
	const deviations = new Float64Array(band.reduce((total, bucket) => total + counts[bucket]!, 0));
	let filled = 0;
	for (const bucket of band) {
		const inside = valuesIn(bucket);
		for (let index = 0; index < inside.length; index++) {
			const difference = inside[index]! - median;
			deviations[filled++] = difference < 0 ? -difference : difference;
		}
	}

	const madRanks = [...new Set([madLow - nearCount, madHigh - nearCount])];
	const found = orderStatistics(deviations, deviations.length, ...rangeOf(deviations), madRanks);
	const madAt = new Map(madRanks.map((rank, index) => [rank + nearCount, found[index]!]));
	return {
		p5: interpolate(count, 0.05, at),
		p50: median,
		p95: interpolate(count, 0.95, at),
		p99: interpolate(count, 0.99, at),
		mad: interpolate(count, 0.5, rank => madAt.get(rank)!),
	};
}

function bucketRun(first: number, last: number): number[] {
	return Array.from({length: Math.max(0, last - first + 1)}, (_, index) => first + index);
}

/**
 * Copies the values of the wanted buckets (repeats allowed) out of the source in one pass, grouped by
 * bucket; returns a lookup of each wanted bucket's values. In `scratch`'s arrays when given.
 */
function copyOut(source: Source, buckets: Buckets, wanted: readonly number[], scratch?: Scratch): (bucket: number) => Float64Array {
	const {counts} = buckets;
	// Where each wanted bucket's values go next in `copied`; −1 for the others.
	const cursor = (scratch ? scratch.cursor.subarray(0, counts.length) : new Int32Array(counts.length)).fill(-1);
	const startOf = scratch ? scratch.startOf : new Int32Array(counts.length);
	let copiedCount = 0;
	for (const bucket of wanted) {
		if (cursor[bucket] === -1) {
			startOf[bucket] = copiedCount;
			cursor[bucket] = copiedCount;
			copiedCount += counts[bucket]!;
		}
	}

	const copied = new Float64Array(copiedCount);
	for (let chunkStart = source.from; chunkStart < source.to; chunkStart += CHUNK) {
		copyChunk(source.values, chunkStart, Math.min(source.to, chunkStart + CHUNK), buckets.unboxed, cursor, copied);
	}

	return bucket => copied.subarray(startOf[bucket]!, startOf[bucket]! + counts[bucket]!);
}

/** One chunk of `copyOut`'s pass: each finite value whose bucket has a cursor goes there, advancing it. */
function copyChunk(values: ArrayLike<number>, from: number, to: number, unboxed: Float64Array, cursor: Int32Array, copied: Float64Array): void {
	const low = unboxed[LOW]!;
	const scale = unboxed[SCALE]!;
	const last = cursor.length - 1;
	for (let index = from; index < to; index++) {
		const value = values[index]!;
		// The bucket, as in scanChunk. A gap lands in an edge bucket (NaN | 0 is 0, ±Infinity is clamped), so
		// gaps are only weeded out among the values to copy: one test fewer on the common path.
		const position = (value - low) * scale;
		const bucket = value < low ? 0 : (position >= last ? last : position | 0);
		const target = cursor[bucket]!;
		if (target !== -1 && value - value === 0) {
			copied[target] = value;
			cursor[bucket] = target + 1;
		}
	}
}

/**
 * The order summary of integer values from one bucket per integer of [min, max] (task counts, queue
 * lengths, connection counts): every bucket holds a single value, so the counts alone give every order
 * statistic — no values are copied, however many ties there are.
 */
function integerSummary(counts: Uint32Array, min: number, max: number): OrderSummary {
	const bucketCount = counts.length;
	const count = countOf(counts);
	const valueAt = (rank: number): number => {
		let seen = 0;
		for (let bucket = 0; bucket < bucketCount; bucket++) {
			seen += counts[bucket]!;
			if (seen > rank) {
				return min + bucket;
			}
		}

		return max;
	};

	const median = interpolate(count, 0.5, valueAt);
	// Deviations in increasing order: walk outwards from the median, always taking the nearer side.
	const deviationAt = (rank: number): number => {
		let left = Math.floor(median) - min;
		let right = left + 1;
		let seen = 0;
		for (;;) {
			const leftDeviation = left >= 0 ? median - (min + left) : Number.POSITIVE_INFINITY;
			const rightDeviation = right < bucketCount ? min + right - median : Number.POSITIVE_INFINITY;
			const takeLeft = leftDeviation <= rightDeviation;
			seen += takeLeft ? counts[left]! : counts[right]!;
			if (seen > rank) {
				return takeLeft ? leftDeviation : rightDeviation;
			}

			if (takeLeft) {
				left--;
			} else {
				right++;
			}
		}
	};

	return {
		p5: interpolate(count, 0.05, valueAt),
		p50: median,
		p95: interpolate(count, 0.95, valueAt),
		p99: interpolate(count, 0.99, valueAt),
		mad: interpolate(count, 0.5, deviationAt),
	};
}

function rangeOf(values: Float64Array): [number, number] {
	let low = Number.POSITIVE_INFINITY;
	let high = Number.NEGATIVE_INFINITY;
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		if (value < low) {
			low = value;
		}

		if (value > high) {
			high = value;
		}
	}

	return [low, high];
}

/**
 * The values at the given 0-based ranks of the first `count` entries of `values` (all finite), whose
 * range is within [low, high]. Exact, without sorting the whole array: one pass counts the values into
 * equal-width buckets, a second copies out only the buckets holding a wanted rank, and those (small)
 * buckets are resolved by recursion. Each level costs two linear passes; Floyd–Rivest selection costs
 * about as much per rank, and a baseline wants five ranks plus the MAD's two per series.
 * A bucket larger than SORT_LIMIT recurses with its own, narrower range, so a lone huge outlier that
 * crowds every other value into one bucket costs one more level, not a full sort.
 */
export function orderStatistics(values: Float64Array, count: number, low: number, high: number, ranks: readonly number[]): number[] {
	if (low === high) {
		return ranks.map(() => low);
	}

	if (count <= SORT_LIMIT) {
		const sorted = values.slice(0, count).sort();
		return ranks.map(rank => sorted[rank]!);
	}

	const source = {values, from: 0, to: count, count};
	const buckets = countInto(source, bucketsOver(low, high, count));
	const bucketCount = buckets.counts.length;
	const before = prefixSums(buckets.counts, new Float64Array(bucketCount + 1));
	// Each rank's bucket, and which ranks (by index) each of those buckets holds.
	const ranksIn = new Map<number, number[]>();
	ranks.forEach((rank, index) => {
		const bucket = bucketOfRank(before, bucketCount, rank);
		ranksIn.set(bucket, [...(ranksIn.get(bucket) ?? []), index]);
	});
	const valuesIn = copyOut(source, buckets, [...ranksIn.keys()]);
	const results = new Array<number>(ranks.length);
	for (const [bucket, indices] of ranksIn) {
		const inside = valuesIn(bucket);
		const found = orderStatistics(inside, inside.length, ...rangeOf(inside), indices.map(index => ranks[index]! - before[bucket]!));
		indices.forEach((resultIndex, position) => {
			results[resultIndex] = found[position]!;
		});
	}

	return results;
}

/**
 * How many of the first `length` entries of an ascending array come before `limit`: those < limit,
 * or with `orEqual` those ≤ limit. The one binary search here (time ranges and bucket ranks).
 */
function countBefore(ascending: ArrayLike<number>, length: number, limit: number, orEqual: boolean): number {
	let low = 0;
	let high = length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		const value = ascending[middle]!;
		if (value < limit || (orEqual && value === limit)) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}
