import type {Sample} from '../metrics/types.js';
import {appendWithLayout, blockIsFull, createBlock, fitsLayout, layoutOf, type OpenBlock, type StepLookup, type TickLayout} from './blocks.js';

/**
 * The ticks the writer holds in memory: the open block (its ticks also go to `recent` one by one) and
 * full blocks sealed for the next flush. While the database refuses writes they wait here, bounded:
 * beyond `maxPendingTicks` the oldest sealed blocks are dropped and counted.
 */
export type WriteBuffer = {
	/** Adds a tick; false when its timestamp is not a time. */
	readonly append: (sample: Sample, sessionId: number | undefined) => boolean;
	/** Ends the open block, so the next persist flushes it. */
	readonly seal: () => void;
	readonly open: () => OpenBlock | undefined;
	readonly sealed: () => readonly OpenBlock[];
	/** Sealed blocks then the open one, in time order. */
	readonly blocks: () => OpenBlock[];
	/** Ticks not yet in the database: sealed blocks and the open block's unsaved ticks. */
	readonly pendingTicks: () => number;
	readonly droppedTicks: () => number;
	/** Drops everything held: another process records now. */
	readonly dropAll: () => void;
	/** After a committed persist: sealed blocks are stored, the open block's ticks are in `recent`. */
	readonly persisted: (sessionId: number | undefined) => void;
	/** The series registry was rebuilt: the next tick lays out its metrics again. */
	readonly forgetLayout: () => void;
};

export function createWriteBuffer(options: {chunkTicks: number; maxPendingTicks: number; stepFor: StepLookup}): WriteBuffer {
	const {chunkTicks, maxPendingTicks, stepFor} = options;
	let nextSeq = 0;
	let open: OpenBlock | undefined;
	let sealed: OpenBlock[] = [];
	let dropped = 0;
	// The last sample's metric layout; dropped whenever the registry is rebuilt, so new series register again.
	let tickLayout: TickLayout | undefined;

	function pendingTicks(): number {
		let count = open ? open.timestamps.length - open.saved : 0;
		for (const block of sealed) {
			count += block.timestamps.length;
		}

		return count;
	}

	function seal(): void {
		if (open && open.timestamps.length > 0) {
			sealed.push(open);
		}

		open = undefined;
	}

	return {
		append(sample, sessionId) {
			const timestampMs = Math.round(sample.timestamp);
			if (!Number.isSafeInteger(timestampMs)) {
				return false;
			}

			if (open && blockIsFull(open, timestampMs)) {
				seal();
			}

			open ??= createBlock(nextSeq, chunkTicks, sessionId);
			if (tickLayout === undefined || !fitsLayout(tickLayout, sample.metrics)) {
				tickLayout = layoutOf(sample.metrics, stepFor);
			}

			appendWithLayout(open, timestampMs, sample, tickLayout);
			nextSeq++;
			if (open.timestamps.length >= chunkTicks) {
				seal();
			}

			while (pendingTicks() > maxPendingTicks && sealed.length > 0) {
				dropped += sealed.shift()!.timestamps.length;
			}

			return true;
		},
		seal,
		open: () => open,
		sealed: () => sealed,
		blocks: () => [...sealed, ...(open ? [open] : [])],
		pendingTicks,
		droppedTicks: () => dropped,
		dropAll() {
			dropped += pendingTicks();
			sealed = [];
			open = undefined;
		},
		persisted(sessionId) {
			for (const block of sealed) {
				block.sessionId = sessionId;
			}

			sealed = [];
			if (open) {
				open.sessionId = sessionId;
				open.saved = open.timestamps.length;
			}
		},
		forgetLayout() {
			tickLayout = undefined;
		},
	};
}
