import type {ProcessIdentity, ProcessSample} from '../metrics/types.js';
import {pack, unpack} from './chunk-codec.js';
import {
	type ByteReader, type ByteWriter, createReader, createWriter, readVarint, writeBytes, writeVarint, written,
} from './varint.js';

/*
 * The per-tick process record, encoded. A block of ticks has its own identity table: the processes it
 * recorded, numbered from 0 in the order they first appeared. A tick lists its processes by that local
 * number with their figures. In a `recent` row (one tick), the identities the tick added come first, in
 * full; in a stored block, the table is a list of ids into `process_identities`, so a command line is
 * stored once however many blocks record the process. Deflate over the whole block takes out what
 * repeats from tick to tick.
 *
 * Figures, each a varint: state (character code, 0 unknown), threads + 1, round(CPU % × 10) + 1,
 * RSS in KiB, round(read B/s) + 1, round(write B/s) + 1; "+ 1" leaves 0 for unknown.
 */

/** One process's figures at one tick. */
export type ProcessFigures = {
	readonly state: string;
	readonly threads: number | undefined;
	readonly cpuPct: number | undefined;
	readonly rssBytes: number;
	readonly readBytesPerSec: number | undefined;
	readonly writeBytesPerSec: number | undefined;
};

export type {ProcessIdentity};

export type EncodedEntry = ProcessFigures & {readonly local: number};

/** Pid + start time + name: a pid reused by another program, or one that exec'd another, is another identity. */
export function identityKey(identity: {readonly pid: number; readonly startedAtMs?: number | undefined; readonly name: string}): string {
	return `${identity.pid}\u0000${identity.startedAtMs ?? ''}\u0000${identity.name}`;
}

export function identityOf(process: ProcessSample): ProcessIdentity {
	return {pid: process.pid, startedAtMs: process.startedAtMs, name: process.name, user: process.user, command: process.command, ppid: process.ppid};
}

function writeOptional(writer: ByteWriter, value: number | undefined): void {
	writeVarint(writer, value === undefined || !Number.isFinite(value) || value < 0 ? 0 : Math.round(value) + 1);
}

function readOptional(reader: ByteReader): number | undefined {
	const token = readVarint(reader);
	return token === 0 ? undefined : token - 1;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function writeString(writer: ByteWriter, text: string | undefined): void {
	if (text === undefined) {
		writeVarint(writer, 0);
		return;
	}

	const bytes = encoder.encode(text);
	writeVarint(writer, bytes.length + 1);
	writeBytes(writer, bytes);
}

function readString(reader: ByteReader): string | undefined {
	const token = readVarint(reader);
	if (token === 0) {
		return undefined;
	}

	const end = reader.offset + token - 1;
	if (end > reader.bytes.length) {
		throw new RangeError('string runs past the end of its buffer');
	}

	const text = decoder.decode(reader.bytes.subarray(reader.offset, end));
	reader.offset = end;
	return text;
}

function writeIdentity(writer: ByteWriter, identity: ProcessIdentity): void {
	writeVarint(writer, identity.pid);
	writeOptional(writer, identity.startedAtMs);
	writeString(writer, identity.name);
	writeString(writer, identity.user);
	writeString(writer, identity.command);
	writeOptional(writer, identity.ppid);
}

function readIdentity(reader: ByteReader): ProcessIdentity {
	const pid = readVarint(reader);
	const startedAtMs = readOptional(reader);
	const name = readString(reader) ?? '';
	const user = readString(reader);
	const command = readString(reader) ?? name;
	return {pid, startedAtMs, name, user, command, ppid: readOptional(reader)};
}

function writeEntry(writer: ByteWriter, local: number, process: ProcessFigures): void {
	writeVarint(writer, local);
	writeVarint(writer, process.state.length > 0 ? Math.min(process.state.codePointAt(0)!, 0x7F) : 0);
	writeOptional(writer, process.threads);
	writeOptional(writer, process.cpuPct === undefined ? undefined : process.cpuPct * 10);
	writeVarint(writer, Math.max(0, Math.round(process.rssBytes / 1024)));
	writeOptional(writer, process.readBytesPerSec);
	writeOptional(writer, process.writeBytesPerSec);
}

function readEntry(reader: ByteReader): EncodedEntry {
	const local = readVarint(reader);
	const state = readVarint(reader);
	const threads = readOptional(reader);
	const cpu = readOptional(reader);
	return {
		local,
		state: state === 0 ? '' : String.fromCodePoint(state),
		threads,
		cpuPct: cpu === undefined ? undefined : cpu / 10,
		rssBytes: readVarint(reader) * 1024,
		readBytesPerSec: readOptional(reader),
		writeBytesPerSec: readOptional(reader),
	};
}

/**
 * The identities of one open block: local number by key, in order of first appearance. Bounded by the
 * processes the block records, and dropped with it.
 */
export type BlockIdentities = {
	readonly list: ProcessIdentity[];
	readonly byKey: Map<string, number>;
};

export function createBlockIdentities(): BlockIdentities {
	return {list: [], byKey: new Map()};
}

// Reused for every tick (it grows in place when a tick needs more); the returned bytes are a copy.
const tickWriter = createWriter(1024);

/** A tick's processes as the block body holds them; new identities join `identities`. */
export function encodeProcessTick(processes: readonly ProcessSample[], identities: BlockIdentities): Uint8Array {
	const writer = tickWriter;
	writer.length = 0;
	writeVarint(writer, processes.length);
	for (const process of processes) {
		const key = identityKey(process);
		let local = identities.byKey.get(key);
		if (local === undefined) {
			local = identities.list.length;
			identities.list.push(identityOf(process));
			identities.byKey.set(key, local);
		}

		writeEntry(writer, local, process);
	}

	return written(writer).slice();
}

export function decodeProcessTick(body: Uint8Array): EncodedEntry[] {
	const reader = createReader(body);
	const count = readVarint(reader);
	const entries: EncodedEntry[] = [];
	for (let index = 0; index < count; index++) {
		entries.push(readEntry(reader));
	}

	return entries;
}

/** A `recent` row's process part: the identities this tick added (in full), then the tick's body. */
export function encodeRecentProcesses(added: readonly ProcessIdentity[], body: Uint8Array): Buffer {
	const writer = createWriter(body.length + 16 + added.length * 64);
	writeVarint(writer, added.length);
	for (const identity of added) {
		writeIdentity(writer, identity);
	}

	writeBytes(writer, body);

	return Buffer.from(written(writer));
}

/** Reads a `recent` row's process part back: its new identities join `identities`; returns the tick's body. */
export function decodeRecentProcesses(data: Uint8Array, identities: BlockIdentities): Uint8Array {
	const reader = createReader(data);
	const added = readVarint(reader);
	for (let index = 0; index < added; index++) {
		const identity = readIdentity(reader);
		identities.byKey.set(identityKey(identity), identities.list.length);
		identities.list.push(identity);
	}

	return data.subarray(reader.offset);
}

// A block's body is tens of KB where ticks repeat one another: a full window finds the previous tick.
const BLOCK_WINDOW_BITS = 15;

/**
 * A block's process column: the ids of its identities in `process_identities`, then each tick's body
 * (0 for a tick recorded without processes, else its length + 1).
 */
export function encodeProcessBlock(identityIds: readonly number[], ticks: ReadonlyArray<Uint8Array | undefined>): Buffer {
	const writer = createWriter(1024);
	writeVarint(writer, identityIds.length);
	for (const id of identityIds) {
		writeVarint(writer, id);
	}

	writeVarint(writer, ticks.length);
	for (const body of ticks) {
		writeVarint(writer, body === undefined ? 0 : body.length + 1);
		if (body !== undefined) {
			writeBytes(writer, body);
		}
	}

	return pack(writer, {windowBits: BLOCK_WINDOW_BITS});
}

export type DecodedProcessBlock = {
	readonly identityIds: number[];
	readonly ticks: Array<Uint8Array | undefined>;
};

export function decodeProcessBlock(blob: Uint8Array): DecodedProcessBlock {
	const reader = createReader(unpack(blob));
	const identityIds: number[] = [];
	for (let count = readVarint(reader); count > 0; count--) {
		identityIds.push(readVarint(reader));
	}

	const ticks: Array<Uint8Array | undefined> = [];
	for (let count = readVarint(reader); count > 0; count--) {
		const token = readVarint(reader);
		if (token === 0) {
			ticks.push(undefined);
			continue;
		}

		const end = reader.offset + token - 1;
		if (end > reader.bytes.length) {
			throw new RangeError('process tick runs past the end of its block');
		}

		ticks.push(reader.bytes.subarray(reader.offset, end));
		reader.offset = end;
	}

	return {identityIds, ticks};
}
