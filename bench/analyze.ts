import {analyzeTick} from '../source/analyze/analyze.js';
import {buildBaseline, type SeriesData} from '../source/analyze/baseline.js';
import {compareToBaseline} from '../source/analyze/compare.js';
import {defaultThresholds} from '../source/analyze/severity.js';
import {emptyMemory} from '../source/analyze/sustain.js';
import {catalogue} from '../source/metrics/catalogue.js';
import type {MetricValue, ProcessSample, ResourceKind, Sample} from '../source/metrics/types.js';
import {seriesKey} from '../source/metrics/types.js';
import {atMost, type Benchmark} from './types.js';
import {seededRandom} from '../test/helpers/seeded-random.js';

// Analysis cost: building a baseline over a week of 1 Hz history, and the per-tick USE analysis plus
// baseline comparison the engine runs every second.

const weekSeconds = 7 * 86_400;
const seriesCount = 60;
const startMs = Date.UTC(2024, 0, 1);

/**
 * A week of values shaped like the store returns them: percentages and milliseconds quantised to
 * 0.01, bytes as integers, small integer counts, long-tailed rates, a daily cycle, and NaN gaps.
 */
function weekOfSeries(): Map<string, SeriesData> {
	const timestamps = new Float64Array(weekSeconds);
	for (let index = 0; index < weekSeconds; index++) {
		timestamps[index] = startMs + index * 1000;
	}

	const next = seededRandom(42);
	const shapes: Array<(second: number) => number> = [
		second => Math.round((35 + 20 * Math.sin((2 * Math.PI * second) / 86_400) + 10 * (next() - 0.5)) * 100) / 100,
		() => Math.round(-Math.log(1 - next()) * 300) / 100,
		() => Math.round(4e9 + 2e8 * (next() + next() - 1)),
		() => Math.floor(-Math.log(1 - next()) * 1.5),
		() => -Math.log(1 - next()) * 2e6,
		second => Math.round((50 + second / 60_480 + next()) * 100) / 100,
	];
	const series = new Map<string, SeriesData>();
	for (let index = 0; index < seriesCount; index++) {
		const shape = shapes[index % shapes.length]!;
		const values = new Float64Array(weekSeconds);
		for (let second = 0; second < weekSeconds; second++) {
			// About one tick in 500 missed.
			values[second] = next() < 0.002 ? Number.NaN : shape(second);
		}

		series.set(`bench.metric_${index}|resource`, {timestamps, values});
	}

	return series;
}

const resourcesByKind: Readonly<Record<ResourceKind, readonly string[]>> = {
	cpu: ['cpu'],
	memory: ['memory'],
	io: ['io'],
	disk: ['disk:vda', 'disk:vdb'],
	fs: ['fs:/', 'fs:/var'],
	net: ['net:eth0', 'net:lo'],
	tcp: ['tcp'],
	system: ['system'],
	service: [],
	process: [],
	cgroup: [],
};

/** One busy tick: every catalogue metric for every resource, plus 30 processes. */
function busySample(): Sample {
	const next = seededRandom(7);
	const metrics: MetricValue[] = [];
	for (const definition of catalogue) {
		const resources = definition.id.startsWith('cpu.core_') ? ['cpu:0', 'cpu:1'] : resourcesByKind[definition.resourceKind];
		for (const resource of resources) {
			metrics.push({id: definition.id, resource, value: definition.unit === 'percent' ? 100 * next() : 1000 * next()});
		}
	}

	const processes: ProcessSample[] = Array.from({length: 30}, (_, index) => {
		const cpuPct = 100 * next();
		const rssBytes = Math.round(1e9 * next());
		const readBytesPerSec = 1e6 * next();
		const writeBytesPerSec = 1e6 * next();
		return {
			pid: 1000 + index,
			name: `worker-${index}`,
			command: `worker-${index} --serve`,
			user: 'app',
			state: 'S',
			cpuPct,
			rssBytes,
			readBytesPerSec,
			writeBytesPerSec,
			ioBytesPerSec: readBytesPerSec + writeBytesPerSec,
			threads: 4,
		};
	});
	return {timestamp: startMs, intervalMs: 1000, metrics, processes, unavailable: []};
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((left, right) => left - right);
	return sorted[Math.floor(sorted.length / 2)]!;
}

export const benchmarks: Benchmark[] = [
	{
		name: 'analyze.baseline_7d_ms',
		async run() {
			const series = weekOfSeries();
			const options = {createdAt: startMs + weekSeconds * 1000, fromMs: startMs, toMs: startMs + weekSeconds * 1000};
			// Two warm-up builds let the JIT settle (the first timed build after one still ran slow); the figure
			// is the median of five, so a build or two slowed by other processes on the machine do not move it.
			for (let run = 0; run < 2; run++) {
				buildBaseline('warm-up', series, options);
			}

			const times: number[] = [];
			for (let run = 0; run < 5; run++) {
				const start = performance.now();
				buildBaseline('bench', series, options);
				times.push(performance.now() - start);
			}

			return [atMost('analyze.baseline_7d_ms', median(times), 'ms', 250)];
		},
	},
	{
		name: 'analyze.tick_us',
		async run() {
			const sample = busySample();
			// A baseline with every series of the sample, built from a few minutes of jittered copies.
			const history = new Map<string, SeriesData>();
			const next = seededRandom(3);
			const timestamps = Array.from({length: 300}, (_, index) => startMs - (300 - index) * 1000);
			for (const metric of sample.metrics) {
				history.set(seriesKey(metric.id, metric.resource), {timestamps, values: timestamps.map(() => (metric.value ?? 0) * (0.8 + 0.4 * next()))});
			}

			const baseline = buildBaseline('tick', history, {createdAt: startMs, fromMs: timestamps[0]!, toMs: startMs});
			// As the engine judges a tick: with the memory of the ticks before (run queue, kind-of-work rates, floors).
			let memory = emptyMemory;
			const tick = (): number => {
				const judged = analyzeTick(sample, defaultThresholds, memory);
				memory = judged.memory;
				const {analysis} = judged;
				const current = new Map(sample.metrics.map(metric => [seriesKey(metric.id, metric.resource), metric.value]));
				return analysis.assessments.length + compareToBaseline(current, baseline).length;
			};

			for (let index = 0; index < 2000; index++) {
				tick();
			}

			const ticks = 5000;
			const start = performance.now();
			for (let index = 0; index < ticks; index++) {
				tick();
			}

			return [atMost('analyze.tick_us', ((performance.now() - start) * 1000) / ticks, 'µs', 200)];
		},
	},
];
