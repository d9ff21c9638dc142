import Database from 'better-sqlite3';
import {afterEach, describe, expect, it} from 'vitest';
import type {ProcessSample} from '../../source/metrics/types.js';
import {encodeTimestamps} from '../../source/store/chunk-codec.js';
import {createBlockIdentities, encodeProcessBlock, encodeProcessTick} from '../../source/store/process-codec.js';
import {openStore} from '../../source/store/open-store.js';
import {migrate, SCHEMA_VERSION} from '../../source/store/schema.js';
import type {Store} from '../../source/store/types.js';
import {fakeClock, sampleAt, tempDatabase} from './temp-db.js';

const START_MS = Date.UTC(2024, 0, 1, 12, 0, 0);
const cleanups: Array<() => void> = [];

afterEach(() => {
	for (const cleanup of cleanups.splice(0)) {
		cleanup();
	}
});

function setup(options: {chunkTicks?: number; path?: string} = {}) {
	const database = options.path === undefined ? tempDatabase() : undefined;
	const path = options.path ?? database!.path;
	const clock = fakeClock(START_MS);
	const stores: Store[] = [];
	const open = (access: 'record' | 'read' = 'record') => {
		const opened = openStore({path, now: clock.now, chunkTicks: options.chunkTicks ?? 5, access});
		stores.push(opened.store);
		return opened;
	};

	cleanups.push(() => {
		for (const store of stores) {
			store.close();
		}

		database?.cleanup();
	});
	return {store: open().store, path, open, clock};
}

function processAt(pid: number, overrides: Partial<ProcessSample> = {}): ProcessSample {
	return {
		pid,
		name: `worker${pid}`,
		command: `/usr/bin/worker${pid} --serve`,
		user: 'www-data',
		state: 'S',
		cpuPct: 12.34,
		rssBytes: 50_000_000,
		readBytesPerSec: 1000.4,
		writeBytesPerSec: 2000,
		ioBytesPerSec: 3000.4,
		threads: 4,
		ppid: 1,
		startedAtMs: START_MS - 60_000 - pid,
		...overrides,
	};
}

/** Tick i: pids 100 and 200 throughout, their RSS growing; pid 300 from tick 3. */
function tick(index: number) {
	const processes = [
		processAt(100, {rssBytes: 50_000_000 + index * 4096, cpuPct: index}),
		processAt(200, {state: 'R', cpuPct: undefined, readBytesPerSec: undefined, writeBytesPerSec: undefined, ioBytesPerSec: undefined}),
		...(index >= 3 ? [processAt(300)] : []),
	];
	return {...sampleAt(START_MS + index * 1000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 10}]), processes};
}

describe('process records', () => {
	it('gives back the processes of the nearest tick at or before a time, across stored blocks and the open one', () => {
		const {store} = setup({chunkTicks: 5});
		for (let index = 0; index < 12; index++) {
			expect(store.write(tick(index)).ok).toBe(true);
		}

		for (const index of [3, 11]) {
			const at = store.processesAt(START_MS + index * 1000 + 400);
			expect(at.ok).toBe(true);
			const record = at.ok ? at.record : undefined;
			expect(record?.timestampMs).toBe(START_MS + index * 1000);
			expect(record?.processes.map(process => process.pid)).toEqual([100, 200, 300]);
			expect(record?.processes[0]).toEqual({
				...processAt(100, {rssBytes: Math.round((50_000_000 + index * 4096) / 1024) * 1024, cpuPct: index, readBytesPerSec: 1000, ioBytesPerSec: 3000}),
			});
			expect(record?.processes[1]).toMatchObject({state: 'R', cpuPct: undefined, ioBytesPerSec: undefined});
		}
	});

	it('says why there is no record: before the first one, or none kept at all', () => {
		const {store, path} = setup();
		expect(store.processesAt(START_MS)).toEqual({ok: false, reason: `nothing recorded in ${path}`});
		store.write(sampleAt(START_MS, [{id: 'cpu.busy_pct', resource: 'cpu', value: 10}]));
		expect(store.processesAt(START_MS)).toEqual({ok: false, reason: `no process records in ${path} (written by a perftop that did not keep them)`});
		store.write(tick(1));
		expect(store.processesAt(START_MS + 500)).toEqual({ok: false, reason: 'no process records before 2024-01-01T12:00:01.000Z (asked for 2024-01-01T12:00:00.500Z)'});
	});

	it('scans a range tick by tick in time order and follows one process, not another that reused its pid', () => {
		const {store} = setup({chunkTicks: 4});
		for (let index = 0; index < 10; index++) {
			const sample = tick(index);
			// Pid 100 exits after tick 5; a new program gets the pid.
			const processes = index > 5 ? sample.processes.map(process => (process.pid === 100 ? processAt(100, {name: 'other', startedAtMs: START_MS + 5500, rssBytes: 1024}) : process)) : sample.processes;
			store.write({...sample, processes});
		}

		const seen: number[] = [];
		const visited = store.scanProcesses({fromMs: START_MS + 2000, toMs: START_MS + 8000}, record => {
			seen.push(record.timestampMs);
		});
		expect(visited).toBe(7);
		expect(seen).toEqual([2, 3, 4, 5, 6, 7, 8].map(index => START_MS + index * 1000));

		const history = store.processHistory({pid: 100, startedAtMs: START_MS - 60_100}, {fromMs: START_MS, toMs: START_MS + 10_000});
		expect(history.timestamps).toEqual([0, 1, 2, 3, 4, 5].map(index => START_MS + index * 1000));
		expect(history.rssBytes.at(-1)).toBe(Math.round((50_000_000 + 5 * 4096) / 1024) * 1024);
		expect(history.cpuPct).toEqual([0, 1, 2, 3, 4, 5]);
		const reused = store.processHistory({pid: 100, startedAtMs: START_MS + 5500}, {fromMs: START_MS, toMs: START_MS + 10_000});
		expect(reused.timestamps).toHaveLength(4);
	});

	it('keeps the union of the top N by CPU, memory and I/O that the policy asks for', () => {
		const temp = tempDatabase();
		cleanups.push(temp.cleanup);
		const {store} = openStore({path: temp.path, now: () => START_MS, retention: {processesPerRanking: 2}});
		cleanups.push(() => store.close());
		const processes = Array.from({length: 8}, (_, index) => processAt(100 + index, {
			cpuPct: index, rssBytes: (8 - index) * 1024 ** 2, readBytesPerSec: index === 3 ? 5000 : 0, writeBytesPerSec: 0, ioBytesPerSec: index === 3 ? 5000 : 0,
		}));
		store.write({...tick(0), processes});
		const at = store.processesAt(START_MS);
		// CPU: 107, 106; memory: 100, 101; I/O: 103 alone (a 0 B/s process does not rank).
		expect(at.ok && at.record.processes.map(process => process.pid)).toEqual([100, 101, 103, 106, 107]);
	});

	it('stores each identity once, and another process reads the writer\'s unflushed records from `recent`', () => {
		const {store, path, open} = setup({chunkTicks: 5});
		for (let index = 0; index < 13; index++) {
			store.write(tick(index));
		}

		const db = new Database(path, {readonly: true});
		expect(db.prepare('SELECT COUNT(*) FROM process_identities').pluck().get()).toBe(3);
		// One user name and three command lines, each stored once.
		expect(db.prepare('SELECT COUNT(*) FROM process_strings').pluck().get()).toBe(4);
		db.close();
		const {store: reader} = open('read');
		const at = reader.processesAt(START_MS + 12_000);
		expect(at.ok && at.record.processes.map(process => process.command)).toEqual(['/usr/bin/worker100 --serve', '/usr/bin/worker200 --serve', '/usr/bin/worker300 --serve']);
		expect(reader.processRecordRange()).toEqual({fromMs: START_MS, toMs: START_MS + 12_000});
	});

	it('retention drops the identities no remaining block records', () => {
		const {store, path, clock} = setup({chunkTicks: 5});
		for (let index = 0; index < 10; index++) {
			store.write({...tick(index), processes: [processAt(index < 5 ? 100 : 200)]});
		}

		store.close();
		clock.set(START_MS + 8 * 86_400_000);
		const {store: later} = openStore({path, now: clock.now, chunkTicks: 5, retention: {rawMaxAgeMs: 86_400_000}});
		cleanups.push(() => later.close());
		later.write({...tick(0), timestamp: clock.now(), processes: [processAt(300)]});
		expect(later.applyRetention()).toMatchObject({ok: true, deletedBlocks: 2});
		const db = new Database(path, {readonly: true});
		expect(db.prepare('SELECT COUNT(*) FROM process_identities').pluck().get()).toBe(0);
		expect(db.prepare('SELECT COUNT(*) FROM process_strings').pluck().get()).toBe(0);
		db.close();
	});

	it('moves a v4 database\'s identities to stored-once strings, keeping the ids its blocks refer to', () => {
		const temp = tempDatabase();
		cleanups.push(temp.cleanup);
		const db = new Database(temp.path);
		migrate(db, 4);
		db.prepare('INSERT INTO sessions (started_ms, pid) VALUES (?, 1)').run(START_MS);
		const insert = db.prepare('INSERT INTO process_identities (id, pid, started_ms, name, user, command, ppid, last_ms) VALUES (?, ?, ?, ?, ?, ?, 1, ?)');
		insert.run(7, 100, START_MS - 1000, 'sh', 'root', 'sh -c true', START_MS);
		insert.run(9, 101, START_MS - 500, 'sh', 'root', 'sh -c true', START_MS);
		const identities = createBlockIdentities();
		const body = encodeProcessTick([processAt(100, {name: 'sh', startedAtMs: START_MS - 1000}), processAt(101, {name: 'sh', startedAtMs: START_MS - 500})], identities);
		db.prepare('INSERT INTO blocks (session_id, start_ms, end_ms, ticks, timestamps, processes) VALUES (1, ?, ?, 1, ?, ?)')
			.run(START_MS, START_MS, encodeTimestamps([START_MS]), encodeProcessBlock([7, 9], [body]));
		db.close();

		const {store} = setup({path: temp.path});
		const at = store.processesAt(START_MS);
		expect(at.ok && at.record.processes.map(process => [process.pid, process.user, process.command])).toEqual([[100, 'root', 'sh -c true'], [101, 'root', 'sh -c true']]);
		const after = new Database(temp.path, {readonly: true});
		expect(after.prepare('SELECT text FROM process_strings ORDER BY text').pluck().all()).toEqual(['root', 'sh -c true']);
		after.close();
	});

	it('opens a schema v3 database read-only and says it has no process records; recording upgrades it', () => {
		const temp = tempDatabase();
		cleanups.push(temp.cleanup);
		const db = new Database(temp.path);
		db.pragma('journal_mode = WAL');
		migrate(db, 3);
		db.prepare('INSERT INTO sessions (started_ms, pid) VALUES (?, 1)').run(START_MS);
		db.prepare('INSERT INTO blocks (session_id, start_ms, end_ms, ticks, timestamps) VALUES (1, ?, ?, 1, ?)').run(START_MS, START_MS, encodeTimestamps([START_MS]));
		db.close();

		const read = openStore({path: temp.path, access: 'read'});
		expect(read.unreadable).toBeUndefined();
		expect(read.notices).toContain(`database schema v3 is older than this perftop's (v${SCHEMA_VERSION}): it has no process records`);
		expect(read.store.timeRange()).toEqual({fromMs: START_MS, toMs: START_MS});
		expect(read.store.processesAt(START_MS)).toEqual({ok: false, reason: `no process records in ${temp.path} (written by a perftop that did not keep them)`});
		read.store.close();
		const {store} = setup({path: temp.path});
		store.write(tick(5));
		expect(store.processesAt(START_MS)).toEqual({ok: false, reason: 'no process records before 2024-01-01T12:00:05.000Z (asked for 2024-01-01T12:00:00.000Z)'});
		expect(store.processesAt(START_MS + 5000).ok).toBe(true);
	});
});
