import type Database from 'better-sqlite3';
import type {ProcessIdentity} from './process-codec.js';

/**
 * `process_identities`: each recorded process once (pid + start time + name, with user, command line and
 * parent). Blocks refer to them by id; nothing here is held in memory beyond one block's identities.
 */
export type IdentityTable = {
	/** The ids of a flushed block's identities, inserting those not stored yet; each one's `last_ms` becomes at least `lastMs`. */
	readonly store: (identities: readonly ProcessIdentity[], lastMs: number) => number[];
	/** The identity stored under each id asked for (absent ids are left out). */
	readonly load: (ids: readonly number[]) => Map<number, ProcessIdentity>;
	/** Ids of every identity with this pid and start time (one per name it ran under). */
	readonly idsOf: (pid: number, startedAtMs: number | undefined) => number[];
};

type IdentityRow = {id: number; pid: number; startedMs: number | null; name: string; user: string | null; command: string; ppid: number | null};

export function createIdentityTable(db: Database.Database): IdentityTable {
	const find = db.prepare('SELECT id FROM process_identities WHERE pid = ? AND started_ms IS ? AND name = ?').pluck();
	const touch = db.prepare('UPDATE process_identities SET last_ms = ? WHERE id = ? AND last_ms < ?');
	const insert = db.prepare('INSERT INTO process_identities (pid, started_ms, name, user, command, ppid, last_ms) VALUES (?, ?, ?, ?, ?, ?, ?)');
	const byId = db.prepare('SELECT id, pid, started_ms AS startedMs, name, user, command, ppid FROM process_identities WHERE id = ?');
	const byPid = db.prepare('SELECT id FROM process_identities WHERE pid = ? AND started_ms IS ?').pluck();
	return {
		store(identities, lastMs) {
			return identities.map(identity => {
				const found = find.get(identity.pid, identity.startedAtMs ?? null, identity.name) as number | undefined;
				if (found !== undefined) {
					touch.run(lastMs, found, lastMs);
					return found;
				}

				const {pid, startedAtMs, name, user, command, ppid} = identity;
				return Number(insert.run(pid, startedAtMs ?? null, name, user ?? null, command, ppid ?? null, lastMs).lastInsertRowid);
			});
		},
		load(ids) {
			const result = new Map<number, ProcessIdentity>();
			for (const id of ids) {
				const row = byId.get(id) as IdentityRow | undefined;
				if (row !== undefined) {
					result.set(id, {pid: row.pid, startedAtMs: row.startedMs ?? undefined, name: row.name, user: row.user ?? undefined, command: row.command, ppid: row.ppid ?? undefined});
				}
			}

			return result;
		},
		idsOf: (pid, startedAtMs) => byPid.all(pid, startedAtMs ?? null) as number[],
	};
}

/** Retention: identities no remaining block records (those whose last block ended before the oldest one left). */
export function deleteUnreferencedIdentities(db: Database.Database): number {
	return db.prepare(`DELETE FROM process_identities
		WHERE last_ms < COALESCE((SELECT MIN(start_ms) FROM blocks WHERE processes IS NOT NULL), 9007199254740991)`).run().changes;
}
