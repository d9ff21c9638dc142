import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import v8 from 'node:v8';
import vm from 'node:vm';
import {createHeldFiles} from '../source/collect/held-files.js';
import {createCgroupProcsReader} from '../source/collect/read-cgroup-procs.js';
import {createCgroupReader} from '../source/collect/read-cgroups.js';
import {cgroupHistoryWidth, createCgroupHistory} from '../source/metrics/cgroup-history.js';
import {deriveCgroups} from '../source/metrics/cgroups.js';
import type {CgroupSample} from '../source/metrics/types.js';
import {largeTreeSizes, writeLargeTree} from '../test/helpers/large-proc-tree.js';
import {atMost, type Benchmark, type BenchResult} from './types.js';

// The cgroup detail view's costs on the large tree's 500 v2 groups: the engine's in-memory history of
// every group (each tick, and the memory it holds when full), and the listing of one group's processes
// with its descendants' (each tick while its detail is open).

const batches = 5;

/** Median over `batches` of the mean time of `runs` calls, in ms. */
function medianMeanMs(runs: number, call: () => void): number {
	const means: number[] = [];
	for (let batch = 0; batch < batches; batch++) {
		const start = performance.now();
		for (let index = 0; index < runs; index++) {
			call();
		}

		means.push((performance.now() - start) / runs);
	}

	return means.sort((a, b) => a - b)[Math.floor(batches / 2)]!;
}

/** The large tree written to a scratch directory, for `use`; removed afterwards. */
async function withLargeTree<T>(use: (tree: {procfs: string; sysfs: string; rootfs: string}) => T | Promise<T>): Promise<T> {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'perftop-bench-cgroup-detail-'));
	try {
		const tree = writeLargeTree(directory, {...largeTreeSizes, cpus: 2, disks: 1, interfaces: 1, processes: 1});
		return await use({procfs: tree.procfs, sysfs: tree.sysfs, rootfs: directory});
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

/** The 500 groups with their rates, as one tick derives them. */
function derivedGroups(tree: {procfs: string; sysfs: string; rootfs: string}): readonly CgroupSample[] {
	const reader = createCgroupReader({...tree, files: createHeldFiles(false)});
	const before = reader.read().reading;
	const after = reader.read().reading;
	if (before === undefined || after?.groups.length !== largeTreeSizes.cgroups) {
		throw new Error(`synthetic cgroup tree read incompletely: ${after?.groups.length} groups`);
	}

	return deriveCgroups(before, after, {elapsedMs: 1000, cores: 2, memoryTotalBytes: 8 * 1024 ** 3, limit: 10}).all;
}

/** Heap and array buffers in use once garbage is collected (a few rounds: buffers are freed after their owners). */
async function heapAndBuffersBytes(gc: () => void): Promise<number> {
	for (let round = 0; round < 3; round++) {
		gc();
		await new Promise(resolve => {
			setImmediate(resolve);
		});
	}

	const usage = process.memoryUsage();
	return usage.heapUsed + usage.arrayBuffers;
}

async function cgroupHistory(): Promise<readonly BenchResult[]> {
	return withLargeTree(async tree => {
		const groups = derivedGroups(tree);
		v8.setFlagsFromString('--expose-gc');
		const gc = vm.runInNewContext('gc') as () => void;
		const filled = () => {
			const made = createCgroupHistory(cgroupHistoryWidth);
			for (let tick = 0; tick < cgroupHistoryWidth; tick++) {
				made.push(groups);
			}

			return made;
		};

		// The median of three: what the rest of the process frees meanwhile moves a single measure.
		const held: number[] = [];
		const kept = [filled()];
		for (let round = 0; round < 3; round++) {
			const before = await heapAndBuffersBytes(gc);
			kept.push(filled());
			held.push((await heapAndBuffersBytes(gc) - before) / 1024);
		}

		const heldKib = held.sort((a, b) => a - b)[1]!;
		const history = kept.at(-1)!;
		if (history.groupCount() !== largeTreeSizes.cgroups) {
			throw new Error(`history holds ${history.groupCount()} groups`);
		}

		// The steady state: every ring full, every group present again.
		const perTickUs = medianMeanMs(200, () => {
			history.push(groups);
		}) * 1000;

		return [
			atMost('engine.cgroup_history_us', perTickUs, 'µs a tick (500 groups)', 100),
			atMost('engine.cgroup_history_kib', heldKib, 'KiB (500 groups × 120 ticks)', 1024),
		];
	});
}

/** One slice of the tree (the slice and its 24 services), as the detail of a busy parent group reads it. */
async function cgroupProcsMs(): Promise<readonly BenchResult[]> {
	return withLargeTree(tree => {
		const read = createCgroupProcsReader(tree);
		const sample = read('/slice-0.slice');
		if (sample.failure !== undefined) {
			throw new Error(`cannot list /slice-0.slice: ${sample.failure}`);
		}

		return [atMost('collect.cgroup_procs_ms', medianMeanMs(50, () => read('/slice-0.slice')), 'ms (a group and 24 children)', 1)];
	});
}

export const benchmarks: Benchmark[] = [
	{name: 'engine.cgroup_history', run: cgroupHistory},
	{name: 'collect.cgroup_procs_ms', run: cgroupProcsMs},
];
