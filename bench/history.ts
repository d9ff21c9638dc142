// History benchmarks, on a 7-day 1 Hz database built once by generateWeek() and kept in the temp folder
// (PERFTOP_BENCH_CACHE overrides where): the series of one real `perftop sample --json` from this
// machine, each wandering from its own value with seeded noise, and 20 processes a tick.
// history.open_ms: `node dist/cli.js replay --db WEEK` in a 160x48 pseudo-terminal (bench/pty.py), process
//   start to the last byte of the first whole frame (its footer's `q quit`), the median of three launches.
// history.step_ms: `]`'s frames measured by pty.py's --latency, after `{`s have stepped a few minutes back:
//   the 95th percentile of a key to the last byte of the frame it caused, over 40 presses of `[` and `]`.
import {execFile} from 'node:child_process';
import {existsSync, mkdirSync, renameSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {median, quantileSorted} from 'simple-statistics';
import type {MetricId, MetricValue, ProcessSample, Sample} from '../source/metrics/types.js';
import {openStore} from '../source/store/open-store.js';
import {seededRandom} from '../test/helpers/seeded-random.js';
import {atMost, type Benchmark, type BenchResult} from './types.js';

const run = promisify(execFile);
const benchDirectory = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(benchDirectory, '..', 'dist/cli.js');
const weekTicks = 7 * 86_400;
// Ends on a whole day, a few days ago: a replay without flags shows the recording's last day.
const endMs = Date.UTC(2026, 10, 30);
const startMs = endMs - weekTicks * 1000;
/** Bumped when the generated data changes, so a stale cache is not measured. */
const cacheVersion = 3;

function log(line: string): void {
	process.stderr.write(`${line}\n`);
}

type RealMetric = {readonly id: MetricId; readonly resource: string; readonly unit: string; readonly value: number | null};

/** One real reading of this machine: the series a recording of it holds. */
async function realMetrics(): Promise<RealMetric[]> {
	const {stdout} = await run(process.execPath, [cli, 'sample', '--json', '--interval', '0.5'], {timeout: 30_000});
	return (JSON.parse(stdout) as {metrics: RealMetric[]}).metrics;
}

function processAt(pid: number, tick: number, next: () => number): ProcessSample {
	return {
		pid,
		name: `worker-${pid}`,
		command: `/usr/bin/worker-${pid} --serve`,
		user: pid % 3 === 0 ? 'postgres' : 'root',
		state: 'S',
		cpuPct: Math.round(next() * 400) / 10,
		rssBytes: (50_000 + pid * 100 + (tick % 600)) * 4096,
		readBytesPerSec: next() < 0.2 ? Math.round(next() * 1e6) : 0,
		writeBytesPerSec: next() < 0.2 ? Math.round(next() * 1e6) : 0,
		ioBytesPerSec: undefined,
		threads: 4,
		ppid: 1,
	};
}

/** A week at 1 Hz, written through the store as `perftop record` writes it; built under a temporary name, then renamed. */
async function generateWeek(file: string): Promise<void> {
	const metrics = await realMetrics();
	const next = seededRandom(16);
	const levels = metrics.map(metric => metric.value ?? Number.NaN);
	const partial = `${file}.partial`;
	rmSync(partial, {force: true});
	let clockMs = startMs;
	const {store} = openStore({path: partial, now: () => clockMs, host: 'bench-week', bootId: 'bench', version: 'bench'});
	const started = performance.now();
	for (let tick = 0; tick < weekTicks; tick++) {
		clockMs = startMs + tick * 1000;
		const values: MetricValue[] = metrics.map((metric, index) => {
			const level = levels[index]!;
			if (Number.isNaN(level)) {
				return {id: metric.id, resource: metric.resource, value: undefined};
			}

			const moved = metric.unit === 'percent' ? Math.min(100, Math.max(0, level + (next() - 0.5) * 4)) : Math.max(0, level * (0.98 + next() * 0.04));
			levels[index] = moved;
			return {id: metric.id, resource: metric.resource, value: moved};
		});
		const processes = Array.from({length: 20}, (_process, index) => processAt(1000 + index, tick, next));
		const sample: Sample = {timestamp: clockMs, intervalMs: 1000, metrics: values, processes, unavailable: []};
		store.write(sample);
		if (tick % 86_400 === 0) {
			log(`  history week: day ${tick / 86_400 + 1} of 7 (${((performance.now() - started) / 1000).toFixed(0)} s)`);
			await new Promise(resolve => {
				setImmediate(resolve);
			});
		}
	}

	store.close();
	renameSync(partial, file);
}

/** The week database, built on first use and kept: building it takes minutes. */
export async function weekDatabase(): Promise<string> {
	const directory = process.env['PERFTOP_BENCH_CACHE'] ?? path.join(tmpdir(), 'perftop-bench-cache');
	mkdirSync(directory, {recursive: true});
	const file = path.join(directory, `history-week-1hz-v${cacheVersion}.db`);
	if (!existsSync(file)) {
		log(`  building ${file} (once)…`);
		await generateWeek(file);
	}

	return file;
}

function childEnvironment(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, TERM: 'xterm-256color'};
	// Colour and a terminal, as a person would run it.
	delete env['CI'];
	delete env['NO_COLOR'];
	return env;
}

type PtyResult = {readonly firstFrameMs: number | null; readonly keyToFrameMs: number[] | null; readonly totalBytes: number};

async function replay(database: string, latency?: string): Promise<PtyResult> {
	const keys = latency === undefined ? [] : ['--setup', '{{{{{', '--latency', latency];
	const {stdout} = await run('python3', [path.join(benchDirectory, 'pty.py'), '160', '48', '1', 'q quit', ...keys, '--', process.execPath, cli, 'replay', '--db', database], {
		env: childEnvironment(),
		timeout: 120_000,
	});
	const result = JSON.parse(stdout) as PtyResult;
	if (result.firstFrameMs === null) {
		throw new Error(`no whole frame from perftop replay (${result.totalBytes} bytes written)`);
	}

	return result;
}

async function measure(): Promise<BenchResult[]> {
	if (!existsSync(cli)) {
		log('  history skipped: dist/cli.js does not exist (run `npm run build`)');
		return [];
	}

	const database = await weekDatabase();
	const opens = [];
	for (let launch = 0; launch < 3; launch++) {
		opens.push((await replay(database)).firstFrameMs!);
	}

	const stepped = await replay(database, '['.repeat(20) + ']'.repeat(20));
	const steps = [...(stepped.keyToFrameMs ?? [])].sort((a, b) => a - b);
	if (steps.length === 0) {
		throw new Error('no frame followed a step');
	}

	log(`  history opens: ${opens.map(ms => ms.toFixed(0)).join(', ')} ms; steps: median ${median(steps).toFixed(1)} ms, worst ${steps.at(-1)!.toFixed(1)} ms`);
	return [
		atMost('history.open_ms', median(opens), 'ms', 400),
		atMost('history.step_ms', quantileSorted(steps, 0.95), 'ms', 30),
	];
}

export const benchmarks: Benchmark[] = [{name: 'history', run: measure}];
