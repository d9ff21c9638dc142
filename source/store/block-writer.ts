import type Database from 'better-sqlite3';
import type {DDSketch} from '@datadog/sketches-js';
import {type OpenBlock, presentCount} from './blocks.js';
import {encodeTimestamps, encodeValues} from './chunk-codec.js';
import {encodeProcessBlock} from './process-codec.js';
import {createIdentityTable, type IdentityTable} from './process-identities.js';
import {dequantise} from './quantise.js';
import {
	addToMinute, createSketch, decodeMinutes, decodeSketch, emptyMinutes, encodeMinutes, encodeSketch, HOUR_MS, MINUTE_MS, type MinuteStats,
} from './rollup-codec.js';
import type {SeriesEntry} from './series-registry.js';

type RollupState = {minutes: Array<MinuteStats | undefined>; sketch: DDSketch};

/**
 * Flushes a full block into the database: its timestamps and process records, one chunk per series, the series' hourly
 * rollups updated in place, and its ticks out of `recent`. The hour being recorded stays decoded in
 * memory between blocks; a rolled-back transaction must `forget` it, as it was changed in place.
 */
export type BlockWriter = {
	/** Runs inside the caller's transaction. */
	readonly flush: (db: Database.Database, block: OpenBlock, sessionId: number) => void;
	readonly forget: () => void;
};

function prepare(db: Database.Database) {
	return {
		insertBlock: db.prepare('INSERT INTO blocks (session_id, start_ms, end_ms, ticks, timestamps, processes) VALUES (?, ?, ?, ?, ?, ?)'),
		identities: createIdentityTable(db),
		insertChunk: db.prepare('INSERT INTO chunks (block_id, series_id, samples, data) VALUES (?, ?, ?, ?)'),
		deleteRecent: db.prepare('DELETE FROM recent WHERE session_id = ? AND seq BETWEEN ? AND ?'),
		selectRollup: db.prepare('SELECT stats, sketch FROM rollups WHERE series_id = ? AND hour_ms = ?'),
		// An update in place: REPLACE would delete and reinsert the row, rewriting both of its index entries.
		upsertRollup: db.prepare(`INSERT INTO rollups (series_id, hour_ms, minutes, stats, sketch) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (series_id, hour_ms) DO UPDATE SET minutes = excluded.minutes, stats = excluded.stats, sketch = excluded.sketch`),
	};
}

type Statements = ReturnType<typeof prepare>;

/** The block's process records with their identities stored; null when no tick of it has one. */
function processColumn(identities: IdentityTable, block: OpenBlock): Buffer | null {
	if (block.processes.every(body => body === undefined)) {
		return null;
	}

	return encodeProcessBlock(identities.store(block.identities.list, block.maxMs), block.processes);
}

export function createBlockWriter(entryOf: (key: string) => SeriesEntry | undefined): BlockWriter {
	const rollupCache = new Map<number, {hourMs: number; state: RollupState}>();
	let prepared: {db: Database.Database; statements: Statements} | undefined;

	/** One series' rollup for one hour: the hour being recorded stays decoded in memory; any other hour is read back once. */
	function rollupFor(s: Statements, seriesId: number, hourMs: number): RollupState {
		const cached = rollupCache.get(seriesId);
		if (cached?.hourMs === hourMs) {
			return cached.state;
		}

		const row = s.selectRollup.get(seriesId, hourMs) as {stats: Buffer; sketch: Buffer} | undefined;
		const state = row ? {minutes: decodeMinutes(row.stats), sketch: decodeSketch(row.sketch)} : {minutes: emptyMinutes(), sketch: createSketch()};
		if (cached === undefined || hourMs > cached.hourMs) {
			rollupCache.set(seriesId, {hourMs, state});
		}

		return state;
	}

	/** Adds a block's values to the stored rollups in place. */
	function updateRollups(s: Statements, seriesId: number, step: number, timestamps: readonly number[], values: Float64Array): void {
		const touched = new Map<number, RollupState>();
		let state: RollupState | undefined;
		let hourMs = Number.NaN;
		for (let index = 0; index < timestamps.length; index++) {
			const q = values[index]!;
			if (Number.isNaN(q)) {
				continue;
			}

			const timestamp = timestamps[index]!;
			if (!(timestamp >= hourMs && timestamp < hourMs + HOUR_MS)) {
				hourMs = timestamp - (timestamp % HOUR_MS);
				state = touched.get(hourMs);
				if (state === undefined) {
					state = rollupFor(s, seriesId, hourMs);
					touched.set(hourMs, state);
				}
			}

			const slot = Math.floor((timestamp - hourMs) / MINUTE_MS);
			state!.minutes[slot] = addToMinute(state!.minutes[slot], q);
			state!.sketch.accept(dequantise(q, step));
		}

		for (const [hourMs, state] of touched) {
			s.upsertRollup.run(seriesId, hourMs, state.minutes.filter(stats => stats !== undefined).length, encodeMinutes(state.minutes), encodeSketch(state.sketch));
		}
	}

	return {
		flush(db, block, sessionId) {
			const ticks = block.timestamps.length;
			if (ticks === 0) {
				return;
			}

			if (prepared?.db !== db) {
				prepared = {db, statements: prepare(db)};
			}

			const s = prepared.statements;
			const blockId = s.insertBlock.run(sessionId, block.minMs, block.maxMs, ticks, encodeTimestamps(block.timestamps), processColumn(s.identities, block)).lastInsertRowid;
			for (const [key, values] of block.columns) {
				const samples = presentCount(values, ticks);
				const entry = entryOf(key);
				if (samples === 0 || entry === undefined) {
					continue;
				}

				s.insertChunk.run(blockId, entry.id, samples, encodeValues(values, ticks));
				updateRollups(s, entry.id, entry.step, block.timestamps, values);
			}

			s.deleteRecent.run(sessionId, block.firstSeq, block.firstSeq + ticks - 1);
		},
		forget() {
			rollupCache.clear();
		},
	};
}
