import {closeSync, openSync, readdirSync, readFileSync, readSync, statfsSync, statSync} from 'node:fs';
import {createReadHelper, type ReadHelper} from './read-helper.js';
import {parseCmdline, parseProcessIo, parseProcessStat, parseStatusUid, type ProcessStat} from './parse-process.js';
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
/**
 * The first read of a file of unknown size asks for this much. The shared buffer grows to hold a
 * whole tick's process files, and asking the kernel for all of it would cost more (see `expectedBytes`).
 */
const firstReadCap = 65_536;
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
	/** A file to read with `readInto`; nothing is opened until then. */
	readonly file: (path: string) => HeldFile;
	/**
	 * Reads the whole of `file` into `buffer()` from `offset` on and returns its length: the
	 * per-process reads parse it there, without a view or a string per file. The bytes before
	 * `offset` are kept, even when the read replaces the buffer, so files read one after another
	 * can be parsed together afterwards. Throws as `read` does.
	 */
	readonly readInto: (file: HeldFile, expectedBytes?: number, offset?: number) => number;
	/**
	 * Reads each file of `list` as `readInto` does, one after another from `offset` on, and stores
	 * in `ends` (indexed as `list`) where each ended. A file that cannot be read gets -1 and is
	 * passed to `failed` with its error. Returns where the last read ended. One tight loop, so
	 * little code and data is touched between two reads (see createProcessReader). A list of at
	 * least the helper's `minimumFiles` is read half by the helper's thread (see read-helper.ts).
	 */
	readonly readEach: (list: readonly HeldFile[], expectedBytes: number, offset: number, ends: Int32Array, failed: (index: number, error: unknown) => void) => number;
	/** The shared buffer; a read may replace it with a larger one. */
	readonly buffer: () => Buffer;
	/** Close the held descriptor of `file`, if any. */
	readonly release: (file: HeldFile) => void;
	readonly releaseAll: () => void;
	readonly heldCount: () => number;
};

/**
 * Reads kernel files through one shared buffer. With `holdOpen`, files stay open between reads and
 * are reread at offset 0, which only procfs and sysfs answer with fresh text: see `isKernelFilesystem`;
 * `helper` reads half of a large `readEach` list on a second thread (only held files: by default with `holdOpen`).
 */
export function createHeldFiles(holdOpen: boolean, maxHeldFiles: number = processHeldFileBudget(), helper = holdOpen ? createReadHelper({slotBytes: processFileBytes}) : undefined): HeldFiles {
	const held = new Set<Entry>();
	// Files read by path, held ones only: the per-process files are read through their `HeldFile`.
	const byPath = new Map<string, Entry>();
	const newEntry = (path: string): Entry => ({path, fd: undefined});
	let buffer = Buffer.allocUnsafe(firstReadCap);

	/** Doubles `buffer` until it holds `bytes`, keeping what it holds. */
	function reserve(bytes: number): void {
		if (bytes <= buffer.length) {
			return;
		}

		let size = buffer.length * 2;
		while (size < bytes) {
			size *= 2;
		}

		const larger = Buffer.allocUnsafe(size);
		buffer.copy(larger);
		buffer = larger;
	}

	/** Reads into `buffer` from `start` on and returns the length read. */
	function readFrom(fd: number, start: number, limit: number, firstReadBytes: number): number {
		let length = 0;
		let wanted = Math.min(limit, firstReadBytes, firstReadCap);
		reserve(start + wanted);
		while (wanted > 0) {
			const count = readSync(fd, buffer, start + length, wanted, length);
			length += count;
			// procfs and sysfs fill as much of the buffer as they can in one read, so a short read is the end.
			if (count < wanted) {
				break;
			}

			if (start + length === buffer.length && length < limit) {
				reserve(buffer.length * 2);
			}

			wanted = Math.min(limit - length, buffer.length - start - length);
		}

		return length;
	}

	function readLength(entry: Entry, limit: number, expectedBytes: number, start = 0): number {
		if (entry.fd !== undefined) {
			try {
				return readFrom(entry.fd, start, limit, expectedBytes);
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
			return readFrom(fd, start, limit, expectedBytes);
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

	function readInto(file: HeldFile, expectedBytes = Number.POSITIVE_INFINITY, offset = 0): number {
		return readLength(file as Entry, Number.POSITIVE_INFINITY, expectedBytes, offset);
	}

	/** Reads file `index` of `list` at `end` as `readEach` does; returns where it ends. */
	function readOne(list: readonly HeldFile[], index: number, expectedBytes: number, end: number, ends: Int32Array, failed: (index: number, error: unknown) => void): number {
		try {
			end += readLength(list[index] as Entry, Number.POSITIVE_INFINITY, expectedBytes, end);
			ends[index] = end;
		} catch (error) {
			ends[index] = -1;
			failed(index, error);
		}

		return end;
	}

	const helperFds: number[] = [];

	/** Hands the second half of `list` to the helper thread; returns where the main thread's share ends (all of it when the thread is not ready). */
	function startHelper(helper: ReadHelper, list: readonly HeldFile[]): number {
		const half = list.length >> 1;
		helperFds.length = 0;
		for (let index = half; index < list.length; index++) {
			helperFds.push((list[index] as Entry).fd ?? -1);
		}

		return helper.start(helperFds) ? half : list.length;
	}

	/**
	 * Takes the helper's files, `list` from `from` on, into the buffer after `end`, reading those it
	 * left in their place, and returns where they end. Files it read one after another are copied at once.
	 */
	function takeHelperShare(helper: ReadHelper, list: readonly HeldFile[], from: number, expectedBytes: number, end: number, ends: Int32Array, failed: (index: number, error: unknown) => void): number {
		const helperEnds = helper.finish();
		let helperStart = 0;
		let index = from;
		while (index < list.length) {
			if (helperEnds === undefined || helperEnds[index - from]! < 0) {
				end = readOne(list, index++, expectedBytes, end, ends, failed);
				continue;
			}

			const runStart = helperStart;
			const shift = end - runStart;
			for (; index < list.length && helperEnds[index - from]! >= 0; index++) {
				helperStart = helperEnds[index - from]!;
				ends[index] = helperStart + shift;
			}

			reserve(helperStart + shift);
			helper.copy(runStart, helperStart, buffer, end);
			end = helperStart + shift;
		}

		return end;
	}

	function readEach(list: readonly HeldFile[], expectedBytes: number, offset: number, ends: Int32Array, failed: (index: number, error: unknown) => void): number {
		const share = helper && list.length >= helper.minimumFiles ? startHelper(helper, list) : list.length;
		let end = offset;
		for (let index = 0; index < share; index++) {
			end = readOne(list, index, expectedBytes, end, ends, failed);
		}

		return share < list.length ? takeHelperShare(helper!, list, share, expectedBytes, end, ends, failed) : end;
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
		helper?.close();
		for (const entry of held) {
			release(entry);
		}

		byPath.clear();
	}

	return {
		read,
		file: (path: string): HeldFile => newEntry(path),
		readInto,
		readEach,
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
	/** The name of its pid directory in procfs, and the directory's path. */
	readonly entry: string;
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
	/** Where this tick's stat and io texts lie in the shared buffer; ioEnd is -1 when io was not read. */
	statStart: number;
	statEnd: number;
	ioStart: number;
	ioEnd: number;
	/**
	 * What was parsed in scan `parsedInScan`, from the bytes that scan left at these places in the
	 * reader's copy of it; previousIoEnd is -1 when io was not read. Bytes equal to those parse to
	 * the same values, so the objects are taken again instead of parsing.
	 */
	parsedInScan: number;
	stat: ProcessStat | undefined;
	io: ProcessScanIo;
	previousStatStart: number;
	previousStatEnd: number;
	previousIoStart: number;
	previousIoEnd: number;
	/** The reading made of them, returned again while they, the uid and the command are unchanged. */
	reading: ProcessReading | undefined;
	/** This scan's changes since the last: CPU ticks and I/O bytes, whether it ran, whether its stat and io bytes are the same. */
	cpuDelta: number | undefined;
	ioDelta: number | undefined;
	ran: boolean;
	unchanged: boolean;
};

/** A tracked process once this scan has read it: its stat and uid are this scan's. */
type Scanned = Tracked & {readonly stat: ProcessStat; readonly uid: number};

type ProcessScanIo = {readonly readBytes: number; readonly writeBytes: number} | undefined;

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
	/** Where the bytes read this tick end in the shared buffer. */
	let bytesRead = 0;
	/** A copy of the bytes the last complete scan read, and its number (none yet: -1). */
	let previous = Buffer.alloc(0);
	let previousScan = -1;
	/** The processes the last scan found, in directory order, and the task count before it. */
	let listing: {readonly found: readonly Tracked[]; readonly tasksCreated: number} | undefined;

	function forget(tracked: Tracked): void {
		files.release(tracked.statFile);
		files.release(tracked.ioFile);
		table.delete(tracked.pid);
	}

	function track(pid: number, entry: string): Tracked {
		const directory = `${procfs}/${entry}`;
		const tracked: Tracked = {
			pid,
			entry,
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
			statStart: 0,
			statEnd: 0,
			ioStart: 0,
			ioEnd: -1,
			parsedInScan: 0,
			stat: undefined,
			io: undefined,
			previousStatStart: 0,
			previousStatEnd: 0,
			previousIoStart: 0,
			previousIoEnd: -1,
			reading: undefined,
			cpuDelta: undefined,
			ioDelta: undefined,
			ran: false,
			unchanged: false,
		};
		table.set(pid, tracked);
		return tracked;
	}

	// A tick reads every process's files first, one after another into the shared buffer, and only
	// then parses them. Every system call switches page tables on this kind of machine (PTI without
	// PCID), which empties the TLB: work done between two reads pays a page walk for each page of
	// code and heap it touches, so the reads go back to back and the parsing runs on a warm TLB.

	/** After an io read failed: unknown I/O for a process that may not be asked, the error otherwise. */
	function ioFailed(tracked: Tracked, error: unknown): void {
		// EACCES: another user's process without CAP_SYS_PTRACE. ENOENT: a kernel without I/O
		// accounting, or the process just exited (it is dropped at the next scan). Either way its
		// I/O is unknown, not zero, and is not asked again every tick.
		if (!isVanished(error)) {
			throw error;
		}

		tracked.ioUnreadable = true;
	}

	/** Reads the io of `tracked` at `offset`, unless it is known to be unreadable, and returns where it ends. */
	function readIo(tracked: Tracked, offset: number): number {
		tracked.ioEnd = -1;
		if (tracked.ioUnreadable) {
			return offset;
		}

		try {
			tracked.ioStart = offset;
			tracked.ioEnd = offset + files.readInto(tracked.ioFile, processFileBytes, offset);
			return tracked.ioEnd;
		} catch (error) {
			ioFailed(tracked, error);
			return offset;
		}
	}

	/** Reads the stat and io of a process on its own, after everything read so far; undefined when it is gone. */
	function readAlone(tracked: Tracked): Tracked | undefined {
		try {
			tracked.statStart = bytesRead;
			tracked.statEnd = bytesRead + files.readInto(tracked.statFile, processFileBytes, bytesRead);
		} catch (error) {
			forget(tracked);
			if (isVanished(error)) {
				return undefined;
			}

			throw error;
		}

		bytesRead = readIo(tracked, tracked.statEnd);
		return tracked;
	}

	const batch: HeldFile[] = [];
	let batchEnds = new Int32Array(0);
	const batchFailures = new Map<number, unknown>();
	const noteFailure = (index: number, error: unknown): void => {
		batchFailures.set(index, error);
	};

	/** Puts the files of `candidates` in `batch`: each one's stat, then its io unless that is unreadable. */
	function fillBatch(candidates: ReadonlyArray<Tracked | undefined>): void {
		// Overwritten in place: emptied and refilled, the array would be grown again every tick.
		let count = 0;
		for (const tracked of candidates) {
			if (tracked) {
				batch[count++] = tracked.statFile;
				if (!tracked.ioUnreadable) {
					batch[count++] = tracked.ioFile;
				}
			}
		}

		batch.length = count;
		if (batchEnds.length < count) {
			batchEnds = new Int32Array(count);
		}
	}

	/**
	 * The first phase of a tick: the stat and io of each of `candidates`, read in one loop, then the
	 * failures settled. Returns the processes read, index for index, with undefined for those gone.
	 */
	function readAll(candidates: ReadonlyArray<Tracked | undefined>): Array<Tracked | undefined> {
		fillBatch(candidates);
		batchFailures.clear();
		bytesRead = files.readEach(batch, processFileBytes, 0, batchEnds, noteFailure);
		const read = Array.from<Tracked | undefined>({length: candidates.length});
		let index = 0;
		let start = 0;
		// An index loop: `entries()` would make an array for every process.
		for (let position = 0; position < candidates.length; position++) {
			const tracked = candidates[position];
			if (!tracked) {
				continue;
			}

			const statIndex = index++;
			const ioIndex = tracked.ioUnreadable ? -1 : index++;
			const statEnd = batchEnds[statIndex]!;
			const ioEnd = ioIndex === -1 ? -1 : batchEnds[ioIndex]!;
			if (statEnd === -1) {
				forget(tracked);
				const error = batchFailures.get(statIndex);
				if (!isVanished(error)) {
					throw error;
				}

				// Tracked before this scan (a new one carries this scan's number): the pid may be a new process now.
				const trackedBefore = tracked.seenInScan !== scan;
				read[position] = trackedBefore ? readAlone(track(tracked.pid, tracked.entry)) : undefined;
				start = Math.max(start, ioEnd);
				continue;
			}

			tracked.statStart = start;
			tracked.statEnd = statEnd;
			tracked.ioEnd = -1;
			start = statEnd;
			if (ioEnd === -1 && ioIndex !== -1) {
				ioFailed(tracked, batchFailures.get(ioIndex));
			} else if (ioEnd !== -1) {
				tracked.ioStart = start;
				tracked.ioEnd = ioEnd;
				start = ioEnd;
			}

			read[position] = tracked;
		}

		return read;
	}

	/** Candidates for `readAll` from a fresh listing: every pid directory among `names`, tracked already or new. */
	function candidatesListed(names: readonly string[]): Array<Tracked | undefined> {
		return names.map(name => {
			const first = name.charCodeAt(0);
			const pid = first < 48 || first > 57 ? Number.NaN : Number(name);
			return Number.isInteger(pid) ? table.get(pid) ?? track(pid, name) : undefined;
		});
	}

	/** True when this tick's bytes [start, end) equal the last scan's [previousStart, previousEnd). */
	function sameAsBefore(start: number, end: number, previousStart: number, previousEnd: number): boolean {
		return end - start === previousEnd - previousStart && files.buffer().compare(previous, previousStart, previousEnd, start, end) === 0;
	}

	/** Whether the io text is what it was at the last scan: both unread, or the same bytes. */
	function ioAsBefore(tracked: Tracked): boolean {
		if (tracked.ioEnd === -1 || tracked.previousIoEnd === -1) {
			return tracked.ioEnd === tracked.previousIoEnd;
		}

		return sameAsBefore(tracked.ioStart, tracked.ioEnd, tracked.previousIoStart, tracked.previousIoEnd);
	}

	/** This tick's io: none when unread, the last one when its bytes are unchanged, else parsed. */
	function ioOf(tracked: Tracked, unchanged: boolean): ProcessScanIo {
		if (tracked.ioEnd === -1) {
			return undefined;
		}

		return unchanged ? tracked.io : parseProcessIo(files.buffer(), tracked.ioStart, tracked.ioEnd);
	}

	function scanOne(tracked: Tracked, now: number): Scanned | undefined {
		const parsedBefore = tracked.parsedInScan === previousScan;
		const statAsBefore = parsedBefore && sameAsBefore(tracked.statStart, tracked.statEnd, tracked.previousStatStart, tracked.previousStatEnd);
		const stat = statAsBefore ? tracked.stat! : parseProcessStat(files.buffer(), tracked.statStart, tracked.statEnd, tracked.name);
		tracked.name = stat.name;
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
			if (tracked.ioEnd === -1 && !tracked.ioUnreadable) {
				// Skipped in the first phase as unreadable, but the stat showed another process behind the file.
				bytesRead = readIo(tracked, bytesRead);
			}

			const ioUnchanged = parsedBefore && ioAsBefore(tracked);
			const io = ioOf(tracked, ioUnchanged);
			// A uid changes only by a running process calling setuid, and rarely after start-up.
			if (tracked.uid === undefined || (ran && now - tracked.uidReadAtMs >= refreshAfterMs)) {
				// The directory's owner is the same euid unless the process is not dumpable (then root).
				tracked.uid = parseStatusUid(readOnce(`${tracked.directory}/status`, 1024)) ?? statSync(tracked.directory).uid;
				tracked.uidReadAtMs = now;
			}

			const ioBytes = io ? io.readBytes + io.writeBytes : undefined;
			tracked.cpuDelta = tracked.cpuTicks === undefined ? undefined : cpuTicks - tracked.cpuTicks;
			tracked.ioDelta = tracked.ioBytes === undefined || ioBytes === undefined ? undefined : ioBytes - tracked.ioBytes;
			tracked.ran = ran;
			tracked.unchanged = statAsBefore && ioUnchanged;
			tracked.cpuTicks = cpuTicks;
			tracked.ioBytes = ioBytes;
			tracked.parsedInScan = scan;
			tracked.stat = stat;
			tracked.io = io;
			tracked.previousStatStart = tracked.statStart;
			tracked.previousStatEnd = tracked.statEnd;
			tracked.previousIoStart = tracked.ioStart;
			tracked.previousIoEnd = tracked.ioEnd;
			return tracked as Scanned;
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

	function refreshCommand(tracked: Scanned, now: number): void {
		if (tracked.command !== undefined && !(tracked.ran && now - tracked.commandReadAtMs >= refreshAfterMs)) {
			return;
		}

		try {
			// Enough for any terminal line; a longer argument list is cut, not read whole.
			tracked.command = parseCmdline(readOnce(`${tracked.directory}/cmdline`, 4096), tracked.stat.name);
			tracked.commandReadAtMs = now;
		} catch (error) {
			if (!isVanished(error)) {
				throw error;
			}
		}
	}

	function read(tasksCreated?: number): ProcessReading[] {
		const reused = listing !== undefined && listing.tasksCreated === tasksCreated ? listing.found : undefined;
		listing = undefined;
		const now = clock();
		scan++;
		const read = readAll(reused ?? candidatesListed(readdirSync(procfs)));
		const scanned: Scanned[] = [];
		for (const tracked of read) {
			const result = tracked && scanOne(tracked, now);
			if (result) {
				result.seenInScan = scan;
				scanned.push(result);
			}
		}

		if (tasksCreated !== undefined) {
			listing = {found: scanned, tasksCreated};
		}

		for (const tracked of table.values()) {
			if (tracked.seenInScan !== scan) {
				forget(tracked);
			}
		}

		for (const index of topIndices(scanned, topProcesses)) {
			refreshCommand(scanned[index]!, now);
		}

		const readings = scanned.map(readingOf);
		keepBytes();
		return readings;
	}

	function readingOf(tracked: Scanned): ProcessReading {
		const {stat, io, uid} = tracked;
		const command = tracked.command ?? stat.name;
		const last = tracked.reading;
		if (tracked.unchanged && last !== undefined && last.uid === uid && last.command === command) {
			return last;
		}

		tracked.reading = {
			pid: stat.pid,
			name: stat.name,
			command,
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
		};
		return tracked.reading;
	}

	/**
	 * Keeps a copy of the bytes this scan read, for the next to compare with. Only a scan that got
	 * here counts: a process parsed in a scan that failed later is parsed again.
	 */
	function keepBytes(): void {
		const bytes = files.buffer();
		if (previous.length < bytesRead) {
			previous = Buffer.allocUnsafe(bytes.length);
		}

		bytes.copy(previous, 0, 0, bytesRead);
		previousScan = scan;
	}

	function close(): void {
		for (const tracked of table.values()) {
			forget(tracked);
		}

		// The processes it names are no longer tracked: a later read lists the directory again.
		listing = undefined;
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
