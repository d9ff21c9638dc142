import {spawnSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {openStore} from '../../source/store/open-store.js';
import {migrate, migrations, SCHEMA_VERSION} from '../../source/store/schema.js';
import type {Store} from '../../source/store/types.js';
import {createWriter, writeSigned, writeVarint, written} from '../../source/store/varint.js';
import {bundleChild, readLines, startChild} from './child-process.js';
import {fakeClock, sampleAt, tempDatabase} from './temp-db.js';

const START_MS = Date.UTC(2024, 0, 1);
const cleanups: Array<() => void> = [];

afterEach(() => {
	for (const cleanup of cleanups.splice(0).reverse()) {
		cleanup();
	}
});

function database() {
	const temp = tempDatabase();
	cleanups.push(temp.cleanup);
	return temp;
}

function track(store: Store): Store {
	cleanups.push(() => store.close());
	return store;
}

function cpu(index: number) {
	return sampleAt(START_MS + index * 1000, [{id: 'cpu.busy_pct', resource: 'cpu', value: index}]);
}

/** A database with a few recorded ticks, closed. */
function recorded(file: string, ticks = 30): void {
	const {store} = openStore({path: file, chunkTicks: 10});
	for (let index = 0; index < ticks; index++) {
		store.write(cpu(index));
	}

	store.close();
}

function asideFiles(directory: string): string[] {
	return readdirSync(directory).filter(name => name.includes('.corrupt-'));
}

describe('opening', () => {
	it('creates missing folders, uses WAL and NORMAL sync, and caps the busy timeout at 250 ms', () => {
		const temp = database();
		const file = path.join(temp.directory, 'a', 'b', 'perftop.db');
		const {store, mode, notices} = openStore({path: file, busyTimeoutMs: 5000});
		track(store);
		expect(mode).toBe('read-write');
		expect(notices).toEqual([]);
		expect(existsSync(file)).toBe(true);
		const db = new Database(file, {readonly: true});
		expect(db.pragma('journal_mode', {simple: true})).toBe('wal');
		expect(db.pragma('user_version', {simple: true})).toBe(SCHEMA_VERSION);
		db.close();
	});

	it('treats a zero-byte file as a fresh database', () => {
		const temp = database();
		writeFileSync(temp.path, '');
		const {store, mode, notices} = openStore({path: temp.path});
		track(store);
		expect(mode).toBe('read-write');
		expect(notices).toEqual([]);
		expect(store.write(cpu(0)).ok).toBe(true);
		expect(asideFiles(temp.directory)).toEqual([]);
	});

	for (const [name, damage] of [
		['a non-SQLite file', (file: string) => writeFileSync(file, 'this is a text file, not a database\n'.repeat(20))],
		['a file shorter than the header', (file: string) => writeFileSync(file, 'SQLite')],
		['a truncated database', (file: string) => truncateSync(file, Math.floor(statSync(file).size / 2) + 100)],
		['a database with overwritten pages', (file: string) => {
			const bytes = readFileSync(file);
			bytes.fill(0xA5, 4096, Math.min(bytes.length, 4096 * 6));
			writeFileSync(file, bytes);
		}],
	] as const) {
		it(`moves ${name} aside and starts fresh, saying where it went`, () => {
			const temp = database();
			recorded(temp.path, 200);
			damage(temp.path);
			const before = readFileSync(temp.path);
			const clock = fakeClock(Date.UTC(2024, 4, 6, 7, 8, 9));
			const {store, mode, notices} = openStore({path: temp.path, now: clock.now});
			track(store);
			expect(mode).toBe('read-write');
			const aside = asideFiles(temp.directory).filter(file => !file.endsWith('-wal') && !file.endsWith('-shm'));
			expect(aside).toEqual(['perftop.db.corrupt-20240506T070809Z']);
			expect(readFileSync(path.join(temp.directory, aside[0]!))).toEqual(before);
			expect(notices).toHaveLength(1);
			expect(notices[0]).toContain(path.join(temp.directory, aside[0]!));
			expect(store.readSeries('cpu.busy_pct|cpu', 0, Number.MAX_SAFE_INTEGER).values).toEqual([]);
			expect(store.write(cpu(0)).ok).toBe(true);
		});
	}

	it('opens a database from a newer perftop read-only and never migrates it down', () => {
		const temp = database();
		recorded(temp.path);
		const db = new Database(temp.path);
		db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
		db.close();
		const {store, mode, notices} = openStore({path: temp.path});
		track(store);
		expect(mode).toBe('read-only');
		expect(notices.join(' ')).toMatch(/newer perftop.*read-only/);
		const result = store.write(cpu(99));
		expect(result).toMatchObject({ok: false, reason: 'read-only', retryable: false});
		expect(store.readSeries('cpu.busy_pct|cpu', 0, Number.MAX_SAFE_INTEGER).values).toHaveLength(30);
		store.close();
		const after = new Database(temp.path, {readonly: true});
		expect(after.pragma('user_version', {simple: true})).toBe(SCHEMA_VERSION + 1);
		after.close();
	});

	it('opens read-only on request without a lock, and reports a missing file', () => {
		const temp = database();
		const missing = openStore({path: temp.path, access: 'read'});
		expect(missing.mode).toBe('read-only');
		expect(missing.notices[0]).toContain('no database');
		expect(existsSync(temp.path)).toBe(false);
		missing.store.close();
		recorded(temp.path);
		const {store, mode} = openStore({path: temp.path, access: 'read'});
		track(store);
		expect(mode).toBe('read-only');
		expect(store.listSeries()).toHaveLength(1);
		expect(store.write(cpu(1))).toMatchObject({ok: false, reason: 'read-only'});
		const writer = openStore({path: temp.path});
		track(writer.store);
		expect(writer.mode).toBe('read-write');
	});
});

describe('migrations', () => {
	it('brings every earlier version up to the current one', () => {
		for (let from = 0; from < SCHEMA_VERSION; from++) {
			const temp = database();
			const db = new Database(temp.path);
			migrate(db, from);
			expect(db.pragma('user_version', {simple: true})).toBe(from);
			db.close();
			const {store, mode} = openStore({path: temp.path, chunkTicks: 2});
			track(store);
			expect(mode).toBe('read-write');
			for (let index = 0; index < 3; index++) {
				expect(store.write(cpu(index)).ok).toBe(true);
			}

			expect(store.info().schemaVersion).toBe(SCHEMA_VERSION);
			expect(store.readSeries('cpu.busy_pct|cpu', 0, Number.MAX_SAFE_INTEGER).values).toEqual([0, 1, 2]);
		}
	});

	it('carries a v1 database\'s unflushed ticks through the v2 `recent` table and recovers them', () => {
		const temp = database();
		const db = new Database(temp.path);
		migrate(db, 1);
		db.prepare('INSERT INTO sessions (id, started_ms, pid) VALUES (1, ?, 1)').run(START_MS);
		db.prepare('INSERT INTO series (id, key, metric, resource, step) VALUES (1, \'cpu.busy_pct|cpu\', \'cpu.busy_pct\', \'cpu\', 0.01)').run();
		const insert = db.prepare('INSERT INTO recent (session_id, seq, timestamp_ms, data) VALUES (1, ?, ?, ?)');
		// Inserted out of order: v1 kept them ordered by its (session_id, seq) key.
		for (const seq of [2, 0, 3, 1]) {
			// A v1 row: (series id, zigzag quantised value) pairs.
			const row = createWriter();
			writeVarint(row, 1);
			writeSigned(row, seq * 150);
			insert.run(seq, START_MS + seq * 1000, Buffer.from(written(row)));
		}

		db.close();
		const {store, notices} = openStore({path: temp.path});
		track(store);
		expect(notices).toEqual(['recovered 4 ticks an earlier run had not flushed']);
		expect(store.info().schemaVersion).toBe(SCHEMA_VERSION);
		const series = store.readSeries('cpu.busy_pct|cpu', 0, Number.MAX_SAFE_INTEGER);
		expect(series.timestamps).toEqual([0, 1, 2, 3].map(seq => START_MS + seq * 1000));
		expect(series.values).toEqual([0, 1.5, 3, 4.5]);
	});

	it('keeps a v2 database\'s events, without the deviation it did not record, and records it from then on', () => {
		const temp = database();
		const db = new Database(temp.path);
		migrate(db, 2);
		db.prepare('INSERT INTO events (timestamp_ms, kind, metric, resource, value, band, message) VALUES (?, \'raise\', \'cpu.busy_pct\', \'cpu\', 97, \'critical\', \'old\')').run(START_MS);
		db.close();
		const {store} = openStore({path: temp.path});
		track(store);
		store.addEvent({timestamp: START_MS + 1000, kind: 'raise', metric: 'cpu.busy_pct', resource: 'cpu', value: 98, band: 'critical', deviationSigma: 5.5, message: 'new'});
		const events = store.listEvents(0, Number.MAX_SAFE_INTEGER);
		expect(events.map(event => [event.message, event.value, event.deviationSigma])).toEqual([['old', 97, undefined], ['new', 98, 5.5]]);
		expect('deviationSigma' in events[0]!).toBe(false);
	});

	it('keeps data recorded at the current version when reopened (no migration re-runs)', () => {
		const temp = database();
		recorded(temp.path, 25);
		const {store} = openStore({path: temp.path});
		track(store);
		expect(store.readSeries('cpu.busy_pct|cpu', 0, Number.MAX_SAFE_INTEGER).values).toHaveLength(25);
		expect(migrations).toHaveLength(SCHEMA_VERSION);
	});
});

describe('one writer', () => {
	it('a second store opened to record stands by: it names the recorder, writes baselines and events beside it, and records nothing', () => {
		const temp = database();
		const first = openStore({path: temp.path, chunkTicks: 5});
		track(first.store);
		first.store.write(cpu(0));
		const second = openStore({path: temp.path});
		track(second.store);
		const reason = `another perftop (pid ${process.pid}) is recording to ${temp.path}`;
		expect(second.mode).toBe('standby');
		expect(second.notRecording).toBe(reason);
		expect(second.notices).toEqual([`${reason}; this one takes over when it stops`]);
		expect(second.store.write(cpu(1))).toMatchObject({ok: false, reason: 'read-only', message: reason});
		expect(second.store.saveBaseline('before-deploy', START_MS, START_MS, START_MS + 1000, '{}')).toEqual({ok: true});
		expect(second.store.addEvent({timestamp: START_MS, kind: 'note', message: 'from the second'})).toEqual({ok: true});
		expect(first.store.write(cpu(2))).toMatchObject({ok: true});
		expect(first.store.listBaselines().map(baseline => baseline.name)).toEqual(['before-deploy']);
		expect(second.store.deleteBaseline('before-deploy')).toEqual({ok: true, deleted: true});
		expect(second.store.readSeries('cpu.busy_pct|cpu', 0, Number.MAX_SAFE_INTEGER).values).toEqual([0, 2]);
		expect(first.store.info().sessions).toHaveLength(1);
	});

	it('a store opened to edit baselines takes no lock, starts no session, and works with or without a recorder', () => {
		const temp = database();
		recorded(temp.path, 3);
		const editor = openStore({path: temp.path, access: 'edit'});
		track(editor.store);
		expect(editor.mode).toBe('standby');
		expect(editor.store.saveBaseline('quiet', START_MS, START_MS, START_MS + 2000, '{}')).toEqual({ok: true});
		expect(editor.store.write(cpu(9))).toMatchObject({ok: false, reason: 'read-only'});
		const recorder = openStore({path: temp.path});
		track(recorder.store);
		expect(recorder.mode).toBe('read-write');
		expect(editor.store.deleteBaseline('quiet')).toEqual({ok: true, deleted: true});
		expect(recorder.store.info().sessions).toHaveLength(2);
	});

	it('a standby takes over within seconds of the recorder closing, and records the ticks since its last one', () => {
		const temp = database();
		const clock = fakeClock(START_MS);
		const first = openStore({path: temp.path, chunkTicks: 5, now: clock.now});
		track(first.store);
		const second = openStore({path: temp.path, chunkTicks: 5, now: clock.now});
		track(second.store);
		for (let index = 0; index < 4; index++) {
			first.store.write(cpu(index));
			expect(second.store.write(cpu(index))).toMatchObject({ok: false});
			clock.advance(1000);
		}

		first.store.close();
		const results = [4, 5, 6].map(index => {
			const result = second.store.write(cpu(index));
			clock.advance(1000);
			return result;
		});
		// Looked at the lock at the 2 s check after the first had gone: took over on tick 4 or 5.
		const tookOver = results.find(result => result.ok);
		expect(tookOver).toMatchObject({ok: true, notice: `took over recording to ${temp.path} (pid ${process.pid} stopped)`});
		expect(second.store.mode()).toBe('read-write');
		expect(results.at(-1)).toMatchObject({ok: true});
		expect(second.store.readSeries('cpu.busy_pct|cpu', 0, Number.MAX_SAFE_INTEGER).values).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(second.store.info().sessions).toHaveLength(2);
	});

	it('opens a file it cannot write read-only, with its baselines, instead of as no database', () => {
		const temp = database();
		recorded(temp.path, 3);
		const {store} = openStore({path: temp.path, access: 'edit'});
		store.saveBaseline('quiet', START_MS, START_MS, START_MS + 2000, '{}');
		store.close();
		const immutable = spawnSync('chattr', ['+i', temp.path]);
		if (immutable.status !== 0) {
			// chattr needs root and a file system that supports it; without, there is no read-only file to open.
			return;
		}

		cleanups.push(() => spawnSync('chattr', ['-i', temp.path]));
		const opened = openStore({path: temp.path});
		track(opened.store);
		expect(opened.mode).toBe('read-only');
		expect(opened.notRecording).toMatch(new RegExp(`^cannot write ${temp.path}: read-only \\(SQLITE_READONLY`));
		expect(opened.notices.at(-1)).toMatch(/; showing it read-only, not recording$/);
		expect(opened.store.listBaselines().map(baseline => baseline.name)).toEqual(['quiet']);
		expect(opened.store.readSeries('cpu.busy_pct|cpu', 0, Number.MAX_SAFE_INTEGER).values).toEqual([0, 1, 2]);
	});

	it('says a directory is a directory', () => {
		const temp = database();
		const reading = openStore({path: temp.directory, access: 'read'});
		track(reading.store);
		expect(reading.unreadable).toBe(`${temp.directory} is a directory, not a database file`);
		const recording = openStore({path: temp.directory});
		track(recording.store);
		expect(recording.notices).toEqual([`recording paused: ${temp.directory} is a directory, not a database file`]);
	});

	it('takes over a lock whose pid is dead, from another boot, or whose heartbeat is stale', () => {
		const temp = database();
		recorded(temp.path, 1);
		const clock = fakeClock(START_MS);
		for (const lock of [
			{pid: 2 ** 22 + 12_345, bootId: 'boot-a', heartbeatMs: START_MS},
			{pid: process.pid, bootId: 'boot-old', heartbeatMs: START_MS},
			{pid: process.pid, bootId: 'boot-a', heartbeatMs: START_MS - 60 * 60_000},
		]) {
			const db = new Database(temp.path);
			db.prepare('INSERT OR REPLACE INTO lock (id, pid, boot_id, token, started_ms, heartbeat_ms) VALUES (1, ?, ?, ?, ?, ?)')
				.run(lock.pid, lock.bootId, 'someone-else', lock.heartbeatMs, lock.heartbeatMs);
			db.close();
			const {store, mode} = openStore({path: temp.path, bootId: 'boot-a', now: clock.now});
			expect(mode).toBe('read-write');
			store.close();
		}
	});
});

describe('one writer across processes', () => {
	let child: {file: string; cleanup: () => void};
	beforeAll(async () => {
		child = await bundleChild();
	});
	afterAll(() => child.cleanup());

	it('beside a recording process, baselines are saved and removed, and a standby takes over once it exits', async () => {
		const temp = database();
		const holder = startChild(child.file, ['hold', temp.path]);
		const [ready] = await readLines(holder, value => typeof value === 'object' && value !== null && 'ready' in value) as Array<{mode: string; pid: number}>;
		expect(ready!.mode).toBe('read-write');
		const editor = openStore({path: temp.path, access: 'edit'});
		track(editor.store);
		expect(editor.store.saveBaseline('before-deploy', START_MS, START_MS, START_MS + 1000, '{}')).toEqual({ok: true});
		expect(editor.store.deleteBaseline('before-deploy')).toEqual({ok: true, deleted: true});
		const clock = fakeClock(START_MS);
		const standby = openStore({path: temp.path, now: clock.now});
		track(standby.store);
		expect(standby.mode).toBe('standby');
		expect(standby.notRecording).toBe(`another perftop (pid ${holder.pid}) is recording to ${temp.path}`);
		clock.advance(5000);
		expect(standby.store.write(cpu(0))).toMatchObject({ok: false, reason: 'read-only'});
		holder.stdin.end();
		await new Promise(resolve => holder.on('exit', resolve));
		clock.advance(5000);
		expect(standby.store.write(cpu(1))).toMatchObject({ok: true, notice: `took over recording to ${temp.path} (pid ${holder.pid} stopped)`});
		expect(standby.store.mode()).toBe('read-write');
	});
});
