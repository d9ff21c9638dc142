import Database from 'better-sqlite3';
import {afterEach, describe, expect, it} from 'vitest';
import {openStore} from '../../source/store/open-store.js';
import {storedValue} from '../../source/store/quantise.js';
import {SCHEMA_VERSION} from '../../source/store/schema.js';
import type {Store} from '../../source/store/types.js';
import {fakeClock, sampleAt, tempDatabase} from './temp-db.js';

const START_MS = Date.UTC(2024, 0, 1, 12, 0, 0);
const cleanups: Array<() => void> = [];

afterEach(() => {
	for (const cleanup of cleanups.splice(0)) {
		cleanup();
	}
});

function setup(options: {chunkTicks?: number} = {}): {store: Store; path: string; reopen: () => Store} {
	const database = tempDatabase();
	const clock = fakeClock(START_MS);
	const stores: Store[] = [];
	const open = () => {
		const {store} = openStore({path: database.path, now: clock.now, chunkTicks: options.chunkTicks ?? 10, host: 'box', bootId: 'boot-a', version: '0.1.0'});
		stores.push(store);
		return store;
	};

	cleanups.push(() => {
		for (const store of stores) {
			store.close();
		}

		database.cleanup();
	});
	return {store: open(), path: database.path, reopen: open};
}

/** Tick i: a noisy percentage, a byte gauge, and a disk value missing every third tick. */
function tick(index: number) {
	return sampleAt(START_MS + index * 1000, [
		{id: 'cpu.busy_pct', resource: 'cpu', value: 40 + Math.sin(index) * 12.3456},
		{id: 'memory.used_bytes', resource: 'memory', value: 2_000_000_000 + index * 1024 + 0.4},
		{id: 'disk.util_pct', resource: 'disk:vda', value: index % 3 === 0 ? undefined : index / 7},
	]);
}

describe('store round trip', () => {
	it('reads back every value as quantised, with gaps as NaN, across flushed chunks and the open block', () => {
		const {store} = setup({chunkTicks: 10});
		for (let index = 0; index < 25; index++) {
			expect(store.write(tick(index)).ok).toBe(true);
		}

		const cpu = store.readSeries('cpu.busy_pct|cpu', START_MS, START_MS + 24_000);
		expect(cpu.timestamps).toEqual(Array.from({length: 25}, (_, index) => START_MS + index * 1000));
		expect(cpu.values).toEqual(Array.from({length: 25}, (_, index) => storedValue(40 + Math.sin(index) * 12.3456, 0.01)));
		const memory = store.readSeries('memory.used_bytes|memory', START_MS, START_MS + 24_000);
		expect(memory.values[24]).toBe(2_000_000_000 + 24 * 1024);
		const disk = store.readSeries('disk.util_pct|disk:vda', START_MS, START_MS + 24_000);
		expect(disk.values.map(value => Number.isNaN(value))).toEqual(Array.from({length: 25}, (_, index) => index % 3 === 0));
		expect(disk.values[4]).toBe(storedValue(4 / 7, 0.01));
	});

	it('returns only the requested window, inclusive at both ends', () => {
		const {store} = setup({chunkTicks: 10});
		for (let index = 0; index < 30; index++) {
			store.write(tick(index));
		}

		const window = store.readSeries('cpu.busy_pct|cpu', START_MS + 8000, START_MS + 21_000);
		expect(window.timestamps[0]).toBe(START_MS + 8000);
		expect(window.timestamps.at(-1)).toBe(START_MS + 21_000);
		expect(window.timestamps).toHaveLength(14);
		expect(store.readSeries('no.such|thing', START_MS, START_MS + 30_000).values).toEqual([]);
	});

	it('flushes a chunk per series exactly at the block boundary', () => {
		const {store, path} = setup({chunkTicks: 10});
		const flushed: boolean[] = [];
		for (let index = 0; index < 21; index++) {
			const result = store.write(tick(index));
			flushed.push(result.ok && result.flushed);
		}

		expect(flushed.flatMap((value, index) => (value ? [index] : []))).toEqual([9, 19]);
		const db = new Database(path, {readonly: true});
		const blocks = db.prepare('SELECT ticks, start_ms AS startMs, end_ms AS endMs FROM blocks ORDER BY id').all();
		const chunks = db.prepare('SELECT COUNT(*) AS n FROM chunks').get() as {n: number};
		const recent = db.prepare('SELECT COUNT(*) AS n FROM recent').get() as {n: number};
		db.close();
		expect(blocks).toEqual([{ticks: 10, startMs: START_MS, endMs: START_MS + 9000}, {ticks: 10, startMs: START_MS + 10_000, endMs: START_MS + 19_000}]);
		expect(chunks.n).toBe(6);
		expect(recent.n).toBe(1);
	});

	it('a reopened store sees the ticks that were only in the open block (crash-safe hot rows)', () => {
		const {store, reopen} = setup({chunkTicks: 100});
		for (let index = 0; index < 15; index++) {
			store.write(tick(index));
		}

		// A second reader while the writer still runs sees the unflushed ticks through `recent`.
		const reader = reopen();
		expect(reader.mode()).toBe('standby');
		expect(reader.readSeries('cpu.busy_pct|cpu', START_MS, START_MS + 60_000).timestamps).toHaveLength(15);
		reader.close();
		store.close();
		const again = reopen();
		const cpu = again.readSeries('cpu.busy_pct|cpu', START_MS, START_MS + 60_000);
		expect(cpu.values).toEqual(Array.from({length: 15}, (_, index) => storedValue(40 + Math.sin(index) * 12.3456, 0.01)));
	});

	it('readRange aligns every series on the recorded ticks', () => {
		const {store} = setup({chunkTicks: 4});
		for (let index = 0; index < 10; index++) {
			store.write(tick(index));
		}

		store.write(sampleAt(START_MS + 10_000, [{id: 'tcp.retrans_pct', resource: 'tcp', value: 1.5}]));
		const range = store.readRange(START_MS + 2000, START_MS + 10_000);
		expect([...range.timestamps]).toEqual(Array.from({length: 9}, (_, index) => START_MS + (index + 2) * 1000));
		expect([...range.series.get('memory.used_bytes|memory')!].slice(0, 8)).toEqual(Array.from({length: 8}, (_, index) => 2_000_000_000 + (index + 2) * 1024));
		expect(range.series.get('memory.used_bytes|memory')![8]).toBeNaN();
		expect([...range.series.get('tcp.retrans_pct|tcp')!].map(value => (Number.isNaN(value) ? 'gap' : value))).toEqual([...Array.from({length: 8}, () => 'gap'), 1.5]);
		expect(new Set(range.sessionIds).size).toBe(1);
	});

	it('lists series, time range and info, with sessions kept apart', () => {
		const {store, reopen} = setup({chunkTicks: 5});
		for (let index = 0; index < 12; index++) {
			store.write(tick(index));
		}

		store.close();
		const second = reopen();
		second.write(tick(100));
		expect(second.listSeries().map(series => series.key).sort()).toEqual(['cpu.busy_pct|cpu', 'disk.util_pct|disk:vda', 'memory.used_bytes|memory']);
		expect(second.timeRange()).toEqual({fromMs: START_MS, toMs: START_MS + 100_000});
		const info = second.info();
		expect(info.schemaVersion).toBe(SCHEMA_VERSION);
		expect(info.raw.ticks).toBe(13);
		// 13 ticks × 2 always-present series + the disk series' 8 present ticks out of 0..11, +1 at tick 100.
		expect(info.raw.samples).toBe(13 * 2 + 8 + 1);
		expect(info.sessions.map(session => [session.host, session.bootId, session.version])).toEqual([['box', 'boot-a', '0.1.0'], ['box', 'boot-a', '0.1.0']]);
		const cpu = second.readSeries('cpu.busy_pct|cpu', START_MS, START_MS + 200_000);
		expect(new Set(cpu.sessionIds)).toEqual(new Set(info.sessions.map(session => session.id)));
		expect(info.sizeBytes).toBeGreaterThan(0);
	});
});

describe('rollups', () => {
	it('keeps per-minute min, max, mean, count and sum of squares, flushed and unflushed', () => {
		const {store} = setup({chunkTicks: 50});
		const values: number[] = [];
		for (let index = 0; index < 150; index++) {
			const value = (index * 37) % 101 / 3;
			values.push(storedValue(value, 0.01)!);
			store.write(sampleAt(START_MS + index * 1000, [{id: 'cpu.busy_pct', resource: 'cpu', value}]));
		}

		const minutes = store.readRollups('cpu.busy_pct|cpu', START_MS, START_MS + 3_600_000);
		expect(minutes.map(minute => minute.minuteMs)).toEqual([START_MS, START_MS + 60_000, START_MS + 120_000]);
		for (const [slot, minute] of minutes.entries()) {
			const slice = values.slice(slot * 60, slot * 60 + 60);
			const mean = slice.reduce((sum, value) => sum + value, 0) / slice.length;
			expect(minute.count).toBe(slice.length);
			expect(minute.min).toBe(Math.min(...slice));
			expect(minute.max).toBe(Math.max(...slice));
			expect(minute.mean).toBeCloseTo(mean, 9);
			const sumSquares = slice.reduce((sum, value) => sum + value * value, 0);
			expect(Math.abs(minute.sumSquares - sumSquares) / sumSquares).toBeLessThan(0.001);
		}
	});

	it('counts in info the minutes recorded, not minutes times series, and ends their range at the newest tick', () => {
		const {store, reopen} = setup({chunkTicks: 50});
		for (let index = 0; index < 150; index++) {
			store.write(sampleAt(START_MS + index * 1000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 1}, {id: 'memory.used_pct', resource: 'memory', value: 2}]));
		}

		store.close();
		const {rollups} = reopen().info();
		expect(rollups.minutes).toBe(3);
		expect(rollups.range).toEqual({fromMs: START_MS, toMs: START_MS + 149_000});
	});

	it('adds to a minute an earlier run already stored, with the same statistics as one run', () => {
		const {store, reopen} = setup({chunkTicks: 10});
		const values: number[] = [];
		const write = (target: Store, index: number) => {
			const value = (index * 37) % 101 / 3;
			values.push(storedValue(value, 0.01)!);
			target.write(sampleAt(START_MS + index * 1000, [{id: 'cpu.busy_pct', resource: 'cpu', value}]));
		};

		for (let index = 0; index < 25; index++) {
			write(store, index);
		}

		store.close();
		const again = reopen();
		for (let index = 25; index < 60; index++) {
			write(again, index);
		}

		again.close();
		const [minute, ...rest] = reopen().readRollups('cpu.busy_pct|cpu', START_MS, START_MS + 3_600_000);
		expect(rest).toEqual([]);
		const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
		expect(minute).toMatchObject({minuteMs: START_MS, count: 60, min: Math.min(...values), max: Math.max(...values)});
		expect(minute!.mean).toBeCloseTo(mean, 9);
		const sumSquares = values.reduce((sum, value) => sum + value * value, 0);
		expect(Math.abs(minute!.sumSquares - sumSquares) / sumSquares).toBeLessThan(0.001);
	});

	it('answers quantiles within 1 % from the hourly sketches', () => {
		const {store} = setup({chunkTicks: 600});
		const values: number[] = [];
		for (let index = 0; index < 7200; index++) {
			const value = 5 + ((index * 7919) % 1000) / 10;
			values.push(storedValue(value, 0.01)!);
			store.write(sampleAt(START_MS + index * 1000, [{id: 'cpu.busy_pct', resource: 'cpu', value}]));
		}

		values.sort((a, b) => a - b);
		const exact = values[Math.floor(0.95 * (values.length - 1))]!;
		const estimate = store.quantile('cpu.busy_pct|cpu', START_MS, START_MS + 7_200_000, 0.95)!;
		expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(0.01);
		expect(store.quantile('cpu.busy_pct|cpu', START_MS - 10 * 3_600_000, START_MS - 3_600_001, 0.5)).toBeUndefined();
	});
});

describe('baselines and events', () => {
	it('saves, lists newest first, replaces, gets and deletes baselines', () => {
		const {store} = setup();
		expect(store.saveBaseline('night', 1000, 0, 500, '{"a":1}').ok).toBe(true);
		expect(store.saveBaseline('day', 2000, 500, 900, '{"b":2}').ok).toBe(true);
		expect(store.listBaselines().map(baseline => baseline.name)).toEqual(['day', 'night']);
		store.saveBaseline('night', 3000, 0, 600, '{"a":3}');
		expect(store.getBaseline('night')).toEqual({name: 'night', createdAt: 3000, fromMs: 0, toMs: 600, payloadJson: '{"a":3}'});
		expect(store.deleteBaseline('night')).toEqual({ok: true, deleted: true});
		expect(store.deleteBaseline('night')).toEqual({ok: true, deleted: false});
		expect(store.getBaseline('night')).toBeUndefined();
	});

	it('adds events and lists them by time, optional fields left out', () => {
		const {store} = setup();
		store.addEvent({timestamp: 2000, kind: 'anomaly', metric: 'cpu.busy_pct', resource: 'cpu', value: 97.5, band: 'critical', deviationSigma: -3.25, message: 'cpu 97.5 %'});
		store.addEvent({timestamp: 1000, kind: 'note', message: 'started'});
		store.addEvent({timestamp: 9000, kind: 'note', message: 'later'});
		const events = store.listEvents(0, 5000);
		expect(events.map(event => event.message)).toEqual(['started', 'cpu 97.5 %']);
		expect(events[0]).toEqual({id: expect.any(Number) as number, timestamp: 1000, kind: 'note', message: 'started'});
		expect(events[1]).toMatchObject({metric: 'cpu.busy_pct', resource: 'cpu', value: 97.5, band: 'critical', deviationSigma: -3.25});
	});
});
