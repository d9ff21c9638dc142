import {describe, expect, it} from 'vitest';
import type {Baseline, BaselineMetric} from '../../source/analyze/baseline.js';
import {bandOf, compareToBaseline, compareWindow, exitStatus, sigmaFloor, type Deviation} from '../../source/analyze/compare.js';

function stats(median: number, sigma: number, sigmaKind: 'stddev' | 'robust' = 'stddev'): BaselineMetric {
	return {
		count: 100, mean: median, stddev: sigma, median, mad: sigma / 1.4826, robustSigma: sigma, p5: median, p50: median, p95: median, p99: median,
		min: median, max: median, skewness: 0, skewed: sigmaKind === 'robust', sigmaKind, sigma, firstMs: 0, lastMs: 1,
	};
}

const baseline: Pick<Baseline, 'metrics'> = {
	metrics: {
		'cpu.busy_pct|cpu': stats(10, 1),
		'disk.await_ms|disk:vda': stats(5, 2, 'robust'),
		'memory.used_pct|memory': stats(40, 0),
		'system.uptime_s|system': stats(1000, 10),
	},
};

function only(key: string, value: number | undefined): Deviation | undefined {
	return compareToBaseline(new Map([[key, value]]), baseline)[0];
}

describe('compareToBaseline', () => {
	it('puts exactly 2σ in the normal band and exactly 3σ in the warning band', () => {
		expect(only('cpu.busy_pct|cpu', 12)).toMatchObject({deviationSigma: 2, band: 'normal'});
		expect(only('cpu.busy_pct|cpu', 12.5)).toMatchObject({deviationSigma: 2.5, band: 'warning'});
		expect(only('cpu.busy_pct|cpu', 13)).toMatchObject({deviationSigma: 3, band: 'warning'});
		expect(only('cpu.busy_pct|cpu', 13.5)).toMatchObject({deviationSigma: 3.5, band: 'critical'});
	});

	it('keeps the sign for values below the median and bands them by magnitude', () => {
		expect(only('cpu.busy_pct|cpu', 6.5)).toMatchObject({deviationSigma: -3.5, band: 'critical'});
		expect(only('cpu.busy_pct|cpu', 7.5)).toMatchObject({deviationSigma: -2.5, band: 'warning'});
	});

	it('compares the deviation in σ units, not the raw difference with a threshold', () => {
		// A difference of 5 is only 2.5σ with σ = 2, but would exceed a fixed threshold of 3.
		expect(only('disk.await_ms|disk:vda', 10)).toMatchObject({deviationSigma: 2.5, band: 'warning', sigmaKind: 'robust', sigma: 2, median: 5});
	});

	it('uses the unit floor for a metric that was constant, so a tiny change is not an anomaly', () => {
		expect(sigmaFloor('memory.used_pct', 40)).toBe(0.5);
		expect(only('memory.used_pct|memory', 40.1)).toMatchObject({sigma: 0.5, sigmaKind: 'floor', band: 'normal'});
		expect(only('memory.used_pct|memory', 42)).toMatchObject({deviationSigma: 4, band: 'critical'});
		expect(only('memory.used_pct|memory', 40)).toMatchObject({deviationSigma: 0, band: 'normal'});
	});

	it('scales the floor with the median', () => {
		expect(sigmaFloor('memory.used_bytes', 8e9)).toBe(8e7);
		expect(sigmaFloor('memory.used_bytes', 1e6)).toBe(1024 * 1024);
		expect(sigmaFloor('not.in.catalogue', 0)).toBeGreaterThan(0);
	});

	it('leaves out metrics without a value, without a baseline, and uptime', () => {
		const deviations = compareToBaseline(new Map<string, number | undefined>([
			['cpu.busy_pct|cpu', undefined],
			['disk.await_ms|disk:vda', Number.NaN],
			['net.rx_bytes_per_s|net:eth0', 5],
			['system.uptime_s|system', 5000],
		]), baseline);
		expect(deviations).toEqual([]);
	});

	it('sorts by the size of the deviation, whatever its sign', () => {
		const deviations = compareToBaseline(new Map([['cpu.busy_pct|cpu', 11], ['disk.await_ms|disk:vda', -3], ['memory.used_pct|memory', 41]]), baseline);
		expect(deviations.map(deviation => deviation.key)).toEqual(['disk.await_ms|disk:vda', 'memory.used_pct|memory', 'cpu.busy_pct|cpu']);
		expect(deviations[0]).toMatchObject({id: 'disk.await_ms', resource: 'disk:vda', value: -3, deviationSigma: -4});
	});

	it('accepts other k', () => {
		expect(bandOf(2.5, {warningSigma: 3, criticalSigma: 4})).toBe('normal');
		expect(bandOf(-4.5, {warningSigma: 3, criticalSigma: 4})).toBe('critical');
	});
});

describe('compareWindow', () => {
	it('compares the window median, so one spike does not decide', () => {
		const deviations = compareWindow(new Map([['cpu.busy_pct|cpu', [10, 10.5, 95, Number.NaN, 9.5]], ['disk.await_ms|disk:vda', [Number.NaN]]]), baseline);
		expect(deviations).toHaveLength(1);
		expect(deviations[0]).toMatchObject({key: 'cpu.busy_pct|cpu', value: 10.25, band: 'normal'});
	});
});

describe('exitStatus', () => {
	const of = (...values: number[]) => compareToBaseline(new Map(values.map((value, index) => [['cpu.busy_pct|cpu', 'disk.await_ms|disk:vda'][index]!, value])), baseline);
	it('follows the monitoring-plugin convention', () => {
		expect(exitStatus(of(10, 5))).toBe(0);
		expect(exitStatus(of(12.5, 5))).toBe(1);
		expect(exitStatus(of(12.5, 50))).toBe(2);
		expect(exitStatus([])).toBe(3);
	});
});
