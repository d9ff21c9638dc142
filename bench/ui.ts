// UI benchmarks.
// ui.binary: the real bundle run as the `perftop` command is, `dist/cli.js --interval 1` (its launcher starts
//   node with its V8 flags), in a 160x48 pseudo-terminal (bench/pty.py),
//   recording to a throwaway database. Definitions: first frame = process start to the last byte of the
//   first output burst (output followed by 50 ms of silence) that painted the footer, the frame's last
//   line, the median of five launches; CPU, bytes and the window are measured over the 60 s after the first
//   launch's first frame
//   (PERFTOP_BENCH_UI_SECONDS shortens it);
//   RSS is the kernel's high-water mark (VmHWM) over the whole run.
// ui.table: the same binary with the process table focused, shown as a tree and filtered: keys `0`, `t`, `/`
//   typed after the first frame, then the filter `node` typed a key at a time (with eight keys typed and
//   erased: twenty keystrokes); ui.key_to_frame_ms is the 95th percentile of keystroke to the last byte of
//   the frame it caused, ui.cpu_pct_tree the CPU over the window after it, measured as ui.cpu_pct is.
// ui.braille: the same binary with `--graph braille --theme gradient` (COLORTERM=truecolor, as every launch
//   here has): CPU and bytes to the terminal over the window, measured as ui.cpu_pct and ui.bytes_per_s are.
// ui.render: the synthetic dashboard-shaped app (bench/ui-synthetic.tsx) bundled exactly like dist/cli.js,
//   rendered in-process frame after frame with changing values: CPU per frame, and heap after GC sampled
//   along 8,000 frames, a regression slope extrapolated to one frame per second for a day.
// ui.rss_steady: RSS on a plateau (measureSteadyRss); profile.ui_cpu: the dashboard's CPU during a profile
//   (measureProfileCpu).
// `node --import tsx bench/ui.ts compare` prints stock Ink against each patch (for the README).
import {execFile, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import {build} from 'esbuild';
import {linearRegression, median, quantileSorted} from 'simple-statistics';
import {bundleOptions} from '../scripts/ink/bundle-options.mjs';
import type {InkPatches} from '../scripts/ink/esbuild-plugins.mjs';
import {atMost, type Benchmark, type BenchResult} from './types.js';

const run = promisify(execFile);
const benchDirectory = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDirectory, '..');
const cli = path.join(root, 'dist/cli.js');

const columns = 160;
const rows = 48;
/**
 * The footer's last key hint, on the last line of every whole dashboard frame: a line count would not
 * do, as the frame is shorter on a machine with few processes.
 */
const frameEnd = 'q quit';
const secondsPerDay = 86_400;
const bytesPerMb = 1024 * 1024;

type PtyResult = {
	readonly firstFrameMs: number | null;
	readonly cpuPct: number | null;
	/** The dashboard alone, and the children it ran and waited for (perf), over the same window. */
	readonly ownCpuPct: number | null;
	readonly childrenCpuPct: number | null;
	readonly peakRssMb: number | null;
	/** Median VmRSS over the window's last `rssTailS` seconds. */
	readonly steadyRssMb: number | null;
	readonly bytesPerSec: number | null;
	readonly totalBytes: number;
	readonly exitCode: number | null;
	readonly closedEarly: boolean;
	readonly keyToFrameMs: number[] | null;
};

/** Keys typed after the first frame: `setup` at once, then `latency` one key at a time (see bench/pty.py). */
type Typing = {readonly setup: string; readonly latency: string};

type LaunchOptions = {
	readonly typing?: Typing;
	/** `--interval` (default 1). */
	readonly intervalS?: number;
	/** Report the median RSS over the window's last this many seconds. */
	readonly rssTailS?: number;
	/** More arguments for the dashboard. */
	readonly args?: readonly string[];
};

function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, ...extra};
	// The dashboard prints a plain snapshot under CI and drops colour under NO_COLOR: neither is measured here.
	delete env['CI'];
	delete env['NO_COLOR'];
	return env;
}

function log(line: string): void {
	process.stderr.write(`${line}\n`);
}

/** Extra short launches for the first frame, which one cold start measures with a wide spread. */
const firstFrameLaunches = 4;

/** One launch of the dashboard in the pseudo-terminal, measured for `seconds` after its first frame. */
async function launch(directory: string, name: string, seconds: number, {typing, intervalS = 1, rssTailS, args = []}: LaunchOptions = {}): Promise<PtyResult> {
	const keys = typing === undefined ? [] : ['--setup', typing.setup, '--latency', typing.latency];
	const rss = rssTailS === undefined ? [] : ['--rss-tail', String(rssTailS)];
	const {stdout} = await run('python3', [path.join(benchDirectory, 'pty.py'), String(columns), String(rows), String(seconds), frameEnd, ...keys, ...rss, '--', cli, '--interval', String(intervalS), ...args], {
		env: childEnvironment({TERM: 'xterm-256color', COLORTERM: 'truecolor', PERFTOP_DB: path.join(directory, `${name}.db`)}),
		// Reports and profiles the dashboard writes land next to its database, not in the project.
		cwd: directory,
		timeout: (seconds + 30) * 1000,
	});
	const result = JSON.parse(stdout) as PtyResult;
	if (result.firstFrameMs === null || result.cpuPct === null || result.bytesPerSec === null || result.peakRssMb === null) {
		throw new Error(`no complete ${columns}x${rows} frame from dist/cli.js (${result.totalBytes} bytes written, ${result.closedEarly ? `exited with ${result.exitCode}` : 'still running after 15 s'})`);
	}

	return result;
}

/**
 * Runs `body` with a directory of its own for the launches' databases (removed after), or skips with a
 * line when there is no build to launch.
 */
async function withBuiltBinary(name: string, body: (directory: string) => Promise<BenchResult[]>): Promise<BenchResult[]> {
	if (!existsSync(cli)) {
		log(`  ${name} skipped: dist/cli.js does not exist (run \`npm run build\`)`);
		return [];
	}

	const directory = mkdtempSync(path.join(tmpdir(), `perftop-bench-${name.replace('.', '-')}-`));
	try {
		return await body(directory);
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

export async function measureBinary(seconds: number): Promise<BenchResult[]> {
	return withBuiltBinary('ui.binary', async directory => {
		const result = await launch(directory, 'window', seconds);
		const firstFrames = [result.firstFrameMs!];
		for (let index = 0; index < firstFrameLaunches; index++) {
			// Each on a database of its own, as a first start would be.
			firstFrames.push((await launch(directory, `start-${index}`, 1)).firstFrameMs!);
		}

		log(`  ui first frames: ${firstFrames.map(ms => ms.toFixed(0)).join(', ')} ms`);
		return [
			atMost('ui.first_frame_ms', median(firstFrames), 'ms', 350),
			atMost('ui.cpu_pct', result.cpuPct!, '% of a core', 1.5),
			atMost('ui.rss_mb', result.peakRssMb!, 'MB', 110),
			atMost('ui.bytes_per_s', result.bytesPerSec!, 'B/s', 3000),
		];
	});
}

/**
 * The dearest look: braille charts (two values a cell, every chart cell changing each tick) in the
 * gradient theme (a 24-bit colour for each run of cells of one height).
 */
export async function measureBraille(seconds: number): Promise<BenchResult[]> {
	return withBuiltBinary('ui.braille', async directory => {
		const result = await launch(directory, 'braille', seconds, {args: ['--graph', 'braille', '--theme', 'gradient']});
		return [
			atMost('ui.cpu_pct_braille', result.cpuPct!, '% of a core', 1.5),
			atMost('ui.bytes_per_s_braille', result.bytesPerSec!, 'B/s', 3000),
		];
	});
}

/** Focus the table, tree view, open the filter; then type `node`, and eight more keys erased again. */
const tableTyping: Typing = {setup: '0t/', latency: `nodeabcdefgh${'\\x7f'.repeat(8)}`};

export async function measureTable(seconds: number): Promise<BenchResult[]> {
	return withBuiltBinary('ui.table', async directory => {
		const result = await launch(directory, 'table', seconds, {typing: tableTyping});
		const latencies = result.keyToFrameMs ?? [];
		if (latencies.length === 0) {
			throw new Error('no frame followed a filter keystroke');
		}

		log(`  ui key to frame: ${latencies.map(ms => ms.toFixed(0)).join(', ')} ms`);
		return [
			atMost('ui.cpu_pct_tree', result.cpuPct!, '% of a core', 1.5),
			atMost('ui.key_to_frame_ms', quantileSorted([...latencies].sort((a, b) => a - b), 0.95), 'ms', 50),
		];
	});
}

/**
 * ui.rss_steady_mb: the dashboard left at 0.5 s (twice the default rate, so the store writes its
 * blocks and the heap reaches its plateau twice as soon) for `minutes`, recording; the median RSS of
 * its last minute. A dashboard measured for 30 minutes plateaued after about 15.
 */
export async function measureSteadyRss(minutes: number): Promise<BenchResult[]> {
	return withBuiltBinary('ui.rss_steady', async directory => {
		const result = await launch(directory, 'steady', minutes * 60, {intervalS: 0.5, rssTailS: 60});
		if (result.steadyRssMb === null) {
			throw new Error('no RSS reading in the last minute');
		}

		log(`  ui steady RSS after ${minutes} min at 0.5 s: ${result.steadyRssMb.toFixed(1)} MB (peak ${result.peakRssMb!.toFixed(1)} MB)`);
		return [atMost('ui.rss_steady_mb', result.steadyRssMb, 'MB', 110)];
	});
}

/** The name the profiled process takes (perl sets it as its thread name), for the dashboard's filter. */
const busyName = 'perftop-busy';

/**
 * profile.ui_cpu_pct: the dashboard's own CPU while it profiles a busy process for 10 s and shows the
 * result (selected through the filter, then `f`), over 14 s after the key; perf's CPU (reaped children)
 * is printed beside it, not counted. The target is 0.5 points above ui.cpu_pct measured the same way,
 * the same minute, on a dashboard that profiles nothing.
 */
export async function measureProfileCpu(): Promise<BenchResult[]> {
	const busy = spawn('timeout', ['120', 'perl', '-e', `$0 = "${busyName}"; 1 while 1`], {stdio: 'ignore'});
	try {
		return await withBuiltBinary('profile.ui_cpu', async directory => {
			const quiet = await launch(directory, 'quiet', 14);
			const profiling = await launch(directory, 'profiling', 14, {typing: {setup: '0/', latency: `${busyName}\rf`}});
			log(`  profile: dashboard ${profiling.ownCpuPct!.toFixed(2)} % of a core while profiling (perf ${profiling.childrenCpuPct!.toFixed(1)} %), ${quiet.ownCpuPct!.toFixed(2)} % without`);
			return [atMost('profile.ui_cpu_pct', profiling.ownCpuPct!, '% of a core', Number((quiet.ownCpuPct! + 0.5).toFixed(2)))];
		});
	} finally {
		busy.kill();
	}
}

const allPatches: InkPatches = {boundedCaches: true, fastStringWidth: true, lightAnsiTokenize: true, diffingLogUpdate: true, segmentOutput: true, fastSanitize: true, yogaWithoutFetch: true, lazyUnicode: true};
const noPatches: InkPatches = {boundedCaches: false, fastStringWidth: false, lightAnsiTokenize: false, diffingLogUpdate: false, segmentOutput: false, fastSanitize: false, yogaWithoutFetch: false, lazyUnicode: false};

async function bundleSynthetic(directory: string, name: string, inkPatches: InkPatches): Promise<string> {
	const outfile = path.join(directory, `${name}.js`);
	await build(bundleOptions({entryPoint: path.join(benchDirectory, 'ui-synthetic.tsx'), outfile, inkPatches}));
	return outfile;
}

async function runSynthetic<T>(bundle: string, mode: 'frames' | 'soak', frames: number): Promise<T> {
	const {stdout} = await run(process.execPath, ['--expose-gc', bundle, mode, String(frames)], {
		env: childEnvironment({FORCE_COLOR: '1'}),
		maxBuffer: 16 * 1024 * 1024,
		timeout: 300_000,
	});
	return JSON.parse(stdout.split('\n')[0]!) as T;
}

type FrameFigures = {readonly cpuMsPerFrame: number; readonly bytesPerFrame: number; readonly rssMb: number};

/** Heap growth per day at one frame per second, from the slope of heap-after-GC against frame number. */
async function heapGrowthMbPerDay(bundle: string, frames: number): Promise<number> {
	const {samples} = await runSynthetic<{samples: Array<[number, number]>}>(bundle, 'soak', frames);
	const {m: bytesPerFrame} = linearRegression(samples);
	return bytesPerFrame * secondsPerDay / bytesPerMb;
}

export async function measureRender(): Promise<BenchResult[]> {
	const directory = mkdtempSync(path.join(tmpdir(), 'perftop-bench-render-'));
	try {
		const bundle = await bundleSynthetic(directory, 'patched', allPatches);
		const frames = await runSynthetic<FrameFigures>(bundle, 'frames', 400);
		return [
			// The notes measured 4.4 ms for this shape with the same patches; stock Ink needs 28.
			atMost('ui.render_cpu_ms_per_frame', frames.cpuMsPerFrame, 'ms', 5),
			atMost('ui.heap_growth_mb_per_day', await heapGrowthMbPerDay(bundle, 8000), 'MB/day', 5),
		];
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

export const benchmarks: Benchmark[] = [
	{name: 'ui.binary', run: async () => measureBinary(Number(process.env['PERFTOP_BENCH_UI_SECONDS'] ?? '60'))},
	{name: 'ui.table', run: async () => measureTable(Number(process.env['PERFTOP_BENCH_UI_SECONDS'] ?? '60'))},
	{name: 'ui.braille', run: async () => measureBraille(Number(process.env['PERFTOP_BENCH_UI_SECONDS'] ?? '60'))},
	{name: 'ui.render', run: measureRender},
	{name: 'ui.rss_steady', run: async () => measureSteadyRss(Number(process.env['PERFTOP_BENCH_RSS_MINUTES'] ?? '15'))},
	{name: 'profile.ui_cpu', run: measureProfileCpu},
];

/** Stock Ink against each patch alone and all together, on the synthetic dashboard. */
async function compare(): Promise<void> {
	const variants: ReadonlyArray<readonly [string, InkPatches]> = [
		['stock ink 6.8.0', noPatches],
		['bounded caches', {...noPatches, boundedCaches: true}],
		['fast string-width', {...noPatches, fastStringWidth: true}],
		['light ansi-tokenize', {...noPatches, lightAnsiTokenize: true}],
		['diffing log-update', {...noPatches, diffingLogUpdate: true}],
		['segment output', {...noPatches, segmentOutput: true}],
		['fast sanitize', {...noPatches, fastSanitize: true}],
		['all patches (dist/cli.js)', allPatches],
	];
	const directory = mkdtempSync(path.join(tmpdir(), 'perftop-bench-compare-'));
	try {
		log('variant                      CPU ms/frame  bytes/frame  RSS MB  heap MB/day');
		for (const [index, [name, patches]] of variants.entries()) {
			const bundle = await bundleSynthetic(directory, `variant-${index}`, patches);
			const frames = await runSynthetic<FrameFigures>(bundle, 'frames', 400);
			const soak = index === 0 || index === variants.length - 1 ? (await heapGrowthMbPerDay(bundle, 3000)).toFixed(1) : '';
			log(`${name.padEnd(28)} ${frames.cpuMsPerFrame.toFixed(2).padStart(12)} ${frames.bytesPerFrame.toFixed(0).padStart(12)} ${frames.rssMb.toFixed(0).padStart(7)} ${soak.padStart(12)}`);
		}
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === 'compare') {
	await compare();
}
