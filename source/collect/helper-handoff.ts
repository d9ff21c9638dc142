import type {ReadHelper} from './read-helper.js';

// The handoff of half a long list of held files to the helper thread (read-helper.ts) and the
// taking back of what it read: the thread reads into its own shared memory, and its runs of whole
// files are copied into the reader's buffer in one go, in list order, with the files it left
// (failed, too long, not held) read in their place by the main thread.

/** A file as the helper sees it: the descriptor its reader holds, if any (one not held is left to the main thread). */
export type HeldDescriptor = {readonly fd: number | undefined};

/** What taking the helper's share back needs of the reader it serves. */
export type MainThreadReads = {
	/** Reads file `index` of the list at `end` as the reader's own loop does, records where it ends, and returns that. */
	readonly readOne: (index: number, end: number) => number;
	/** The reader's buffer, grown to hold at least `bytes` with what it holds kept. */
	readonly reserve: (bytes: number) => Buffer;
};

export type HelperHandoff = {
	/** Lists shorter than this are read by the main thread alone. */
	readonly minimumFiles: number;
	/** Hands the second half of `list` to the helper thread; returns where the main thread's share ends (all of it when the thread is not ready). */
	readonly start: (list: readonly HeldDescriptor[]) => number;
	/**
	 * Takes the helper's files, those of a list of `count` from `from` on, into the buffer after
	 * `end`, reading those it left in their place, stores where each ends in `ends`, and returns
	 * where they end.
	 */
	readonly finish: (count: number, from: number, end: number, ends: Int32Array, main: MainThreadReads) => number;
	readonly close: () => void;
};

export function createHelperHandoff(helper: ReadHelper): HelperHandoff {
	const helperFds: number[] = [];

	function start(list: readonly HeldDescriptor[]): number {
		const half = list.length >> 1;
		helperFds.length = 0;
		for (let index = half; index < list.length; index++) {
			helperFds.push(list[index]!.fd ?? -1);
		}

		return helper.start(helperFds) ? half : list.length;
	}

	function finish(count: number, from: number, end: number, ends: Int32Array, main: MainThreadReads): number {
		const helperEnds = helper.finish();
		let helperStart = 0;
		let index = from;
		while (index < count) {
			if (helperEnds === undefined || helperEnds[index - from]! < 0) {
				end = main.readOne(index++, end);
				continue;
			}

			// Files the thread read one after another are copied at once.
			const runStart = helperStart;
			const shift = end - runStart;
			for (; index < count && helperEnds[index - from]! >= 0; index++) {
				helperStart = helperEnds[index - from]!;
				ends[index] = helperStart + shift;
			}

			helper.copy(runStart, helperStart, main.reserve(helperStart + shift), end);
			end = helperStart + shift;
		}

		return end;
	}

	return {minimumFiles: helper.minimumFiles, start, finish, close: () => helper.close()};
}
