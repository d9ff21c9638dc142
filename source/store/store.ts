import {statSync} from 'node:fs';
import type Database from 'better-sqlite3';
import {topUnion} from '../metrics/processes.js';
import type {Sample} from '../metrics/types.js';
import {blocksFromRecent, encodeTick, encodeTickProcesses, type OpenBlock, presentCount, type RecentRow} from './blocks.js';
import {failureOf} from './faults.js';
import {type Connection, type ConnectionOptions, openConnection} from './connection.js';
import {type LockHolder, readLockHolder, recordingElsewhere, takeOver} from './writer-lock.js';
import {dequantise} from './quantise.js';
import {addToMinute, createSketch, decodeMinutes, decodeSketch, HOUR_MS, mergeSketch, MINUTE_MS, type MinuteStats} from './rollup-codec.js';
import {applyRetentionPolicy, type ResolvedRetention} from './retention.js';
import {createRangeScanner} from './range-scanner.js';
import {createMetadata, type Metadata, readSessions, storedTotals} from './metadata.js';
import {hasProcessRecords, schemaVersion} from './schema.js';
import {createProcessReader} from './process-reader.js';
import {createBlockWriter} from './block-writer.js';
import {createWriteBuffer} from './write-buffer.js';
import {createSeriesRegistry, type SeriesEntry} from './series-registry.js';
import type {Failure, MinuteRollup, RangeData, RetentionResult, SeriesData, SeriesInfo, Store, StoreInfo, StoreMode, StoreResult, TickSegment, TimeRange, WriteResult} from './types.js';

/*
 * The store: the connection's lifecycle (open, reopen after a fault, standby and takeover, heartbeat,
 * close) with the tick path whose fate follows it at every write (the in-memory blocks, the one-row
 * fast path, the flush transaction), composing the pieces a reader can take one at a time:
 * series-registry.ts, range-scanner.ts (every read of raw ticks), block-writer.ts (chunks and rollups),
 * write-buffer.ts (the ticks held in memory), metadata.ts (baselines, events, sessions), retention.ts,
 * connection.ts and writer-lock.ts. Over 400 lines because every public call asks the connection's state
 * first; the next piece to take out would be the reads (readSeries … info) over the scanner.
 */

const HEARTBEAT_INTERVAL_MS = 60_000;
// A store standing by while another process records looks at the lock this often, so a recording
// whose process has gone is taken over within a few seconds.
const TAKEOVER_CHECK_MS = 2000;
// Ticks a standby keeps, so the seconds between the recorder's last tick and the takeover are not a gap.
const STANDBY_HELD_TICKS = 30;

export type StoreSettings = {
	readonly connection: ConnectionOptions;
	readonly chunkTicks: number;
	readonly maxPendingTicks: number;
	readonly reopenIntervalMs: number;
	readonly retention: ResolvedRetention;
	readonly host: string | undefined;
	readonly version: string | undefined;
};

type Statements = ReturnType<typeof prepare>;

/** `recent` rows with their process records; a database older than those (read as it is) has none. */
function recentRows(db: Database.Database, where: string): Database.Statement {
	const processes = hasProcessRecords(db) ? 'processes' : 'NULL AS processes';
	return db.prepare(`SELECT session_id AS sessionId, seq, timestamp_ms AS timestampMs, data, ${processes} FROM recent ${where} ORDER BY session_id, seq`);
}

function prepare(db: Database.Database) {
	return {
		insertSession: db.prepare('INSERT INTO sessions (started_ms, host, boot_id, version, pid) VALUES (?, ?, ?, ?, ?)'),
		endSession: db.prepare('UPDATE sessions SET ended_ms = ? WHERE id = ?'),
		insertSeries: db.prepare('INSERT OR IGNORE INTO series (id, key, metric, resource, step) VALUES (?, ?, ?, ?, ?)'),
		// A read-only open of an older schema has no `recent.processes` to insert into (nor writes).
		insertRecent: hasProcessRecords(db) ? db.prepare('INSERT INTO recent (session_id, seq, timestamp_ms, data, processes) VALUES (?, ?, ?, ?, ?)') : undefined,
		recentBefore: recentRows(db, 'WHERE session_id < ?'),
		rollupRows: db.prepare('SELECT hour_ms AS hourMs, stats FROM rollups WHERE series_id = ? AND hour_ms BETWEEN ? AND ? ORDER BY hour_ms'),
		sketchRows: db.prepare('SELECT sketch FROM rollups WHERE series_id = ? AND hour_ms BETWEEN ? AND ?'),
		heartbeat: db.prepare('UPDATE lock SET heartbeat_ms = ? WHERE token = ?'),
		releaseLock: db.prepare('DELETE FROM lock WHERE token = ?'),
		rawRange: db.prepare('SELECT MIN(start_ms) AS fromMs, MAX(end_ms) AS toMs FROM blocks'),
	};
}

class LockLost extends Error {
	constructor(readonly holder: LockHolder | undefined) {
		super('writer lock taken over');
	}
}

function fileSize(file: string): number {
	try {
		return statSync(file).size;
	} catch {
		return 0;
	}
}

export function createStore(settings: StoreSettings, initial: Connection): {store: Store; notices: string[]} {
	const {chunkTicks, maxPendingTicks, reopenIntervalMs} = settings;
	const path = settings.connection.path;
	const now = settings.connection.now;
	const notices = [...initial.notices];
	let connection = initial;
	let statements: Statements | undefined;
	let metadata: Metadata | undefined;
	let closed = false;

	const registry = createSeriesRegistry();
	const buffer = createWriteBuffer({chunkTicks, maxPendingTicks, stepFor: registry.stepFor});

	let sessionId: number | undefined;
	let sessionStartedMs = now();
	let lastHeartbeatMs = now();
	let lastReopenAttemptMs = now();
	let lastFailure: Failure | undefined;
	const standbyHeld: Sample[] = [];
	let lastTakeoverCheckMs = now();
	const blockWriter = createBlockWriter(registry.entryOf);

	/** A series id's key; an id another process stored since is read from the database. */
	function keyOf(id: number): string | undefined {
		if (registry.keyOf(id) === undefined && connection.kind !== 'unavailable') {
			registry.load(connection.db);
		}

		return registry.keyOf(id);
	}

	function idOf(key: string): number {
		return registry.idOf(key)!;
	}

	function mode(): StoreMode {
		switch (connection.kind) {
			case 'reader': {
				return 'read-only';
			}

			case 'editor': {
				return 'standby';
			}

			default: {
				return 'read-write';
			}
		}
	}

	/** The database, when another process writes the sample stream: the registry and unflushed ticks are read from it. */
	function anotherWritersDb(): Database.Database | undefined {
		return connection.kind === 'reader' || connection.kind === 'editor' ? connection.db : undefined;
	}

	/** Takes a freshly opened connection into use: series ids, statements, recovery of a crashed run. */
	function adopt(next: Connection): void {
		connection = next;
		buffer.forgetLayout();
		if (next.kind === 'unavailable') {
			statements = undefined;
			metadata = undefined;
			return;
		}

		statements = prepare(next.db);
		metadata = createMetadata(next.db);
		if (next.kind !== 'writer') {
			registry.load(next.db);
			return;
		}

		registry.adopt(next.db);
		recoverEarlierRuns(next.db);
	}

	function recoverEarlierRuns(db: Database.Database): void {
		try {
			const rows = recentRows(db, '').all() as RecentRow[];
			db.transaction(() => {
				for (const block of blocksFromRecent(rows, chunkTicks, keyOf)) {
					blockWriter.flush(db, block, block.sessionId!);
				}

				// Sessions a crash left open end at their last recorded tick.
				db.exec(`UPDATE sessions SET ended_ms = (SELECT MAX(end_ms) FROM blocks WHERE blocks.session_id = sessions.id)
					WHERE ended_ms IS NULL`);
			})();
			if (rows.length > 0) {
				notices.push(`recovered ${rows.length} ticks an earlier run had not flushed`);
			}
		} catch (error) {
			blockWriter.forget();
			notices.push(`${failureOf(error, 'could not compact an earlier run\'s unflushed ticks').message}; they stay readable`);
		}
	}

	function ensureSession(s: Statements): number {
		if (sessionId === undefined) {
			sessionId = Number(s.insertSession.run(sessionStartedMs, settings.host ?? null, settings.connection.bootId ?? null, settings.version ?? null, process.pid).lastInsertRowid);
		}

		return sessionId;
	}

	function insertRecent(s: Statements, session: number, open: OpenBlock, index: number): void {
		s.insertRecent!.run(session, open.firstSeq + index, open.timestamps[index], encodeTick(open, index, idOf), encodeTickProcesses(open, index));
	}

	/** One transaction: new series, full blocks into chunks and rollups, the open block's new ticks into `recent`. */
	function persistAll(s: Statements, db: Database.Database, token: string): void {
		db.transaction(() => {
			const session = ensureSession(s);
			for (const entry of registry.unsaved()) {
				s.insertSeries.run(entry.id, entry.key, entry.metric, entry.resource, entry.step);
			}

			for (const block of buffer.sealed()) {
				blockWriter.flush(db, block, session);
			}

			const open = buffer.open();
			if (open) {
				for (let index = open.saved; index < open.timestamps.length; index++) {
					insertRecent(s, session, open, index);
				}
			}

			const nowMs = now();
			if (nowMs - lastHeartbeatMs >= HEARTBEAT_INTERVAL_MS) {
				if (s.heartbeat.run(nowMs, token).changes === 0) {
					throw new LockLost(readLockHolder(db));
				}

				lastHeartbeatMs = nowMs;
			}
		})();
	}

	/** Writes what is held in memory; faults come back as a result, the ticks stay held. */
	function persist(): WriteResult {
		if (connection.kind !== 'writer' || statements === undefined) {
			return failed(lastFailure ?? {ok: false, reason: 'error', retryable: false, message: 'recording paused: no database'});
		}

		const {db, token} = connection;
		const s = statements;
		const flushing = buffer.sealed().length > 0;
		const open = buffer.open();
		const heartbeatDue = now() - lastHeartbeatMs >= HEARTBEAT_INTERVAL_MS;
		try {
			if (!flushing && !heartbeatDue && registry.unsaved().length === 0 && sessionId !== undefined && open && open.saved === open.timestamps.length - 1) {
				// The usual tick: one hot row, committed on its own without BEGIN/COMMIT round trips.
				insertRecent(s, sessionId, open, open.saved);
			} else {
				persistAll(s, db, token);
			}
		} catch (error) {
			// The cached rollups were updated in place by the rolled-back transaction.
			blockWriter.forget();
			if (error instanceof LockLost) {
				const {holder} = error;
				const reason = holder === undefined ? `writer lock on ${path} lost` : recordingElsewhere(holder.pid, path);
				connection = {kind: 'editor', db, reason, holder, notices: []};
				buffer.dropAll();
				return failed({ok: false, reason: 'read-only', retryable: false, message: reason});
			}

			lastFailure = failureOf(error);
			return failed(lastFailure);
		}

		buffer.persisted(sessionId);
		registry.markSaved();

		lastFailure = undefined;
		return {ok: true, flushed: flushing};
	}

	function failed(failure: Failure): WriteResult {
		const pending = buffer.pendingTicks();
		const droppedTicks = buffer.droppedTicks();
		const held = pending > 0 ? `; ${pending} ticks held in memory` : '';
		const dropped = droppedTicks > 0 ? `; ${droppedTicks} dropped` : '';
		return {...failure, message: `${failure.message}${held}${dropped}`, pendingTicks: pending, droppedTicks};
	}

	function tryReopen(): void {
		lastReopenAttemptMs = now();
		const next = openConnection(settings.connection);
		for (const notice of next.notices) {
			notices.push(notice);
		}

		if (next.kind === 'unavailable') {
			lastFailure = next.failure;
			return;
		}

		if (next.kind !== 'writer') {
			buffer.dropAll();
		}

		adopt(next);
	}

	/**
	 * While another process records, a store opened to record keeps its last few ticks and looks at the
	 * lock every few seconds; once the holder is gone it takes the lock and records from where the
	 * holder's recording ends.
	 */
	function standBy(editor: Extract<Connection, {kind: 'editor'}>, sample: Sample): WriteResult {
		const refused = failed({ok: false, reason: 'read-only', retryable: settings.connection.access === 'record', message: editor.reason});
		if (settings.connection.access !== 'record') {
			return refused;
		}

		standbyHeld.push(sample);
		standbyHeld.splice(0, standbyHeld.length - STANDBY_HELD_TICKS);
		if (now() - lastTakeoverCheckMs < TAKEOVER_CHECK_MS) {
			return refused;
		}

		lastTakeoverCheckMs = now();
		const next = takeOver(editor, settings.connection);
		if (next === undefined) {
			return refused;
		}

		adopt(next);
		const recordedUntil = timeRange()?.toMs ?? Number.NEGATIVE_INFINITY;
		const unrecorded = standbyHeld.splice(0).filter(held => Math.round(held.timestamp) > recordedUntil);
		sessionStartedMs = Math.min(now(), ...unrecorded.map(held => Math.round(held.timestamp)));
		for (const held of unrecorded) {
			buffer.append(recorded(held), sessionId);
		}

		const result = persist();
		return result.ok ? {...result, notice: next.notices.join('; ')} : result;
	}

	/** The sample as recorded: its processes cut to the policy's top N per ranking. */
	function recorded(sample: Sample): Sample {
		const processes = topUnion(sample.processes, settings.retention.processesPerRanking);
		return processes === sample.processes ? sample : {...sample, processes};
	}

	function write(sample: Sample): WriteResult {
		if (closed) {
			return failed({ok: false, reason: 'closed', retryable: false, message: 'store is closed'});
		}

		if (connection.kind === 'reader') {
			return failed({ok: false, reason: 'read-only', retryable: false, message: connection.reason});
		}

		if (connection.kind === 'editor') {
			return standBy(connection, sample);
		}

		if (!buffer.append(recorded(sample), sessionId)) {
			return failed({ok: false, reason: 'error', retryable: false, message: `sample timestamp ${String(sample.timestamp)} is not a time`});
		}

		if (connection.kind === 'unavailable') {
			if (now() - lastReopenAttemptMs >= reopenIntervalMs) {
				tryReopen();
			}

			// Cast: tryReopen may have changed the connection; TypeScript narrowed it above.
			const current = connection as Connection;
			if (current.kind === 'unavailable') {
				return failed(current.failure);
			}

			if (current.kind !== 'writer') {
				return failed({ok: false, reason: 'read-only', retryable: false, message: current.reason});
			}
		}

		return persist();
	}

	// Reads. The writer's unflushed ticks are in memory; another process finds the writer's in `recent`.
	function unflushedBlocks(): Array<{block: OpenBlock; sessionId: number}> {
		const own = buffer.blocks().map(block => ({block, sessionId: block.sessionId ?? sessionId ?? 0}));
		if (connection.kind === 'unavailable') {
			return own;
		}

		const before = connection.kind === 'writer' ? (sessionId ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
		const stored = blocksFromRecent(statements!.recentBefore.all(before) as RecentRow[], chunkTicks, keyOf)
			.map(block => ({block, sessionId: block.sessionId ?? 0}));
		return connection.kind === 'writer' ? [...stored, ...own] : stored;
	}

	/** A series' entry; one another process stored since is read from the database. */
	function lookup(key: string): SeriesEntry | undefined {
		const db = anotherWritersDb();
		if (db !== undefined && registry.entryOf(key) === undefined) {
			registry.load(db);
		}

		return registry.entryOf(key);
	}

	// Every read of raw ticks goes through this one merge of stored blocks and unflushed ones.
	const scanner = createRangeScanner({
		db: () => (connection.kind === 'unavailable' ? undefined : connection.db),
		seriesId: key => lookup(key)?.id,
		keyOf,
		unflushed: unflushedBlocks,
	});

	const processReader = createProcessReader({
		path,
		db: () => (connection.kind === 'unavailable' ? undefined : connection.db),
		unflushed: unflushedBlocks,
	});

	function readSeries(key: string, fromMs: number, toMs: number): SeriesData {
		const result: SeriesData = {timestamps: [], values: [], sessionIds: []};
		const entry = lookup(key);
		if (entry === undefined) {
			return result;
		}

		for (const segment of scanner.scan(fromMs, toMs, {key})) {
			const values = segment.values(key);
			if (values === undefined) {
				continue;
			}

			for (const index of segment.indices) {
				result.timestamps.push(segment.timestamps[index]!);
				result.values.push(dequantise(values[index]!, entry.step));
				result.sessionIds.push(segment.sessionId);
			}
		}

		return result;
	}

	function scanSeries(key: string, range: TimeRange, visit: (timestampMs: number, value: number) => void): number {
		const entry = lookup(key);
		if (entry === undefined) {
			return 0;
		}

		let visited = 0;
		for (const segment of scanner.scan(range.fromMs, range.toMs, {key})) {
			const values = segment.values(key);
			if (values === undefined) {
				continue;
			}

			for (const index of segment.indices) {
				const stored = values[index]!;
				if (!Number.isNaN(stored)) {
					visit(segment.timestamps[index]!, dequantise(stored, entry.step));
					visited++;
				}
			}
		}

		return visited;
	}

	function readRange(fromMs: number, toMs: number, keys?: ReadonlySet<string>): RangeData {
		const segments = [...scanner.scan(fromMs, toMs)].filter(segment => segment.indices.length > 0);
		const total = segments.reduce((sum, segment) => sum + segment.indices.length, 0);
		const timestamps = new Float64Array(total);
		const sessionIds = new Int32Array(total);
		const series = new Map<string, Float64Array>();
		let offset = 0;
		for (const segment of segments) {
			const {indices} = segment;
			for (const [position, index] of indices.entries()) {
				timestamps[offset + position] = segment.timestamps[index]!;
				sessionIds[offset + position] = segment.sessionId;
			}

			for (const key of keys ?? segment.keys()) {
				const values = segment.values(key);
				if (values === undefined) {
					continue;
				}

				let target = series.get(key);
				if (target === undefined) {
					target = new Float64Array(total).fill(Number.NaN);
					series.set(key, target);
				}

				const {step} = registry.entryOf(key)!;
				for (const [position, index] of indices.entries()) {
					target[offset + position] = dequantise(values[index]!, step);
				}
			}

			offset += indices.length;
		}

		return {timestamps, sessionIds, series};
	}

	function * scanTicks(fromMs: number, toMs: number): Generator<TickSegment> {
		for (const segment of scanner.scan(fromMs, toMs)) {
			const decoded = new Map<string, Float64Array | undefined>();
			yield {
				...segment,
				values(key) {
					if (!decoded.has(key)) {
						const values = segment.values(key);
						const step = values === undefined ? undefined : lookup(key)?.step;
						decoded.set(key, step === undefined ? undefined : Float64Array.from(values!, value => dequantise(value, step)));
					}

					return decoded.get(key);
				},
			};
		}
	}

	function listSeries(): SeriesInfo[] {
		const db = anotherWritersDb();
		if (db !== undefined) {
			registry.load(db);
		}

		return registry.list();
	}

	function unflushedRange(): TimeRange | undefined {
		let fromMs = Number.POSITIVE_INFINITY;
		let toMs = Number.NEGATIVE_INFINITY;
		for (const {block} of unflushedBlocks()) {
			fromMs = Math.min(fromMs, block.minMs);
			toMs = Math.max(toMs, block.maxMs);
		}

		return Number.isFinite(fromMs) ? {fromMs, toMs} : undefined;
	}

	function union(a: TimeRange | undefined, b: TimeRange | undefined): TimeRange | undefined {
		if (a === undefined || b === undefined) {
			return a ?? b;
		}

		return {fromMs: Math.min(a.fromMs, b.fromMs), toMs: Math.max(a.toMs, b.toMs)};
	}

	function timeRange(): TimeRange | undefined {
		let stored: TimeRange | undefined;
		if (statements) {
			const row = statements.rawRange.get() as {fromMs: number | null; toMs: number | null};
			stored = row.fromMs === null || row.toMs === null ? undefined : {fromMs: row.fromMs, toMs: row.toMs};
		}

		return union(stored, unflushedRange());
	}

	function info(): StoreInfo {
		let unflushedTicks = 0;
		let unflushedSamples = 0;
		for (const {block} of unflushedBlocks()) {
			unflushedTicks += block.timestamps.length;
			for (const values of block.columns.values()) {
				unflushedSamples += presentCount(values, block.timestamps.length);
			}
		}

		const base = {path, mode: mode(), sizeBytes: fileSize(path) + fileSize(`${path}-wal`)};
		if (connection.kind === 'unavailable') {
			return {
				...base,
				schemaVersion: 0,
				raw: {range: unflushedRange(), ticks: unflushedTicks, samples: unflushedSamples},
				rollups: {range: undefined, minutes: 0},
				series: registry.size(),
				sessions: [],
			};
		}

		const {db} = connection;
		const rawRange = timeRange();
		const {raw, samples, rollups, sessions} = storedTotals(db);
		return {
			...base,
			schemaVersion: schemaVersion(db),
			raw: {range: rawRange, ticks: raw.ticks + unflushedTicks, samples: samples.samples + unflushedSamples},
			rollups: {
				// Rows are whole hours; the newest data is always raw too, so the hour in progress ends there.
				range: rollups.fromMs === null || rollups.toMs === null ? undefined : {fromMs: rollups.fromMs, toMs: Math.min(rollups.toMs + HOUR_MS, rawRange?.toMs ?? Number.POSITIVE_INFINITY)},
				minutes: rollups.minutes,
			},
			series: listSeries().length,
			sessions,
		};
	}

	function minuteStatsIn(key: string, fromMs: number, toMs: number): Map<number, MinuteStats> {
		const byMinute = new Map<number, MinuteStats>();
		const entry = lookup(key);
		if (entry === undefined) {
			return byMinute;
		}

		if (statements) {
			const rows = statements.rollupRows.all(entry.id, Math.floor(fromMs / HOUR_MS) * HOUR_MS, toMs) as Array<{hourMs: number; stats: Buffer}>;
			for (const row of rows) {
				for (const [slot, stats] of decodeMinutes(row.stats).entries()) {
					const minuteMs = row.hourMs + slot * MINUTE_MS;
					if (stats !== undefined && minuteMs >= fromMs && minuteMs <= toMs) {
						byMinute.set(minuteMs, stats);
					}
				}
			}
		}

		// Unflushed ticks whose minute starts within the range.
		for (const segment of scanner.scan(Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS, Math.floor(toMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS - 1, {key, stored: false})) {
			const values = segment.values(key);
			for (const index of values === undefined ? [] : segment.indices) {
				const q = values![index]!;
				if (!Number.isNaN(q)) {
					const minuteMs = Math.floor(segment.timestamps[index]! / MINUTE_MS) * MINUTE_MS;
					byMinute.set(minuteMs, addToMinute(byMinute.get(minuteMs), q));
				}
			}
		}

		return byMinute;
	}

	function readRollups(key: string, fromMs: number, toMs: number): MinuteRollup[] {
		const step = lookup(key)?.step ?? 1;
		return [...minuteStatsIn(key, fromMs, toMs).entries()]
			.sort(([a], [b]) => a - b)
			.map(([minuteMs, stats]) => {
				const mean = dequantise(stats.sum, step) / stats.count;
				const spread = dequantise(1, step);
				return {
					minuteMs,
					min: dequantise(stats.min, step),
					max: dequantise(stats.max, step),
					mean,
					count: stats.count,
					sumSquares: stats.m2 * spread * spread + stats.count * mean * mean,
				};
			});
	}

	function quantile(key: string, fromMs: number, toMs: number, q: number): number | undefined {
		const entry = lookup(key);
		if (entry === undefined || !(q >= 0 && q <= 1)) {
			return undefined;
		}

		const sketch = createSketch();
		if (statements) {
			for (const row of statements.sketchRows.all(entry.id, Math.floor(fromMs / HOUR_MS) * HOUR_MS, toMs) as Array<{sketch: Buffer}>) {
				mergeSketch(sketch, decodeSketch(row.sketch));
			}
		}

		for (const segment of scanner.scan(fromMs, toMs, {key, stored: false})) {
			const values = segment.values(key);
			for (const index of values === undefined ? [] : segment.indices) {
				const stored = values![index]!;
				if (!Number.isNaN(stored)) {
					sketch.accept(dequantise(stored, entry.step));
				}
			}
		}

		return sketch.count === 0 ? undefined : sketch.getValueAtQuantile(q);
	}

	/** Runs a small write outside the tick path, reporting faults instead of throwing. */
	function writeOther(action: (metadata: Metadata) => void): StoreResult {
		if (closed) {
			return {ok: false, reason: 'closed', retryable: false, message: 'store is closed'};
		}

		if (connection.kind === 'reader') {
			return {ok: false, reason: 'read-only', retryable: false, message: connection.reason};
		}

		if (connection.kind === 'unavailable' || metadata === undefined) {
			return lastFailure ?? (connection.kind === 'unavailable' ? connection.failure : {ok: false, reason: 'error', retryable: false, message: 'no database'});
		}

		try {
			action(metadata);
			return {ok: true};
		} catch (error) {
			return failureOf(error, 'not saved');
		}
	}

	function applyRetention(): RetentionResult {
		if (connection.kind !== 'writer') {
			const refused = writeOther(() => undefined);
			return refused.ok ? {ok: false, reason: 'read-only', retryable: false, message: 'retention is the recording process\'s job'} : refused;
		}

		const result = applyRetentionPolicy(connection.db, settings.retention, now());
		return result;
	}

	function close(): StoreResult {
		if (closed) {
			return {ok: true};
		}

		let result: StoreResult = {ok: true};
		if (connection.kind === 'writer') {
			buffer.seal();
			const persisted = persist();
			if (!persisted.ok) {
				result = persisted;
			}

			try {
				const s = statements!;
				if (sessionId !== undefined) {
					s.endSession.run(now(), sessionId);
				}

				s.releaseLock.run(connection.token);
			} catch (error) {
				result = result.ok ? failureOf(error, 'closing') : result;
			}
		}

		closed = true;
		if (connection.kind !== 'unavailable' && connection.db.open) {
			connection.db.close();
		}

		return result;
	}

	adopt(initial);
	if (initial.kind === 'writer') {
		// Creates the session row now, so `sessions` shows this run before its first tick.
		const started = persist();
		if (!started.ok) {
			notices.push(started.message);
		}
	}

	const store: Store = {
		path,
		mode,
		write,
		readSeries,
		scanSeries,
		readRange,
		scanTicks,
		sessions: () => (connection.kind === 'unavailable' ? [] : readSessions(connection.db)),
		listSeries,
		timeRange,
		info,
		readRollups,
		quantile,
		...processReader,
		applyRetention,
		saveBaseline: (name, createdAt, fromMs, toMs, payloadJson) => writeOther(metadata => {
			metadata.saveBaseline(name, createdAt, fromMs, toMs, payloadJson);
		}),
		listBaselines: () => metadata?.listBaselines() ?? [],
		getBaseline: name => metadata?.getBaseline(name),
		deleteBaseline(name) {
			let deleted = false;
			const result = writeOther(metadata => {
				deleted = metadata.deleteBaseline(name);
			});
			return result.ok ? {ok: true, deleted} : result;
		},
		addEvent: event => writeOther(metadata => {
			metadata.addEvent(event);
		}),
		listEvents: (fromMs, toMs) => metadata?.listEvents(fromMs, toMs) ?? [],
		close,
	};
	return {store, notices};
}

