import {closeSync, openSync, readdirSync, readFileSync, readSync, statfsSync, statSync} from 'node:fs';
import {parseCmdline, parseProcessIoBytes, parseProcessStatBytes, parseStatusUid, type ProcessStat} from './parse-process.js';
import {topIndices as largestIndices} from '../metrics/processes.js';
import type {ProcessReading} from './types.js';

// The process scan is the costliest part of a tick: one /proc/<pid> directory per process. Opening a
// /proc file walks the path through procfs and costs about three times the read itself, so on a real
// procfs the files stay open between ticks and are reread at offset 0 (procfs regenerates the text
// on every read from the start). When the process exits, its held file reads ESRCH and is closed; a
// reused pid is a new directory, opened afresh. Listing /proc is skipped too while the kernel's
// count of created tasks stands still (see `ProcessReader.read`). In a fixture tree of regular files
// nothing is held by default, so rewriting or deleting files between reads behaves as it would on disk.

export const defaultPageSize = 4096;
export const defaultTopProcesses = 50;
/** Descriptors held open at most when the process's descriptor limit is unknown; past it files are opened per read. */
export const defaultMaxHeldFiles = 2048;
/**
 * Never more than this many, whatever the descriptor limit: each held procfs file pins a page of
 * kernel memory for its seq_file buffer, so 8,192 files (two per process for 4,000 processes)
 * cost at most 32 MiB, small beside what that many processes cost the kernel themselves.
 */
export const maxHeldFilesCap = 8192;
/** Enough for /proc/<pid>/stat (~300 bytes, ~1,100 at most) and /proc/<pid>/io (~200) in one read. */
const processFileBytes = 1024;
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

/**
 * How many descriptors to hold, from the text of /proc/self/limits: half the soft `Max open files`
 * limit (Node raises it to the hard limit at start-up), leaving the other half to everything else
 * in the process, and at most `maxHeldFilesCap`. Opening a file costs more than reading it, so a
 * budget smaller than two per process makes every tick open the rest again.
 */
export function heldFileBudget(limitsText: string | undefined): number {
	const line = /^Max open files\s+(\S+)/m.exec(limitsText ?? '');
	if (!line) {
		return defaultMaxHeldFiles;
	}

	const soft = line[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(line[1]);
	if (Number.isNaN(soft)) {
		return defaultMaxHeldFiles;
	}

	return Math.min(maxHeldFilesCap, Math.floor(soft / 2));
}

let processBudget: number | undefined;

/** This process's budget, read once: the limit is the process's, whichever procfs is being read. */
export function processHeldFileBudget(): number {
	if (processBudget === undefined) {
		let text: string | undefined;
		try {
			text = readFileSync('/proc/self/limits', 'utf8');
		} catch {
			text = undefined;
		}

		processBudget = heldFileBudget(text);
	}

	return processBudget;
}

/**
 * EINVAL from a sysfs attribute (the speed of a virtual or downed interface) means the object is
 * there but has no value now; the same descriptor answers afresh once it has one, so it is kept
 * rather than reopened every tick. A removed object reads ENODEV, which does release it.
 */
function hasNoValueNow(error: unknown): boolean {
	return (error as NodeJS.ErrnoException | undefined)?.code === 'EINVAL';
}

/** A file read again and again through `HeldFiles`: while held, its descriptor is kept with it, so a read needs no lookup by path. */
export type HeldFile = {readonly path: string};

type Entry = {readonly path: string; fd: number | undefined};

export type HeldFiles = {
	/**
	 * The text of a file, or its first `limit` bytes. Throws the errno error of open or read.
	 * `expectedBytes` sizes the first read for a file known to be small: a read asks the kernel for
	 * no more than needed (a 64 KiB request costs ~15 % more on procfs and ~60 % more on ext4 than
	 * 1 KiB), and a file that fills it is read on from there, so the text is whole either way.
	 */
	readonly read: (path: string, limit?: number, expectedBytes?: number) => string;
	/**
	 * The whole file as bytes, for parsers that need no string of it. The view is into the shared
	 * buffer, so it is valid only until the next read.
	 */
	readonly readBytes: (path: string, expectedBytes?: number) => Buffer;
	/** A file to read with `readInto`; nothing is opened until then. */
	readonly file: (path: string) => HeldFile;
	/**
	 * Reads the whole of `file` into the start of `buffer()` and returns its length: the per-process
	 * reads parse it there, without a view or a string per file. Throws as `read` does.
	 */
	readonly readInto: (file: HeldFile, expectedBytes?: number) => number;
	/** The shared buffer; a read may replace it with a larger one. */
	readonly buffer: () => Buffer;
	/** Close the held descriptor of `file`, if any. */
	readonly release: (file: HeldFile) => void;
	readonly releaseAll: () => void;
	readonly heldCount: () => number;
};

/**
 * Reads kernel files through one shared buffer. With `holdOpen`, files stay open between reads and
 * are reread at offset 0, which only procfs and sysfs answer with fresh text: see `isKernelFilesystem`.
 */
export function createHeldFiles(holdOpen: boolean, maxHeldFiles: number = processHeldFileBudget()): HeldFiles {
	const held = new Set<Entry>();
	// Files read by path, held ones only: the per-process files are read through their `HeldFile`.
	const byPath = new Map<string, Entry>();
	const newEntry = (path: string): Entry => ({path, fd: undefined});
	let buffer = Buffer.allocUnsafe(65_536);

	/** Reads into `buffer` from offset 0 and returns the length read. */
	function readFrom(fd: number, limit: number, firstReadBytes: number): number {
		let length = 0;
		let wanted = Math.min(limit, firstReadBytes, buffer.length);
		while (wanted > 0) {
			const count = readSync(fd, buffer, length, wanted, length);
			length += count;
			// procfs and sysfs fill as much of the buffer as they can in one read, so a short read is the end.
			if (count < wanted) {
				break;
			}

			if (length === buffer.length && length < limit) {
				const larger = Buffer.allocUnsafe(buffer.length * 2);
				buffer.copy(larger);
				buffer = larger;
			}

			wanted = Math.min(limit, buffer.length) - length;
		}

		return length;
	}

	function readLength(entry: Entry, limit: number, expectedBytes: number): number {
		if (entry.fd !== undefined) {
			try {
				return readFrom(entry.fd, limit, expectedBytes);
			} catch (error) {
				if (!hasNoValueNow(error)) {
					release(entry);
				}

				throw error;
			}
		}

		const fd = openSync(entry.path, 'r');
		let keep = false;
		try {
			keep = holdOpen && held.size < maxHeldFiles;
			return readFrom(fd, limit, expectedBytes);
		} catch (error) {
			keep &&= hasNoValueNow(error);
			throw error;
		} finally {
			if (keep) {
				entry.fd = fd;
				held.add(entry);
			} else {
				closeSync(fd);
			}
		}
	}

	function readPath(path: string, limit: number, expectedBytes: number): number {
		const entry = byPath.get(path) ?? newEntry(path);
		try {
			return readLength(entry, limit, expectedBytes);
		} finally {
			if (entry.fd === undefined) {
				byPath.delete(path);
			} else {
				byPath.set(path, entry);
			}
		}
	}

	function read(path: string, limit = Number.POSITIVE_INFINITY, expectedBytes = Number.POSITIVE_INFINITY): string {
		const length = readPath(path, limit, expectedBytes);
		return buffer.toString('utf8', 0, length);
	}

	function readBytes(path: string, expectedBytes = Number.POSITIVE_INFINITY): Buffer {
		const length = readPath(path, Number.POSITIVE_INFINITY, expectedBytes);
		return buffer.subarray(0, length);
	}

	function readInto(file: HeldFile, expectedBytes = Number.POSITIVE_INFINITY): number {
		return readLength(file as Entry, Number.POSITIVE_INFINITY, expectedBytes);
	}

	function release(file: HeldFile): void {
		const entry = file as Entry;
		if (entry.fd !== undefined) {
			held.delete(entry);
			closeSync(entry.fd);
			entry.fd = undefined;
		}
	}

	function releaseAll(): void {
		for (const entry of held) {
			release(entry);
		}

		byPath.clear();
	}

	return {
		read,
		readBytes,
		file: (path: string): HeldFile => newEntry(path),
		readInto,
		buffer: () => buffer,
		release,
		releaseAll,
		heldCount: () => held.size,
	};
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
	/**
	 * Every process, in directory order. Throws only when the procfs root cannot be listed.
	 * `tasksCreated` is the kernel's count of tasks created since boot (/proc/stat `processes`),
	 * read before this call: while it has not moved since the last listing no process can have
	 * appeared, so the processes found last time are read again without listing the directory.
	 * Only a live procfs keeps that promise; leave it out for a tree that is edited in place.
	 */
	readonly read: (tasksCreated?: number) => ProcessReading[];
	/** Close every held descriptor. */
	readonly close: () => void;
};

type Tracked = {
	readonly pid: number;
	readonly directory: string;
	readonly statFile: HeldFile;
	readonly ioFile: HeldFile;
	ioUnreadable: boolean;
	/** comm at the last read: parsing returns this same string while it is unchanged. */
	name: string | undefined;
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
	/** The pid directories where the last scan found a process, in directory order, and the task count before it. */
	let listing: {readonly names: readonly string[]; readonly tasksCreated: number} | undefined;

	function forget(tracked: Tracked): void {
		files.release(tracked.statFile);
		files.release(tracked.ioFile);
		table.delete(tracked.pid);
	}

	function track(pid: number, directory: string): Tracked {
		const tracked: Tracked = {
			pid,
			directory,
			statFile: files.file(`${directory}/stat`),
			ioFile: files.file(`${directory}/io`),
			ioUnreadable: false,
			name: undefined,
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
		const length = files.readInto(tracked.statFile, processFileBytes);
		const stat = parseProcessStatBytes(files.buffer(), length, tracked.name);
		tracked.name = stat.name;
		return stat;
	}

	function readIo(tracked: Tracked): ProcessScanIo {
		if (tracked.ioUnreadable) {
			return undefined;
		}

		try {
			const length = files.readInto(tracked.ioFile, processFileBytes);
			return parseProcessIoBytes(files.buffer(), length);
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
			tracked = track(pid, `${procfs}/${name}`);
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

	function read(tasksCreated?: number): ProcessReading[] {
		const names = listing !== undefined && listing.tasksCreated === tasksCreated ? listing.names : readdirSync(procfs);
		listing = undefined;
		const now = clock();
		scan++;
		const scanned: Scanned[] = [];
		const found: string[] = [];
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
				found.push(name);
			}
		}

		if (tasksCreated !== undefined) {
			listing = {names: found, tasksCreated};
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
	const cpu = new Float64Array(scanned.length);
	const io = new Float64Array(scanned.length);
	const rss = new Float64Array(scanned.length);
	for (let index = 0; index < scanned.length; index++) {
		const {stat, cpuDelta, ioDelta} = scanned[index]!;
		// NaN, like zero, never ranks.
		cpu[index] = cpuDelta ?? Number.NaN;
		io[index] = ioDelta ?? Number.NaN;
		rss[index] = stat.rssPages;
	}

	return new Set([...largestIndices(cpu, count), ...largestIndices(io, count), ...largestIndices(rss, count)]);
}
