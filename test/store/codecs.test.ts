import {describe, expect, it} from 'vitest';
import {decodeTimestamps, decodeValues, encodeTimestamps, encodeValues} from '../../source/store/chunk-codec.js';
import {dequantise, quantise, stepForMetric, storedValue, UNKNOWN_STEP} from '../../source/store/quantise.js';
import {
	addToMinute, createSketch, decodeMinutes, decodeSketch, emptyMinutes, encodeMinutes, encodeSketch, mergeSketch,
} from '../../source/store/rollup-codec.js';
import {createReader, createWriter, readSigned, readVarint, writeSigned, writeVarint, written} from '../../source/store/varint.js';

describe('varint', () => {
	it('round-trips values across the 53-bit range, signed and unsigned', () => {
		const unsigned = [0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER];
		const signed = [0, -1, 1, -64, 64, -(2 ** 40), 2 ** 40, -(2 ** 51), 2 ** 51];
		const writer = createWriter(4);
		for (const value of unsigned) {
			writeVarint(writer, value);
		}

		for (const value of signed) {
			writeSigned(writer, value);
		}

		const reader = createReader(written(writer));
		expect(unsigned.map(() => readVarint(reader))).toEqual(unsigned);
		expect(signed.map(() => readSigned(reader))).toEqual(signed);
		expect(reader.offset).toBe(writer.length);
	});

	it('throws on a truncated varint instead of inventing a value', () => {
		expect(() => readVarint(createReader(Uint8Array.of(0x80, 0x80)))).toThrow(RangeError);
	});
});

describe('quantise', () => {
	it('uses the unit step from the catalogue and a finer one for unknown metrics', () => {
		expect(stepForMetric('cpu.busy_pct')).toBe(0.01);
		expect(stepForMetric('memory.used_bytes')).toBe(1);
		expect(stepForMetric('disk.read_bytes_per_s')).toBe(1);
		expect(stepForMetric('disk.await_ms')).toBe(0.01);
		expect(stepForMetric('service.latency_p95')).toBe(UNKNOWN_STEP);
	});

	it('rounds to the step and reads back the nearest decimal', () => {
		expect(quantise(12.345, 0.01)).toBe(1235);
		expect(dequantise(1235, 0.01)).toBe(12.35);
		expect(storedValue(0.07, 0.01)).toBe(0.07);
		expect(storedValue(1234.6, 1)).toBe(1235);
		expect(storedValue(-0.001, 0.01)).toBe(0);
		expect(Object.is(storedValue(-0.001, 0.01), -0)).toBe(false);
	});

	it('turns unknown and non-finite values into gaps, never 0', () => {
		expect(quantise(undefined, 0.01)).toBeNaN();
		expect(quantise(Number.NaN, 0.01)).toBeNaN();
		expect(quantise(Number.POSITIVE_INFINITY, 1)).toBeNaN();
		expect(quantise(1e300, 0.01)).toBeNaN();
		expect(quantise(2 ** 51, 1)).toBeNaN();
	});
});

describe('chunk codec', () => {
	it('round-trips timestamps with jitter and a clock step backwards', () => {
		const timestamps = [1_700_000_000_000, 1_700_000_001_003, 1_700_000_001_998, 1_700_000_000_500, 1_700_000_010_000];
		expect(decodeTimestamps(encodeTimestamps(timestamps))).toEqual(timestamps);
		expect(decodeTimestamps(encodeTimestamps([]))).toEqual([]);
	});

	it('round-trips values with gaps, negatives and a common step', () => {
		const values = Float64Array.from([Number.NaN, 4_096_000, 4_097_024, Number.NaN, 4_095_000 + 1024 * 3, -5, Number.NaN]);
		const decoded = decodeValues(encodeValues(values, values.length));
		expect([...decoded]).toEqual([...values]);
	});

	it('encodes only the first `count` values and an all-gap chunk', () => {
		const values = Float64Array.from([1, 2, 3, 99, 99]);
		expect([...decodeValues(encodeValues(values, 3))]).toEqual([1, 2, 3]);
		expect([...decodeValues(encodeValues(Float64Array.from([Number.NaN, Number.NaN]), 2))]).toEqual([Number.NaN, Number.NaN]);
	});

	it('compresses a slowly varying series to about a byte a sample or less', () => {
		const values = new Float64Array(600);
		let level = 5000;
		for (let index = 0; index < values.length; index++) {
			level += (index * 7919) % 9 - 4;
			values[index] = level;
		}

		expect(encodeValues(values, values.length).length).toBeLessThan(600);
	});
});

describe('rollup codec', () => {
	it('keeps count, min, max and sum exactly and the spread to a quarter step', () => {
		const minutes = emptyMinutes();
		for (const q of [10, 12, 14, 20]) {
			minutes[3] = addToMinute(minutes[3], q);
		}

		minutes[59] = addToMinute(undefined, -7);
		const decoded = decodeMinutes(encodeMinutes(minutes));
		expect(decoded[0]).toBeUndefined();
		expect(decoded[3]).toMatchObject({count: 4, min: 10, max: 20, sum: 56});
		const exactM2 = [10, 12, 14, 20].reduce((sum, q) => sum + (q - 14) ** 2, 0);
		expect(Math.abs(decoded[3]!.m2 - exactM2) / exactM2).toBeLessThan(0.05);
		expect(decoded[59]).toMatchObject({count: 1, min: -7, max: -7, sum: -7});
	});

	it('serialises sketches, negative values included, and merges them', () => {
		const a = createSketch();
		const b = createSketch();
		for (let index = 1; index <= 1000; index++) {
			a.accept(index);
			b.accept(-index);
			b.accept(0);
		}

		const merged = createSketch();
		mergeSketch(merged, decodeSketch(encodeSketch(a)));
		mergeSketch(merged, decodeSketch(encodeSketch(b)));
		expect(merged.count).toBe(3000);
		// Ranks: 1000 negatives, 1000 zeros, 1000 positives; p95 is the 850th positive value.
		expect(Math.abs(merged.getValueAtQuantile(0.95) / 850 - 1)).toBeLessThanOrEqual(0.01);
		expect(merged.getValueAtQuantile(0.5)).toBe(0);
		expect(Math.abs(merged.getValueAtQuantile(0.05) / -850 - 1)).toBeLessThanOrEqual(0.01);
	});
});
