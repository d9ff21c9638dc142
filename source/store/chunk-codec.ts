import {deflateRawSync, inflateRawSync} from 'node:zlib';
import {
	createReader, createWriter, readSigned, readVarint, type ByteWriter, writeByte, writeSigned, writeVarint, written,
} from './varint.js';

// Blob layout: one format byte, then the payload, deflated when that is smaller. Tiny or
// incompressible payloads stay stored so decoding never pays for a pointless inflate.
const STORED = 0;
const DEFLATED = 1;
// A chunk is ~1 KB before compression, so a 1 KB window loses nothing, and the small window and
// hash table make each call set up far less state (zlib's setup dominates at this size).
const DEFLATE_OPTIONS = {level: 6, windowBits: 10, memLevel: 4};

export type PackOptions = {
	/** False for blobs rewritten often, where deflate's per-call cost outweighs its saving. */
	readonly compress?: boolean;
	/** A larger window for blobs much bigger than a chunk whose repeats lie far apart. */
	readonly windowBits?: number;
};

export function pack(writer: ByteWriter, options: PackOptions = {}): Buffer {
	const payload = written(writer);
	const deflated = options.compress === false ? undefined : deflateRawSync(payload, options.windowBits === undefined ? DEFLATE_OPTIONS : {...DEFLATE_OPTIONS, windowBits: options.windowBits, memLevel: 8});
	const useDeflate = deflated !== undefined && deflated.length < payload.length;
	const body = useDeflate ? deflated! : payload;
	const blob = Buffer.allocUnsafe(body.length + 1);
	blob[0] = useDeflate ? DEFLATED : STORED;
	blob.set(body, 1);
	return blob;
}

export function unpack(blob: Uint8Array): Uint8Array {
	const format = blob[0];
	const body = blob.subarray(1);
	if (format === STORED) {
		return body;
	}

	if (format === DEFLATED) {
		return inflateRawSync(body);
	}

	throw new RangeError(`unknown blob format ${String(format)}`);
}

/** Tick timestamps (integer ms): first value, then delta-of-delta, so a steady interval costs ~1 byte before deflate. */
export function encodeTimestamps(timestamps: readonly number[]): Buffer {
	const writer = createWriter(timestamps.length * 2 + 16);
	writeVarint(writer, timestamps.length);
	let previous = 0;
	let previousDelta = 0;
	for (const [index, timestamp] of timestamps.entries()) {
		if (index === 0) {
			writeSigned(writer, timestamp);
		} else {
			const delta = timestamp - previous;
			writeSigned(writer, delta - previousDelta);
			previousDelta = delta;
		}

		previous = timestamp;
	}

	return pack(writer);
}

export function decodeTimestamps(blob: Uint8Array): number[] {
	const reader = createReader(unpack(blob));
	const count = readVarint(reader);
	const timestamps = new Array<number>(count);
	let previous = 0;
	let previousDelta = 0;
	for (let index = 0; index < count; index++) {
		if (index === 0) {
			previous = readSigned(reader);
		} else {
			previousDelta += readSigned(reader);
			previous += previousDelta;
		}

		timestamps[index] = previous;
	}

	return timestamps;
}

function gcd(a: number, b: number): number {
	let x = a;
	let y = b;
	while (y !== 0) {
		const rest = x % y;
		x = y;
		y = rest;
	}

	return x;
}

/** Greatest common divisor of the steps between present values: memory moves in 1024-byte, disks in 512-byte steps. */
function commonStep(values: ArrayLike<number>, count: number): number {
	let divisor = 0;
	let previous = Number.NaN;
	for (let index = 0; index < count; index++) {
		const value = values[index]!;
		if (Number.isNaN(value)) {
			continue;
		}

		if (!Number.isNaN(previous) && value !== previous) {
			divisor = gcd(divisor, Math.abs(value - previous));
			if (divisor === 1) {
				return 1;
			}
		}

		previous = value;
	}

	return divisor === 0 ? 1 : divisor;
}

/**
 * One series' quantised values over one block, NaN for a gap.
 * Token per tick: 0 = gap, else zigzag(delta) + 1, where the delta is taken from the previous present
 * value and divided by the chunk's common step; the first present value is stored whole.
 */
export function encodeValues(values: ArrayLike<number>, count: number): Buffer {
	const writer = createWriter(count * 2 + 16);
	const scale = commonStep(values, count);
	writeVarint(writer, count);
	writeVarint(writer, scale);
	let previous = Number.NaN;
	for (let index = 0; index < count; index++) {
		const value = values[index]!;
		if (Number.isNaN(value)) {
			writeByte(writer, 0);
			continue;
		}

		writeVarint(writer, Number.isNaN(previous) ? zigzagPlusOne(value) : zigzagPlusOne((value - previous) / scale));
		previous = value;
	}

	return pack(writer);
}

function zigzagPlusOne(value: number): number {
	return (value >= 0 ? value * 2 : -value * 2 - 1) + 1;
}

export function decodeValues(blob: Uint8Array): Float64Array {
	const reader = createReader(unpack(blob));
	const count = readVarint(reader);
	const scale = readVarint(reader);
	const values = new Float64Array(count);
	let previous = Number.NaN;
	for (let index = 0; index < count; index++) {
		const token = readVarint(reader);
		if (token === 0) {
			values[index] = Number.NaN;
			continue;
		}

		const unsigned = token - 1;
		const signed = unsigned % 2 === 0 ? unsigned / 2 : -(unsigned + 1) / 2;
		previous = Number.isNaN(previous) ? signed : previous + signed * scale;
		values[index] = previous;
	}

	return values;
}
