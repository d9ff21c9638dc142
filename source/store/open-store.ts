import {clampBusyTimeout, openConnection} from './connection.js';
import {resolveRetention} from './retention.js';
import {createStore} from './store.js';
import type {StoreOpenResult, StoreOptions} from './types.js';

const DEFAULT_CHUNK_TICKS = 600;
const DEFAULT_MAX_PENDING_TICKS = 3600;
const DEFAULT_REOPEN_INTERVAL_MS = 5000;

/**
 * Opens the recording database. Never throws: a damaged file is moved aside, a database that is
 * recorded by another process or written by a newer perftop opens read-only, and a database that
 * cannot be opened yet (read-only directory, full disk) gives a store that holds ticks in memory
 * and tries again. `notices` says what happened, one line each.
 */
export function openStore(options: StoreOptions): StoreOpenResult {
	const connection = {
		path: options.path,
		access: options.access ?? 'record',
		now: options.now ?? Date.now,
		busyTimeoutMs: clampBusyTimeout(options.busyTimeoutMs),
		maxPageCount: options.maxPageCount,
		bootId: options.bootId,
		lockStaleMs: options.lockStaleMs,
	};
	const chunkTicks = Math.max(1, Math.floor(options.chunkTicks ?? DEFAULT_CHUNK_TICKS));
	const initial = openConnection(connection);
	const {store, notices} = createStore({
		connection,
		chunkTicks,
		maxPendingTicks: Math.max(chunkTicks, options.maxPendingTicks ?? DEFAULT_MAX_PENDING_TICKS),
		reopenIntervalMs: options.reopenIntervalMs ?? DEFAULT_REOPEN_INTERVAL_MS,
		retention: resolveRetention(options.retention),
		host: options.host,
		version: options.version,
	}, initial);
	return {
		store,
		mode: store.mode(),
		notices,
		...(initial.kind === 'reader' || initial.kind === 'editor' ? {notRecording: initial.reason} : {}),
		...(initial.kind === 'reader' && initial.unreadable ? {unreadable: initial.reason} : {}),
		...(initial.kind === 'reader' && initial.newer !== undefined ? {newerSchema: initial.newer} : {}),
	};
}
