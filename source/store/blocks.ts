import {seriesKey} from '../metrics/types.js';
import type {Sample} from '../metrics/types.js';
import {type BlockIdentities, createBlockIdentities, decodeRecentProcesses, encodeProcessTick, encodeRecentProcesses} from './process-codec.js';
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
	/** Each tick's process record (process-codec.ts), undefined for a tick without one. */
	readonly processes: Array<Uint8Array | undefined>;
	/** The processes the block has recorded, numbered in order of first appearance. */
	readonly identities: BlockIdentities;
	/** How many identities the block knew after each tick: tick i added those from `identitiesAfter[i − 1]`. */
	readonly identitiesAfter: number[];
	/** Ticks already written to the `recent` table. */
	saved: number;
	/** The layout `layoutColumns` follows: one column per metric position, undefined until it has a value. */
	layout?: TickLayout;
	layoutColumns?: Array<Float64Array | undefined>;
};

export function createBlock(firstSeq: number, capacity: number, sessionId: number | undefined): OpenBlock {
	return {
		sessionId, firstSeq, capacity, timestamps: [], columns: new Map(), processes: [], identities: createBlockIdentities(), identitiesAfter: [],
		minMs: Number.POSITIVE_INFINITY, maxMs: Number.NEGATIVE_INFINITY, saved: 0,
	};
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

/**
 * A sample's metric list resolved to series keys and steps. A collector sends the same metrics in
 * the same order every tick, so the string keys and registry lookups are done once per shape,
 * not once per metric per tick.
 */
export type TickLayout = {
	readonly ids: readonly string[];
	readonly resources: readonly string[];
	readonly keys: readonly string[];
	readonly steps: readonly number[];
};

/** Resolves every metric of the sample (registering new series through `stepFor`, as each tick did before). */
export function layoutOf(metrics: Sample['metrics'], stepFor: StepLookup): TickLayout {
	const ids: string[] = [];
	const resources: string[] = [];
	const keys: string[] = [];
	const steps: number[] = [];
	for (const metric of metrics) {
		const key = seriesKey(metric.id, metric.resource);
		ids.push(metric.id);
		resources.push(metric.resource);
		keys.push(key);
		steps.push(stepFor(metric.id, metric.resource, key));
	}

	return {ids, resources, keys, steps};
}

/** True when `metrics` has exactly the layout's ids and resources, in order. */
export function fitsLayout(layout: TickLayout, metrics: Sample['metrics']): boolean {
	const count = metrics.length;
	if (count !== layout.ids.length) {
		return false;
	}

	for (let index = 0; index < count; index++) {
		const metric = metrics[index]!;
		if (metric.id !== layout.ids[index] || metric.resource !== layout.resources[index]) {
			return false;
		}
	}

	return true;
}

/** Appends one sample as the next tick. The caller checked `blockIsFull`. */
export function appendSample(block: OpenBlock, timestampMs: number, sample: Sample, stepFor: StepLookup): void {
	appendWithLayout(block, timestampMs, sample, layoutOf(sample.metrics, stepFor));
}

/** `appendSample` for a sample whose metrics fit `layout`; the block caches its columns by position in the layout. */
export function appendWithLayout(block: OpenBlock, timestampMs: number, sample: Sample, layout: TickLayout): void {
	const index = pushTimestamp(block, timestampMs);
	if (block.layout !== layout) {
		block.layout = layout;
		block.layoutColumns = layout.keys.map(key => block.columns.get(key));
	}

	// No processes is a tick without a process reading, not one where nothing ran.
	block.processes.push(sample.processes.length === 0 ? undefined : encodeProcessTick(sample.processes, block.identities));
	block.identitiesAfter.push(block.identities.list.length);
	const columns = block.layoutColumns!;
	const {metrics} = sample;
	for (let position = 0; position < metrics.length; position++) {
		const q = quantise(metrics[position]!.value, layout.steps[position]!);
		if (!Number.isNaN(q)) {
			// Created on the first present value only: an all-gap column would read back as NaN points.
			const values = columns[position] ?? (columns[position] = column(block, layout.keys[position]!));
			values[index] = q;
		}
	}
}

// Reused for every tick's row (it grows in place when a tick needs more); the returned Buffer is a copy.
const tickWriter = createWriter(1024);

/** One tick as a `recent` row: (series id, zigzag value) pairs for the values present. */
export function encodeTick(block: OpenBlock, index: number, idOf: (key: string) => number): Buffer {
	const writer = tickWriter;
	writer.length = 0;
	// forEach, not for…of: iterating the entries allocates a [key, values] pair per series per tick.
	block.columns.forEach((values, key) => {
		const q = values[index]!;
		if (!Number.isNaN(q)) {
			writeVarint(writer, idOf(key));
			writeSigned(writer, q);
		}
	});

	return Buffer.from(written(writer));
}

/** One tick's `recent.processes`: the identities it added, then its record; null for a tick without one. */
export function encodeTickProcesses(block: OpenBlock, index: number): Buffer | null {
	const body = block.processes[index];
	if (body === undefined) {
		return null;
	}

	const added = block.identities.list.slice(index === 0 ? 0 : block.identitiesAfter[index - 1], block.identitiesAfter[index]);
	return encodeRecentProcesses(added, body);
}

/** Appends a decoded `recent` row as the next tick. */
export function appendEncodedTick(block: OpenBlock, timestampMs: number, data: Uint8Array, keyOf: (id: number) => string | undefined, processes: Uint8Array | null = null): void {
	const index = pushTimestamp(block, timestampMs);
	block.processes.push(processes === null ? undefined : decodeRecentProcesses(processes, block.identities));
	block.identitiesAfter.push(block.identities.list.length);
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

export type RecentRow = {
	readonly sessionId: number;
	readonly seq: number;
	readonly timestampMs: number;
	readonly data: Uint8Array;
	/** Null before schema v4 and for a tick without processes. */
	readonly processes: Uint8Array | null;
};

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

		appendEncodedTick(block, row.timestampMs, row.data, keyOf, row.processes);
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
