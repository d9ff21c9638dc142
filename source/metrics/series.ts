import {seriesKey, type Sample} from './types.js';

/**
 * Recent values of every series, oldest first, bounded to `capacity` ticks.
 * A missed sample is NaN (a gap), never 0.
 */
export type HistoryView = {
	readonly capacity: number;
	readonly timestamps: readonly number[];
	/** Values for one series key (`seriesKey(id, resource)`), aligned with `timestamps`; all NaN for a key never seen. */
	readonly series: (key: string) => readonly number[];
};

/** The engine's in-memory history: the last `capacity` ticks of every series, for charts and trends. */
export type History = {
	readonly capacity: number;
	readonly push: (sample: Sample) => void;
	/** An immutable view of the last `capacity` ticks; stays correct after later pushes. */
	readonly view: () => HistoryView;
	/** Series with stored values in the retained window: for checking that memory stays bounded. */
	readonly seriesCount: () => number;
};

/**
 * A run of consecutive ticks. Every series present in the run has one preallocated Float64Array,
 * NaN-filled, so a tick where the series is missing stays a gap with no work at all. Each slot is
 * written exactly once, which is what lets views share blocks without copying.
 */
type Block = {
	/** Index (count of ticks pushed before it) of this block's first slot. */
	readonly firstTick: number;
	readonly timestamps: Float64Array;
	readonly values: Map<string, Float64Array>;
};

/**
 * Bounded history as a ring of fixed-size blocks rather than one ring buffer per series.
 * - Snapshots are never mutated, and a paused dashboard keeps drawing an old one while collection
 *   goes on: a view must survive later pushes. A per-series ring overwrites in place, so every view
 *   would need a copy of everything; with write-once blocks a view is just the list of blocks it saw.
 * - Pruning drops whole blocks from the front, the same prefix for every series.
 * - A series that vanished (an interface, a disk) is simply absent from newer blocks, so it is gone
 *   once its last block falls out of the window: nothing leaks over days.
 * Memory: fewer than `capacity + 2 × blockTicks` slots per live series (the window starts mid-block
 * and the newest block is partly filled), with blockTicks = capacity / 8 rounded up.
 */
export function createHistory(capacity: number): History {
	if (!Number.isInteger(capacity) || capacity < 1) {
		throw new RangeError(`history capacity must be a positive integer, got ${capacity}`);
	}

	const blockTicks = Math.max(1, Math.ceil(capacity / 8));
	let blocks: readonly Block[] = [];
	let ticks = 0;
	let latestView: HistoryView | undefined;

	function currentBlock(): Block {
		const slot = ticks % blockTicks;
		if (slot === 0) {
			const windowStart = Math.max(0, ticks + 1 - capacity);
			// A new array, never an in-place change: views hold on to the old one.
			blocks = [
				...blocks.filter(block => block.firstTick + blockTicks > windowStart),
				{firstTick: ticks, timestamps: new Float64Array(blockTicks).fill(Number.NaN), values: new Map()},
			];
		}

		return blocks.at(-1)!;
	}

	return {
		capacity,
		push(sample) {
			const block = currentBlock();
			const slot = ticks % blockTicks;
			block.timestamps[slot] = sample.timestamp;
			for (const metric of sample.metrics) {
				const key = seriesKey(metric.id, metric.resource);
				let values = block.values.get(key);
				if (values === undefined) {
					// An unknown value in a block the series has not used yet is already a gap.
					if (metric.value === undefined) {
						continue;
					}

					values = new Float64Array(blockTicks).fill(Number.NaN);
					block.values.set(key, values);
				}

				values[slot] = metric.value ?? Number.NaN;
			}

			ticks++;
			latestView = undefined;
		},
		view() {
			latestView ??= createView(blocks, Math.max(0, ticks - capacity), ticks, blockTicks, capacity);
			return latestView;
		},
		seriesCount() {
			const keys = new Set<string>();
			for (const block of blocks) {
				for (const key of block.values.keys()) {
					keys.add(key);
				}
			}

			return keys.size;
		},
	};
}

/** Ticks [startTick, endTick) of the given blocks; arrays are built on first request and kept. */
function createView(blocks: readonly Block[], startTick: number, endTick: number, blockTicks: number, capacity: number): HistoryView {
	const cache = new Map<string, readonly number[]>();
	let timestamps: readonly number[] | undefined;

	const collect = (pick: (block: Block) => Float64Array | undefined): number[] => {
		const out = Array.from<number>({length: endTick - startTick}).fill(Number.NaN);
		for (const block of blocks) {
			const source = pick(block);
			if (source === undefined) {
				continue;
			}

			const from = Math.max(startTick, block.firstTick);
			const to = Math.min(endTick, block.firstTick + blockTicks);
			for (let tick = from; tick < to; tick++) {
				out[tick - startTick] = source[tick - block.firstTick]!;
			}
		}

		return out;
	};

	return {
		capacity,
		get timestamps() {
			timestamps ??= collect(block => block.timestamps);
			return timestamps;
		},
		series(key) {
			let values = cache.get(key);
			if (values === undefined) {
				values = collect(block => block.values.get(key));
				cache.set(key, values);
			}

			return values;
		},
	};
}
