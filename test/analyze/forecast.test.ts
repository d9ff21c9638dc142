import {describe, expect, it} from 'vitest';
import {forecastFilesystem, growthPerHour, leakSuspects, type ProcessRssSeries} from '../../source/analyze/forecast.js';
import {seededRandom} from '../helpers/seeded-random.js';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** Centred noise in [-0.5, 0.5). */
function noise(seed: number): () => number {
	const next = seededRandom(seed);
	return () => next() - 0.5;
}

describe('forecastFilesystem', () => {
	it('predicts when a filling disk is full, within 1 % of the truth', () => {
		// 2 %/day from 60 %, sampled every 10 minutes for 3 days, with ±0.2 % noise: full 20 days after the start.
		const next = noise(1);
		const timestamps = Array.from({length: 432}, (_, index) => 1_700_000_000_000 + index * 600_000);
		const used = timestamps.map(ms => 60 + (2 * (ms - timestamps[0]!)) / dayMs + 0.4 * next());
		const forecast = forecastFilesystem(timestamps, used);
		const trueDays = (timestamps[0]! + 20 * dayMs - timestamps.at(-1)!) / dayMs;
		expect(forecast.status).toBe('growing');
		expect(forecast.slopePctPerDay).toBeCloseTo(2, 1);
		expect(Math.abs(forecast.daysUntilFull! - trueDays) / trueDays).toBeLessThan(0.01);
		expect(forecast.r2).toBeGreaterThan(0.95);
		expect(forecast.points).toBe(432);
	});

	it('calls a flat filesystem not growing', () => {
		const timestamps = Array.from({length: 100}, (_, index) => index * 60_000);
		const forecast = forecastFilesystem(timestamps, timestamps.map(() => 42));
		expect(forecast).toMatchObject({status: 'not growing', daysUntilFull: undefined, slopePctPerDay: 0, r2: undefined, usedPct: 42});
	});

	it('calls a filesystem that empties shrinking', () => {
		const timestamps = Array.from({length: 100}, (_, index) => index * 60_000);
		expect(forecastFilesystem(timestamps, timestamps.map(ms => 80 - ms / hourMs)).status).toBe('shrinking');
	});

	it('needs enough points over enough time, ignoring gaps', () => {
		expect(forecastFilesystem([0, 1, 2], [1, 2, 3]).status).toBe('too little data');
		const shortSpan = Array.from({length: 60}, (_, index) => index * 1000);
		expect(forecastFilesystem(shortSpan, shortSpan.map(ms => ms)).status).toBe('too little data');
		const timestamps = Array.from({length: 20}, (_, index) => index * 600_000);
		const gappy = timestamps.map((_, index) => (index % 2 === 0 ? Number.NaN : 50));
		expect(forecastFilesystem(timestamps, gappy)).toMatchObject({status: 'not growing', points: 10});
	});
});

describe('growthPerHour', () => {
	it('fits growth per hour', () => {
		const timestamps = Array.from({length: 60}, (_, index) => index * 60_000);
		const fit = growthPerHour(timestamps, timestamps.map(ms => 1e9 + (ms / hourMs) * 50e6));
		expect(fit!.slopePerHour).toBeCloseTo(50e6, 0);
		expect(fit!.r2).toBeCloseTo(1, 9);
		expect(growthPerHour([0, 1], [1, 2])).toBeUndefined();
	});
});

describe('leakSuspects', () => {
	const timestamps = Array.from({length: 120}, (_, index) => index * 60_000);
	const next = noise(9);
	const processes = new Map<string, ProcessRssSeries>([
		['3301', {name: 'java', pid: 3301, timestamps, rss: timestamps.map(ms => 500e6 + (ms / hourMs) * 180e6 + 2e6 * next())}],
		['812', {name: 'postgres', pid: 812, timestamps, rss: timestamps.map(() => 300e6 + 40e6 * next())}],
		['77', {name: 'cache', pid: 77, timestamps, rss: timestamps.map(ms => (ms < hourMs ? 100e6 : 400e6) + 30e6 * next())}],
		['5', {name: 'slow', pid: 5, timestamps, rss: timestamps.map(ms => 100e6 + (ms / hourMs) * 1e6)}],
		['6', {name: 'brief', pid: 6, timestamps: timestamps.slice(0, 5), rss: [1e6, 2e8, 4e8, 6e8, 8e8]}],
	]);

	it('finds the steadily growing process with its slope in bytes per hour', () => {
		const suspects = leakSuspects(processes);
		expect(suspects.map(suspect => suspect.name)).toEqual(['java']);
		expect(suspects[0]!.slopeBytesPerHour / 180e6).toBeCloseTo(1, 2);
		expect(suspects[0]).toMatchObject({pid: 3301, key: '3301', points: 120});
		expect(suspects[0]!.r2).toBeGreaterThan(0.8);
	});

	it('does not flag noisy flat memory, a one-off jump, slow growth or too few points', () => {
		const names = leakSuspects(processes).map(suspect => suspect.name);
		expect(names).not.toContain('postgres');
		expect(names).not.toContain('cache');
		expect(names).not.toContain('slow');
		expect(names).not.toContain('brief');
		expect(leakSuspects(processes, {minSlopeBytesPerHour: 0.5e6}).map(suspect => suspect.name)).toEqual(['java', 'slow']);
	});
});
