import {closeSync, openSync, readdirSync, readSync, statSync} from 'node:fs';
import {createHeldFiles, type HeldFile, type HeldFiles, processFileBytes} from './held-files.js';
import {isKernelFilesystem} from './kernel-filesystem.js';
import {parseCmdline, parseProcessIo, parseProcessStat, parseStatusUid, type ProcessIo, type ProcessStat} from './parse-process.js';
import {afterReaping, readThreadsIo} from './reaped-io.js';
import {topIndices} from './top-indices.js';
import {parseProcCgroup} from './parse-proc-cgroup.js';
import {newTracked, resetFacts, type Scanned, type Tracked} from './tracked-process.js';
import type {ProcessReading} from './types.js';

// The process scan, the costliest part of a tick: one /proc/<pid> directory per process, its stat
// and io read through `HeldFiles` (held open between ticks on a live procfs). Listing /proc is
// skipped while the kernel's count of created tasks stands still (see `ProcessReader.read`).
// A new per-process field is parsed where its file is (parse-process.ts), kept between ticks in
// the `Tracked` record if it needs to be (tracked-process.ts), carried on `ProcessReading`
// (types.ts, made in `readingOf` below), and turned into rates on `ProcessSample` in
// metrics/processes.ts. The reader is one closure because its two phases (read every file, then
// parse) share the scan's table of processes, its buffer positions and the last scan's bytes.

export const defaultPageSize = 4096;
/**
 * Command lines are read for this many processes per ranking (CPU, memory, I/O); the others carry
 * their name. Not the count the commands show (`defaultTopProcesses`, 15, in options.ts): a margin
 * over it, so a process derive ranks in from its rates always has its command line.
 */
export const defaultCommandLineRanks = 50;
/** How long a name-like fact (uid, command line) of a running process is trusted before it is read again. */
export const refreshAfterMs = 10_000;

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

/** Errors that mean the process exited (or hides from us) while it was being read. */
const vanishedCodes: ReadonlySet<string> = new Set(['ENOENT', 'ESRCH', 'EACCES', 'EPERM']);

function isVanished(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code !== undefined && vanishedCodes.has(code);
}

export function createProcessReader(options: ProcessReaderOptions): ProcessReader {
	const {procfs, userName} = options;
	const pageSize = options.pageSize ?? defaultPageSize;
	const topProcesses = options.topProcesses ?? defaultCommandLineRanks;
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
	/** Processes whose counters grew at a tick where they reaped a child, with their counters before. */
	const reapers: Array<{readonly tracked: Tracked; readonly before: ProcessIo}> = [];
	/** Parents of exited processes, with the scan that found them gone. */
	const exitedChildren = new Map<number, number>();

	function forget(tracked: Tracked): void {
		if (tracked.stat !== undefined) {
			exitedChildren.set(tracked.stat.ppid, scan);
		}

		files.release(tracked.statFile);
		files.release(tracked.ioFile);
		table.delete(tracked.pid);
	}

	function track(pid: number, entry: string): Tracked {
		const directory = `${procfs}/${entry}`;
		const tracked = newTracked(pid, entry, directory, files.file(`${directory}/stat`), files.file(`${directory}/io`), scan);
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
	function ioOf(tracked: Tracked, unchanged: boolean): ProcessIo | undefined {
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
			resetFacts(tracked, stat.startTimeTicks);
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

			noteReaping(tracked, stat, io);
			const {fromChildren} = tracked.reaping;
			const ioBytes = io ? io.readBytes + io.writeBytes - fromChildren.readBytes - fromChildren.writeBytes : undefined;
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

	/**
	 * Notes a process whose counters grew at a tick where it reaped a child: `settleReaping` decides
	 * after the scan, once it is known which processes exited. `tracked.io` is still the last scan's here.
	 */
	function noteReaping(tracked: Tracked, stat: ProcessStat, io: ProcessIo | undefined): void {
		const before = tracked.io;
		const reaped = tracked.childMinorFaults !== undefined && stat.childMinorFaults > tracked.childMinorFaults;
		tracked.childMinorFaults = stat.childMinorFaults;
		if (reaped && io && before && (io.readBytes > before.readBytes || io.writeBytes > before.writeBytes)) {
			reapers.push({tracked, before});
		}
	}

	/**
	 * Takes what reaped children brought out of the I/O of the processes that reaped this tick
	 * (reaped-io.ts), for those with a child seen by a scan that exited this scan or the last: the
	 * I/O of children that lived between two ticks was never shown, and stays with their parent.
	 * A child's own counters may look idle and still carry a grandchild's whole run, so any seen
	 * child counts.
	 */
	function settleReaping(): void {
		for (const {tracked, before} of reapers) {
			const exitedAt = exitedChildren.get(tracked.pid);
			const threads = exitedAt !== undefined && exitedAt >= scan - 1 ? readThreadsIo(tracked.directory) : undefined;
			if (threads && tracked.io) {
				const ownBefore = tracked.ioBytes!;
				tracked.reaping = afterReaping(tracked.reaping, before, tracked.io, threads);
				const {fromChildren} = tracked.reaping;
				tracked.ioBytes = tracked.io.readBytes + tracked.io.writeBytes - fromChildren.readBytes - fromChildren.writeBytes;
				tracked.ioDelta = tracked.ioDelta === undefined ? undefined : tracked.ioDelta + tracked.ioBytes - ownBefore;
			}
		}

		reapers.length = 0;
		for (const [pid, exitedAt] of exitedChildren) {
			if (exitedAt < scan - 1) {
				exitedChildren.delete(pid);
			}
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
			tracked.cgroups = readCgroups(tracked);
		} catch (error) {
			if (!isVanished(error)) {
				throw error;
			}
		}
	}

	/** The process's cgroups, named as the cgroup readings name groups; asked again when the command is. */
	function readCgroups(tracked: Scanned): readonly string[] | undefined {
		try {
			return parseProcCgroup(readOnce(`${tracked.directory}/cgroup`, 4096));
		} catch {
			// Gone, unreadable or malformed: the process's groups are not known.
			return undefined;
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

		settleReaping();
		for (const index of processesToName(scanned, topProcesses)) {
			refreshCommand(scanned[index]!, now);
		}

		const readings = scanned.map(readingOf);
		keepBytes();
		return readings;
	}

	function readingOf(tracked: Scanned): ProcessReading {
		const {stat, io, uid} = tracked;
		const command = tracked.command ?? stat.name;
		const {cgroups} = tracked;
		const last = tracked.reading;
		if (tracked.unchanged && last !== undefined && last.uid === uid && last.command === command && last.cgroups === cgroups) {
			return last;
		}

		tracked.reading = {
			pid: stat.pid,
			name: stat.name,
			command,
			state: stat.state,
			ppid: stat.ppid,
			uid,
			user: userName(uid),
			utimeTicks: stat.utimeTicks,
			stimeTicks: stat.stimeTicks,
			startTimeTicks: stat.startTimeTicks,
			rssBytes: stat.rssPages * pageSize,
			threads: stat.threads,
			readBytes: io && io.readBytes - tracked.reaping.fromChildren.readBytes,
			writeBytes: io && io.writeBytes - tracked.reaping.fromChildren.writeBytes,
			cgroups,
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
 * Indices of the processes whose command line is read, those that can be shown: the union of the top `count` by CPU ticks and by I/O
 * bytes over the last interval, and by resident memory. A process seen for the first time has no
 * interval yet and competes on memory only, as it does in the derived sample.
 */
export function processesToName(
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

	return new Set([...topIndices(cpu, count), ...topIndices(io, count), ...topIndices(rss, count)]);
}
