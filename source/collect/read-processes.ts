import {closeSync, openSync, readdirSync, readFileSync, readSync, statfsSync, statSync} from 'node:fs';
import {parseCmdline, parseProcessIoBytes, parseProcessStatBytes, parseStatusUid, type ProcessStat} from './parse-process.js';
import type {ProcessReading} from './types.js';

// The process scan is the costliest part of a tick: one /proc/<pid> directory per process. Opening a
// /proc file walks the path through procfs and costs about three times the read itself, so on a real
// procfs the files stay open between ticks and are reread at offset 0 (procfs regenerates the text
// on every read from the start). When the process exits, its held file reads ESRCH and is closed; a
// reused pid is a new directory, opened afresh. In a fixture tree of regular files nothing is held
// by default, so rewriting or deleting files between reads behaves as it would on disk.

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
	/** Close the held descriptor of `path`, if any. */
	readonly release: (path: string) => void;
	readonly releaseAll: () => void;
	readonly heldCount: () => number;
};

/**
 * Reads kernel files through one shared buffer. With `holdOpen`, files stay open between reads and
 * are reread at offset 0, which only procfs and sysfs answer with fresh text: see `isKernelFilesystem`.
 */
export function createHeldFiles(holdOpen: boolean, maxHeldFiles: number = processHeldFileBudget()): HeldFiles {
	const held = new Map<string, number>();
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

	function readLength(path: string, limit: number, expectedBytes: number): number {
		const known = held.get(path);
		if (known !== undefined) {
			try {
				return readFrom(known, limit, expectedBytes);
			} catch (error) {
				if (!hasNoValueNow(error)) {
					release(path);
				}

				throw error;
			}
		}

		const fd = openSync(path, 'r');
		let keep = false;
		try {
			keep = holdOpen && held.size < maxHeldFiles;
			const length = readFrom(fd, limit, expectedBytes);
			if (keep) {
				held.set(path, fd);
			}

			return length;
		} catch (error) {
			keep &&= hasNoValueNow(error);
			if (keep) {
				held.set(path, fd);
			}

			throw error;
		} finally {
			if (!keep) {
				closeSync(fd);
			}
		}
	}

	function read(path: string, limit = Number.POSITIVE_INFINITY, expectedBytes = Number.POSITIVE_INFINITY): string {
		const length = readLength(path, limit, expectedBytes);
		return buffer.toString('utf8', 0, length);
	}

	function readBytes(path: string, expectedBytes = Number.POSITIVE_INFINITY): Buffer {
		const length = readLength(path, Number.POSITIVE_INFINITY, expectedBytes);
		return buffer.subarray(0, length);
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

	return {read, readBytes, release, releaseAll, heldCount: () => held.size};
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
	// Built once: a path made afresh every tick costs an allocation and a hash per held-file lookup.
	readonly statPath: string;
	readonly ioPath: string;
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
		files.release(tracked.statPath);
		files.release(tracked.ioPath);
		table.delete(tracked.pid);
	}

	function track(pid: number, directory: string): Tracked {
		const tracked: Tracked = {
			pid,
			directory,
			statPath: `${directory}/stat`,
			ioPath: `${directory}/io`,
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
		return parseProcessStatBytes(files.readBytes(tracked.statPath, processFileBytes));
	}

	function readIo(tracked: Tracked): ProcessScanIo {
		if (tracked.ioUnreadable) {
			return undefined;
		}

		try {
			return parseProcessIoBytes(files.readBytes(tracked.ioPath, processFileBytes));
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
