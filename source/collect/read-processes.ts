import {closeSync, openSync, readdirSync, readSync, statfsSync, statSync} from 'node:fs';
import {parseCmdline, parseProcessIo, parseProcessStat, parseStatusUid, type ProcessStat} from './parse-process.js';
import type {ProcessReading} from './types.js';

// The process scan is the costliest part of a tick: one /proc/<pid> directory per process. Opening a
// /proc file walks the path through procfs and costs about three times the read itself, so on a real
// procfs the files stay open between ticks and are reread at offset 0 (procfs regenerates the text
// on every read from the start). When the process exits, its held file reads ESRCH and is closed; a
// reused pid is a new directory, opened afresh. In a fixture tree of regular files nothing is held
// by default, so rewriting or deleting files between reads behaves as it would on disk.

export const defaultPageSize = 4096;
export const defaultTopProcesses = 50;
/** Descriptors held open at most (two per process and a dozen system files); past it files are opened per read. */
export const defaultMaxHeldFiles = 2048;
/** How long a name-like fact (uid, command line) of a running process is trusted before it is read again. */
export const refreshAfterMs = 10_000;

const procSuperMagic = 0x9F_A0;

/** True when `procfs` is the kernel's procfs, whose files may be held open and reread. */
export function isKernelFilesystem(procfs: string): boolean {
	try {
		return statfsSync(procfs).type === procSuperMagic;
	} catch {
		return false;
	}
}

export type HeldFiles = {
	/** The text of a file, or its first `limit` bytes. Throws the errno error of open or read. */
	readonly read: (path: string, limit?: number) => string;
	/** Close the held descriptor of `path`, if any. */
	readonly release: (path: string) => void;
	readonly releaseAll: () => void;
	readonly heldCount: () => number;
};

/**
 * Reads kernel files through one shared buffer. With `holdOpen`, files stay open between reads and
 * are reread at offset 0, which only procfs and sysfs answer with fresh text: see `isKernelFilesystem`.
 */
export function createHeldFiles(holdOpen: boolean, maxHeldFiles: number = defaultMaxHeldFiles): HeldFiles {
	const held = new Map<string, number>();
	let buffer = Buffer.allocUnsafe(65_536);

	function readFrom(fd: number, limit: number): string {
		let length = 0;
		for (;;) {
			if (length === buffer.length && length < limit) {
				const larger = Buffer.allocUnsafe(buffer.length * 2);
				buffer.copy(larger);
				buffer = larger;
			}

			const wanted = Math.min(limit, buffer.length) - length;
			if (wanted === 0) {
				break;
			}

			const count = readSync(fd, buffer, length, wanted, length);
			length += count;
			// procfs and sysfs fill as much of the buffer as they can in one read, so a short read is the end.
			if (count < wanted) {
				break;
			}
		}

		return buffer.toString('utf8', 0, length);
	}

	function read(path: string, limit = Number.POSITIVE_INFINITY): string {
		const known = held.get(path);
		if (known !== undefined) {
			try {
				return readFrom(known, limit);
			} catch (error) {
				release(path);
				throw error;
			}
		}

		const fd = openSync(path, 'r');
		let keep = false;
		try {
			keep = holdOpen && held.size < maxHeldFiles;
			const text = readFrom(fd, limit);
			if (keep) {
				held.set(path, fd);
			}

			return text;
		} catch (error) {
			keep = false;
			throw error;
		} finally {
			if (!keep) {
				closeSync(fd);
			}
		}
	}

	function release(path: string): void {
		const fd = held.get(path);
		if (fd !== undefined) {
			held.delete(path);
			closeSync(fd);
		}
	}

	function releaseAll(): void {
		for (const path of [...held.keys()]) {
			release(path);
		}
	}

	return {read, release, releaseAll, heldCount: () => held.size};
}

export type ProcessReaderOptions = {
	readonly procfs: string;
	readonly userName: (uid: number) => string;
	readonly pageSize?: number;
	/** Command lines are read only for the top N processes by CPU, memory and I/O; others carry their name. */
	readonly topProcesses?: number;
	/** Shared with the rest of the collector, so one budget of descriptors covers everything held. */
	readonly files?: HeldFiles;
	/** Monotonic ms, for refreshing cached facts. */
	readonly clock?: () => number;
};

export type ProcessReader = {
	/** Every process, in directory order. Throws only when the procfs root cannot be listed. */
	readonly read: () => ProcessReading[];
	/** Close every held descriptor. */
	readonly close: () => void;
};

type Tracked = {
	readonly pid: number;
	readonly directory: string;
	ioUnreadable: boolean;
	startTimeTicks: number | undefined;
	uid: number | undefined;
	uidReadAtMs: number;
	command: string | undefined;
	commandReadAtMs: number;
	/** utime + stime at the previous tick. */
	cpuTicks: number | undefined;
	/** read + write bytes at the previous tick. */
	ioBytes: number | undefined;
	seenInScan: number;
};

type ProcessScanIo = {readonly readBytes: number; readonly writeBytes: number} | undefined;

type Scanned = {
	readonly tracked: Tracked;
	readonly stat: ProcessStat;
	readonly io: ProcessScanIo;
	readonly uid: number;
	readonly cpuDelta: number | undefined;
	readonly ioDelta: number | undefined;
	readonly ran: boolean;
};

/** Errors that mean the process exited (or hides from us) while it was being read. */
const vanishedCodes: ReadonlySet<string> = new Set(['ENOENT', 'ESRCH', 'EACCES', 'EPERM']);

function isVanished(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code !== undefined && vanishedCodes.has(code);
}

export function createProcessReader(options: ProcessReaderOptions): ProcessReader {
	const {procfs, userName} = options;
	const pageSize = options.pageSize ?? defaultPageSize;
	const topProcesses = options.topProcesses ?? defaultTopProcesses;
	const clock = options.clock ?? (() => performance.now());
	const files = options.files ?? createHeldFiles(isKernelFilesystem(procfs));
	const table = new Map<number, Tracked>();
	const onceBuffer = Buffer.allocUnsafe(4096);
	let scan = 0;

	function forget(tracked: Tracked): void {
		files.release(`${tracked.directory}/stat`);
		files.release(`${tracked.directory}/io`);
		table.delete(tracked.pid);
	}

	function track(pid: number, directory: string): Tracked {
		const tracked: Tracked = {
			pid,
			directory,
			ioUnreadable: false,
			startTimeTicks: undefined,
			uid: undefined,
			uidReadAtMs: 0,
			command: undefined,
			commandReadAtMs: 0,
			cpuTicks: undefined,
			ioBytes: undefined,
			seenInScan: scan,
		};
		table.set(pid, tracked);
		return tracked;
	}

	function readStat(tracked: Tracked): ProcessStat {
		return parseProcessStat(files.read(`${tracked.directory}/stat`));
	}

	function readIo(tracked: Tracked): ProcessScanIo {
		if (tracked.ioUnreadable) {
			return undefined;
		}

		try {
			return parseProcessIo(files.read(`${tracked.directory}/io`));
		} catch (error) {
			// EACCES: another user's process without CAP_SYS_PTRACE. ENOENT: a kernel without I/O
			// accounting, or the process just exited (it is dropped at the next scan). Either way its
			// I/O is unknown, not zero, and is not asked again every tick.
			if (isVanished(error)) {
				tracked.ioUnreadable = true;
				return undefined;
			}

			throw error;
		}
	}

	/** The stat of this pid, from the held file or a fresh one; undefined when the process is gone. */
	function statOf(pid: number, name: string): {tracked: Tracked; stat: ProcessStat} | undefined {
		const directory = `${procfs}/${name}`;
		const known = table.get(pid);
		if (known) {
			try {
				return {tracked: known, stat: readStat(known)};
			} catch (error) {
				if (!isVanished(error)) {
					throw error;
				}

				// The process we held exited; the same pid may already be a new process.
				forget(known);
			}
		}

		let tracked: Tracked | undefined;
		try {
			tracked = track(pid, directory);
			return {tracked, stat: readStat(tracked)};
		} catch (error) {
			if (tracked) {
				forget(tracked);
			}

			if (isVanished(error)) {
				return undefined;
			}

			throw error;
		}
	}

	function scanOne(pid: number, name: string, now: number): Scanned | undefined {
		const found = statOf(pid, name);
		if (!found) {
			return undefined;
		}

		const {tracked, stat} = found;
		if (tracked.startTimeTicks !== stat.startTimeTicks) {
			// Another process behind the same file (a rewritten fixture): nothing cached applies to it.
			tracked.startTimeTicks = stat.startTimeTicks;
			tracked.uid = undefined;
			tracked.command = undefined;
			tracked.cpuTicks = undefined;
			tracked.ioBytes = undefined;
			tracked.ioUnreadable = false;
		}

		const cpuTicks = stat.utimeTicks + stat.stimeTicks;
		const ran = tracked.cpuTicks !== cpuTicks;
		try {
			const io = readIo(tracked);
			// A uid changes only by a running process calling setuid, and rarely after start-up.
			if (tracked.uid === undefined || (ran && now - tracked.uidReadAtMs >= refreshAfterMs)) {
				// The directory's owner is the same euid unless the process is not dumpable (then root).
				tracked.uid = parseStatusUid(readOnce(`${tracked.directory}/status`, 1024)) ?? statSync(tracked.directory).uid;
				tracked.uidReadAtMs = now;
			}

			const ioBytes = io ? io.readBytes + io.writeBytes : undefined;
			const scanned: Scanned = {
				tracked,
				stat,
				io,
				uid: tracked.uid,
				cpuDelta: tracked.cpuTicks === undefined ? undefined : cpuTicks - tracked.cpuTicks,
				ioDelta: tracked.ioBytes === undefined || ioBytes === undefined ? undefined : ioBytes - tracked.ioBytes,
				ran,
			};
			tracked.cpuTicks = cpuTicks;
			tracked.ioBytes = ioBytes;
			return scanned;
		} catch (error) {
			if (isVanished(error)) {
				forget(tracked);
				return undefined;
			}

			throw error;
		}
	}

	/** A file read once in a while, never held: the first `limit` bytes are all perftop needs of it. */
	function readOnce(path: string, limit: number): string {
		const fd = openSync(path, 'r');
		try {
			const length = readSync(fd, onceBuffer, 0, Math.min(limit, onceBuffer.length), 0);
			return onceBuffer.toString('utf8', 0, length);
		} finally {
			closeSync(fd);
		}
	}

	function refreshCommand(scanned: Scanned, now: number): void {
		const {tracked, stat} = scanned;
		if (tracked.command !== undefined && !(scanned.ran && now - tracked.commandReadAtMs >= refreshAfterMs)) {
			return;
		}

		try {
			// Enough for any terminal line; a longer argument list is cut, not read whole.
			tracked.command = parseCmdline(readOnce(`${tracked.directory}/cmdline`, 4096), stat.name);
			tracked.commandReadAtMs = now;
		} catch (error) {
			if (!isVanished(error)) {
				throw error;
			}
		}
	}

	function read(): ProcessReading[] {
		const names = readdirSync(procfs);
		const now = clock();
		scan++;
		const scanned: Scanned[] = [];
		for (const name of names) {
			const first = name.charCodeAt(0);
			if (first < 48 || first > 57) {
				continue;
			}

			const pid = Number(name);
			if (!Number.isInteger(pid)) {
				continue;
			}

			const result = scanOne(pid, name, now);
			if (result) {
				result.tracked.seenInScan = scan;
				scanned.push(result);
			}
		}

		for (const tracked of table.values()) {
			if (tracked.seenInScan !== scan) {
				forget(tracked);
			}
		}

		for (const index of topIndices(scanned, topProcesses)) {
			refreshCommand(scanned[index]!, now);
		}

		return scanned.map(({tracked, stat, io, uid}) => ({
			pid: stat.pid,
			name: stat.name,
			command: tracked.command ?? stat.name,
			state: stat.state,
			uid,
			user: userName(uid),
			utimeTicks: stat.utimeTicks,
			stimeTicks: stat.stimeTicks,
			startTimeTicks: stat.startTimeTicks,
			rssBytes: stat.rssPages * pageSize,
			threads: stat.threads,
			readBytes: io?.readBytes,
			writeBytes: io?.writeBytes,
		}));
	}

	function close(): void {
		for (const tracked of table.values()) {
			forget(tracked);
		}
	}

	return {read, close};
}

/**
 * Indices of the processes that can be shown: the union of the top `count` by CPU ticks and by I/O
 * bytes over the last interval, and by resident memory. A process seen for the first time has no
 * interval yet and competes on memory only, as it does in the derived sample.
 */
export function topIndices(
	scanned: ReadonlyArray<{readonly stat: {readonly rssPages: number}; readonly cpuDelta: number | undefined; readonly ioDelta: number | undefined}>,
	count: number,
): Set<number> {
	const chosen = new Set<number>();
	const indices = scanned.map((_, index) => index);
	const pick = (key: (index: number) => number | undefined): void => {
		const ranked = indices.filter(index => (key(index) ?? 0) > 0).sort((a, b) => key(b)! - key(a)!);
		for (const index of ranked.slice(0, count)) {
			chosen.add(index);
		}
	};

	pick(index => scanned[index]!.cpuDelta);
	pick(index => scanned[index]!.ioDelta);
	pick(index => scanned[index]!.stat.rssPages);
	return chosen;
}
