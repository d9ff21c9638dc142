import {describe, expect, it} from 'vitest';
import {coMovingSignals, signalText} from '../../source/analyze/episode-signals.js';
import type {Episode} from '../../source/analyze/episodes.js';
import {seededRandom} from '../helpers/seeded-random.js';

const startMs = Date.UTC(2026, 11, 7, 3, 0, 0);
const at = (second: number) => startMs + second * 1000;

/** An hour: vda busy from minute 20 to 35 (rising and falling at the edges), with series planted beside it. */
function hour() {
	const noise = seededRandom(5);
	const seconds = 3600;
	const util = Float64Array.from({length: seconds}, (_, second) => (second >= 1200 && second < 2100 ? 90 + 8 * noise() : 15 + 10 * noise()));
	const series = new Map<string, Float64Array>([
		['disk.util_pct|disk:vda', util],
		// Planted: major faults follow the disk, with noise of their own.
		['memory.major_faults_per_s|memory', Float64Array.from(util, value => value * 5 + 60 * noise())],
		// Planted against it: CPU idle falls while the disk is busy.
		['cpu.idle_pct|cpu', Float64Array.from(util, value => 100 - value * 0.8 - 5 * noise())],
		// Unrelated noise, a clock, and the disk's own other figures.
		['net.rx_bytes_per_s|net:eth0', Float64Array.from({length: seconds}, () => 1e5 * noise())],
		['system.uptime_s|system', Float64Array.from({length: seconds}, (_, second) => 1e5 + second)],
		['disk.write_bytes_per_s|disk:vda', Float64Array.from(util, value => value * 1e6)],
	]);
	return {timestamps: Float64Array.from({length: seconds}, (_, second) => at(second)), series};
}

const vda: Episode = {resource: 'disk:vda', kind: 'disk', startMs: at(1200), endMs: at(2099), durationMs: 900_000, ongoing: false, peak: {atMs: at(1500), severity: 'HIGH', score: 3, metric: 'disk.util_pct', value: 98}};

describe('coMovingSignals', () => {
	it('finds the planted correlations with their sign, and leaves out noise, a clock and the disk\'s own series', () => {
		const signals = coMovingSignals(vda, hour());
		expect(signals.map(signal => signal.key).sort()).toEqual(['cpu.idle_pct|cpu', 'memory.major_faults_per_s|memory']);
		const faults = signals.find(signal => signal.key === 'memory.major_faults_per_s|memory')!;
		expect(faults.rho).toBeGreaterThan(0.8);
		expect(signals.find(signal => signal.key === 'cpu.idle_pct|cpu')!.rho).toBeLessThan(-0.8);
		expect(signalText(faults)).toMatch(/^memory major faults rose with it \(ρ = 0\.\d\d\)$/);
		expect(faults.points).toBeLessThanOrEqual(120);
	});

	it('has nothing to say without the bottleneck\'s series or with too few points', () => {
		expect(coMovingSignals({...vda, peak: {...vda.peak, metric: undefined}}, hour())).toEqual([]);
		const short = hour();
		const few = {timestamps: short.timestamps.slice(0, 5), series: new Map([...short.series].map(([key, values]) => [key, values.slice(0, 5)]))};
		expect(coMovingSignals({...vda, startMs: at(0), endMs: at(4)}, few, {marginMs: 0})).toEqual([]);
	});
});
