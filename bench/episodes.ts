import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {isMetricId} from '../source/metrics/catalogue.js';
import type {MetricValue} from '../source/metrics/types.js';
import {recordedEpisodes} from '../source/engine/recorded-episodes.js';
import {openStore} from '../source/store/open-store.js';
import {dayStartMs, recordedDay, seededRandom} from '../test/helpers/recorded-day.js';
import {atMost, type Benchmark, type BenchResult} from './types.js';

const DAY_TICKS = 86_400;

/**
 * A recorded day at 1 Hz of every catalogue metric of a small host (~110 series, quiet readings with
 * noise) with eight loads planted in it: CPU saturated ten minutes every three hours, vda busy a quarter
 * of an hour every three hours (1 h 40 min of bottleneck ticks in all).
 */
function plantedDay() {
	const day = recordedDay(DAY_TICKS, 42);
	const noise = seededRandom(9);
	for (let hour = 0; hour < 24; hour += 6) {
		day.plant('cpu.busy_pct', 'cpu', hour * 3600 + 600, hour * 3600 + 1200, () => 93 + 4 * noise());
		day.plant('disk.util_pct', 'disk:vda', (hour + 3) * 3600, (hour + 3) * 3600 + 900, () => 95 + 4 * noise());
		day.plant('memory.major_faults_per_s', 'memory', (hour + 3) * 3600, (hour + 3) * 3600 + 900, () => 500 + 100 * noise());
	}

	return day;
}

/** `perftop episodes --since 24h` on a recorded day: the range read, episodes judged, contributors and co-moving signals. */
async function scanDay(): Promise<readonly BenchResult[]> {
	const directory = mkdtempSync(path.join(tmpdir(), 'perftop-bench-episodes-'));
	try {
		const day = plantedDay();
		const keys = [...day.series.keys()].map(key => key.split('|') as [string, string]).filter(([id]) => isMetricId(id));
		let clockMs = dayStartMs;
		const {store} = openStore({path: path.join(directory, 'perftop.db'), now: () => clockMs});
		for (let tick = 0; tick < DAY_TICKS; tick++) {
			clockMs = day.timestamps[tick]!;
			const metrics = keys.map(([id, resource]) => ({id, resource, value: day.series.get(`${id}|${resource}`)![tick]}) as MetricValue);
			store.write({timestamp: clockMs, intervalMs: 1000, metrics, processes: [], unavailable: []});
			if (tick % 5000 === 0) {
				await new Promise(resolve => {
					setImmediate(resolve);
				});
			}
		}

		store.close();
		const times: number[] = [];
		for (let run = 0; run < 3; run++) {
			const {store: reader} = openStore({path: path.join(directory, 'perftop.db'), access: 'read'});
			const started = performance.now();
			const history = reader.readRange(dayStartMs, dayStartMs + DAY_TICKS * 1000);
			const episodes = recordedEpisodes(history);
			times.push(performance.now() - started);
			reader.close();
			if (episodes.length !== 8) {
				throw new Error(`found ${episodes.length} episodes, planted 8`);
			}
		}

		times.sort((a, b) => a - b);
		return [atMost('episodes.scan_ms', times[1]!, 'ms', 500)];
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

export const benchmarks: Benchmark[] = [{name: 'episodes: a recorded day', run: scanDay}];

// Runnable alone: `npx tsx bench/episodes.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
	for (const benchmark of benchmarks) {
		for (const result of await benchmark.run()) {
			console.log(`${result.pass ? 'PASS' : 'FAIL'} ${result.name} = ${result.value.toFixed(3)} ${result.unit} (target ${result.target})`);
		}
	}
}
