import {existsSync, readFileSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import packageJson from '../../package.json' with {type: 'json'};
import {defaultDatabasePath} from '../store/paths.js';
import {openStore} from '../store/open-store.js';
import type {Access, RetentionPolicy, Store, StoreOpenResult} from '../store/types.js';
import type {CommandFlags} from './types.js';

export function databasePath(flags: CommandFlags): string {
	return flags.db === undefined ? defaultDatabasePath() : path.resolve(flags.db);
}

/** The boot this recording belongs to, so series across reboots are not joined as if continuous. */
function bootId(procfs: string): string | undefined {
	try {
		return readFileSync(path.join(procfs, 'sys/kernel/random/boot_id'), 'utf8').trim() || undefined;
	} catch {
		return undefined;
	}
}

/** Opens the recording database; notices (a corrupt file moved aside, a read-only view) come back as lines. */
export function openDatabase(flags: CommandFlags, options: {access?: Access; retention?: RetentionPolicy} = {}): StoreOpenResult {
	return openStore({
		path: databasePath(flags),
		access: options.access,
		host: hostname(),
		bootId: bootId(flags.procfs),
		version: packageJson.version,
		retention: options.retention,
	});
}

/** Notices go to stderr for the CLI commands: one line each, prefixed like every perftop message. */
export function printNotices(notices: readonly string[]): void {
	for (const notice of notices) {
		process.stderr.write(`perftop: ${notice}\n`);
	}
}

/**
 * One command's use of the database: notices go to stderr, a command that edits baselines is refused a
 * read-only view (a file it cannot write, or one a newer perftop wrote) but works beside a recorder, and
 * the store is always closed.
 */
export function withDatabase<T>(flags: CommandFlags, access: 'read' | 'edit', use: (store: Store) => T, options: {refuseNewer?: boolean} = {}): T {
	const opened = openDatabase(flags, {access});
	const {store, mode, notices, newerSchema} = opened;
	try {
		// A file that cannot be read, or none at all, is an error (exit 1), not an empty history; so is one
		// a newer perftop wrote, for a command that reads its layout in detail (`refuseNewer`).
		const unreadable = unreadableReason(opened, access);
		if (unreadable !== undefined || (options.refuseNewer && newerSchema !== undefined)) {
			throw new Error(unreadable ?? newerSchema);
		}

		printNotices(notices);
		if (access === 'edit' && mode === 'read-only') {
			throw new Error(notices.at(-1) ?? `${store.path} is read-only`);
		}

		return use(store);
	} finally {
		store.close();
	}
}

/**
 * Why a command cannot read the database, as its one line (exit 1, compare's 3): a file that is there
 * but cannot be read, or for a reading command no file at all; either is an error, not an empty history.
 */
export function unreadableReason(opened: StoreOpenResult, access: Access | undefined): string | undefined {
	return opened.unreadable ?? (access === 'read' && !existsSync(opened.store.path) ? `no database at ${opened.store.path}` : undefined);
}

export const version = packageJson.version;
