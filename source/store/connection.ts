import {randomUUID} from 'node:crypto';
import {closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {classify, failureOf} from './faults.js';
import {migrate, OLDEST_READABLE_SCHEMA, SCHEMA_VERSION, schemaVersion} from './schema.js';
import {claimLock, type LockHolder, recordingElsewhere} from './writer-lock.js';
import type {Access, Failure} from './types.js';
import {errorMessage} from '../errors.js';

export const MAX_BUSY_TIMEOUT_MS = 250;
const SQLITE_HEADER = 'SQLite format 3\u0000';
// Taking the writer lock waits at most this long in total for another process's transaction.
const LOCK_ATTEMPTS = 4;

export type ConnectionOptions = {
	readonly path: string;
	readonly access: Access;
	readonly now: () => number;
	readonly busyTimeoutMs: number;
	readonly maxPageCount: number | undefined;
	readonly bootId: string | undefined;
	readonly lockStaleMs: number | undefined;
};

/**
 * What opening produced: the one writer of the sample stream; an editor, which writes baselines and events
 * while another process records (`holder`, whose lock it takes over once the holder is gone) or was opened
 * to edit; a reader (and why); or nothing yet (and whether to try again).
 */
export type Connection =
	| {readonly kind: 'writer'; readonly db: Database.Database; readonly token: string; readonly notices: string[]}
	| EditorConnection
	| {
		readonly kind: 'reader';
		readonly db: Database.Database;
		readonly reason: string;
		readonly notices: string[];
		readonly unreadable?: true;
		/** Said when a newer perftop wrote the file: what it keeps may not read as this one expects. */
		readonly newer?: string;
	}
	| {readonly kind: 'unavailable'; readonly failure: Failure; readonly notices: string[]};

export type EditorConnection = {
	readonly kind: 'editor';
	readonly db: Database.Database;
	readonly reason: string;
	readonly holder: LockHolder | undefined;
	readonly notices: string[];
};

function newerThanThis(databasePath: string, version: number): string {
	return `${databasePath} was written by a newer perftop (schema v${version}; this one reads up to v${SCHEMA_VERSION})`;
}

function compactTimestamp(ms: number): string {
	return new Date(ms).toISOString().replaceAll(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Moves a damaged database (and its -wal/-shm) aside as `<name>.corrupt-<timestamp>`; returns the new path. */
export function moveAside(databasePath: string, nowMs: number): string {
	let aside = `${databasePath}.corrupt-${compactTimestamp(nowMs)}`;
	for (let attempt = 1; existsSync(aside); attempt++) {
		aside = `${databasePath}.corrupt-${compactTimestamp(nowMs)}-${attempt}`;
	}

	renameSync(databasePath, aside);
	for (const suffix of ['-wal', '-shm']) {
		if (existsSync(databasePath + suffix)) {
			renameSync(databasePath + suffix, aside + suffix);
		}
	}

	return aside;
}

/** Why a non-empty file is not an SQLite database, or undefined when its header is right. Zero bytes is a valid empty database. */
function headerProblem(databasePath: string): string | undefined {
	const size = statSync(databasePath).size;
	if (size === 0) {
		return undefined;
	}

	if (size < 100) {
		return `only ${size} bytes, shorter than an SQLite header`;
	}

	const header = Buffer.alloc(16);
	const fd = openSync(databasePath, 'r');
	try {
		readSync(fd, header, 0, 16, 0);
	} finally {
		closeSync(fd);
	}

	return header.toString('latin1') === SQLITE_HEADER ? undefined : 'not an SQLite database';
}

/** `PRAGMA quick_check`; undefined when the database is sound, else the first problem. */
function integrityProblem(db: Database.Database): string | undefined {
	try {
		const rows = db.pragma('quick_check') as Array<{quick_check: string}>;
		const first = rows[0]?.quick_check;
		return first === 'ok' ? undefined : `quick_check: ${first ?? 'no result'}`;
	} catch (error) {
		const {reason, code} = classify(error);
		if (reason === 'corrupt') {
			return `${code}: ${errorMessage(error)}`;
		}

		throw error;
	}
}

function sleepMs(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** An empty database at the current schema, for a reader with nothing to read. */
function emptyDatabase(): Database.Database {
	const db = new Database(':memory:');
	migrate(db);
	return db;
}

/** SQLite's own word for a folder is "disk I/O error"; this says what it is. */
function directoryProblem(databasePath: string): string | undefined {
	return existsSync(databasePath) && statSync(databasePath).isDirectory() ? `${databasePath} is a directory, not a database file` : undefined;
}

function unreadableReader(message: string): Connection {
	return {kind: 'reader', db: emptyDatabase(), reason: message, notices: [message], unreadable: true};
}

function openReader(options: ConnectionOptions): Connection {
	const notices: string[] = [];
	if (!existsSync(options.path)) {
		return {kind: 'reader', db: emptyDatabase(), reason: `no database at ${options.path}`, notices: [`no database at ${options.path}`]};
	}

	const directory = directoryProblem(options.path);
	if (directory !== undefined) {
		return unreadableReader(directory);
	}

	let db: Database.Database;
	try {
		db = new Database(options.path, {readonly: true, fileMustExist: true});
		db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
		const problem = headerProblem(options.path) ?? integrityProblem(db);
		if (problem !== undefined) {
			db.close();
			// Opened only for reading: report the damage, touch nothing.
			return unreadableReader(`${options.path} is damaged (${problem}); showing nothing`);
		}
	} catch (error) {
		return unreadableReader(failureOf(error, `cannot read ${options.path}`).message);
	}

	const version = schemaVersion(db);
	if (version > SCHEMA_VERSION) {
		notices.push(`database schema v${version} is newer than this perftop knows (v${SCHEMA_VERSION}); some history may not show`);
		return {kind: 'reader', db, reason: 'opened read-only', notices, newer: newerThanThis(options.path, version)};
	}

	if (version < SCHEMA_VERSION && version >= OLDEST_READABLE_SCHEMA) {
		notices.push(`database schema v${version} is older than this perftop's (v${SCHEMA_VERSION}): it has no process records`);
	} else if (version < SCHEMA_VERSION) {
		db.close();
		return unreadableReader(`database schema v${version} needs an upgrade that a read-only open cannot do (run perftop or perftop record on it once); showing nothing`);
	}

	return {kind: 'reader', db, reason: 'opened read-only', notices};
}

/** Opens, checks and moves aside a damaged file; returns an open handle on a sound (possibly fresh) database. */
function openSound(options: ConnectionOptions, notices: string[]): Database.Database {
	const problemBeforeOpen = existsSync(options.path) ? headerProblem(options.path) : undefined;
	if (problemBeforeOpen !== undefined) {
		const aside = moveAside(options.path, options.now());
		notices.push(`${options.path} was damaged (${problemBeforeOpen}); moved it to ${aside} and started a fresh database`);
	}

	const db = new Database(options.path);
	try {
		db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
		const problem = integrityProblem(db);
		if (problem === undefined) {
			return db;
		}

		db.close();
		const aside = moveAside(options.path, options.now());
		notices.push(`${options.path} was damaged (${problem}); moved it to ${aside} and started a fresh database`);
	} catch (error) {
		if (db.open) {
			db.close();
		}

		throw error;
	}

	const fresh = new Database(options.path);
	fresh.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
	return fresh;
}

function configure(db: Database.Database, options: ConnectionOptions): void {
	// auto_vacuum must be chosen before the first table exists; it lets retention hand space back.
	if ((db.pragma('page_count', {simple: true}) as number) === 0) {
		db.pragma('auto_vacuum = INCREMENTAL');
	}

	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	if (options.maxPageCount !== undefined) {
		db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
	}
}

/** Runs a write transaction, waiting out another process's transaction a few times before giving up. */
function withRetry<T>(options: ConnectionOptions, transaction: () => T): T {
	for (let attempt = 1; ; attempt++) {
		try {
			return transaction();
		} catch (error) {
			if (classify(error).reason !== 'locked' || attempt >= LOCK_ATTEMPTS) {
				throw error;
			}

			sleepMs(options.busyTimeoutMs);
		}
	}
}

/** The whole open sequence: folders, file checks, pragmas, schema version, writer lock. Never throws. */
export function openConnection(options: ConnectionOptions): Connection {
	if (options.access === 'read') {
		return openReader(options);
	}

	const directory = directoryProblem(options.path);
	if (directory !== undefined) {
		const message = `recording paused: ${directory}`;
		return {kind: 'unavailable', failure: {ok: false, reason: 'error', retryable: false, message}, notices: [message]};
	}

	const notices: string[] = [];
	let db: Database.Database | undefined;
	try {
		mkdirSync(path.dirname(options.path), {recursive: true});
		db = openSound(options, notices);
		const version = schemaVersion(db);
		if (version > SCHEMA_VERSION) {
			db.pragma('query_only = ON');
			const reason = `database written by a newer perftop (schema v${version}, this one knows v${SCHEMA_VERSION})`;
			notices.push(`${reason}; this view is read-only`);
			return {kind: 'reader', db, reason, notices, newer: newerThanThis(options.path, version)};
		}

		configure(db, options);
		const opened = db;
		if (options.access === 'edit') {
			withRetry(options, () => migrate(opened));
			return {kind: 'editor', db, reason: `${options.path} is opened for baselines and events, not to record`, holder: undefined, notices};
		}

		const token = randomUUID();
		const claim = withRetry(options, () => claimLock(opened, options, token));
		if (!claim.claimed) {
			const reason = recordingElsewhere(claim.holder.pid, options.path);
			notices.push(`${reason}; this one takes over when it stops`);
			return {kind: 'editor', db, reason, holder: claim.holder, notices};
		}

		return {kind: 'writer', db, token, notices};
	} catch (error) {
		if (db?.open) {
			db.close();
		}

		const failure = failureOf(error, `recording paused: cannot open ${options.path}`);
		return readableInstead(options, error) ?? {kind: 'unavailable', failure, notices: [...notices, failure.message]};
	}
}

/**
 * A file perftop may read but not write (an immutable copy, another user's file) is shown read-only,
 * history and baselines included, rather than as no database at all.
 */
function readableInstead(options: ConnectionOptions, error: unknown): Connection | undefined {
	if (classify(error).reason !== 'read-only' || !existsSync(options.path)) {
		return undefined;
	}

	const reader = openReader(options);
	if (reader.kind !== 'reader' || reader.unreadable) {
		return undefined;
	}

	const reason = failureOf(error, `cannot write ${options.path}`).message;
	return {...reader, reason, notices: [...reader.notices, `${reason}; showing it read-only, not recording`]};
}

export function clampBusyTimeout(ms: number | undefined): number {
	return Math.max(0, Math.min(ms ?? MAX_BUSY_TIMEOUT_MS, MAX_BUSY_TIMEOUT_MS));
}
