import {promises as fsPromises, type StatsFs} from 'node:fs';
import {resolve as resolvePath} from 'node:path';
import type {MountInfoEntry} from './parse-mountinfo.js';
import type {FilesystemReading} from './types.js';
import {errorReason} from '../errors.js';

export const defaultStatfsTimeoutMs = 250;

export type StatfsFunction = (path: string) => Promise<StatsFs>;

/**
 * Mount points whose statfs call has not settled yet. It survives between ticks so a hung mount
 * (a dead NFS server) is not asked again while its earlier call is still blocked in the kernel:
 * each such call holds a libuv thread-pool thread, and there are only four.
 */
export type StatfsState = {
	readonly pending: Set<string>;
};

export function createStatfsState(): StatfsState {
	return {pending: new Set()};
}

export type StatfsOutcome = {
	readonly filesystems: FilesystemReading[];
	/** One short reason per mount that could not be read this tick. */
	readonly failures: string[];
};

type MountResult =
	| {readonly kind: 'ok'; readonly reading: FilesystemReading | undefined}
	| {readonly kind: 'failed'; readonly reason: string};

/** statfs every mount at once, each raced against `timeoutMs`; results keep the order of `mounts`. */
export async function readFilesystems(
	mounts: readonly MountInfoEntry[],
	state: StatfsState,
	timeoutMs: number = defaultStatfsTimeoutMs,
	statfs: StatfsFunction = fsPromises.statfs,
	rootfs = '/',
): Promise<StatfsOutcome> {
	const results = await Promise.all(mounts.map(mount => readOne(mount, state, timeoutMs, statfs, rootfs)));
	const filesystems: FilesystemReading[] = [];
	const failures: string[] = [];
	for (const result of results) {
		if (result.kind === 'failed') {
			failures.push(result.reason);
		} else if (result.reading) {
			filesystems.push(result.reading);
		}
	}

	return {filesystems, failures};
}

/** The mount point as the monitored machine names it (in messages), stat'ed where it is under `rootfs`. */
async function readOne(mount: MountInfoEntry, state: StatfsState, timeoutMs: number, statfs: StatfsFunction, rootfs: string): Promise<MountResult> {
	const path = mount.mountPoint;
	if (state.pending.has(path)) {
		return {kind: 'failed', reason: `statfs ${path} still pending from an earlier tick`};
	}

	state.pending.add(path);
	const call = statfs(rootfs === '/' ? path : resolvePath(rootfs, `.${path}`)).finally(() => {
		state.pending.delete(path);
	});
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<'timeout'>(resolve => {
		timer = setTimeout(resolve, timeoutMs, 'timeout');
		// A pending deadline must not keep a finished program alive.
		timer.unref();
	});
	try {
		const stats = await Promise.race([call, deadline]);
		if (stats === 'timeout') {
			// The late answer (or error) is dropped; `pending` clears when it settles.
			call.catch(() => undefined);
			return {kind: 'failed', reason: `statfs ${path} timed out after ${timeoutMs} ms`};
		}

		return {kind: 'ok', reading: toReading(mount, stats)};
	} catch (error) {
		return {kind: 'failed', reason: `statfs ${path}: ${errorReason(error)}`};
	} finally {
		clearTimeout(timer);
	}
}

/** Undefined for a filesystem of no size (df leaves those out too). */
export function toReading(mount: MountInfoEntry, stats: StatsFs): FilesystemReading | undefined {
	if (stats.blocks === 0) {
		return undefined;
	}

	return {
		mountPoint: mount.mountPoint,
		device: mount.source,
		fsType: mount.fsType,
		sizeBytes: stats.blocks * stats.bsize,
		availableBytes: stats.bavail * stats.bsize,
		freeBytes: stats.bfree * stats.bsize,
		inodes: stats.files,
		inodesFree: stats.ffree,
	};
}

