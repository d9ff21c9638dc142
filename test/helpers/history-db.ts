import type {MetricValue, ProcessSample} from '../../source/metrics/types.js';
import {openStore} from '../../source/store/open-store.js';
import type {Store} from '../../source/store/types.js';
import {sampleAt, tempDatabase} from '../store/temp-db.js';

/** 2024-03-05 14:00:00 local time: the fixture recording's first tick. */
export const recordingStartMs = new Date(2024, 2, 5, 14, 0, 0).getTime();

/** The recorded cpu busy % at tick n: distinct at every tick, so a frame names the tick it shows. */
export function busyAt(tick: number): number {
	return 10 + ((tick * 7) % 80);
}

/** Ticks 120…139: the CPU a bottleneck for twenty seconds, an episode. */
export const episodeTicks = {first: 120, last: 139};

/** The recorded cpu busy % at tick n; tick 100 is the busiest, a spike too short for an episode. */
export function fixtureBusy(tick: number): number {
	if (tick === 100) {
		return 100;
	}

	return tick >= episodeTicks.first && tick <= episodeTicks.last ? 97 : busyAt(tick);
}

/** Ticks 0…ticks−1 at 1 s, except those in `missing` (perftop was not running: a gap). */
export function fixtureMetrics(tick: number): MetricValue[] {
	const episode = tick >= episodeTicks.first && tick <= episodeTicks.last;
	return [
		{id: 'cpu.busy_pct', resource: 'cpu', value: fixtureBusy(tick)},
		{id: 'cpu.runqueue_excess_per_core', resource: 'cpu', value: tick === 100 ? 6 : 0},
		{id: 'cpu.psi_some_pct', resource: 'cpu', value: tick === 100 ? 90 : (episode ? 30 : 1)},
		{id: 'memory.used_pct', resource: 'memory', value: 40},
		{id: 'memory.total_bytes', resource: 'memory', value: 8 * 1024 ** 3},
	];
}

/** Two processes a tick for the first 150 ticks, none after (a tick without a process record). */
export function fixtureProcesses(tick: number): ProcessSample[] {
	if (tick >= 150) {
		return [];
	}

	const base = {command: '', state: 'R', readBytesPerSec: 0, writeBytesPerSec: 0, ioBytesPerSec: 0, threads: 1, ppid: 1};
	return [
		{...base, pid: 812, name: 'postgres', command: 'postgres -D /var/lib/postgresql', user: 'postgres', cpuPct: 30 + (tick % 10), rssBytes: 400 * 1024 ** 2, startedAtMs: recordingStartMs - 3_600_000},
		{...base, pid: 4242, name: 'pg_dump', command: 'pg_dump --all', user: 'root', cpuPct: 5, rssBytes: 90 * 1024 ** 2, startedAtMs: recordingStartMs - 60_000},
	];
}

/**
 * A database recorded by the test: `ticks` ticks from recordingStartMs by host `recorder-7`, one a second
 * unless `offsetMs` says otherwise, a gap where `missing` says, processes as fixtureProcesses says; opened again read-only, as replay opens it.
 */
export function recordFixture(ticks: number, missing: (tick: number) => boolean = () => false, offsetMs: (tick: number) => number = tick => tick * 1000): {store: Store; path: string; cleanup: () => void} {
	const database = tempDatabase();
	let now = recordingStartMs;
	const writer = openStore({path: database.path, now: () => now, chunkTicks: 60, host: 'recorder-7', bootId: 'boot-a', version: '0.1.0'}).store;
	for (let tick = 0; tick < ticks; tick++) {
		if (!missing(tick)) {
			now = recordingStartMs + offsetMs(tick);
			writer.write({...sampleAt(now, fixtureMetrics(tick)), processes: fixtureProcesses(tick)});
		}
	}

	writer.close();
	const {store} = openStore({path: database.path, access: 'read'});
	return {
		store,
		path: database.path,
		cleanup() {
			store.close();
			database.cleanup();
		},
	};
}
