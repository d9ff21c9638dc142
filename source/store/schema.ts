import type Database from 'better-sqlite3';
import {textHash} from './text-hash.js';

/**
 * Forward-only migrations: entry N−1 takes a database from user_version N−1 to N. Never edit a
 * released entry; add the next one. Each runs inside the caller's write transaction.
 *
 * Layout (v2; v4 adds the process records, below):
 * - `blocks`: a run of up to ~600 ticks of one session; its tick timestamps, delta-of-delta packed.
 * - `chunks`: one series' values over one block (quantised, delta + zigzag + varint, deflated),
 *   aligned with the block's timestamps, so every series shares one copy of the timestamps.
 * - `recent`: one row per tick not yet in a block — the crash-safe "hot" part of the open block —
 *   appended in tick order; (session_id, seq) names the tick.
 * - `rollups`: per series per hour, the 60 one-minute summaries packed in one blob, plus an hourly DDSketch.
 * Blob tables are rowid tables on purpose: a WITHOUT ROWID row keeps only ~1 KB in its page and
 * spills the rest of a blob to an overflow page that is mostly empty, tripling the file.
 */
export const migrations: ReadonlyArray<(db: Database.Database) => void> = [
	db => {
		db.exec(`
			CREATE TABLE lock (
				id INTEGER PRIMARY KEY CHECK (id = 1),
				pid INTEGER NOT NULL,
				boot_id TEXT,
				token TEXT NOT NULL,
				started_ms INTEGER NOT NULL,
				heartbeat_ms INTEGER NOT NULL
			);
			CREATE TABLE sessions (
				id INTEGER PRIMARY KEY,
				started_ms INTEGER NOT NULL,
				ended_ms INTEGER,
				host TEXT,
				boot_id TEXT,
				version TEXT,
				pid INTEGER NOT NULL
			);
			CREATE TABLE series (
				id INTEGER PRIMARY KEY,
				key TEXT NOT NULL UNIQUE,
				metric TEXT NOT NULL,
				resource TEXT NOT NULL,
				step REAL NOT NULL
			);
			CREATE TABLE blocks (
				id INTEGER PRIMARY KEY,
				session_id INTEGER NOT NULL,
				start_ms INTEGER NOT NULL,
				end_ms INTEGER NOT NULL,
				ticks INTEGER NOT NULL,
				timestamps BLOB NOT NULL
			);
			CREATE INDEX blocks_by_start ON blocks (start_ms);
			CREATE TABLE chunks (
				block_id INTEGER NOT NULL,
				series_id INTEGER NOT NULL,
				samples INTEGER NOT NULL,
				data BLOB NOT NULL,
				PRIMARY KEY (block_id, series_id)
			);
			CREATE TABLE recent (
				session_id INTEGER NOT NULL,
				seq INTEGER NOT NULL,
				timestamp_ms INTEGER NOT NULL,
				data BLOB NOT NULL,
				PRIMARY KEY (session_id, seq)
			) WITHOUT ROWID;
			CREATE TABLE rollups (
				series_id INTEGER NOT NULL,
				hour_ms INTEGER NOT NULL,
				minutes INTEGER NOT NULL,
				stats BLOB NOT NULL,
				sketch BLOB NOT NULL,
				PRIMARY KEY (series_id, hour_ms)
			);
			CREATE INDEX rollups_by_hour ON rollups (hour_ms);
			CREATE TABLE baselines (
				name TEXT PRIMARY KEY,
				created_ms INTEGER NOT NULL,
				from_ms INTEGER NOT NULL,
				to_ms INTEGER NOT NULL,
				payload TEXT NOT NULL
			);
			CREATE TABLE events (
				id INTEGER PRIMARY KEY,
				timestamp_ms INTEGER NOT NULL,
				kind TEXT NOT NULL,
				metric TEXT,
				resource TEXT,
				value REAL,
				band TEXT,
				message TEXT NOT NULL
			);
			CREATE INDEX events_by_time ON events (timestamp_ms);
		`);
	},
	// v2: `recent` becomes a rowid table. Each tick appends one row at the right edge of its b-tree, where
	// SQLite splits a full leaf by starting a new one (two pages written), not by rebalancing three
	// siblings as it does for a WITHOUT ROWID key: about 1.2 pages written a tick instead of 1.7.
	db => {
		db.exec(`
			CREATE TABLE recent_v2 (
				id INTEGER PRIMARY KEY,
				session_id INTEGER NOT NULL,
				seq INTEGER NOT NULL,
				timestamp_ms INTEGER NOT NULL,
				data BLOB NOT NULL
			);
			INSERT INTO recent_v2 (session_id, seq, timestamp_ms, data) SELECT session_id, seq, timestamp_ms, data FROM recent ORDER BY session_id, seq;
			DROP TABLE recent;
			ALTER TABLE recent_v2 RENAME TO recent;
		`);
	},
	// v3: an anomaly event keeps how far from the baseline it was, for the events table of a report
	// over a recorded range (before, the figure was only in its message). Older rows have NULL.
	db => {
		db.exec('ALTER TABLE events ADD COLUMN deviation_sigma REAL');
	},
	// v4: the top processes of each tick as one record per tick (process-codec.ts), in place of a series
	// per process, whose rows, index entries and rollups grew with every pid ever recorded. A block's
	// records go in its `processes` column (NULL for ticks recorded before: "no process records before");
	// `recent.processes` holds the open block's. An identity is kept once; `last_ms` is the end of the
	// last block that recorded it, so retention drops those no block refers to any more.
	db => {
		db.exec(`
			ALTER TABLE blocks ADD COLUMN processes BLOB;
			ALTER TABLE recent ADD COLUMN processes BLOB;
			CREATE TABLE process_identities (
				id INTEGER PRIMARY KEY,
				pid INTEGER NOT NULL,
				started_ms INTEGER,
				name TEXT NOT NULL,
				user TEXT,
				command TEXT NOT NULL,
				ppid INTEGER,
				last_ms INTEGER NOT NULL
			);
			CREATE INDEX process_identities_by_pid ON process_identities (pid, started_ms);
		`);
	},
	// v5: user names and command lines move to `process_strings`, each text once: under process churn the
	// same few commands start again and again (a fork loop, test workers), and a 200-byte command line
	// per identity was most of the process records' cost. A text is found by a 48-bit hash of it
	// (process-identities.ts), whose index entry is a few bytes where a unique index on the text would
	// store every text twice. Identity ids are kept, so stored blocks stay valid.
	db => {
		db.function('perftop_text_hash', {deterministic: true}, (text: unknown) => textHash(String(text)));
		db.exec(`
			CREATE TABLE process_strings (id INTEGER PRIMARY KEY, hash INTEGER NOT NULL, text TEXT NOT NULL);
			INSERT INTO process_strings (hash, text) SELECT perftop_text_hash(text), text FROM (
				SELECT command AS text FROM process_identities UNION SELECT user FROM process_identities WHERE user IS NOT NULL);
			CREATE INDEX process_strings_by_hash ON process_strings (hash);
			CREATE TABLE process_identities_v5 (
				id INTEGER PRIMARY KEY,
				pid INTEGER NOT NULL,
				started_ms INTEGER,
				name TEXT NOT NULL,
				user_id INTEGER,
				command_id INTEGER NOT NULL,
				ppid INTEGER,
				last_ms INTEGER NOT NULL
			);
			INSERT INTO process_identities_v5 (id, pid, started_ms, name, user_id, command_id, ppid, last_ms)
				SELECT i.id, i.pid, i.started_ms, i.name, u.id, c.id, i.ppid, i.last_ms FROM process_identities i
				LEFT JOIN process_strings u ON u.text = i.user JOIN process_strings c ON c.text = i.command;
			DROP TABLE process_identities;
			ALTER TABLE process_identities_v5 RENAME TO process_identities;
			CREATE INDEX process_identities_by_pid ON process_identities (pid, started_ms);
		`);
	},
];

/** The oldest schema a read-only open reads as it is (without process records before v5). */
export const OLDEST_READABLE_SCHEMA = 3;

export const SCHEMA_VERSION = migrations.length;

export function schemaVersion(db: Database.Database): number {
	return db.pragma('user_version', {simple: true}) as number;
}

/** Runs every migration above the database's version, each with its version bump, in one transaction. */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): number {
	const from = schemaVersion(db);
	if (from >= target) {
		return from;
	}

	db.transaction(() => {
		for (let version = from; version < target; version++) {
			migrations[version]!(db);
			db.pragma(`user_version = ${version + 1}`);
		}
	}).immediate();
	return target;
}

/** True when the database keeps per-tick process records as this perftop reads them (schema v5 on; v4 was their first layout). */
export function hasProcessRecords(db: Database.Database): boolean {
	return schemaVersion(db) >= 5;
}
