import {afterEach, describe, expect, it} from 'vitest';
import {openStore} from '../../source/store/open-store.js';
import {fakeClock, sampleAt, tempDatabase} from './temp-db.js';

const START_MS = Date.UTC(2024, 0, 1);
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const cleanups: Array<() => void> = [];

afterEach(() => {
	for (const cleanup of cleanups.splice(0).reverse()) {
		cleanup();
	}
});

function setup(retention: {rawMaxAgeMs?: number; rollupMaxAgeMs?: number; maxDatabaseBytes?: number}) {
	const temp = tempDatabase();
	const clock = fakeClock(START_MS);
	const {store} = openStore({path: temp.path, now: clock.now, chunkTicks: 60, retention});
	cleanups.push(temp.cleanup, () => store.close());
	return {store, clock};
}

/** One tick a minute for `hours`, starting at `fromMs`. */
function record(store: ReturnType<typeof setup>['store'], fromMs: number, hours: number): void {
	for (let minute = 0; minute < hours * 60; minute++) {
		store.write(sampleAt(fromMs + minute * 60_000, [
			{id: 'cpu.busy_pct', resource: 'cpu', value: (minute * 13) % 97},
			{id: 'memory.used_bytes', resource: 'memory', value: 1e9 + ((minute * 7919) % 10_007) * 4096},
		]));
	}
}

describe('retention', () => {
	it('drops raw data past its age first, keeps rollups until theirs, with an injected clock', () => {
		const {store, clock} = setup({rawMaxAgeMs: 2 * DAY_MS, rollupMaxAgeMs: 5 * DAY_MS});
		record(store, START_MS, 4);
		store.addEvent({timestamp: START_MS, kind: 'note', message: 'old'});
		clock.set(START_MS + 2 * DAY_MS);
		expect(store.applyRetention()).toMatchObject({ok: true, deletedBlocks: 0});
		expect(store.readSeries('cpu.busy_pct|cpu', START_MS, START_MS + DAY_MS).timestamps).toHaveLength(240);

		// Three days on, raw blocks ending more than two days ago are gone, the rollups are not.
		clock.set(START_MS + 3 * DAY_MS);
		const raw = store.applyRetention();
		expect(raw).toMatchObject({ok: true, deletedBlocks: 4, deletedRollups: 0, deletedEvents: 0});
		expect(store.readSeries('cpu.busy_pct|cpu', START_MS, START_MS + DAY_MS).timestamps).toEqual([]);
		expect(store.readRollups('cpu.busy_pct|cpu', START_MS, START_MS + DAY_MS)).toHaveLength(240);
		// The raw values are gone: the median comes from the hourly sketches. Exactly it lies between 47 and
		// 48 ((minute × 13) mod 97 over 240 minutes); a sketch is within 1 % of the value at its rank.
		const median = store.quantile('cpu.busy_pct|cpu', START_MS, START_MS + DAY_MS, 0.5)!;
		expect(median).toBeGreaterThanOrEqual(47 * 0.99);
		expect(median).toBeLessThanOrEqual(48 * 1.01);

		clock.set(START_MS + 5 * DAY_MS + 4 * HOUR_MS);
		const rollups = store.applyRetention();
		expect(rollups).toMatchObject({ok: true, deletedBlocks: 0, deletedRollups: 8, deletedEvents: 1});
		expect(store.readRollups('cpu.busy_pct|cpu', START_MS, START_MS + DAY_MS)).toEqual([]);
		expect(store.listEvents(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
	});

	it('keeps an hour of rollups that ends exactly at the cutoff boundary until it has fully aged', () => {
		const {store, clock} = setup({rollupMaxAgeMs: DAY_MS});
		record(store, START_MS, 2);
		clock.set(START_MS + DAY_MS + HOUR_MS - 1);
		expect(store.applyRetention()).toMatchObject({deletedRollups: 0});
		clock.set(START_MS + DAY_MS + HOUR_MS);
		expect(store.applyRetention()).toMatchObject({deletedRollups: 2});
	});

	it('over the size cap, drops the oldest raw blocks first and leaves newer data and rollups', () => {
		const temp = tempDatabase();
		cleanups.push(temp.cleanup);
		const clock = fakeClock(START_MS);
		const first = openStore({path: temp.path, now: clock.now, chunkTicks: 60}).store;
		// Every 10 s for 12 hours, 10 noisy series: raw chunks dominate the file.
		for (let tick = 0; tick < 12 * 360; tick++) {
			first.write(sampleAt(START_MS + tick * 10_000, Array.from({length: 10}, (_, series) => ({
				id: 'net.rx_bytes_per_s', resource: `net:e${series}`, value: ((tick * 2_654_435_761 + series * 97) % 1_000_003) * 7,
			}))));
		}

		clock.set(START_MS + DAY_MS);
		const uncapped = first.applyRetention();
		const before = first.info();
		first.close();
		expect(uncapped).toMatchObject({ok: true, deletedBlocks: 0});
		const usedBytes = uncapped.ok ? uncapped.sizeBytes : 0;
		// A cap a few pages under the current size: some, not all, raw blocks must go.
		const capBytes = usedBytes - 8 * 4096;

		const {store} = openStore({path: temp.path, now: clock.now, chunkTicks: 60, retention: {maxDatabaseBytes: capBytes}});
		cleanups.push(() => store.close());
		const result = store.applyRetention();
		expect(result.ok).toBe(true);
		expect(result.ok && result.deletedBlocks).toBeGreaterThan(0);
		expect(result.ok && result.deletedRollups).toBe(0);
		expect(result.ok && result.sizeBytes).toBeLessThanOrEqual(capBytes);
		const after = store.info();
		expect(after.raw.ticks).toBeGreaterThan(0);
		expect(after.raw.range!.fromMs).toBeGreaterThan(START_MS);
		expect(after.raw.range!.toMs).toBe(before.raw.range!.toMs);
		expect(after.rollups.minutes).toBe(before.rollups.minutes);
	});
});
