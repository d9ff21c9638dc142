import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {exportSeries, fileSink} from '../source/commands/export.js';
import type {MetricValue} from '../source/metrics/types.js';
import {openStore} from '../source/store/open-store.js';
import {type Benchmark, type BenchResult} from './types.js';

const START_MS = Date.UTC(2024, 0, 1);
const TICKS = 20_000;
const SERIES = 60;

/** 60 wandering series (percentages, byte gauges, rates) over 20,000 ticks at 1 Hz: 1.2 million values. */
function metricsAt(tick: number): MetricValue[] {
	const metrics: MetricValue[] = [];
	for (let index = 0; index < SERIES; index++) {
		const wave = Math.sin(tick / (50 + index)) + Math.sin(tick / 7 + index);
		const value = index % 3 === 0 ? 50 + wave * 20 : (index % 3 === 1 ? 4e9 + Math.round(wave * 1e5) * 4096 : Math.abs(wave) * 1e6);
		metrics.push({id: index % 3 === 0 ? 'cpu.core_busy_pct' : (index % 3 === 1 ? 'memory.used_bytes' : 'disk.write_bytes_per_s'), resource: `bench:${index}`, value});
	}

	return metrics;
}

/** `perftop export --format csv` of the whole range to a file: values written per second. */
async function csvExport(): Promise<BenchResult[]> {
	const directory = mkdtempSync(path.join(tmpdir(), 'perftop-bench-export-'));
	try {
		const file = path.join(directory, 'bench.db');
		let clock = START_MS;
		const {store} = openStore({path: file, now: () => clock});
		for (let tick = 0; tick < TICKS; tick++) {
			clock = START_MS + tick * 1000;
			store.write({timestamp: clock, intervalMs: 1000, metrics: metricsAt(tick), processes: [], unavailable: []});
		}

		store.close();
		const {store: reader} = openStore({path: file, access: 'read'});
		const range = {fromMs: START_MS, toMs: START_MS + TICKS * 1000};
		const series = reader.listSeries().sort((a, b) => a.key.localeCompare(b.key));
		const output = path.join(directory, 'export.csv');
		const started = performance.now();
		const cpuBefore = process.cpuUsage();
		const sink = fileSink(output);
		const values = exportSeries(reader, series, 'csv', range, sink);
		sink.done();
		const seconds = (performance.now() - started) / 1000;
		const cpu = process.cpuUsage(cpuBefore);
		const cpuSeconds = (cpu.user + cpu.system) / 1e6;
		reader.close();
		if (values !== TICKS * SERIES || statSync(output).size === 0) {
			throw new Error(`exported ${values} values, expected ${TICKS * SERIES}`);
		}

		const perSecond = values / seconds;
		return [
			{name: 'export.values_per_s', value: perSecond, unit: 'values/s', target: '>= 1000000', pass: perSecond >= 1_000_000},
			// The same per second of this process's CPU: on a shared machine, what the export costs apart from waiting for a core.
			{name: 'export.values_per_cpu_s', value: values / cpuSeconds, unit: 'values/s', target: 'info', pass: true},
		];
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

export const benchmarks: Benchmark[] = [
	{name: 'export: CSV of 1.2 million values', run: csvExport},
];
