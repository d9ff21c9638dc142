import {chmodSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {openStore} from '../../source/store/open-store.js';
import type {Store, WriteResult} from '../../source/store/types.js';
import {bundleChild, readLines, startChild} from './child-process.js';
import {fakeClock, sampleAt, tempDatabase} from './temp-db.js';

const START_MS = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;
const cleanups: Array<() => void> = [];

afterEach(() => {
	for (const cleanup of cleanups.splice(0).reverse()) {
		cleanup();
	}
});

/** 40 noisy series, so chunks are big enough to fill a small page budget quickly. */
function noisy(index: number, timestamp: number) {
	return sampleAt(timestamp, Array.from({length: 40}, (_, series) => ({
		id: 'disk.write_bytes_per_s',
		resource: `disk:d${series}`,
		value: ((index * 2_654_435_761 + series * 40_503) % 1_000_003) * 13,
	})));
}

describe('disk full', () => {
	it('returns ok:false "disk full", keeps the ticks in memory, and resumes once retention makes room', () => {
		const temp = tempDatabase();
		cleanups.push(temp.cleanup);
		const clock = fakeClock(START_MS);
		const {store} = openStore({path: temp.path, now: clock.now, chunkTicks: 20, maxPageCount: 60});
		cleanups.push(() => store.close());
		let full: WriteResult | undefined;
		let index = 0;
		for (; index < 5000 && full === undefined; index++) {
			const result = store.write(noisy(index, START_MS + index * 1000));
			if (!result.ok) {
				full = result;
			}
		}

		expect(full).toMatchObject({ok: false, reason: 'disk full', retryable: true});
		expect(full!.ok === false && full!.message).toMatch(/disk full/);
		const firstHeld = index - 1;
		for (let extra = 0; extra < 5; extra++, index++) {
			expect(store.write(noisy(index, START_MS + index * 1000))).toMatchObject({ok: false, reason: 'disk full'});
		}

		// Eight days later every raw block is past retention; deleting them frees pages for the backlog.
		clock.advance(8 * DAY_MS);
		expect(store.applyRetention()).toMatchObject({ok: true});
		const resumed = store.write(noisy(index, START_MS + index * 1000));
		expect(resumed.ok).toBe(true);
		const series = store.readSeries('disk.write_bytes_per_s|disk:d3', START_MS + firstHeld * 1000, START_MS + index * 1000);
		expect(series.timestamps).toEqual(Array.from({length: index - firstHeld + 1}, (_, offset) => START_MS + (firstHeld + offset) * 1000));
	});
});

describe('locked database', () => {
	it('a write during another connection\'s long transaction returns "locked" quickly and the tick is kept', async () => {
		const temp = tempDatabase();
		cleanups.push(temp.cleanup);
		const {store} = openStore({path: temp.path, chunkTicks: 100, busyTimeoutMs: 20});
		cleanups.push(() => store.close());
		expect(store.write(noisy(0, START_MS)).ok).toBe(true);
		const {default: Database} = await import('better-sqlite3');
		const other = new Database(temp.path);
		other.exec('BEGIN IMMEDIATE');
		const blocked = store.write(noisy(1, START_MS + 1000));
		expect(blocked).toMatchObject({ok: false, reason: 'locked', retryable: true, pendingTicks: 1});
		other.exec('ROLLBACK');
		other.close();
		expect(store.write(noisy(2, START_MS + 2000)).ok).toBe(true);
		expect(store.readSeries('disk.write_bytes_per_s|disk:d0', START_MS, START_MS + 2000).timestamps).toHaveLength(3);
	});
});

// Root ignores file permissions, so the read-only directory is tested through a child process
// running as an unprivileged user; skipped where that is impossible.
const canDropPrivileges = process.getuid?.() === 0;

describe.runIf(canDropPrivileges)('read-only directory (child process as uid 65534)', () => {
	let child: {file: string; cleanup: () => void};
	beforeAll(async () => {
		child = await bundleChild();
	});
	afterAll(() => child.cleanup());

	it('pauses with "read-only", holds ticks, and resumes when the directory becomes writable', async () => {
		const temp = tempDatabase();
		cleanups.push(temp.cleanup);
		chmodSync(temp.directory, 0o755);
		const directory = path.join(temp.directory, 'state');
		mkdirSync(directory, {mode: 0o555});
		chmodSync(directory, 0o555);
		const file = path.join(directory, 'perftop.db');
		const paused = startChild(child.file, ['paused', file], {uid: 65_534, gid: 65_534});
		const [first] = await readLines(paused, () => true) as Array<{notices: string[]; first: WriteResult}>;
		expect(first!.first).toMatchObject({ok: false, reason: 'read-only', retryable: true});
		expect(first!.notices.join(' ')).toMatch(/recording paused: .*read-only/);
		chmodSync(directory, 0o777);
		const resultLines = readLines(paused, () => true);
		paused.stdin.write('go\n');
		const [after] = await resultLines as Array<{second: WriteResult; third: WriteResult; values: number[]; closed: {ok: boolean}}>;
		expect(after!.second.ok).toBe(true);
		expect(after!.third.ok).toBe(true);
		// The tick written while paused was held in memory and recorded on resume.
		expect(after!.values).toEqual([0, 0.01, 0.02]);
		expect(after!.closed.ok).toBe(true);
		const {store} = openStore({path: file, access: 'read'});
		cleanups.push(() => store.close());
		expect(store.readSeries('cpu.busy_pct|cpu', 0, Number.MAX_SAFE_INTEGER).values).toEqual([0, 0.01, 0.02]);
	});
});

describe('closed store', () => {
	it('refuses writes after close without throwing', () => {
		const temp = tempDatabase();
		cleanups.push(temp.cleanup);
		const {store}: {store: Store} = openStore({path: temp.path});
		store.close();
		expect(store.write(noisy(0, START_MS))).toMatchObject({ok: false, reason: 'closed', retryable: false});
		expect(store.close()).toEqual({ok: true});
	});
});
