// probe.overhead_pct: CPU of probing 20 HTTP targets every second, as % of one core, target ≤ 0.5.
// The targets are served by a child process on 127.0.0.1, so process.cpuUsage() here counts only
// the probing side: timers, sockets, parsing, the RED window — what perftop itself would spend.
// Steady state: the figure is taken after a warm-up, and the process's own idle CPU (the tsx loader
// thread, V8 housekeeping) is subtracted and reported separately, since a bundled perftop does not pay
// it and it is not the probes' cost. The warm-up is 10 s: at 1 Hz the probe code is still being compiled
// (TurboFan, on V8's worker threads) 3–7 s after start, 2–3 % of a core then.
// Each stretch is measured in five equal windows and its median window taken: one-off collections of the
// start-up garbage (V8's memory reducer, 50–100 ms of CPU some 8–17 s after start-up, in the main and the
// tsx loader isolates) otherwise landed in one stretch or the other at random and swung the figure by
// ±0.4 points. Anything probing does at least every few seconds (scavenges, timers) is in every window.
// Idle is measured before probing and again after it, and the lower figure subtracted: start-up work
// still runs in the first seconds of some runs (idle 0.03–0.3 % from run to run), and subtracting it
// understated the probes' cost. The plain mean over the stretches is reported too.
import {type ChildProcess, spawn} from 'node:child_process';
import process from 'node:process';
import {createProber} from '../source/probe/prober.js';
import {addResult, createRedWindow, serviceMetrics} from '../source/probe/red.js';
import type {ProbeResult, ProbeTarget} from '../source/probe/types.js';
import {atMost, type Benchmark} from './types.js';

const targetCount = 20;
const durationMs = 20_000;
const warmUpMs = 10_000;
const idleMs = 5000;
/** After probing stops, before idle is measured again: sockets closing, the last results. */
const quietMs = 1000;
const windowCount = 5;

// A small body, like a health endpoint's.
const serverSource = `
const http = require('node:http');
const server = http.createServer((request, response) => { response.end('{"status":"ok"}'); });
server.listen(0, '127.0.0.1', () => { process.stdout.write(String(server.address().port) + '\\n'); });
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

async function startServerChild(): Promise<{child: ChildProcess; port: number}> {
	const child = spawn(process.execPath, ['-e', serverSource], {stdio: ['pipe', 'pipe', 'inherit']});
	const port = await new Promise<number>((resolve, reject) => {
		let text = '';
		child.stdout!.setEncoding('utf8');
		child.stdout!.on('data', (chunk: string) => {
			text += chunk;
			if (text.includes('\n')) {
				resolve(Number(text.trim()));
			}
		});
		child.once('error', reject);
		child.once('exit', code => {
			reject(new Error(`probe bench server exited early (${code})`));
		});
	});
	return {child, port};
}

function stopChild(child: ChildProcess): void {
	// Closing stdin ends it on its own; the kill (by its pid) covers a child that does not listen.
	child.stdin?.end();
	child.kill();
}

function sleep(ms: number): Promise<void> {
	return new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

type CpuStretch = {
	/** CPU over the whole stretch, as % of one core. */
	readonly meanPct: number;
	/** The median of its windows' figures. */
	readonly medianPct: number;
};

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** CPU of this process over `ms` of wall time, in `windowCount` equal windows, as % of one core. */
async function cpuPctDuring(ms: number): Promise<CpuStretch> {
	const windowPcts: number[] = [];
	let cpuMs = 0;
	let wallMs = 0;
	for (let index = 0; index < windowCount; index++) {
		const cpuBefore = process.cpuUsage();
		const wallBefore = performance.now();
		await sleep(ms / windowCount);
		const cpu = process.cpuUsage(cpuBefore);
		const windowWallMs = performance.now() - wallBefore;
		const windowCpuMs = (cpu.user + cpu.system) / 1000;
		windowPcts.push(100 * windowCpuMs / windowWallMs);
		cpuMs += windowCpuMs;
		wallMs += windowWallMs;
	}

	return {meanPct: 100 * cpuMs / wallMs, medianPct: median(windowPcts)};
}

type Measurement = {
	readonly overheadPct: number;
	readonly meanOverheadPct: number;
	readonly idlePct: number;
	readonly probes: number;
	readonly failed: number;
};

async function measureOverhead(): Promise<Measurement> {
	const {child, port} = await startServerChild();
	try {
		const idleBefore = await cpuPctDuring(idleMs);
		const targets: ProbeTarget[] = Array.from({length: targetCount}, (_, index) => ({
			name: `t${index}`,
			url: `http://127.0.0.1:${port}/health/${index}`,
			method: 'GET',
			intervalSeconds: 1,
			timeoutSeconds: 5,
		}));
		let window = createRedWindow(targets.map(target => target.name));
		let measuring = false;
		const results: ProbeResult[] = [];
		const prober = createProber(targets, {
			onResult(result) {
				window = addResult(window, result);
				if (measuring) {
					results.push(result);
				}
			},
		});
		// Like the engine: turn the window into metrics once a second.
		const tick = setInterval(() => {
			serviceMetrics(window, Date.now());
		}, 1000);
		prober.start();
		await sleep(warmUpMs);
		measuring = true;
		const probing = await cpuPctDuring(durationMs);
		measuring = false;
		await prober.stop();
		clearInterval(tick);
		await sleep(quietMs);
		const idleAfter = await cpuPctDuring(idleMs);
		const idle = idleAfter.medianPct < idleBefore.medianPct ? idleAfter : idleBefore;
		return {
			overheadPct: Math.max(0, probing.medianPct - idle.medianPct),
			meanOverheadPct: Math.max(0, probing.meanPct - idle.meanPct),
			idlePct: idle.medianPct,
			probes: results.length,
			failed: results.filter(result => !result.ok).length,
		};
	} finally {
		stopChild(child);
	}
}

export const benchmarks: Benchmark[] = [
	{
		name: 'probe.overhead_pct',
		async run() {
			const {overheadPct, meanOverheadPct, idlePct, probes, failed} = await measureOverhead();
			if (probes === 0 || failed > probes / 10) {
				throw new Error(`probe benchmark invalid: ${failed} of ${probes} probes failed`);
			}

			return [
				atMost('probe.overhead_pct', overheadPct, '% of a core', 0.5),
				// The same figure per probe: at 1 Hz most of it is the loopback write syscall, not JavaScript.
				{name: 'probe.cpu_ms_per_probe', value: (overheadPct / 100) * durationMs / Math.max(1, probes), unit: 'ms', target: 'info', pass: true},
				{name: 'probe.overhead_mean_pct', value: meanOverheadPct, unit: '% of a core', target: 'info (means, spikes included)', pass: true},
				{name: 'probe.process_idle_pct', value: idlePct, unit: '% of a core', target: 'info (subtracted: the lower of before and after)', pass: true},
				{name: 'probe.probes_completed', value: probes, unit: 'probes', target: `~${targetCount * durationMs / 1000}`, pass: probes >= targetCount * (durationMs / 1000 - 1)},
			];
		},
	},
];
