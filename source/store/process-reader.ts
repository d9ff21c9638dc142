import type Database from 'better-sqlite3';
import {ioSum} from '../metrics/processes.js';
import type {ProcessesAt, ProcessKey, ProcessRecord, ProcessSample} from '../metrics/types.js';
import {MAX_BLOCK_SPAN_MS, type OpenBlock} from './blocks.js';
import {decodeTimestamps} from './chunk-codec.js';
import {decodeProcessBlock, decodeProcessTick, type EncodedEntry, type ProcessIdentity} from './process-codec.js';
import {createIdentityTable, type IdentityTable} from './process-identities.js';
import {hasProcessRecords} from './schema.js';
import type {RecordedProcessHistory, TimeRange} from './types.js';

/**
 * Every read of the per-tick process records: stored blocks one at a time (a block's row is fetched by
 * id, so a scan holds one decoded block whatever its range), then the ticks not yet in a block.
 */
export type ProcessReader = {
	readonly processesAt: (timeMs: number) => ProcessesAt;
	readonly scanProcesses: (range: TimeRange, visit: (record: ProcessRecord) => void) => number;
	readonly processHistory: (key: ProcessKey, range: TimeRange) => RecordedProcessHistory;
	readonly processRecordRange: () => TimeRange | undefined;
};

export type ProcessSource = {
	readonly path: string;
	/** Undefined while there is no database. */
	readonly db: () => Database.Database | undefined;
	/** Unflushed blocks in time order, each with the session it belongs to. */
	readonly unflushed: () => ReadonlyArray<{readonly block: OpenBlock; readonly sessionId: number}>;
};

/** One block's records, stored or not: ticks, each one's encoded record, and its processes' identities. */
type ProcessBlock = {
	readonly sessionId: number;
	readonly timestamps: readonly number[];
	readonly ticks: ReadonlyArray<Uint8Array | undefined>;
	/** How many identities the block numbers. */
	readonly identities: number;
	/** The identity of a local number; undefined when it was not found (deleted under the reader). */
	readonly identity: (local: number) => ProcessIdentity | undefined;
};

type BlockRow = {sessionId: number; timestamps: Buffer; processes: Buffer};

function prepare(db: Database.Database) {
	return {
		idsInRange: db.prepare(`SELECT id FROM blocks WHERE processes IS NOT NULL AND start_ms BETWEEN ? AND ? AND end_ms >= ?
			ORDER BY start_ms, id`).pluck(),
		// A block starts at most MAX_BLOCK_SPAN_MS before its last tick; past a gap, the last block that started before.
		// Newest first: the search stops at the first block that cannot hold a later tick than the best found.
		startedBefore: db.prepare('SELECT id, end_ms AS endMs FROM blocks WHERE processes IS NOT NULL AND start_ms <= ? ORDER BY start_ms DESC, id DESC LIMIT 16'),
		row: db.prepare('SELECT session_id AS sessionId, timestamps, processes FROM blocks WHERE id = ?'),
		recordRange: db.prepare('SELECT MIN(start_ms) AS fromMs, MAX(end_ms) AS toMs FROM blocks WHERE processes IS NOT NULL'),
		identities: createIdentityTable(db),
	};
}

type Statements = ReturnType<typeof prepare>;

function storedBlock(s: Statements, identities: IdentityTable, id: number): ProcessBlock | undefined {
	const row = s.row.get(id) as BlockRow | undefined;
	if (row === undefined) {
		return undefined;
	}

	const {identityIds, ticks} = decodeProcessBlock(row.processes);
	const known = identities.load([...new Set(identityIds)]);
	return {
		sessionId: row.sessionId, timestamps: decodeTimestamps(row.timestamps), ticks, identities: identityIds.length, identity: local => known.get(identityIds[local]!),
	};
}

function openBlock(block: OpenBlock, sessionId: number): ProcessBlock {
	const {list} = block.identities;
	return {sessionId, timestamps: block.timestamps, ticks: block.processes, identities: list.length, identity: local => list[local]};
}

/** Read and write together, as the live table has it; undefined when neither is known. */
function ioOf({readBytesPerSec, writeBytesPerSec}: EncodedEntry): number | undefined {
	return ioSum(readBytesPerSec, writeBytesPerSec);
}

function processOf(identity: ProcessIdentity, entry: EncodedEntry): ProcessSample {
	const {readBytesPerSec, writeBytesPerSec} = entry;
	return {
		pid: identity.pid,
		name: identity.name,
		command: identity.command,
		user: identity.user,
		state: entry.state,
		cpuPct: entry.cpuPct,
		rssBytes: entry.rssBytes,
		readBytesPerSec,
		writeBytesPerSec,
		ioBytesPerSec: ioOf(entry),
		threads: entry.threads,
		...(identity.ppid === undefined ? {} : {ppid: identity.ppid}),
		...(identity.startedAtMs === undefined ? {} : {startedAtMs: identity.startedAtMs}),
	};
}

function recordAt(block: ProcessBlock, index: number): ProcessRecord | undefined {
	const body = block.ticks[index];
	if (body === undefined) {
		return undefined;
	}

	const processes: ProcessSample[] = [];
	for (const entry of decodeProcessTick(body)) {
		const identity = block.identity(entry.local);
		if (identity !== undefined) {
			processes.push(processOf(identity, entry));
		}
	}

	return {timestampMs: block.timestamps[index]!, sessionId: block.sessionId, processes};
}

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

export function createProcessReader(source: ProcessSource): ProcessReader {
	let prepared: {db: Database.Database; statements: Statements | undefined} | undefined;
	/** Undefined without a database, or for one older than the process records. */
	const statements = (): Statements | undefined => {
		const db = source.db();
		if (db === undefined) {
			return undefined;
		}

		if (prepared?.db !== db) {
			prepared = {db, statements: hasProcessRecords(db) ? prepare(db) : undefined};
		}

		return prepared.statements;
	};

	/** Stored blocks then unflushed ones that may hold ticks within the range, decoded one at a time. */
	function * blocks(fromMs: number, toMs: number): Generator<ProcessBlock> {
		const s = statements();
		if (s !== undefined) {
			for (const id of s.idsInRange.all(fromMs - MAX_BLOCK_SPAN_MS, toMs, fromMs) as number[]) {
				const block = storedBlock(s, s.identities, id);
				if (block !== undefined) {
					yield block;
				}
			}
		}

		for (const {block, sessionId} of source.unflushed()) {
			if (block.maxMs >= fromMs && block.minMs <= toMs) {
				yield openBlock(block, sessionId);
			}
		}
	}

	function processRecordRange(): TimeRange | undefined {
		let fromMs = Number.POSITIVE_INFINITY;
		let toMs = Number.NEGATIVE_INFINITY;
		const row = statements()?.recordRange.get() as {fromMs: number | null; toMs: number | null} | undefined;
		if (row?.fromMs != null && row.toMs != null) {
			fromMs = row.fromMs;
			toMs = row.toMs;
		}

		for (const {block} of source.unflushed()) {
			for (const [index, body] of block.processes.entries()) {
				if (body !== undefined) {
					fromMs = Math.min(fromMs, block.timestamps[index]!);
					toMs = Math.max(toMs, block.timestamps[index]!);
				}
			}
		}

		return Number.isFinite(fromMs) ? {fromMs, toMs} : undefined;
	}

	/** The latest tick with a record at or before `timeMs` in one block, as its index. */
	function latestIn(block: ProcessBlock, timeMs: number): number | undefined {
		let best: number | undefined;
		for (const [index, timestamp] of block.timestamps.entries()) {
			if (timestamp <= timeMs && block.ticks[index] !== undefined && (best === undefined || timestamp >= block.timestamps[best]!)) {
				best = index;
			}
		}

		return best;
	}

	function noRecord(timeMs: number): ProcessesAt {
		const range = processRecordRange();
		if (range !== undefined) {
			return {ok: false, reason: `no process records before ${iso(range.fromMs)} (asked for ${iso(timeMs)})`};
		}

		const anyTicks = source.db()?.prepare('SELECT 1 FROM blocks LIMIT 1').get() !== undefined || source.unflushed().length > 0;
		return {ok: false, reason: anyTicks ? `no process records in ${source.path} (written by a perftop that did not keep them)` : `nothing recorded in ${source.path}`};
	}

	function processesAt(timeMs: number): ProcessesAt {
		let best: {block: ProcessBlock; index: number} | undefined;
		const bestMs = () => (best === undefined ? Number.NEGATIVE_INFINITY : best.block.timestamps[best.index]!);
		const consider = (block: ProcessBlock) => {
			const index = latestIn(block, timeMs);
			if (index !== undefined && block.timestamps[index]! >= bestMs()) {
				best = {block, index};
			}
		};

		for (const {block, sessionId} of source.unflushed()) {
			consider(openBlock(block, sessionId));
		}

		// Stored blocks from the newest that started by then, decoding only those that could hold a later
		// tick than the best so far: a history step decodes one block, not every block of two hours.
		const s = statements();
		for (const row of (s?.startedBefore.all(timeMs) ?? []) as Array<{id: number; endMs: number}>) {
			if (row.endMs > bestMs()) {
				const block = storedBlock(s!, s!.identities, row.id);
				if (block !== undefined) {
					consider(block);
				}
			}
		}

		const record = best === undefined ? undefined : recordAt(best.block, best.index);
		return record === undefined ? noRecord(timeMs) : {ok: true, record};
	}

	function scanProcesses(range: TimeRange, visit: (record: ProcessRecord) => void): number {
		let visited = 0;
		for (const block of blocks(range.fromMs, range.toMs)) {
			for (const [index, timestamp] of block.timestamps.entries()) {
				if (timestamp < range.fromMs || timestamp > range.toMs) {
					continue;
				}

				const record = recordAt(block, index);
				if (record !== undefined) {
					visit(record);
					visited++;
				}
			}
		}

		return visited;
	}

	function processHistory(key: ProcessKey, range: TimeRange): RecordedProcessHistory {
		const history: RecordedProcessHistory = {timestamps: [], cpuPct: [], rssBytes: [], readBytesPerSec: [], writeBytesPerSec: [], ioBytesPerSec: []};
		const nan = (value: number | undefined) => value ?? Number.NaN;
		for (const block of blocks(range.fromMs, range.toMs)) {
			const locals = new Set<number>();
			for (let local = 0; local < block.identities; local++) {
				const identity = block.identity(local);
				if (identity?.pid === key.pid && identity.startedAtMs === key.startedAtMs) {
					locals.add(local);
				}
			}

			if (locals.size === 0) {
				continue;
			}

			for (const [index, timestamp] of block.timestamps.entries()) {
				const body = block.ticks[index];
				if (body === undefined || timestamp < range.fromMs || timestamp > range.toMs) {
					continue;
				}

				const entry = decodeProcessTick(body).find(candidate => locals.has(candidate.local));
				if (entry !== undefined) {
					history.timestamps.push(timestamp);
					history.cpuPct.push(nan(entry.cpuPct));
					history.rssBytes.push(entry.rssBytes);
					history.readBytesPerSec.push(nan(entry.readBytesPerSec));
					history.writeBytesPerSec.push(nan(entry.writeBytesPerSec));
					history.ioBytesPerSec.push(nan(ioOf(entry)));
				}
			}
		}

		return history;
	}

	return {processesAt, scanProcesses, processHistory, processRecordRange};
}
