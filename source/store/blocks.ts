import {seriesKey} from '../metrics/types.js';
import type {Sample} from '../metrics/types.js';
import {quantise} from './quantise.js';
import {createReader, createWriter, readSigned, readVarint, writeSigned, writeVarint, written} from './varint.js';

/**
 * A block always spans at most this much time, so a time-range query can find every block that
 * overlaps it from an index on the block's start alone.
 */
export const MAX_BLOCK_SPAN_MS = 2 * 3_600_000;

/**
 * Ticks not yet packed into chunks, held column-wise: one array per series of quantised values,
 * NaN for a gap. Columns are keyed by series key so they survive a change of series ids.
 */
export type OpenBlock = {
	/** Undefined for the writer's own ticks before its session row exists. */
	sessionId: number | undefined;
	/** `recent.seq` of the first tick. */
	readonly firstSeq: number;
	readonly capacity: number;
	readonly timestamps: number[];
	readonly columns: Map<string, Float64Array>;
	minMs: number;
	maxMs: number;
	/** Ticks already written to the `recent` table. */
	saved: number;
};

export function createBlock(firstSeq: number, capacity: number, sessionId: number | undefined): OpenBlock {
	return {sessionId, firstSeq, capacity, timestamps: [], columns: new Map(), minMs: Number.POSITIVE_INFINITY, maxMs: Number.NEGATIVE_INFINITY, saved: 0};
}

/** True when the tick at `timestampMs` must start a new block. */
export function blockIsFull(block: OpenBlock, timestampMs: number): boolean {
	if (block.timestamps.length >= block.capacity) {
		return true;
	}

	return Math.max(block.maxMs, timestampMs) - Math.min(block.minMs, timestampMs) > MAX_BLOCK_SPAN_MS;
}

function column(block: OpenBlock, key: string): Float64Array {
	let values = block.columns.get(key);
	if (values === undefined) {
		values = new Float64Array(block.capacity).fill(Number.NaN);
		block.columns.set(key, values);
	}

	return values;
}

function pushTimestamp(block: OpenBlock, timestampMs: number): number {
	const index = block.timestamps.length;
	block.timestamps.push(timestampMs);
	block.minMs = Math.min(block.minMs, timestampMs);
	block.maxMs = Math.max(block.maxMs, timestampMs);
	return index;
}

export type StepLookup = (id: string, resource: string, key: string) => number;

/** Appends one sample as the next tick. The caller checked `blockIsFull`. */
export function appendSample(block: OpenBlock, timestampMs: number, sample: Sample, stepFor: StepLookup): void {
	const index = pushTimestamp(block, timestampMs);
	for (const metric of sample.metrics) {
		const key = seriesKey(metric.id, metric.resource);
		const q = quantise(metric.value, stepFor(metric.id, metric.resource, key));
		if (!Number.isNaN(q)) {
			column(block, key)[index] = q;
		}
	}
}

/** One tick as a `recent` row: (series id, zigzag value) pairs for the values present. */
export function encodeTick(block: OpenBlock, index: number, idOf: (key: string) => number): Buffer {
	const writer = createWriter(block.columns.size * 6 + 8);
	for (const [key, values] of block.columns) {
		const q = values[index]!;
		if (!Number.isNaN(q)) {
			writeVarint(writer, idOf(key));
			writeSigned(writer, q);
		}
	}

	return Buffer.from(written(writer));
}

/** Appends a decoded `recent` row as the next tick. */
export function appendEncodedTick(block: OpenBlock, timestampMs: number, data: Uint8Array, keyOf: (id: number) => string | undefined): void {
	const index = pushTimestamp(block, timestampMs);
	const reader = createReader(data);
	while (reader.offset < data.length) {
		const id = readVarint(reader);
		const q = readSigned(reader);
		const key = keyOf(id);
		if (key !== undefined) {
			column(block, key)[index] = q;
		}
	}
}

export type RecentRow = {readonly sessionId: number; readonly seq: number; readonly timestampMs: number; readonly data: Uint8Array};

/** Regroups `recent` rows (ordered by session, seq) into blocks, as the writer would have built them. */
export function blocksFromRecent(rows: readonly RecentRow[], capacity: number, keyOf: (id: number) => string | undefined): OpenBlock[] {
	const blocks: OpenBlock[] = [];
	let block: OpenBlock | undefined;
	for (const row of rows) {
		if (block === undefined || block.sessionId !== row.sessionId || blockIsFull(block, row.timestampMs)
			|| row.seq !== block.firstSeq + block.timestamps.length) {
			block = createBlock(row.seq, capacity, row.sessionId);
			blocks.push(block);
		}

		appendEncodedTick(block, row.timestampMs, row.data, keyOf);
		block.saved = block.timestamps.length;
	}

	return blocks;
}

export function presentCount(values: ArrayLike<number>, count: number): number {
	let present = 0;
	for (let index = 0; index < count; index++) {
		if (!Number.isNaN(values[index]!)) {
			present++;
		}
	}

	return present;
}
