import {afterEach, describe, expect, it, vi} from 'vitest';
import type {Baseline, BaselineMetric} from '../../source/analyze/baseline.js';
import path from 'node:path';
import {createCgroupProcsReader, type CgroupMembers} from '../../source/collect/read-cgroup-procs.js';
import type {RawReading} from '../../source/collect/types.js';
import {createEngine, type Recorder} from '../../source/engine/engine.js';
import {createPendingRecorder} from '../../source/engine/recording.js';
import type {RecordingState, Snapshot} from '../../source/engine/types.js';
import type {AnomalyEvent} from '../../source/analyze/anomaly.js';
import {seriesKey, type Sample} from '../../source/metrics/types.js';
import {bottleneckLines} from '../../source/ui/sections.js';
import {buildSnapshot, testInventory} from '../helpers/snapshot-builder.js';
import {cgroup, cpuTimes, process as processReading, reading, stat} from '../metrics/readings.js';

/** Readings one second apart with the CPU `busy` share given per tick (2 cores' jiffies). */
function collectorOf(busyPerTick: readonly number[]) {
	let index = 0;
	let user = 0;
	let idle = 0;
	return {
		read: async (): Promise<RawReading> => {
			const busy = busyPerTick[Math.min(index, busyPerTick.length - 1)]!;
			user += busy * 2;
			idle += (100 - busy) * 2;
			index++;
			return reading(index, {stat: stat({total: cpuTimes({user, idle})})});
		},
	};
}

function recorderSpy(): Recorder & {samples: Sample[]; events: AnomalyEvent[]; closed: number} {
	const state: RecordingState = {kind: 'recording', path: '/tmp/x.db'};
	const spy = {
		samples: [] as Sample[],
		events: [] as AnomalyEvent[],
		closed: 0,
		write(sample: Sample) {
			spy.samples.push(sample);
			return state;
		},
		recordEvents(events: readonly AnomalyEvent[]) {
			spy.events.push(...events);
		},
		state: () => state,
		close() {
			spy.closed++;
		},
	};
	return spy;
}

function stats(median: number, sigma: number): BaselineMetric {
	return {count: 100, mean: median, stddev: sigma, median, mad: sigma / 1.4826, robustSigma: sigma, p5: median - 2 * sigma, p50: median, p95: median + 2 * sigma, p99: median + 3 * sigma, min: 0, max: 100, skewness: 0, skewed: false, sigmaKind: 'stddev', sigma, firstMs: 0, lastMs: 1};
}

const quietBaseline: Baseline = {
	schemaVersion: 1,
	name: 'quiet',
	createdAt: 0,
	fromMs: 0,
	toMs: 1,
	minSamples: 10,
	metrics: {[seriesKey('cpu.busy_pct', 'cpu')]: stats(10, 2)},
	leftOut: [],
};

const engines: Array<{stop: () => void}> = [];
afterEach(() => {
	for (const engine of engines.splice(0)) {
		engine.stop();
	}
});

function engineWith(busy: readonly number[], recorder?: Recorder) {
	const engine = createEngine({collector: collectorOf(busy), inventory: testInventory, intervalMs: 1000, topProcesses: 5, historyCapacity: 10, ...(recorder ? {recorder} : {})});
	engines.push(engine);
	return engine;
}

describe('engine', () => {
	it('the first tick has no rates; the second has them; history grows', async () => {
		const engine = engineWith([50]);
		const first = await engine.tick();
		expect(first.sample.metrics.find(metric => metric.id === 'cpu.busy_pct')?.value).toBeUndefined();
		const second = await engine.tick();
		expect(second.sample.metrics.find(metric => metric.id === 'cpu.busy_pct')?.value).toBeCloseTo(50);
		expect(second.history.timestamps).toHaveLength(2);
		expect(second.history.series(seriesKey('cpu.busy_pct', 'cpu'))[1]).toBeCloseTo(50);
		expect(second.recording).toEqual({kind: 'off'});
	});

	it('start() reads at once when nothing was read yet, and an interval after a reading the caller took', async () => {
		vi.useFakeTimers();
		try {
			const fresh = engineWith([20]);
			const freshTicks: Snapshot[] = [];
			fresh.subscribe(snapshot => freshTicks.push(snapshot));
			fresh.start();
			await vi.advanceTimersByTimeAsync(0);
			expect(freshTicks).toHaveLength(1);

			const primed = engineWith([20]);
			await primed.tick();
			const primedTicks: Snapshot[] = [];
			primed.subscribe(snapshot => primedTicks.push(snapshot));
			primed.start();
			await vi.advanceTimersByTimeAsync(999);
			expect(primedTicks).toHaveLength(0);
			await vi.advanceTimersByTimeAsync(1);
			expect(primedTicks).toHaveLength(1);
		} finally {
			vi.useRealTimers();
		}
	});

	it('publishes every snapshot to subscribers and keeps the latest', async () => {
		const engine = engineWith([20]);
		const seen: Snapshot[] = [];
		const unsubscribe = engine.subscribe(snapshot => seen.push(snapshot));
		await engine.tick();
		await engine.tick();
		unsubscribe();
		await engine.tick();
		expect(seen).toHaveLength(2);
		expect(engine.latest()?.sample.timestamp).toBeGreaterThan(seen[1]!.sample.timestamp);
	});

	it('publishes the latest snapshot again with the recorder\'s state once the store attaches, without a tick', async () => {
		const pending = createPendingRecorder();
		const engine = engineWith([20], pending);
		const seen: Snapshot[] = [];
		engine.subscribe(snapshot => seen.push(snapshot));
		const first = await engine.tick();
		expect(first.recording).toEqual({kind: 'opening'});
		const store = recorderSpy();
		pending.attach(store);
		engine.refreshRecording();
		expect(seen).toHaveLength(2);
		expect(seen[1]).toEqual({...first, recording: {kind: 'recording', path: '/tmp/x.db'}});
		expect(engine.latest()).toBe(seen[1]);
		expect(store.samples).toEqual([first.sample]);
	});

	it('never runs two collections at once', async () => {
		const engine = engineWith([20]);
		const [a, b] = await Promise.all([engine.tick(), engine.tick()]);
		expect(a).toBe(b);
	});

	it('records every sample and closes the recorder once however often it stops', async () => {
		const recorder = recorderSpy();
		const engine = engineWith([20], recorder);
		const snapshot = await engine.tick();
		expect(recorder.samples).toEqual([snapshot.sample]);
		expect(snapshot.recording).toEqual({kind: 'recording', path: '/tmp/x.db'});
		engine.stop();
		engine.stop();
		expect(recorder.closed).toBe(1);
	});

	it('with a baseline, deviations are computed each tick and anomalies raise after they persist', async () => {
		const recorder = recorderSpy();
		// 10 % busy is normal for the baseline (σ 2); 90 % is 40 σ above it.
		const engine = engineWith([10, 10, 90, 90, 90, 90, 10], recorder);
		engine.setBaseline(quietBaseline);
		await engine.tick();
		const normal = await engine.tick();
		expect(normal.comparison?.deviations[0]).toMatchObject({key: 'cpu.busy_pct|cpu', band: 'normal'});
		const snapshots: Snapshot[] = [];
		for (let tick = 0; tick < 4; tick++) {
			snapshots.push(await engine.tick());
		}

		expect(snapshots[0]!.comparison?.deviations[0]?.band).toBe('critical');
		expect(snapshots[0]!.comparison?.anomalies).toEqual([]);
		expect(snapshots[2]!.comparison?.anomalies).toEqual([{key: 'cpu.busy_pct|cpu', band: 'critical'}]);
		expect(recorder.events.map(event => [event.kind, event.key, event.band, event.baseline])).toEqual([['raise', 'cpu.busy_pct|cpu', 'critical', quietBaseline.name]]);
		engine.setBaseline(undefined);
		expect((await engine.tick()).comparison).toBeUndefined();
	});
});

describe('engine: the cgroup whose detail is open', () => {
	const service = '/system.slice/app.service';

	/** Ticks one second apart: the service's CPU time grows by 0.5 s a tick; pid 100 is sampled, 101 is not. */
	function cgroupEngine(readCgroupProcs: (path: string) => CgroupMembers) {
		let index = 0;
		const collector = {
			read: async (): Promise<RawReading> => {
				index++;
				return reading(index, {
					processes: [processReading({pid: 100, name: 'app', utimeTicks: index * 50})],
					cgroups: {mode: 'v2', groups: [cgroup({path: service, cpuUsageUs: index * 500_000, cpuQuotaUs: undefined})]},
				});
			},
		};
		const engine = createEngine({collector, inventory: testInventory, intervalMs: 1000, topProcesses: 5, historyCapacity: 10, readCgroupProcs});
		engines.push(engine);
		return engine;
	}

	it('lists the watched group\'s processes joined with the process sample, with its series; at once when watched, then every tick, until unwatched', async () => {
		const asked: string[] = [];
		const engine = cgroupEngine(path => {
			asked.push(path);
			return {path, members: [{pid: 100, group: path}, {pid: 101, group: `${path}/worker`}]};
		});
		expect((await engine.tick()).cgroupDetail).toBeUndefined();
		await engine.tick();
		expect(asked).toEqual([]);

		const published: Snapshot[] = [];
		engine.subscribe(snapshot => published.push(snapshot));
		engine.watchCgroup(service);
		const detail = published.at(-1)?.cgroupDetail;
		expect(detail?.path).toBe(service);
		expect(detail?.processes.map(entry => [entry.pid, entry.group, entry.process?.name])).toEqual([[100, service, 'app'], [101, `${service}/worker`, undefined]]);
		// From the session's first tick: no rate on the first.
		expect(detail?.series?.['cgroup.cpu_pct']).toEqual([Number.NaN, 25]);

		const next = await engine.tick();
		expect(next.cgroupDetail?.processes[0]?.process?.cpuPct).toBeCloseTo(50);
		expect(next.cgroupDetail?.series?.['cgroup.cpu_pct']).toEqual([Number.NaN, 25, 25]);

		engine.watchCgroup(undefined);
		expect((await engine.tick()).cgroupDetail).toBeUndefined();
		expect(asked).toEqual([service, service]);
	});

	it('says why a group\'s processes could not be read', async () => {
		const engine = cgroupEngine(path => ({path, members: [], failure: 'the group is gone'}));
		await engine.tick();
		engine.watchCgroup(service);
		const snapshot = await engine.tick();
		expect(snapshot.cgroupDetail).toMatchObject({path: service, processes: [], failure: 'the group is gone'});
	});
});

describe('engine: who in a cgroup bottleneck does the work', () => {
	const group = '/cgprocs-test';
	const trees = ['hybrid-service', 'v2-service'];

	/**
	 * Ticks one second apart: `busy` (pid 500, outside the group) at 90 % of a core, the only process the
	 * sample's top list keeps; in the group (the captured trees' /cgprocs-test and its child `worker`),
	 * stress-ng (14714) and its two workers at 10 % each, in a group at a 0.2-core quota: using all of it
	 * and throttled in 60 % of its periods when `throttled`, a tenth of it otherwise.
	 */
	function throttledEngine(tree: string, throttled: boolean, asked: string[]) {
		const root = path.resolve('test/fixtures/cgroup', tree);
		const read = createCgroupProcsReader({procfs: path.join(root, 'proc'), sysfs: path.join(root, 'sys'), rootfs: root});
		let index = 0;
		const collector = {
			read: async (): Promise<RawReading> => {
				index++;
				return reading(index, {
					processes: [
						processReading({pid: 500, name: 'busy', utimeTicks: index * 90}),
						processReading({pid: 14_714, name: 'stress-ng'}),
						processReading({pid: 14_715, ppid: 14_714, name: 'stress-ng-cpu', utimeTicks: index * 10}),
						processReading({pid: 14_716, ppid: 14_714, name: 'stress-ng-cpu', utimeTicks: index * 10}),
					],
					cgroups: {mode: 'v2', groups: [cgroup({path: group, cpuUsageUs: index * (throttled ? 200_000 : 20_000), cpuQuotaUs: 20_000, cpuPeriodUs: 100_000, cpuPeriods: index * 10, cpuThrottledPeriods: throttled ? index * 6 : 0})]},
				});
			},
		};
		const engine = createEngine({collector, inventory: testInventory, intervalMs: 1000, topProcesses: 1, historyCapacity: 10, readCgroupProcs(path) {
			asked.push(path);
			return read(path);
		}});
		engines.push(engine);
		return engine;
	}

	it.each(trees)('%s: names the group\'s heaviest process by CPU, its workers as one, from the group\'s cgroup.procs', async tree => {
		const asked: string[] = [];
		const engine = throttledEngine(tree, true, asked);
		await engine.tick();
		const {analysis} = await engine.tick();
		const bottleneck = analysis.bottlenecks.find(entry => entry.resource === `cgroup:${group}`);
		expect(bottleneck?.topProcesses.map(entry => [entry.name, entry.count, entry.pid])).toEqual([['stress-ng-cpu', 2, 14_715]]);
		expect(bottleneck?.recommendation).toMatch(/ — raise cpu\.max \(v1: cpu\.cfs_quota_us\) or make its work cheaper; top consumer stress-ng-cpu ×2 \(pids 14715, 14716, 20%\)$/);
		expect(bottleneckLines(buildSnapshot({bottlenecks: analysis.bottlenecks}))[0]?.text).toMatch(/ — top: stress-ng-cpu ×2 \(14715 …\)$/);
		expect(asked).toEqual([group]);
	});

	it('reads a group judged and open in its detail view once a tick, for both', async () => {
		const asked: string[] = [];
		const engine = throttledEngine('hybrid-service', true, asked);
		await engine.tick();
		engine.watchCgroup(group);
		asked.length = 0;
		const snapshot = await engine.tick();
		expect(snapshot.analysis.bottlenecks.find(entry => entry.resource === `cgroup:${group}`)?.topProcesses[0]?.name).toBe('stress-ng-cpu');
		expect(snapshot.cgroupDetail?.processes.map(member => member.pid)).toContain(14_715);
		expect(asked).toEqual([group]);
	});

	it('reads nothing for a group judged LOW', async () => {
		const asked: string[] = [];
		const engine = throttledEngine('hybrid-service', false, asked);
		await engine.tick();
		const {analysis} = await engine.tick();
		expect(analysis.assessments.find(entry => entry.resource === `cgroup:${group}`)?.severity).toBe('LOW');
		expect(asked).toEqual([]);
	});
});

/**
 * Readings one second apart: a fork loop while `storm` says so (system time 48 % of 2 cores, 2,100
 * forks a second), a quiet machine otherwise.
 */
function forkStormCollector(storm: (tick: number) => boolean) {
	let index = 0;
	let system = 0;
	let user = 0;
	let idle = 0;
	let forks = 0;
	return {
		read: async (): Promise<RawReading> => {
			const forking = storm(index);
			system += forking ? 96 : 2;
			user += forking ? 6 : 4;
			idle += forking ? 98 : 194;
			forks += forking ? 2100 : 2;
			index++;
			return reading(index, {stat: stat({total: cpuTimes({system, user, idle}), forks})});
		},
	};
}

function tracerSpy(result?: string) {
	const spy = {
		starts: 0,
		stops: 0,
		reads: 0,
		start() {
			spy.starts++;
			return result ?? {
				read() {
					spy.reads++;
					return {parents: [{pid: 8812, name: 'bash', children: 1900}], lost: 0, windowMs: 1000};
				},
				stop() {
					spy.stops++;
				},
			};
		},
	};
	return spy;
}

/** Ticks until `done` holds for a snapshot (at most 12 ticks), checking `before` ahead of each. */
async function tickUntil(engine: {tick: () => Promise<Snapshot>}, done: (snapshot: Snapshot) => boolean, before = () => undefined as void): Promise<Snapshot> {
	for (let tick = 0; tick < 12; tick++) {
		before();
		const snapshot = await engine.tick();
		if (done(snapshot)) {
			return snapshot;
		}
	}

	throw new Error('not reached in 12 ticks');
}

function forksJudged(snapshot: Snapshot): number | undefined {
	return snapshot.analysis.assessments.find(assessment => assessment.resource === 'cpu')?.judged?.['system.forks_per_s'];
}

describe('engine: counting forks by parent while a fork storm is judged', () => {
	function stormEngine(storm: (tick: number) => boolean, tracer: ReturnType<typeof tracerSpy>) {
		const engine = createEngine({collector: forkStormCollector(storm), inventory: testInventory, intervalMs: 1000, topProcesses: 5, historyCapacity: 10, traceForks: tracer.start});
		engines.push(engine);
		return engine;
	}

	it('starts when a tick judges the storm, so the next tick is exact, and stops on the first quiet tick', async () => {
		const tracer = tracerSpy();
		const engine = stormEngine(tick => tick < 8, tracer);
		const judged = await tickUntil(engine, snapshot => (forksJudged(snapshot) ?? 0) > 0, () => {
			expect(tracer.starts).toBe(0);
		});
		expect(judged.sample.forkTrace).toBeUndefined();
		expect(tracer.starts).toBe(1);
		const exact = await engine.tick();
		expect(exact.sample.forkTrace).toEqual({kind: 'counted', parents: [{pid: 8812, name: 'bash', children: 1900}], windowMs: 1000, lost: 0});
		expect(exact.analysis.bottlenecks.find(entry => entry.resource === 'cpu')?.recommendation).toContain('top: bash (pid 8812) started 1.9k children in the last second');
		expect(exact.analysis.assessments.find(assessment => assessment.resource === 'cpu')?.evidence).toContain('top forker bash (pid 8812) started 1.9k children in the last second');

		await tickUntil(engine, snapshot => (forksJudged(snapshot) ?? 0) <= 0, () => {
			expect(tracer.stops).toBe(0);
		});
		expect(tracer.stops).toBe(1);
		expect(tracer.starts).toBe(1);
		expect((await engine.tick()).sample.forkTrace).toBeUndefined();
	});

	it('stopping the engine mid-storm removes the tracing', async () => {
		const tracer = tracerSpy();
		const engine = stormEngine(() => true, tracer);
		await tickUntil(engine, () => tracer.starts > 0);

		engine.stop();
		expect(tracer.stops).toBe(1);
	});

	it('why counting cannot start is asked once a storm and reaches the evidence', async () => {
		const tracer = tracerSpy('tracing fork events needs root');
		const engine = stormEngine(() => true, tracer);
		const snapshots: Snapshot[] = [];
		for (let tick = 0; tick < 8; tick++) {
			snapshots.push(await engine.tick());
		}

		expect(tracer.starts).toBe(1);
		expect(snapshots.at(-1)!.sample.forkTrace).toEqual({kind: 'unavailable', reason: 'tracing fork events needs root'});
	});
});
