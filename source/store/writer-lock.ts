import {randomUUID} from 'node:crypto';
import type Database from 'better-sqlite3';
import type {Connection, ConnectionOptions, EditorConnection} from './connection.js';
import {migrate} from './schema.js';

/**
 * The writer lock: one row naming the process that records the sample stream, its boot and a heartbeat.
 * Other processes read and write baselines and events beside it, and take it over once it is gone.
 */

export const DEFAULT_LOCK_STALE_MS = 15 * 60_000;

export type LockHolder = {readonly pid: number; readonly bootId: string | undefined; readonly heartbeatMs: number};

function isProcessAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * A lock is stale when its pid is gone, it was taken in another boot, or its heartbeat (written
 * once a minute by the writer) is older than `staleMs` — the last guards against pid reuse.
 */
export function isLockLive(holder: LockHolder, options: {bootId: string | undefined; nowMs: number; staleMs: number}): boolean {
	if (options.bootId !== undefined && holder.bootId !== undefined && holder.bootId !== options.bootId) {
		return false;
	}

	if (options.nowMs - holder.heartbeatMs > options.staleMs) {
		return false;
	}

	return isProcessAlive(holder.pid);
}

function hasTable(db: Database.Database, name: string): boolean {
	return db.prepare('SELECT 1 FROM sqlite_master WHERE type = \'table\' AND name = ?').get(name) !== undefined;
}

export function readLockHolder(db: Database.Database): LockHolder | undefined {
	if (!hasTable(db, 'lock')) {
		return undefined;
	}

	const row = db.prepare('SELECT pid, boot_id AS bootId, heartbeat_ms AS heartbeatMs FROM lock WHERE id = 1').get() as
		{pid: number; bootId: string | null; heartbeatMs: number} | undefined;
	return row ? {pid: row.pid, bootId: row.bootId ?? undefined, heartbeatMs: row.heartbeatMs} : undefined;
}

type Claim = {readonly claimed: true} | {readonly claimed: false; readonly holder: LockHolder};

export function claimLock(db: Database.Database, options: ConnectionOptions, token: string): Claim {
	const nowMs = options.now();
	const staleMs = options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS;
	return db.transaction((): Claim => {
		const holder = readLockHolder(db);
		if (holder && isLockLive(holder, {bootId: options.bootId, nowMs, staleMs})) {
			return {claimed: false, holder};
		}

		migrate(db);
		db.prepare('INSERT OR REPLACE INTO lock (id, pid, boot_id, token, started_ms, heartbeat_ms) VALUES (1, ?, ?, ?, ?, ?)')
			.run(process.pid, options.bootId ?? null, token, nowMs, nowMs);
		return {claimed: true};
	}).immediate();
}

/** Why a process that asked to record does not: another one holds the lock. */
export function recordingElsewhere(pid: number, databasePath: string): string {
	return `another perftop (pid ${pid}) is recording to ${databasePath}`;
}

/**
 * Claims the writer lock for an editor that stands by to record, once the process holding it is gone
 * (it released the lock, died, or stopped its heartbeat). One attempt, no waiting: undefined while the
 * holder still records or another process's transaction is in the way, and the caller asks again later.
 */
export function takeOver(connection: EditorConnection, options: ConnectionOptions): Connection | undefined {
	const {db} = connection;
	try {
		const holder = readLockHolder(db);
		if (holder && isLockLive(holder, {bootId: options.bootId, nowMs: options.now(), staleMs: options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS})) {
			return undefined;
		}

		const token = randomUUID();
		if (!claimLock(db, options, token).claimed) {
			return undefined;
		}

		const before = connection.holder === undefined ? '' : ` (pid ${connection.holder.pid} stopped)`;
		return {kind: 'writer', db, token, notices: [`took over recording to ${options.path}${before}`]};
	} catch {
		return undefined;
	}
}

