import type Database from 'better-sqlite3';
import type {ProcessIdentity} from './process-codec.js';
import {textHash} from './text-hash.js';

/**
 * `process_identities`: each recorded process once (pid + start time + name, with its parent), its user
 * name and command line as ids into `process_strings`, where each text is kept once. Blocks refer to
 * identities by id; nothing here is held in memory beyond one block's identities.
 */
export type IdentityTable = {
	/** The ids of a flushed block's identities, inserting those not stored yet; each one's `last_ms` becomes at least `lastMs`. */
	readonly store: (identities: readonly ProcessIdentity[], lastMs: number) => number[];
	/** The identity stored under each id asked for (absent ids are left out). */
	readonly load: (ids: readonly number[]) => Map<number, ProcessIdentity>;
};

type IdentityRow = {id: number; pid: number; startedMs: number | null; name: string; user: string | null; command: string; ppid: number | null};

export function createIdentityTable(db: Database.Database): IdentityTable {
	const find = db.prepare('SELECT id FROM process_identities WHERE pid = ? AND started_ms IS ? AND name = ?').pluck();
	const touch = db.prepare('UPDATE process_identities SET last_ms = ? WHERE id = ? AND last_ms < ?');
	const insert = db.prepare('INSERT INTO process_identities (pid, started_ms, name, user_id, command_id, ppid, last_ms) VALUES (?, ?, ?, ?, ?, ?, ?)');
	const findString = db.prepare('SELECT id FROM process_strings WHERE hash = ? AND text = ?').pluck();
	const insertString = db.prepare('INSERT INTO process_strings (hash, text) VALUES (?, ?)');
	const byId = db.prepare(`SELECT i.id, i.pid, i.started_ms AS startedMs, i.name, u.text AS user, c.text AS command, i.ppid
		FROM process_identities i LEFT JOIN process_strings u ON u.id = i.user_id LEFT JOIN process_strings c ON c.id = i.command_id WHERE i.id = ?`);

	function stringId(text: string): number {
		const hash = textHash(text);
		return (findString.get(hash, text) as number | undefined) ?? Number(insertString.run(hash, text).lastInsertRowid);
	}

	return {
		store(identities, lastMs) {
			return identities.map(identity => {
				const found = find.get(identity.pid, identity.startedAtMs ?? null, identity.name) as number | undefined;
				if (found !== undefined) {
					touch.run(lastMs, found, lastMs);
					return found;
				}

				const {pid, startedAtMs, name, user, command, ppid} = identity;
				const userId = user === undefined ? null : stringId(user);
				return Number(insert.run(pid, startedAtMs ?? null, name, userId, stringId(command), ppid ?? null, lastMs).lastInsertRowid);
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
	};
}

/**
 * Retention: identities no remaining block records (those whose last block ended before the oldest one
 * left), then the user names and command lines no identity uses any more.
 */
export function deleteUnreferencedIdentities(db: Database.Database): number {
	const deleted = db.prepare(`DELETE FROM process_identities
		WHERE last_ms < COALESCE((SELECT MIN(start_ms) FROM blocks WHERE processes IS NOT NULL), 9007199254740991)`).run().changes;
	if (deleted > 0) {
		db.exec(`DELETE FROM process_strings WHERE id NOT IN (SELECT command_id FROM process_identities)
			AND id NOT IN (SELECT user_id FROM process_identities WHERE user_id IS NOT NULL)`);
	}

	return deleted;
}
