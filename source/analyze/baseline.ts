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
 * Built for weeks of 1 Hz data: values go into one reused Float64Array and exact order statistics come
 * from histogram refinement (`orderStatistics`) instead of a sort.
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

class Scratch {
	values = new Float64Array(0);
	readonly stats = new Float64Array(6);

	ensure(length: number): void {
		if (this.values.length < length) {
			this.values = new Float64Array(length);
		}
	}
}

function isFiniteNumber(value: number): boolean {
	return value - value === 0;
}

// Slots of the scan's results in `Scratch.stats`: a typed array, so the doubles come back unboxed.
const MIN = 0;
const MAX = 1;
const SUM1 = 2;
const SUM2 = 3;
const SUM3 = 4;
const LAST_INDEX = 5;

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
 * One chunk of the pass over a series' range: appends the finite values of [from, to) to `kept` from
 * `keptCount`, and folds min, max, moments about `shift` and the last kept index into `stats`, which
 * carries them from chunk to chunk. Returns the new kept count.
 */
function scanChunk(values: ArrayLike<number>, from: number, to: number, shift: number, kept: Float64Array, keptCount: number, stats: Float64Array): number {
	let count = keptCount;
	let min = stats[MIN]!;
	let max = stats[MAX]!;
	// Moments about the shift in the same pass: with the shift inside the data the cancellation in
	// converting them to central moments is negligible, and a second pass is saved.
	let sum1 = stats[SUM1]!;
	let sum2 = stats[SUM2]!;
	let sum3 = stats[SUM3]!;
	let lastIndex = stats[LAST_INDEX]!;
	for (let index = from; index < to; index++) {
		const value = values[index]!;
		// False for NaN (a gap) and ±Infinity alike.
		if (value - value === 0) {
			lastIndex = index;
			kept[count++] = value;
			const difference = value - shift;
			const square = difference * difference;
			sum1 += difference;
			sum2 += square;
			sum3 += square * difference;
			if (value < min) {
				min = value;
			}

			if (value > max) {
				max = value;
			}
		}
	}

	stats[MIN] = min;
	stats[MAX] = max;
	stats[SUM1] = sum1;
	stats[SUM2] = sum2;
	stats[SUM3] = sum3;
	stats[LAST_INDEX] = lastIndex;
	return count;
}

function allIntegers(values: Float64Array, count: number): boolean {
	for (let index = 0; index < count; index++) {
		const value = values[index]!;
		if (Math.floor(value) !== value) {
			return false;
		}
	}

	return true;
}

/** The finite values of [from, to) copied into `kept`, their summary left in `stats`; returns the count. */
function scan(values: ArrayLike<number>, from: number, to: number, shift: number, kept: Float64Array, stats: Float64Array): number {
	stats[MIN] = Number.POSITIVE_INFINITY;
	stats[MAX] = Number.NEGATIVE_INFINITY;
	stats[SUM1] = 0;
	stats[SUM2] = 0;
	stats[SUM3] = 0;
	stats[LAST_INDEX] = from;
	let count = 0;
	for (let chunkStart = from; chunkStart < to; chunkStart += CHUNK) {
		count = scanChunk(values, chunkStart, Math.min(to, chunkStart + CHUNK), shift, kept, count, stats);
	}

	return count;
}

function summarise(data: SeriesData, fromMs: number, toMs: number, minSamples: number, scratch: Scratch): Summary {
	const {timestamps, values} = data;
	const length = Math.min(timestamps.length, values.length);
	// Timestamps are ascending (history and store keep them so): the range is one slice, found by bisection.
	const start = lowerBound(timestamps, length, fromMs);
	const end = upperBound(timestamps, length, toMs);
	scratch.ensure(end - start);
	const kept = scratch.values;
	// The first finite value is the shift the moments are taken about.
	let firstIndex = start;
	while (firstIndex < end && !isFiniteNumber(values[firstIndex]!)) {
		firstIndex++;
	}

	const shift = firstIndex < end ? values[firstIndex]! : 0;
	const {stats} = scratch;
	const count = scan(values, firstIndex, end, shift, kept, stats);
	const min = stats[MIN]!;
	const max = stats[MAX]!;
	const sum1 = stats[SUM1]!;
	const sum2 = stats[SUM2]!;
	const sum3 = stats[SUM3]!;
	const lastIndex = stats[LAST_INDEX]!;
	if (count < minSamples || count === 0) {
		return {kind: 'too-few', count};
	}

	const meanShift = sum1 / count;
	const mean = shift + meanShift;
	const centralSquares = Math.max(0, sum2 - sum1 * meanShift);
	const centralCubes = sum3 - 3 * meanShift * sum2 + 2 * count * meanShift ** 3;
	const stddev = count > 1 ? Math.sqrt(centralSquares / (count - 1)) : 0;
	const skewness = count > 2 && stddev > 0 ? (count * centralCubes) / ((count - 1) * (count - 2) * stddev ** 3) : 0;
	const firstMs = timestamps[firstIndex]!;
	const lastMs = timestamps[lastIndex]!;

	// Integrality only matters for a narrow range, so it is checked here rather than per value in the scan
	// (where Math.floor cost a third of the pass); on fractional data the check stops at the first fraction.
	const {p5, p50: median, p95, p99, mad} = max - min < MAX_BUCKETS && allIntegers(kept, count)
		? integerOrderSummary(kept, count, min, max)
		: orderSummary(kept, count, min, max);
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

type OrderSummary = {
	readonly p5: number;
	readonly p50: number;
	readonly p95: number;
	readonly p99: number;
	readonly mad: number;
};

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

/**
 * Exact percentiles and MAD of the first `count` entries of `values` (range [min, max]), which it may
 * reorder. Large series take three linear passes in all, sorting nothing big:
 * 1. count the values into equal-width buckets;
 * 2. from the counts alone, find the bucket of each wanted rank, and a band of buckets around the
 *    median's bucket that must hold the MAD's pair of values: buckets nearer the median than the band
 *    only hold smaller deviations, buckets beyond it only larger ones (a one-bucket margin absorbs
 *    rounding at bucket edges);
 * 3. copy out only those buckets' values; resolve each rank inside its bucket, and the MAD among the
 *    band's deviations, offset by the count of the nearer buckets.
 * Selecting the ranks with Floyd–Rivest instead measured 4–5× slower on a week of 1 Hz samples.
 */
export function orderSummary(values: Float64Array, count: number, min: number, max: number): OrderSummary {
	if (min === max) {
		return {p5: min, p50: min, p95: min, p99: min, mad: 0};
	}

	const medianRanks = ranksFor(count, [0.5]);
	const madLow = medianRanks[0]!;
	const madHigh = medianRanks.at(-1)!;
	if (count <= SORT_LIMIT) {
		const sorted = values.slice(0, count).sort();
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

	const bucketCount = Math.max(256, Math.min(MAX_BUCKETS, count >> 2));
	const last = bucketCount - 1;
	const scale = bucketCount / (max - min);
	const counts = new Uint32Array(bucketCount);
	countBuckets(values, count, min, scale, counts);
	const before = new Float64Array(bucketCount + 1);
	for (let bucket = 0; bucket < bucketCount; bucket++) {
		before[bucket + 1] = before[bucket]! + counts[bucket]!;
	}

	const countIn = (first: number, lastBucket: number): number => {
		const from = Math.max(0, first);
		const to = Math.min(last, lastBucket);
		return to < from ? 0 : before[to + 1]! - before[from]!;
	};

	const bucketOfRank = (rank: number): number => {
		// The last bucket whose preceding count is ≤ rank.
		let low = 0;
		let high = last;
		while (low < high) {
			const middle = (low + high + 1) >>> 1;
			if (before[middle]! <= rank) {
				low = middle;
			} else {
				high = middle - 1;
			}
		}

		return low;
	};

	const percentileRanks = ranksFor(count, PERCENTILES);
	const medianFirst = bucketOfRank(madLow);
	const medianLast = bucketOfRank(madHigh);
	// Whatever the exact median m in [start of medianFirst, end of medianLast], a deviation ≤ j buckets
	// can only come from buckets medianFirst − j − 1 … medianLast + j + 1, and surely comes from every
	// bucket within medianLast + 2 − j … medianFirst + j − 2.
	let nearSteps = -1;
	while (nearSteps <= bucketCount && countIn(medianFirst - nearSteps - 2, medianLast + nearSteps + 2) <= madLow) {
		nearSteps++;
	}

	let farSteps = Math.max(0, nearSteps);
	while (countIn(medianLast + 2 - farSteps, medianFirst + farSteps - 2) < madHigh + 1) {
		farSteps++;
	}

	const nearFirst = nearSteps < 0 ? 1 : medianLast + 2 - nearSteps;
	const nearLast = nearSteps < 0 ? 0 : medianFirst + nearSteps - 2;
	const nearCount = countIn(nearFirst, nearLast);
	const bandFirst = Math.max(0, medianFirst - farSteps - 1);
	const bandLast = Math.min(last, medianLast + farSteps + 1);
	const inBand = (bucket: number): boolean => bucket >= bandFirst && bucket <= bandLast && (bucket < nearFirst || bucket > nearLast);

	// Where each copied bucket's values start in `copied`; -1 for buckets not needed.
	const cursor = new Int32Array(bucketCount).fill(-1);
	const startOf = new Int32Array(bucketCount);
	let copiedCount = 0;
	const take = (bucket: number): void => {
		if (cursor[bucket] === -1) {
			startOf[bucket] = copiedCount;
			cursor[bucket] = copiedCount;
			copiedCount += counts[bucket]!;
		}
	};

	for (const rank of percentileRanks) {
		take(bucketOfRank(rank));
	}

	for (let bucket = bandFirst; bucket <= bandLast; bucket++) {
		if (inBand(bucket)) {
			take(bucket);
		}
	}

	const copied = new Float64Array(copiedCount);
	copyBuckets(values, count, min, scale, cursor, copied);

	const bucketValues = (bucket: number): Float64Array => copied.subarray(startOf[bucket]!, startOf[bucket]! + counts[bucket]!);
	const byRank = new Map<number, number>();
	for (const rank of percentileRanks) {
		const bucket = bucketOfRank(rank);
		const inside = bucketValues(bucket);
		const [value] = orderStatistics(inside, inside.length, ...rangeOf(inside), [rank - before[bucket]!]);
		byRank.set(rank, value!);
	}

	const at = (rank: number): number => byRank.get(rank)!;
	const median = interpolate(count, 0.5, at);
	let bandCount = 0;
	for (let bucket = bandFirst; bucket <= bandLast; bucket++) {
		if (inBand(bucket)) {
			bandCount += counts[bucket]!;
		}
	}

	const deviations = new Float64Array(bandCount);
	let filled = 0;
	for (let bucket = bandFirst; bucket <= bandLast; bucket++) {
		if (inBand(bucket)) {
			const inside = bucketValues(bucket);
			for (let index = 0; index < inside.length; index++) {
				const difference = inside[index]! - median;
				deviations[filled++] = difference < 0 ? -difference : difference;
			}
		}
	}

	const madRanks = [...new Set([madLow - nearCount, madHigh - nearCount])];
	const found = orderStatistics(deviations, bandCount, ...rangeOf(deviations), madRanks);
	const madAt = new Map(madRanks.map((rank, index) => [rank + nearCount, found[index]!]));
	return {
		p5: interpolate(count, 0.05, at),
		p50: median,
		p95: interpolate(count, 0.95, at),
		p99: interpolate(count, 0.99, at),
		mad: interpolate(count, 0.5, rank => madAt.get(rank)!),
	};
}

/**
 * `orderSummary` for integer values spanning fewer than MAX_BUCKETS (task counts, queue lengths,
 * connection counts): one bucket per integer, so every bucket holds a single value and the counts alone
 * give every order statistic — no values are copied, however many ties there are.
 */
export function integerOrderSummary(values: Float64Array, count: number, min: number, max: number): OrderSummary {
	const bucketCount = max - min + 1;
	const counts = new Uint32Array(bucketCount);
	// Unit-width buckets from `min`: every integer value lands in its own bucket, exactly.
	countBuckets(values, count, min, 1, counts);

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
 * Counts the first `count` values into `counts.length` equal-width buckets from `low`, the top value
 * falling into the last. Chunked for the reason given at CHUNK.
 */
function countBuckets(values: Float64Array, count: number, low: number, scale: number, counts: Uint32Array): void {
	for (let chunkStart = 0; chunkStart < count; chunkStart += CHUNK) {
		countChunk(values, chunkStart, Math.min(count, chunkStart + CHUNK), low, scale, counts);
	}
}

function countChunk(values: Float64Array, from: number, to: number, low: number, scale: number, counts: Uint32Array): void {
	const last = counts.length - 1;
	for (let index = from; index < to; index++) {
		const bucket = ((values[index]! - low) * scale) | 0;
		counts[bucket > last ? last : bucket]!++;
	}
}

/** Copies each value whose bucket has a `cursor` (≠ −1) to that position in `copied`, advancing it. */
function copyBuckets(values: Float64Array, count: number, low: number, scale: number, cursor: Int32Array, copied: Float64Array): void {
	for (let chunkStart = 0; chunkStart < count; chunkStart += CHUNK) {
		copyChunk(values, chunkStart, Math.min(count, chunkStart + CHUNK), low, scale, cursor, copied);
	}
}

function copyChunk(values: Float64Array, from: number, to: number, low: number, scale: number, cursor: Int32Array, copied: Float64Array): void {
	const last = cursor.length - 1;
	for (let index = from; index < to; index++) {
		const value = values[index]!;
		let bucket = ((value - low) * scale) | 0;
		if (bucket > last) {
			bucket = last;
		}

		const position = cursor[bucket]!;
		if (position !== -1) {
			copied[position] = value;
			cursor[bucket] = position + 1;
		}
	}
}

// Below this many values a typed-array sort is cheaper than another histogram pass.
const SORT_LIMIT = 2048;
const MAX_BUCKETS = 16_384;

/**
 * The values at the given 0-based ranks (sorted ascending, unique) of the first `count` entries of
 * `values`, whose range is within [low, high]. Exact, without sorting the whole array: one pass counts the
 * values into equal-width buckets, a second copies out only the buckets holding a wanted rank, and those
 * (small) buckets are resolved by recursion. Each level costs two linear passes; Floyd–Rivest selection
 * costs about as much per rank, and a baseline wants five ranks plus the MAD's two per series.
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

	const bucketCount = Math.max(256, Math.min(MAX_BUCKETS, count >> 2));
	const scale = bucketCount / (high - low);
	const last = bucketCount - 1;
	const counts = new Uint32Array(bucketCount);
	countBuckets(values, count, low, scale, counts);

	// Find each rank's bucket and its rank inside that bucket.
	const slotOfBucket = new Int32Array(bucketCount).fill(-1);
	const slotBuckets: number[] = [];
	const wanted: Array<{slot: number; rankInBucket: number}> = [];
	let bucket = 0;
	let before = 0;
	for (const rank of ranks) {
		while (before + counts[bucket]! <= rank) {
			before += counts[bucket]!;
			bucket++;
		}

		if (slotOfBucket[bucket] === -1) {
			slotOfBucket[bucket] = slotBuckets.length;
			slotBuckets.push(bucket);
		}

		wanted.push({slot: slotOfBucket[bucket]!, rankInBucket: rank - before});
	}

	const slots = slotBuckets.map(index => new Float64Array(counts[index]!));
	const filled = new Uint32Array(slots.length);
	for (let index = 0; index < count; index++) {
		const value = values[index]!;
		let valueBucket = ((value - low) * scale) | 0;
		if (valueBucket > last) {
			valueBucket = last;
		}

		const slot = slotOfBucket[valueBucket]!;
		if (slot !== -1) {
			slots[slot]![filled[slot]!++] = value;
		}
	}

	const results = new Array<number>(ranks.length);
	slots.forEach((slotValues, slot) => {
		const indices: number[] = [];
		const slotRanks: number[] = [];
		wanted.forEach((entry, index) => {
			if (entry.slot === slot) {
				indices.push(index);
				slotRanks.push(entry.rankInBucket);
			}
		});
		const found = orderStatistics(slotValues, slotValues.length, ...rangeOf(slotValues), slotRanks);
		indices.forEach((resultIndex, position) => {
			results[resultIndex] = found[position]!;
		});
	});
	return results;
}

/** First index whose timestamp is ≥ `limit`. */
function lowerBound(timestamps: ArrayLike<number>, length: number, limit: number): number {
	let low = 0;
	let high = length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (timestamps[middle]! < limit) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}

/** First index whose timestamp is > `limit`. */
function upperBound(timestamps: ArrayLike<number>, length: number, limit: number): number {
	let low = 0;
	let high = length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (timestamps[middle]! <= limit) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}
