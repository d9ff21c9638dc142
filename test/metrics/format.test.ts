import {describe, expect, it} from 'vitest';
import {
	formatBytes,
	formatBytesPerSec,
	formatCount,
	formatDuration,
	formatMs,
	formatPercent,
	formatRate,
	formatRatio,
	formatValue,
	unknownText,
} from '../../source/metrics/format.js';
import type {Unit} from '../../source/metrics/types.js';

const units: readonly Unit[] = ['percent', 'bytes', 'bytes_per_second', 'per_second', 'milliseconds', 'count', 'ratio', 'seconds'];

describe('unknown values', () => {
	it.each(units.flatMap(unit => [undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map(value => [unit, value] as const)))(
		'%s of %s is —',
		(unit, value) => {
			expect(formatValue(value, unit)).toBe(unknownText);
		},
	);

	it('prints zero as a figure, not as unknown', () => {
		for (const unit of units) {
			expect(formatValue(0, unit)).not.toBe(unknownText);
			expect(formatValue(0, unit)).toMatch(/^0/);
		}
	});

	it('keeps every plausible figure short enough for a panel column', () => {
		const small = [0, 0.004, 0.5, 3.14159, 9.96, 99.5, 999.5];
		const plausible: Record<Unit, readonly number[]> = {
			percent: [...small, 100, 400],
			bytes: [...small, 1023, 1024, 123_456, 98_765_432, 5.4e12, 3.7e15],
			bytes_per_second: [...small, 1023, 123_456, 1.25e9, 5e10],
			per_second: [...small, 1023, 123_456, 98_765_432],
			count: [...small, 1023, 123_456, 98_765_432],
			ratio: [...small, 1023, 123_456],
			milliseconds: [...small, 12_345, 86_400_000],
			seconds: [...small, 12_345, 10 * 365 * 86_400],
		};
		for (const unit of units) {
			for (const value of plausible[unit]) {
				expect(formatValue(value, unit).length, `${value} ${unit}`).toBeLessThanOrEqual(10);
			}
		}
	});
});

describe('formatBytes (1024-based, as free and htop)', () => {
	it.each([
		[0, '0 B'],
		[1, '1 B'],
		[0.5, '0.5 B'],
		[512, '512 B'],
		[999, '999 B'],
		[1000, '0.98 KiB'],
		[1024, '1.0 KiB'],
		[1536, '1.5 KiB'],
		[10_240, '10 KiB'],
		[1_048_576, '1.0 MiB'],
		[12 * 1_048_576, '12 MiB'],
		[1.5 * 2 ** 30, '1.5 GiB'],
		[2 ** 40 * 3, '3.0 TiB'],
		[2 ** 60 * 2, '2.0 EiB'],
		[-2048, '-2.0 KiB'],
	])('%d → %s', (bytes, expected) => {
		expect(formatBytes(bytes)).toBe(expected);
	});

	it('does not crash past the largest unit', () => {
		expect(formatBytes(1e30)).toMatch(/ EiB$/);
	});

	it('adds /s for throughput', () => {
		expect(formatBytesPerSec(1.5 * 1_048_576)).toBe('1.5 MiB/s');
		expect(formatBytesPerSec(0)).toBe('0 B/s');
		expect(formatBytesPerSec(undefined)).toBe('—');
	});
});

describe('formatPercent', () => {
	it.each([
		[0, '0.0%'],
		[0.04, '0.0%'],
		[5.25, '5.3%'],
		[9.94, '9.9%'],
		[9.96, '10%'],
		[10, '10%'],
		[97.4, '97%'],
		[100, '100%'],
		[1234, '1234%'],
		[-3, '-3.0%'],
	])('%d → %s', (percent, expected) => {
		expect(formatPercent(percent)).toBe(expected);
	});
});

describe('formatCount and formatRate (decimal SI prefixes)', () => {
	it.each([
		[0, '0'],
		[7, '7'],
		[0.5, '0.5'],
		[12.3, '12'],
		[999, '999'],
		[999.6, '1.0k'],
		[1234, '1.2k'],
		[123_456, '123k'],
		[35e6, '35M'],
		[-5, '-5'],
	])('count %d → %s', (count, expected) => {
		expect(formatCount(count)).toBe(expected);
	});

	it.each([
		[0, '0/s'],
		[0.5, '0.5/s'],
		[12, '12/s'],
		[1200, '1.2k/s'],
		[35_000, '35k/s'],
	])('rate %d → %s', (perSecond, expected) => {
		expect(formatRate(perSecond)).toBe(expected);
	});
});

describe('formatRatio', () => {
	it.each([
		[0, '0.00'],
		[0.5, '0.50'],
		[1.375, '1.38'],
		[9.999, '10'],
		[12.34, '12'],
		[12_345, '12k'],
	])('%d → %s', (ratio, expected) => {
		expect(formatRatio(ratio)).toBe(expected);
	});
});

describe('formatMs', () => {
	it.each([
		[0, '0 ms'],
		[0.08, '0.08 ms'],
		[0.42, '0.42 ms'],
		[5, '5.0 ms'],
		[45.6, '46 ms'],
		[999.4, '999 ms'],
		[999.6, '1.0 s'],
		[1234, '1.2 s'],
		[59_400, '59 s'],
		[125_000, '2m 5s'],
	])('%d → %s', (milliseconds, expected) => {
		expect(formatMs(milliseconds)).toBe(expected);
	});
});

describe('formatDuration', () => {
	it.each([
		[0, '0s'],
		[0.5, '0.5s'],
		[1, '1s'],
		[45, '45s'],
		[59.6, '1m'],
		[725, '12m 5s'],
		[3600, '1h'],
		[11_040, '3h 4m'],
		[86_400, '1d'],
		[273_600, '3d 4h'],
		[412 * 86_400, '412d'],
		[-30, '-30s'],
	])('%d s → %s', (seconds, expected) => {
		expect(formatDuration(seconds)).toBe(expected);
	});
});

describe('formatValue dispatches on the unit', () => {
	it.each([
		['percent', 42, '42%'],
		['bytes', 2048, '2.0 KiB'],
		['bytes_per_second', 2048, '2.0 KiB/s'],
		['per_second', 2500, '2.5k/s'],
		['milliseconds', 5, '5.0 ms'],
		['count', 3, '3'],
		['ratio', 0.25, '0.25'],
		['seconds', 90, '1m 30s'],
	] as const)('%s', (unit, value, expected) => {
		expect(formatValue(value, unit)).toBe(expected);
	});
});
