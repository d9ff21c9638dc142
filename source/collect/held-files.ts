import {closeSync, openSync, readSync} from 'node:fs';
import {processHeldFileBudget} from './held-file-budget.js';
import {createHelperHandoff, type HelperHandoff} from './helper-handoff.js';
import {createReadHelper} from './read-helper.js';

// The one reader of kernel files: every /proc and /sys file a tick reads goes through `HeldFiles`.
// Opening a /proc file walks the path through procfs and costs about three times the read itself,
// so on a real procfs the files stay open between ticks and are reread at offset 0 (procfs
// regenerates the text on every read from the start). When the object behind a held file goes
// away (a process exits), its read fails, and the descriptor is closed; a reused name is a new
// file, opened afresh.

/** Enough for /proc/<pid>/stat (~300 bytes, ~1,100 at most) and /proc/<pid>/io (~200) in one read. */
export const processFileBytes = 1024;
/**
 * The first read of a file of unknown size asks for this much. The shared buffer grows to hold a
 * whole tick's process files, and asking the kernel for all of it would cost more (see `expectedBytes`).
 */
const firstReadCap = 65_536;

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
	 * least the helper's `minimumFiles` is read half by the helper's thread (see helper-handoff.ts).
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
 * are reread at offset 0, which only procfs and sysfs answer with fresh text: see `isKernelFilesystem` (kernel-filesystem.ts);
 * `helper` reads half of a large `readEach` list on a second thread (only held files: by default with `holdOpen`).
 */
export function createHeldFiles(holdOpen: boolean, maxHeldFiles: number = processHeldFileBudget(), helper = holdOpen ? createReadHelper({slotBytes: processFileBytes}) : undefined): HeldFiles {
	const handoff: HelperHandoff | undefined = helper && createHelperHandoff(helper);
	const held = new Set<Entry>();
	// Files read by path, held ones only: the per-process files are read through their `HeldFile`.
	const byPath = new Map<string, Entry>();
	const newEntry = (path: string): Entry => ({path, fd: undefined});
	let buffer = Buffer.allocUnsafe(firstReadCap);

	/** Doubles `buffer` until it holds `bytes`, keeping what it holds; returns it. */
	function reserve(bytes: number): Buffer {
		if (bytes <= buffer.length) {
			return buffer;
		}

		let size = buffer.length * 2;
		while (size < bytes) {
			size *= 2;
		}

		const larger = Buffer.allocUnsafe(size);
		buffer.copy(larger);
		buffer = larger;
		return buffer;
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

	function readEach(list: readonly HeldFile[], expectedBytes: number, offset: number, ends: Int32Array, failed: (index: number, error: unknown) => void): number {
		const share = handoff && list.length >= handoff.minimumFiles ? handoff.start(list as readonly Entry[]) : list.length;
		let end = offset;
		for (let index = 0; index < share; index++) {
			end = readOne(list, index, expectedBytes, end, ends, failed);
		}

		if (share === list.length) {
			return end;
		}

		return handoff!.finish(list.length, share, end, ends, {
			readOne: (index, at) => readOne(list, index, expectedBytes, at, ends, failed),
			reserve,
		});
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
		handoff?.close();
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
