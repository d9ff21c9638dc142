import type Database from 'better-sqlite3';
import {failureOf} from './faults.js';
import {deleteUnreferencedIdentities} from './process-identities.js';
import {HOUR_MS} from './rollup-codec.js';
import type {RetentionPolicy, RetentionResult} from './types.js';

const DAY_MS = 86_400_000;
export const DEFAULT_RAW_MAX_AGE_MS = 7 * DAY_MS;
export const DEFAULT_ROLLUP_MAX_AGE_MS = 90 * DAY_MS;
export const DEFAULT_PROCESSES_PER_RANKING = 10;
// Over the size cap, raw blocks go in batches of this share of what is left, so a large
// database shrinks in a few passes rather than one page-count check per block.
const SIZE_BATCH_SHARE = 0.05;

export type ResolvedRetention = {
	readonly rawMaxAgeMs: number;
	readonly rollupMaxAgeMs: number;
	readonly maxDatabaseBytes: number | undefined;
	readonly processesPerRanking: number;
};

export function resolveRetention(policy: RetentionPolicy | undefined): ResolvedRetention {
	return {
		rawMaxAgeMs: policy?.rawMaxAgeMs ?? DEFAULT_RAW_MAX_AGE_MS,
		rollupMaxAgeMs: policy?.rollupMaxAgeMs ?? DEFAULT_ROLLUP_MAX_AGE_MS,
		maxDatabaseBytes: policy?.maxDatabaseBytes,
		processesPerRanking: policy?.processesPerRanking ?? DEFAULT_PROCESSES_PER_RANKING,
	};
}

/** Bytes in pages that hold data: the file size minus free pages not yet handed back. */
export function usedBytes(db: Database.Database): number {
	const pageSize = db.pragma('page_size', {simple: true}) as number;
	const pages = db.pragma('page_count', {simple: true}) as number;
	const free = db.pragma('freelist_count', {simple: true}) as number;
	return (pages - free) * pageSize;
}

function deleteBlocks(db: Database.Database, ids: readonly number[]): void {
	const chunks = db.prepare('DELETE FROM chunks WHERE block_id = ?');
	const blocks = db.prepare('DELETE FROM blocks WHERE id = ?');
	for (const id of ids) {
		chunks.run(id);
		blocks.run(id);
	}
}

function deleteOldestRawBlocks(db: Database.Database): number {
	const {count} = db.prepare('SELECT COUNT(*) AS count FROM blocks').get() as {count: number};
	if (count === 0) {
		return 0;
	}

	const batch = Math.max(1, Math.ceil(count * SIZE_BATCH_SHARE));
	const ids = (db.prepare('SELECT id FROM blocks ORDER BY start_ms, id LIMIT ?').all(batch) as Array<{id: number}>).map(row => row.id);
	deleteBlocks(db, ids);
	return ids.length;
}

function deleteOldestRollupHour(db: Database.Database): number {
	const oldest = db.prepare('SELECT MIN(hour_ms) AS hourMs FROM rollups').get() as {hourMs: number | null};
	return oldest.hourMs === null ? 0 : db.prepare('DELETE FROM rollups WHERE hour_ms = ?').run(oldest.hourMs).changes;
}

/**
 * Drops raw blocks (with their process records) that ended before now − rawMaxAge, rollup hours that ended before
 * now − rollupMaxAge (and events and ended sessions as old), then, over the size cap, the oldest
 * raw blocks and after them the oldest rollup hours. Freed pages go back to the file system.
 */
export function applyRetentionPolicy(db: Database.Database, policy: ResolvedRetention, nowMs: number): RetentionResult {
	try {
		let deletedBlocks = 0;
		let deletedRollups = 0;
		let deletedEvents = 0;
		db.transaction(() => {
			const rawCutoffMs = nowMs - policy.rawMaxAgeMs;
			const rollupCutoffMs = nowMs - policy.rollupMaxAgeMs;
			const expired = (db.prepare('SELECT id FROM blocks WHERE end_ms < ?').all(rawCutoffMs) as Array<{id: number}>).map(row => row.id);
			deleteBlocks(db, expired);
			deletedBlocks += expired.length;
			deletedRollups += db.prepare('DELETE FROM rollups WHERE hour_ms + ? <= ?').run(HOUR_MS, rollupCutoffMs).changes;
			deletedEvents += db.prepare('DELETE FROM events WHERE timestamp_ms < ?').run(rollupCutoffMs).changes;
			db.prepare('DELETE FROM sessions WHERE ended_ms IS NOT NULL AND ended_ms < ? AND id NOT IN (SELECT DISTINCT session_id FROM blocks)')
				.run(rollupCutoffMs);
			deleteUnreferencedIdentities(db);
		})();

		if (policy.maxDatabaseBytes !== undefined) {
			const cap = policy.maxDatabaseBytes;
			while (usedBytes(db) > cap) {
				// A block's process records go with it, and the identities only they referred to.
				const removedBlocks = db.transaction(() => {
					const removed = deleteOldestRawBlocks(db);
					deleteUnreferencedIdentities(db);
					return removed;
				})();
				deletedBlocks += removedBlocks;
				if (removedBlocks > 0) {
					continue;
				}

				const removedRollups = db.transaction(() => deleteOldestRollupHour(db))();
				deletedRollups += removedRollups;
				if (removedRollups === 0) {
					break;
				}
			}
		}

		db.pragma('incremental_vacuum');
		return {ok: true, deletedBlocks, deletedRollups, deletedEvents, sizeBytes: usedBytes(db)};
	} catch (error) {
		return failureOf(error, 'retention not applied');
	}
}
