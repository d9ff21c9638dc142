import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {ProcessSample, Sample} from '../source/metrics/types.js';
import {openStore} from '../source/store/open-store.js';
import {atMost, type Benchmark, type BenchResult} from './types.js';
import {seededRandom} from '../test/helpers/seeded-random.js';

const START_MS = Date.UTC(2024, 0, 1);
const TICKS = 7200;
const INTERVAL_MS = 500;
const TOP = 10;

type Modelled = {process: ProcessSample; diesAt: number};

/**
 * A host at 2 Hz with process churn: 60 long-lived processes whose CPU, RSS and I/O wander, and a fork
 * loop starting a short-lived busy child every other tick (each lives 1–3 s, high on CPU, so most make
 * the top 10 by CPU: about one new identity every two ticks, twice the churn of the run in issue 16).
 * Each tick records the union of the top 10 by CPU, by RSS and by I/O, as the engine does.
 */
function processModel(seed: number): (tick: number) => ProcessSample[] {
	const next = seededRandom(seed);
	const living: Modelled[] = Array.from({length: 60}, (_, index) => ({
		process: {
			pid: 100 + index, name: `daemon${index}`, command: `/usr/sbin/daemon${index} --config /etc/daemon${index}.conf --foreground`, user: index % 3 === 0 ? 'root' : 'www-data',
			state: 'S', cpuPct: next() * 20, rssBytes: Math.round(next() * 500_000) * 4096, readBytesPerSec: 0, writeBytesPerSec: 0, ioBytesPerSec: 0,
			threads: 1 + Math.floor(next() * 30), ppid: 1, startedAtMs: START_MS - 86_400_000 + index * 1000,
		},
		diesAt: Number.POSITIVE_INFINITY,
	}));
	let nextPid = 10_000;
	return tick => {
		const nowMs = START_MS + tick * INTERVAL_MS;
		if (tick % 2 === 0) {
			living.push({
				process: {
					pid: nextPid++, name: 'sh', command: 'sh -c while :; do :; done', user: 'root', state: 'R', cpuPct: 60 + next() * 40, rssBytes: 1_200_000,
					readBytesPerSec: 0, writeBytesPerSec: 0, ioBytesPerSec: 0, threads: 1, ppid: 4242, startedAtMs: nowMs,
				},
				diesAt: tick + 2 + Math.floor(next() * 5),
			});
		}

		for (let index = living.length - 1; index >= 0; index--) {
			const entry = living[index]!;
			if (entry.diesAt <= tick) {
				living.splice(index, 1);
				continue;
			}

			const {process} = entry;
			const busy = next() < 0.1;
			const read = busy ? Math.round(next() * 2e6) : 0;
			const write = next() < 0.05 ? Math.round(next() * 1e6) : 0;
			entry.process = {
				...process,
				state: busy ? 'R' : 'S',
				cpuPct: Math.round(Math.max(0, (process.cpuPct ?? 0) + (next() - 0.5) * 4) * 10) / 10,
				rssBytes: next() < 0.05 ? process.rssBytes + Math.round((next() - 0.4) * 64) * 4096 : process.rssBytes,
				readBytesPerSec: read,
				writeBytesPerSec: write,
				ioBytesPerSec: read + write,
			};
		}

		const processes = living.map(entry => entry.process);
		const top = (measure: (process: ProcessSample) => number) => [...processes].sort((a, b) => measure(b) - measure(a)).slice(0, TOP);
		return [...new Set([...top(process => process.cpuPct ?? 0), ...top(process => process.rssBytes), ...top(process => process.ioBytesPerSec ?? 0)])];
	};
}

function fileBytes(file: string): number {
	return statSync(file).size + (statSync(`${file}-wal`, {throwIfNoEntry: false})?.size ?? 0);
}

/** Bytes on disk after `TICKS` ticks of a few host metrics, with or without the process records. */
function recordedBytes(withProcesses: boolean): {bytes: number; processesPerTick: number} {
	const directory = mkdtempSync(path.join(tmpdir(), 'perftop-bench-processes-'));
	try {
		const file = path.join(directory, 'bench.db');
		let clock = START_MS;
		const {store} = openStore({path: file, now: () => clock});
		const processesAt = processModel(11);
		let recorded = 0;
		for (let tick = 0; tick < TICKS; tick++) {
			clock = START_MS + tick * INTERVAL_MS;
			const processes = processesAt(tick);
			recorded += processes.length;
			const sample: Sample = {
				timestamp: clock, intervalMs: INTERVAL_MS, unavailable: [],
				metrics: [{id: 'cpu.busy_pct', resource: 'cpu', value: 50 + (tick % 7)}, {id: 'memory.used_bytes', resource: 'memory', value: 4e9 + (tick % 13) * 4096}],
				processes: withProcesses ? processes : [],
			};
			store.write(sample);
		}

		store.close();
		return {bytes: fileBytes(file), processesPerTick: recorded / TICKS};
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

/** What the per-tick process records add to the database: an hour at 2 Hz with the fork loop, minus the same hour without them. */
async function processBytesPerTick(): Promise<BenchResult[]> {
	const without = recordedBytes(false);
	const withRecords = recordedBytes(true);
	const perTick = (withRecords.bytes - without.bytes) / TICKS;
	return [
		atMost('store.process_bytes_per_tick', perTick, 'B', 200),
		{name: 'store.processes_per_tick', value: withRecords.processesPerTick, unit: 'processes', target: 'info', pass: true},
	];
}

export const benchmarks: Benchmark[] = [
	{name: 'store: process records with churn', run: processBytesPerTick},
];
