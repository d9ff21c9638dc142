import type {MetricValue} from '../../source/metrics/types.js';
import {openStore} from '../../source/store/open-store.js';
import type {Store} from '../../source/store/types.js';
import {sampleAt, tempDatabase} from '../store/temp-db.js';

/** 2024-03-05 14:00:00 local time: the fixture recording's first tick. */
export const recordingStartMs = new Date(2024, 2, 5, 14, 0, 0).getTime();

/** The recorded cpu busy % at tick n: distinct at every tick, so a frame names the tick it shows. */
export function busyAt(tick: number): number {
	return 10 + ((tick * 7) % 80);
}

/** Ticks 0…ticks−1 at 1 s, except those in `missing` (perftop was not running: a gap). Tick 100 is the busiest. */
export function fixtureMetrics(tick: number): MetricValue[] {
	const busy = tick === 100 ? 100 : busyAt(tick);
	return [
		{id: 'cpu.busy_pct', resource: 'cpu', value: busy},
		{id: 'cpu.runqueue_excess_per_core', resource: 'cpu', value: tick === 100 ? 6 : 0},
		{id: 'cpu.psi_some_pct', resource: 'cpu', value: tick === 100 ? 90 : 1},
		{id: 'memory.used_pct', resource: 'memory', value: 40},
		{id: 'memory.total_bytes', resource: 'memory', value: 8 * 1024 ** 3},
	];
}

/**
 * A database recorded by the test: `ticks` ticks from recordingStartMs by host `recorder-7`, one a second
 * unless `offsetMs` says otherwise, a gap where `missing` says; opened again read-only, as replay opens it.
 */
export function recordFixture(ticks: number, missing: (tick: number) => boolean = () => false, offsetMs: (tick: number) => number = tick => tick * 1000): {store: Store; path: string; cleanup: () => void} {
	const database = tempDatabase();
	let now = recordingStartMs;
	const writer = openStore({path: database.path, now: () => now, chunkTicks: 60, host: 'recorder-7', bootId: 'boot-a', version: '0.1.0'}).store;
	for (let tick = 0; tick < ticks; tick++) {
		if (!missing(tick)) {
			now = recordingStartMs + offsetMs(tick);
			writer.write(sampleAt(now, fixtureMetrics(tick)));
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
