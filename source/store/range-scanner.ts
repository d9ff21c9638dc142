import type Database from 'better-sqlite3';
import {MAX_BLOCK_SPAN_MS, type OpenBlock} from './blocks.js';
import {decodeTimestamps, decodeValues} from './chunk-codec.js';
import type {TickSegment} from './types.js';

/**
 * One block's ticks within a scanned range, stored or not yet flushed (a clock step can put a block's
 * ticks out of time order, hence `indices`). Values are quantised here (Store.scanTicks dequantises); a
 * stored block decodes a chunk only when it is asked for.
 */
export type Segment = TickSegment;

export type ScanOptions = {
	/** Only this series: stored blocks without it are skipped by the query itself. */
	readonly key?: string;
	/** False for a read whose stored part comes from the rollups: only the unflushed ticks. */
	readonly stored?: boolean;
};

/** Where the scanner reads: the database's blocks and chunks, and the ticks not yet in a block. */
export type ScanSource = {
	/** Undefined while there is no database. */
	readonly db: () => Database.Database | undefined;
	readonly seriesId: (key: string) => number | undefined;
	readonly keyOf: (seriesId: number) => string | undefined;
	/** Unflushed blocks in time order, each with the session it belongs to. */
	readonly unflushed: () => ReadonlyArray<{readonly block: OpenBlock; readonly sessionId: number}>;
};

export type RangeScanner = {
	/**
	 * The ticks fromMs ≤ t ≤ toMs, block by block in time order: stored blocks first, then the unflushed
	 * ones (the writer's in memory, another writer's from `recent`). Lazy: a wide range is read one block
	 * at a time, and a history view steps through it tick by tick within a segment.
	 */
	readonly scan: (fromMs: number, toMs: number, options?: ScanOptions) => Generator<Segment>;
};

type Statements = {
	readonly seriesChunks: Database.Statement;
	readonly blocksInRange: Database.Statement;
	readonly chunksOfBlock: Database.Statement;
};

function prepare(db: Database.Database): Statements {
	return {
		seriesChunks: db.prepare(`SELECT b.session_id AS sessionId, b.timestamps, c.data FROM blocks b
			JOIN chunks c ON c.block_id = b.id AND c.series_id = ?
			WHERE b.start_ms BETWEEN ? AND ? AND b.end_ms >= ? ORDER BY b.start_ms, b.id`),
		blocksInRange: db.prepare(`SELECT id, session_id AS sessionId, timestamps FROM blocks
			WHERE start_ms BETWEEN ? AND ? AND end_ms >= ? ORDER BY start_ms, id`),
		chunksOfBlock: db.prepare('SELECT series_id AS seriesId, data FROM chunks WHERE block_id = ?'),
	};
}

/** Positions of the ticks within fromMs ≤ t ≤ toMs. */
function within(timestamps: readonly number[], fromMs: number, toMs: number): {indices: number[]} {
	const indices: number[] = [];
	for (const [index, timestamp] of timestamps.entries()) {
		if (timestamp >= fromMs && timestamp <= toMs) {
			indices.push(index);
		}
	}

	return {indices};
}

export function createRangeScanner(source: ScanSource): RangeScanner {
	let prepared: {db: Database.Database; statements: Statements} | undefined;
	const statementsFor = (db: Database.Database): Statements => {
		if (prepared?.db !== db) {
			prepared = {db, statements: prepare(db)};
		}

		return prepared.statements;
	};

	function * stored(db: Database.Database, fromMs: number, toMs: number, key: string | undefined): Generator<Segment> {
		const s = statementsFor(db);
		// A block starts at most MAX_BLOCK_SPAN_MS before its last tick: the index on start_ms bounds the search.
		const bounds = [fromMs - MAX_BLOCK_SPAN_MS, toMs, fromMs] as const;
		if (key !== undefined) {
			const id = source.seriesId(key);
			if (id === undefined) {
				return;
			}

			for (const row of s.seriesChunks.all(id, ...bounds) as Iterable<{sessionId: number; timestamps: Buffer; data: Buffer}>) {
				const timestamps = decodeTimestamps(row.timestamps);
				const values = decodeValues(row.data);
				yield {sessionId: row.sessionId, timestamps, ...within(timestamps, fromMs, toMs), values: asked => (asked === key ? values : undefined), keys: () => [key]};
			}

			return;
		}

		for (const row of s.blocksInRange.all(...bounds) as Array<{id: number; sessionId: number; timestamps: Buffer}>) {
			const timestamps = decodeTimestamps(row.timestamps);
			let chunks: Map<string, Buffer> | undefined;
			const decoded = new Map<string, Float64Array>();
			const load = (): Map<string, Buffer> => {
				chunks ??= new Map((s.chunksOfBlock.all(row.id) as Array<{seriesId: number; data: Buffer}>)
					.flatMap(chunk => {
						const chunkKey = source.keyOf(chunk.seriesId);
						return chunkKey === undefined ? [] : [[chunkKey, chunk.data] as const];
					}));
				return chunks;
			};

			yield {
				sessionId: row.sessionId,
				timestamps,
				...within(timestamps, fromMs, toMs),
				values(asked) {
					let values = decoded.get(asked);
					const data = values === undefined ? load().get(asked) : undefined;
					if (data !== undefined) {
						values = decodeValues(data);
						decoded.set(asked, values);
					}

					return values;
				},
				keys: () => load().keys(),
			};
		}
	}

	function * scan(fromMs: number, toMs: number, options: ScanOptions = {}): Generator<Segment> {
		const db = source.db();
		if (db !== undefined && options.stored !== false) {
			yield * stored(db, fromMs, toMs, options.key);
		}

		for (const {block, sessionId} of source.unflushed()) {
			if (block.maxMs < fromMs || block.minMs > toMs) {
				continue;
			}

			yield {
				sessionId,
				timestamps: block.timestamps,
				...within(block.timestamps, fromMs, toMs),
				values: key => block.columns.get(key),
				keys: () => block.columns.keys(),
			};
		}
	}

	return {scan};
}
