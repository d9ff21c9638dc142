import {DDSketch} from '@datadog/sketches-js';
import {pack, unpack} from './chunk-codec.js';
import {createReader, createWriter, readSigned, readVarint, writeSigned, writeVarint} from './varint.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** DDSketch relative accuracy: any quantile read from the sketches is within 1 % of a true sample value. */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

/**
 * One minute of one series, in quantised steps (integers) so it packs like the raw data.
 * `m2` is the sum of squared deviations from the mean (Welford), in steps².
 */
export type MinuteStats = {
	count: number;
	min: number;
	max: number;
	sum: number;
	m2: number;
};

export function emptyMinutes(): Array<MinuteStats | undefined> {
	return Array.from({length: 60}, () => undefined);
}

export function addToMinute(stats: MinuteStats | undefined, q: number): MinuteStats {
	if (stats === undefined) {
		return {count: 1, min: q, max: q, sum: q, m2: 0};
	}

	const previousMean = stats.sum / stats.count;
	stats.count += 1;
	stats.sum += q;
	stats.m2 += (q - previousMean) * (q - stats.sum / stats.count);
	if (q < stats.min) {
		stats.min = q;
	}

	if (q > stats.max) {
		stats.max = q;
	}

	return stats;
}

// The spread is kept as a standard deviation in quarter steps: the sum of squares itself
// needs up to 2^64 for byte counters, and nobody reads a minute's spread to a quarter step.
const SPREAD_RESOLUTION = 4;

/** Per slot: count (0 = no data), then min, max − min, sum − count·min and the spread. */
export function encodeMinutes(minutes: ReadonlyArray<MinuteStats | undefined>): Buffer {
	const writer = createWriter(60 * 8);
	for (const stats of minutes) {
		if (stats === undefined) {
			writeVarint(writer, 0);
			continue;
		}

		writeVarint(writer, stats.count);
		writeSigned(writer, stats.min);
		writeVarint(writer, stats.max - stats.min);
		writeVarint(writer, stats.sum - stats.count * stats.min);
		writeVarint(writer, Math.round(Math.sqrt(Math.max(0, stats.m2) / stats.count) * SPREAD_RESOLUTION));
	}

	// Rewritten on every flush of the hour: left uncompressed (about 0.1 byte per raw sample).
	return pack(writer, {compress: false});
}

export function decodeMinutes(blob: Uint8Array): Array<MinuteStats | undefined> {
	const reader = createReader(unpack(blob));
	const minutes = emptyMinutes();
	for (let slot = 0; slot < 60; slot++) {
		const count = readVarint(reader);
		if (count === 0) {
			continue;
		}

		const min = readSigned(reader);
		const max = min + readVarint(reader);
		const sum = readVarint(reader) + count * min;
		const spread = readVarint(reader) / SPREAD_RESOLUTION;
		minutes[slot] = {count, min, max, sum, m2: spread * spread * count};
	}

	return minutes;
}

export function createSketch(): DDSketch {
	return new DDSketch({relativeAccuracy: SKETCH_RELATIVE_ACCURACY});
}

type Bins = DDSketch['store'];

function copyBins(from: Bins, into: Bins): void {
	for (const [index, count] of from.bins.entries()) {
		if (count > 0) {
			into.add(index + from.offset, count);
		}
	}
}

/**
 * Merges `from` into `into`. Written here rather than with `DDSketch.merge`, which in
 * @datadog/sketches-js 2.1.1 skips the negative store.
 */
export function mergeSketch(into: DDSketch, from: DDSketch): void {
	copyBins(from.store, into.store);
	copyBins(from.negativeStore, into.negativeStore);
	into.zeroCount += from.zeroCount;
	into.count += from.count;
	into.sum += from.sum;
	into.min = Math.min(into.min, from.min);
	into.max = Math.max(into.max, from.max);
}

function writeBins(writer: ReturnType<typeof createWriter>, store: Bins): void {
	if (store.count === 0) {
		writeVarint(writer, 0);
		return;
	}

	let first = store.bins.findIndex(count => count > 0);
	let last = store.bins.length - 1;
	while (last > first && !(store.bins[last]! > 0)) {
		last--;
	}

	if (first === -1) {
		first = 0;
		last = -1;
	}

	writeVarint(writer, last - first + 1);
	writeSigned(writer, first + store.offset);
	for (let index = first; index <= last; index++) {
		writeVarint(writer, store.bins[index] ?? 0);
	}
}

function readBins(reader: ReturnType<typeof createReader>, store: Bins): number {
	const length = readVarint(reader);
	if (length === 0) {
		return 0;
	}

	const firstKey = readSigned(reader);
	let total = 0;
	for (let index = 0; index < length; index++) {
		const count = readVarint(reader);
		if (count > 0) {
			store.add(firstKey + index, count);
			total += count;
		}
	}

	return total;
}

/**
 * Compact form: zero count, then each store as a dense run of varint bin counts. The package's
 * protobuf form writes every bin as an 8-byte double, ~10× larger for wide-ranging byte rates.
 * Min, max and sum are not kept: quantiles need only the bins.
 */
export function encodeSketch(sketch: DDSketch): Buffer {
	const writer = createWriter(256);
	writeVarint(writer, sketch.zeroCount);
	writeBins(writer, sketch.store);
	writeBins(writer, sketch.negativeStore);
	return pack(writer, {compress: false});
}

export function decodeSketch(blob: Uint8Array): DDSketch {
	const reader = createReader(unpack(blob));
	const sketch = createSketch();
	sketch.zeroCount = readVarint(reader);
	const positive = readBins(reader, sketch.store);
	const negative = readBins(reader, sketch.negativeStore);
	sketch.count = sketch.zeroCount + positive + negative;
	return sketch;
}
