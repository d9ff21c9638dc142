import childProcess from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {syncBuiltinESMExports} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {createHeldFiles} from '../source/collect/held-files.js';
import {createLinuxCollector, type LinuxCollector} from '../source/collect/linux.js';
import {createCgroupReader} from '../source/collect/read-cgroups.js';
import {largeTreeSizes, writeLargeTree} from '../test/helpers/large-proc-tree.js';
import {atMost, type Benchmark, type BenchResult} from './types.js';

// Collection cost. Every figure comes from the same collector the dashboard uses, reading all groups
// with command lines for the top 50 processes, as `perftop` does at 1 Hz.

const topProcesses = 50;
const warmUpReads = 10;
const batches = 5;

function liveCollector(): LinuxCollector {
	return createLinuxCollector({procfs: '/proc', sysfs: '/sys', topProcesses});
}

/**
 * Mean wall time of one read over `reads` reads, taken `batches` times after a warm-up; the median
 * batch stands, so a burst of load from other processes during one batch does not set the figure.
 */
async function meanReadMs(collector: {readonly read: () => unknown}, reads: number): Promise<number> {
	for (let index = 0; index < warmUpReads; index++) {
		await collector.read();
	}

	const means: number[] = [];
	for (let batch = 0; batch < batches; batch++) {
		const start = performance.now();
		for (let index = 0; index < reads; index++) {
			await collector.read();
		}

		means.push((performance.now() - start) / reads);
	}

	return means.sort((a, b) => a - b)[Math.floor(batches / 2)]!;
}

/** Pids of this process's children right now, from every thread's `children` list (Linux ≥ 3.5). */
function childPids(): Set<number> {
	const pids = new Set<number>();
	for (const task of readdirSync('/proc/self/task')) {
		try {
			for (const pid of readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(' ')) {
				if (pid !== '') {
					pids.add(Number(pid));
				}
			}
		} catch {
			// A thread that ended between listing and reading has no children to report.
		}
	}

	return pids;
}

/**
 * Counts every child process started while `task` runs: the spawn behind exec, execFile, fork and
 * spawn, the synchronous variants, and — for anything started another way — new entries in the
 * kernel's list of our children.
 */
async function countChildren(task: () => Promise<void>): Promise<number> {
	const prototype = childProcess.ChildProcess.prototype as unknown as {spawn: (...arguments_: unknown[]) => unknown};
	const originalSpawn = prototype.spawn;
	const synchronous = ['spawnSync', 'execSync', 'execFileSync'] as const;
	const originals = synchronous.map(name => childProcess[name]);
	let spawned = 0;
	prototype.spawn = function (this: unknown, ...arguments_: unknown[]) {
		spawned++;
		return originalSpawn.apply(this, arguments_);
	};

	for (const [index, name] of synchronous.entries()) {
		const original = originals[index] as (...arguments_: unknown[]) => unknown;
		(childProcess as Record<string, unknown>)[name] = (...arguments_: unknown[]) => {
			spawned++;
			return original(...arguments_);
		};
	}

	syncBuiltinESMExports();
	const before = childPids();
	const seen = new Set<number>();
	try {
		await task();
		for (const pid of childPids()) {
			if (!before.has(pid)) {
				seen.add(pid);
			}
		}
	} finally {
		prototype.spawn = originalSpawn;
		for (const [index, name] of synchronous.entries()) {
			(childProcess as Record<string, unknown>)[name] = originals[index];
		}

		syncBuiltinESMExports();
	}

	return Math.max(spawned, seen.size);
}

async function tickMs(): Promise<readonly BenchResult[]> {
	const collector = liveCollector();
	try {
		return [atMost('collect.tick_ms', await meanReadMs(collector, 200), 'ms', 1.5)];
	} finally {
		collector.close();
	}
}

async function cpuPercent(): Promise<readonly BenchResult[]> {
	const collector = liveCollector();
	try {
		for (let index = 0; index < warmUpReads; index++) {
			await collector.read();
		}

		// 60 reads back to back: the CPU they cost is what 60 one-second ticks cost, without the minute of waiting.
		const reads = 60;
		const before = process.cpuUsage();
		for (let index = 0; index < reads; index++) {
			await collector.read();
		}

		const used = process.cpuUsage(before);
		const cpuMsPerRead = (used.user + used.system) / 1000 / reads;
		return [atMost('collect.cpu_pct', (cpuMsPerRead / 1000) * 100, '% of a core at 1 Hz', 0.3)];
	} finally {
		collector.close();
	}
}

async function children(): Promise<readonly BenchResult[]> {
	const collector = liveCollector();
	const ticks = 20;
	try {
		const spawned = await countChildren(async () => {
			for (let index = 0; index < ticks; index++) {
				await collector.read();
			}
		});
		return [atMost('collect.children', spawned / ticks, 'per tick', 0)];
	} finally {
		collector.close();
	}
}

async function tickMsLarge(): Promise<readonly BenchResult[]> {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'perftop-bench-large-'));
	try {
		const tree = writeLargeTree(directory);
		// Held open as on a live procfs, so the figure is the steady-state tick of such a machine.
		const collector = createLinuxCollector({procfs: tree.procfs, sysfs: tree.sysfs, passwdPath: tree.passwdPath, topProcesses, holdFilesOpen: true});
		try {
			const reading = await collector.read();
			if (reading.unavailable.length > 0 || reading.processes?.length !== 2000 || reading.cgroups?.groups.length !== largeTreeSizes.cgroups || reading.disks?.length !== 64 || reading.network?.length !== 64 || reading.stat?.cores.size !== 256) {
				throw new Error(`synthetic tree read incompletely: ${JSON.stringify(reading.unavailable)}`);
			}

			return [atMost('collect.tick_ms_large', await meanReadMs(collector, 30), 'ms', 15)];
		} finally {
			collector.close();
		}
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

/**
 * One scan of the large tree's 500 cgroups, files held open as on a live cgroupfs: the steady-state cost
 * between two directory walks (a walk every 10 ticks is counted at a tenth of its cost).
 */
async function cgroupMs(): Promise<readonly BenchResult[]> {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'perftop-bench-cgroups-'));
	try {
		const tree = writeLargeTree(directory, {...largeTreeSizes, cpus: 2, disks: 1, interfaces: 1, processes: 1});
		const files = createHeldFiles(true);
		const reader = createCgroupReader({procfs: tree.procfs, sysfs: tree.sysfs, rootfs: directory, files});
		try {
			const groups = reader.read().reading?.groups.length;
			if (groups !== largeTreeSizes.cgroups) {
				throw new Error(`synthetic cgroup tree read incompletely: ${groups} groups`);
			}

			return [atMost('collect.cgroup_ms', await meanReadMs(reader, 100), 'ms', 5)];
		} finally {
			files.releaseAll();
		}
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

const linuxOnly = (run: () => Promise<readonly BenchResult[]>) => async (): Promise<readonly BenchResult[]> => {
	if (process.platform !== 'linux') {
		throw new Error('the Linux collector benchmarks need /proc');
	}

	return run();
};

export const benchmarks: Benchmark[] = [
	{name: 'collect.tick_ms', run: linuxOnly(tickMs)},
	{name: 'collect.cpu_pct', run: linuxOnly(cpuPercent)},
	{name: 'collect.children', run: linuxOnly(children)},
	{name: 'collect.tick_ms_large', run: linuxOnly(tickMsLarge)},
	{name: 'collect.cgroup_ms', run: linuxOnly(cgroupMs)},
];
