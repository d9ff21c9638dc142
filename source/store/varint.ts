// LEB128 varints over plain numbers. Arithmetic, not bitwise operators: bitwise ops truncate to
// 32 bits, and byte counters and timestamps need the full 53-bit safe-integer range.

const INITIAL_CAPACITY = 256;

export type ByteWriter = {
	bytes: Uint8Array;
	length: number;
};

export function createWriter(capacity = INITIAL_CAPACITY): ByteWriter {
	return {bytes: new Uint8Array(capacity), length: 0};
}

function ensure(writer: ByteWriter, extra: number): void {
	if (writer.length + extra <= writer.bytes.length) {
		return;
	}

	const grown = new Uint8Array(Math.max(writer.bytes.length * 2, writer.length + extra));
	grown.set(writer.bytes.subarray(0, writer.length));
	writer.bytes = grown;
}

/** Unsigned varint; `value` must be a non-negative safe integer. */
export function writeVarint(writer: ByteWriter, value: number): void {
	ensure(writer, 8);
	let rest = value;
	while (rest >= 0x80) {
		writer.bytes[writer.length++] = (rest % 0x80) + 0x80;
		rest = Math.floor(rest / 0x80);
	}

	writer.bytes[writer.length++] = rest;
}

export function writeSigned(writer: ByteWriter, value: number): void {
	writeVarint(writer, zigzag(value));
}

export function writeByte(writer: ByteWriter, value: number): void {
	ensure(writer, 1);
	writer.bytes[writer.length++] = value;
}

export function writeBytes(writer: ByteWriter, bytes: Uint8Array): void {
	ensure(writer, bytes.length);
	writer.bytes.set(bytes, writer.length);
	writer.length += bytes.length;
}

export function written(writer: ByteWriter): Uint8Array {
	return writer.bytes.subarray(0, writer.length);
}

/** Maps signed to unsigned so small magnitudes of either sign stay short: 0, -1, 1, -2 … → 0, 1, 2, 3 … */
export function zigzag(value: number): number {
	return value >= 0 ? value * 2 : -value * 2 - 1;
}

export function unzigzag(value: number): number {
	return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

export type ByteReader = {
	readonly bytes: Uint8Array;
	offset: number;
};

export function createReader(bytes: Uint8Array): ByteReader {
	return {bytes, offset: 0};
}

export function readVarint(reader: ByteReader): number {
	let value = 0;
	let multiplier = 1;
	for (;;) {
		if (reader.offset >= reader.bytes.length) {
			throw new RangeError('varint runs past the end of its buffer');
		}

		const byte = reader.bytes[reader.offset++]!;
		value += (byte & 0x7F) * multiplier;
		if (byte < 0x80) {
			return value;
		}

		multiplier *= 0x80;
	}
}

export function readSigned(reader: ByteReader): number {
	return unzigzag(readVarint(reader));
}

export function readByte(reader: ByteReader): number {
	if (reader.offset >= reader.bytes.length) {
		throw new RangeError('read past the end of its buffer');
	}

	return reader.bytes[reader.offset++]!;
}
