import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {MetricId, MetricValue, Sample} from '../source/metrics/types.js';
import {openStore} from '../source/store/open-store.js';
import {storedValue, stepForMetric} from '../source/store/quantise.js';
import {atMost, type Benchmark, type BenchResult} from './types.js';
import {seededRandom} from '../test/helpers/seeded-random.js';

const START_MS = Date.UTC(2024, 0, 1);
const DAY_TICKS = 86_400;

type SeriesModel = {id: MetricId; resource: string; next: (tick: number) => number | undefined};

/**
 * 60 series shaped like a real host's: noisy CPU percentages that wander, byte gauges that move in
 * 4 KiB pages, bursty disk and network rates (sectors of 512 bytes), per-second counters with
 * Poisson-like noise, and saturation/error metrics that are zero except for rare spikes.
 */
function hostModel(seed: number): SeriesModel[] {
	const next = seededRandom(seed);
	const walk = (start: number, stepSize: number, min: number, max: number) => {
		let level = start;
		return () => {
			level = Math.min(max, Math.max(min, level + (next() - 0.5) * stepSize));
			return level;
		};
	};

	const models: SeriesModel[] = [];
	const percentIds = ['cpu.busy_pct', 'cpu.user_pct', 'cpu.system_pct', 'cpu.iowait_pct', 'cpu.idle_pct', 'memory.used_pct', 'cpu.psi_some_pct', 'io.psi_some_pct'] as const;
	for (const id of percentIds) {
		const level = walk(30, 4, 0, 100);
		models.push({id, resource: id.split('.')[0]!, next: () => Math.max(0, level() + (next() - 0.5) * 6)});
	}

	for (let core = 0; core < 8; core++) {
		const level = walk(25, 6, 0, 100);
		models.push({id: 'cpu.core_busy_pct', resource: `cpu:${core}`, next: () => Math.min(100, Math.max(0, level() + (next() - 0.5) * 20))});
	}

	for (const id of ['memory.used_bytes', 'memory.available_bytes', 'memory.cache_bytes', 'memory.dirty_bytes'] as const) {
		const level = walk(4e9, 2e6, 1e8, 8e9);
		models.push({id, resource: 'memory', next: () => Math.round(level() / 4096) * 4096});
	}

	for (const disk of ['vda', 'vdb']) {
		for (const id of ['disk.read_bytes_per_s', 'disk.write_bytes_per_s'] as const) {
			models.push({id, resource: `disk:${disk}`, next: () => (next() < 0.3 ? Math.round(next() * 4000) * 512 : 0)});
		}

		for (const id of ['disk.read_iops', 'disk.write_iops', 'disk.util_pct', 'disk.await_ms', 'disk.queue_size'] as const) {
			const level = walk(5, 2, 0, 50);
			models.push({id, resource: `disk:${disk}`, next: () => (next() < 0.4 ? level() * (0.5 + next()) : 0)});
		}
	}

	for (const id of ['net.rx_bytes_per_s', 'net.tx_bytes_per_s', 'net.rx_packets_per_s', 'net.tx_packets_per_s'] as const) {
		const level = walk(20_000, 5000, 0, 1e6);
		models.push({id, resource: 'net:eth0', next: () => Math.round(level() * (0.7 + next() * 0.6))});
	}

	for (const id of ['system.context_switches_per_s', 'system.forks_per_s', 'system.load1', 'system.load5', 'tcp.active_opens_per_s', 'tcp.established'] as const) {
		const level = walk(100, 10, 0, 10_000);
		models.push({id, resource: id.startsWith('tcp') ? 'tcp' : 'system', next: () => level() + (next() - 0.5) * 10});
	}

	const rare = ['memory.swap_pages_per_s', 'memory.major_faults_per_s', 'memory.oom_kills_per_s', 'net.errors_per_s', 'net.drops_per_s', 'tcp.retrans_pct',
		'tcp.listen_drops_per_s', 'tcp.udp_errors_per_s', 'fs.used_pct', 'fs.inodes_used_pct'] as const;
	for (const id of rare) {
		models.push({id, resource: id.startsWith('fs') ? 'fs:/' : 'system', next: () => (id.startsWith('fs') ? 61.5 : next() < 0.002 ? next() * 50 : 0)});
	}

	return models.slice(0, 60);
}

function sampleOf(models: readonly SeriesModel[], timestamp: number, tick: number): Sample {
	const metrics: MetricValue[] = models.map(model => ({id: model.id, resource: model.resource, value: model.next(tick)}));
	return {timestamp, intervalMs: 1000, metrics, processes: [], unavailable: []};
}

function temporaryDatabase(): {file: string; cleanup: () => void} {
	const directory = mkdtempSync(path.join(tmpdir(), 'perftop-bench-store-'));
	return {file: path.join(directory, 'perftop.db'), cleanup: () => rmSync(directory, {recursive: true, force: true})};
}

/** A simulated day of 60 series at 1 Hz: storage per sample, write cost per tick, and a one-hour range read. */
async function dayOfRecording(): Promise<readonly BenchResult[]> {
	const {file, cleanup} = temporaryDatabase();
	try {
		const models = hostModel(42);
		let clockMs = START_MS;
		const {store} = openStore({path: file, now: () => clockMs});
		let writeMs = 0;
		let samples = 0;
		for (let tick = 0; tick < DAY_TICKS; tick++) {
			clockMs = START_MS + tick * 1000;
			// Collection jitter: real ticks are not exactly 1000 ms apart.
			const sample = sampleOf(models, clockMs + (tick % 7) - 3, tick);
			samples += sample.metrics.filter(metric => metric.value !== undefined).length;
			const started = performance.now();
			store.write(sample);
			writeMs += performance.now() - started;
			if (tick % 5000 === 0) {
				// Let the event loop breathe; a real recorder ticks once a second.
				await new Promise(resolve => {
					setImmediate(resolve);
				});
			}
		}

		const key = 'cpu.busy_pct|cpu';
		const readTimes: number[] = [];
		for (let hour = 1; hour < 23; hour += 2) {
			const fromMs = START_MS + hour * 3_600_000;
			const started = performance.now();
			const series = store.readSeries(key, fromMs, fromMs + 3_600_000);
			readTimes.push(performance.now() - started);
			if (series.timestamps.length < 3500) {
				throw new Error(`range read returned ${series.timestamps.length} ticks`);
			}
		}

		store.close();
		const bytes = statSync(file).size;
		readTimes.sort((a, b) => a - b);
		return [
			atMost('store.bytes_per_sample', bytes / samples, 'B', 2),
			atMost('store.write_us_per_tick', (writeMs * 1000) / DAY_TICKS, 'µs', 50),
			atMost('store.range_read_ms', readTimes[Math.floor(readTimes.length / 2)]!, 'ms', 5),
		];
	} finally {
		cleanup();
	}
}

/** p95 over 7 days from the hourly sketches vs the exact p95 of the raw values (3 series, every 10 s). */
async function weekOfRollups(): Promise<readonly BenchResult[]> {
	const {file, cleanup} = temporaryDatabase();
	try {
		const models = hostModel(7).filter(model => ['cpu.busy_pct', 'net.rx_bytes_per_s', 'disk.await_ms'].includes(model.id) && !model.resource.endsWith('vdb'));
		const ticks = 7 * 8640;
		const raw = new Map(models.map(model => [`${model.id}|${model.resource}`, [] as number[]]));
		let clockMs = START_MS;
		const {store} = openStore({path: file, now: () => clockMs});
		for (let tick = 0; tick < ticks; tick++) {
			clockMs = START_MS + tick * 10_000;
			const sample = sampleOf(models, clockMs, tick);
			for (const metric of sample.metrics) {
				const stored = storedValue(metric.value, stepForMetric(metric.id));
				if (stored !== undefined) {
					raw.get(`${metric.id}|${metric.resource}`)!.push(stored);
				}
			}

			store.write(sample);
			if (tick % 5000 === 0) {
				await new Promise(resolve => {
					setImmediate(resolve);
				});
			}
		}

		let worstPct = 0;
		for (const [key, values] of raw) {
			values.sort((a, b) => a - b);
			const exact = values[Math.floor(0.95 * (values.length - 1))]!;
			const estimate = store.quantile(key, START_MS, START_MS + ticks * 10_000, 0.95);
			if (estimate === undefined) {
				throw new Error(`no p95 for ${key}`);
			}

			worstPct = Math.max(worstPct, exact === 0 ? Math.abs(estimate) : (Math.abs(estimate - exact) / Math.abs(exact)) * 100);
		}

		store.close();
		return [atMost('store.rollup_p95_error_pct', worstPct, '%', 2)];
	} finally {
		cleanup();
	}
}

export const benchmarks: Benchmark[] = [
	{name: 'store: a day of recording', run: dayOfRecording},
	{name: 'store: a week of rollups', run: weekOfRollups},
];

// Runnable alone: `npx tsx bench/store.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
	for (const benchmark of benchmarks) {
		for (const result of await benchmark.run()) {
			console.log(`${result.pass ? 'PASS' : 'FAIL'} ${result.name} = ${result.value.toFixed(3)} ${result.unit} (target ${result.target})`);
		}
	}
}
