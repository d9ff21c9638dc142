import {describe, expect, it} from 'vitest';
import type {Baseline, BaselineMetric} from '../../source/analyze/baseline.js';
import {bandLabel, bandOf, compareToBaseline, compareWindow, exitStatus, judgingOf, type Deviation} from '../../source/analyze/compare.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function stats(median: number, sigma: number, sigmaKind: 'stddev' | 'robust' = 'stddev'): BaselineMetric {
	return {
		count: 100, mean: median, stddev: sigma, median, mad: sigma / 1.4826, robustSigma: sigma, p5: median, p50: median, p95: median, p99: median,
		min: median, max: median, skewness: 0, skewed: sigmaKind === 'robust', sigmaKind, sigma, firstMs: 0, lastMs: 1,
	};
}

const baseline: Pick<Baseline, 'metrics'> = {
	metrics: {
		'cpu.busy_pct|cpu': stats(10, 2),
		'cpu.idle_pct|cpu': stats(80, 2),
		'disk.await_ms|disk:vda': stats(5, 6, 'robust'),
		'memory.used_pct|memory': stats(40, 0),
		'memory.used_bytes|memory': stats(538 * MiB, 1.8 * MiB),
		'memory.available_bytes|memory': stats(18 * GiB, 10 * MiB),
		'memory.cache_bytes|memory': stats(497 * MiB, 6 * MiB),
		'memory.total_bytes|memory': stats(24 * GiB, 0),
		'system.context_switches_per_s|system': stats(1000, 10),
		'net.errors_per_s|net:eth0': stats(0, 0),
		'system.uptime_s|system': stats(1000, 10),
	},
};

function only(key: string, value: number | undefined): Deviation | undefined {
	return compareToBaseline(new Map([[key, value]]), baseline)[0];
}

describe('compareToBaseline', () => {
	it('puts exactly 2σ in the normal band and exactly 3σ in the warning band', () => {
		expect(only('cpu.busy_pct|cpu', 14)).toMatchObject({deviationSigma: 2, band: 'normal'});
		expect(only('cpu.busy_pct|cpu', 15)).toMatchObject({deviationSigma: 2.5, band: 'warning'});
		expect(only('cpu.busy_pct|cpu', 16)).toMatchObject({deviationSigma: 3, band: 'warning'});
		expect(only('cpu.busy_pct|cpu', 17)).toMatchObject({deviationSigma: 3.5, band: 'critical'});
	});

	it('compares the deviation in σ units, not the raw difference with a threshold', () => {
		// A difference of 15 ms is only 2.5σ with σ = 6, though far beyond the 5 ms practical minimum.
		expect(only('disk.await_ms|disk:vda', 20)).toMatchObject({deviationSigma: 2.5, band: 'warning', sigmaKind: 'robust', sigma: 6, median: 5});
	});

	it('leaves out metrics without a value, without a baseline, and those harmful in neither direction', () => {
		const deviations = compareToBaseline(new Map<string, number | undefined>([
			['cpu.busy_pct|cpu', undefined],
			['disk.await_ms|disk:vda', Number.NaN],
			['net.rx_bytes_per_s|net:eth0', 5],
			['system.uptime_s|system', 5000],
			['memory.cache_bytes|memory', 500 * MiB],
		]), baseline);
		expect(deviations).toEqual([]);
	});

	it('lists alarms first, then by the size of the deviation, whatever its sign', () => {
		const deviations = compareToBaseline(new Map([['cpu.busy_pct|cpu', 11], ['cpu.idle_pct|cpu', 95], ['disk.await_ms|disk:vda', 20], ['memory.used_pct|memory', 40]]), baseline);
		expect(deviations.map(deviation => [deviation.key, deviation.band])).toEqual([
			['disk.await_ms|disk:vda', 'warning'],
			['cpu.idle_pct|cpu', 'normal'],
			['cpu.busy_pct|cpu', 'normal'],
			['memory.used_pct|memory', 'normal'],
		]);
	});

	it('accepts other k', () => {
		expect(bandOf(2.5, {warningSigma: 3, criticalSigma: 4})).toBe('normal');
		expect(bandOf(-4.5, {warningSigma: 3, criticalSigma: 4})).toBe('critical');
	});
});

describe('the practical minimum', () => {
	it('does not call 554 MiB of used memory against 538 MiB an alarm on a 24 GiB machine (issue 13 item 4)', () => {
		// σ 5.4 MiB made this +3σ; the change is 0.07 % of the machine's memory.
		expect(only('memory.used_bytes|memory', 554 * MiB)).toMatchObject({band: 'normal', sigmaKind: 'floor'});
		// 2 % of 24 GiB is 491.5 MiB: beyond it (and beyond 2σ) is a warning, beyond 1.5 × it critical.
		expect(only('memory.used_bytes|memory', 538 * MiB + 500 * MiB)).toMatchObject({band: 'warning'});
		expect(only('memory.used_bytes|memory', 538 * MiB + 800 * MiB)).toMatchObject({band: 'critical'});
	});

	it('needs 2 points of a percentage however steady the baseline was', () => {
		expect(only('memory.used_pct|memory', 41.9)).toMatchObject({sigma: 1, sigmaKind: 'floor', band: 'normal'});
		expect(only('memory.used_pct|memory', 42.5)).toMatchObject({deviationSigma: 2.5, band: 'warning'});
		expect(only('memory.used_pct|memory', 43.5)).toMatchObject({band: 'critical'});
	});

	it('needs a rate to move by half its median', () => {
		expect(only('system.context_switches_per_s|system', 1400)).toMatchObject({band: 'normal', sigma: 250});
		expect(only('system.context_switches_per_s|system', 1600)).toMatchObject({band: 'warning'});
		// At least one event a second where the median is 0.
		expect(only('net.errors_per_s|net:eth0', 0.5)).toMatchObject({band: 'normal'});
		expect(only('net.errors_per_s|net:eth0', 2)).toMatchObject({band: 'critical'});
	});

	it('needs tens of connections and a disk change any disk would notice (seen on the shared machine)', () => {
		const seen = {metrics: {
			'tcp.established|tcp': stats(0, 0),
			'disk.write_bytes_per_s|disk:vda': stats(264 * 1024, 100 * 1024, 'robust'),
			'disk.read_iops|disk:vda': stats(0.5, 0.7, 'robust'),
		}};
		const judged = (key: string, value: number) => compareToBaseline(new Map([[key, value]]), seen)[0]?.band;
		expect(judged('tcp.established|tcp', 6)).toBe('normal');
		expect(judged('tcp.established|tcp', 40)).toBe('critical');
		expect(judged('disk.write_bytes_per_s|disk:vda', 2.3 * MiB)).toBe('normal');
		expect(judged('disk.write_bytes_per_s|disk:vda', 40 * MiB)).toBe('critical');
		expect(judged('disk.read_iops|disk:vda', 2)).toBe('normal');
	});

	it('uses the baseline\'s σ when it is wider than the minimum', () => {
		expect(only('cpu.busy_pct|cpu', 15)).toMatchObject({sigma: 2, sigmaKind: 'stddev'});
	});
});

describe('the harmful direction', () => {
	it('alarms on idle time and available memory only when they fall', () => {
		// Idle rising is harmless; idle falling hurts.
		expect(only('cpu.idle_pct|cpu', 95)).toMatchObject({band: 'normal', harmless: true, deviationSigma: 7.5});
		expect(only('cpu.idle_pct|cpu', 65)).toMatchObject({band: 'critical', harmless: false});
		expect(only('memory.available_bytes|memory', 20 * GiB)).toMatchObject({band: 'normal', harmless: true});
		expect(only('memory.available_bytes|memory', 16 * GiB)).toMatchObject({band: 'critical'});
	});

	it('does not alarm on fewer errors or less busy time', () => {
		expect(only('cpu.busy_pct|cpu', 2)).toMatchObject({band: 'normal', harmless: true});
		expect(only('net.errors_per_s|net:eth0', 0)).toMatchObject({band: 'normal', harmless: false});
	});

	it('leaves buff/cache out: falling or rising, it is reclaimable', () => {
		expect(only('memory.cache_bytes|memory', 480 * MiB)).toBeUndefined();
	});

	it('labels a large harmless change "harmless", an alarm by its band', () => {
		expect(bandLabel(only('cpu.busy_pct|cpu', 2)!)).toBe('harmless');
		expect(bandLabel(only('cpu.busy_pct|cpu', 30)!)).toBe('critical');
		expect(bandLabel(only('cpu.busy_pct|cpu', 11)!)).toBe('normal');
	});
});

describe('judgingOf: the one band', () => {
	it('is median ± 2σ used, clipped to what the metric can be (issue 13 item 5)', () => {
		// A robust σ of 24 would put the low edge at −38 %: a percentage cannot go below 0.
		const wide = {metrics: {'cpu.busy_pct|cpu': stats(10, 24, 'robust'), 'cpu.idle_pct|cpu': stats(90, 24, 'robust')}};
		expect(judgingOf('cpu.busy_pct|cpu', wide)?.band).toEqual({low: 0, high: 58});
		expect(judgingOf('cpu.idle_pct|cpu', wide)?.band).toEqual({low: 42, high: 100});
		expect(judgingOf('memory.used_bytes|memory', baseline)?.band.low).toBeCloseTo(538 * MiB - 0.02 * 24 * GiB);
		expect(judgingOf('no.such|series', baseline)).toBeUndefined();
	});

	it('agrees with the band the comparison gives: outside the band on the harmful side is beyond 2σ', () => {
		const {band} = judgingOf('cpu.busy_pct|cpu', baseline)!;
		expect(only('cpu.busy_pct|cpu', band.high)?.band).toBe('normal');
		expect(only('cpu.busy_pct|cpu', band.high + 0.01)?.band).toBe('warning');
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
		expect(exitStatus(of(15, 5))).toBe(1);
		expect(exitStatus(of(15, 50))).toBe(2);
		expect(exitStatus([])).toBe(3);
	});
});
