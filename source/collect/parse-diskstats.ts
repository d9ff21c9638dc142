import {readdirSync} from 'node:fs';
import {digitsValue, fieldEnd, fieldStart} from './fields.js';
import type {DiskStatReading} from './types.js';

// /proc/diskstats, Documentation/admin-guide/iostats.rst: `major minor name` then 11 counters
// (kernel < 4.18), 15 (+ discards, 4.18) or 17 (+ flushes, 5.5). perftop needs the first 11.
const minimumFields = 14;

/** Every device line of /proc/diskstats, partitions and virtual devices included (see `selectWholeDisks`). */
export function parseDiskStats(text: string): DiskStatReading[] {
	const readings: DiskStatReading[] = [];
	const lines = text.split('\n');
	for (const [index, line] of lines.entries()) {
		const reading = parseDiskLine(line, index + 1);
		if (reading !== undefined) {
			readings.push(reading);
		}
	}

	return readings;
}

/** One line, its fields scanned in place (a large machine lists hundreds of devices); undefined when blank. */
function parseDiskLine(line: string, lineNumber: number): DiskStatReading | undefined {
	let name = '';
	const counters: number[] = [];
	let badField: {readonly number: number; readonly text: string} | undefined;
	let count = 0;
	for (let at = fieldStart(line, 0); at < line.length;) {
		const end = fieldEnd(line, at);
		if (count === 2) {
			name = line.slice(at, end);
		} else if (count >= 3 && count < minimumFields && badField === undefined) {
			let value = digitsValue(line, at, end);
			// Not plain digits: whatever Number() accepts (a sign, an exponent) still counts.
			if (Number.isNaN(value)) {
				value = Number(line.slice(at, end));
			}

			if (Number.isFinite(value)) {
				counters.push(value);
			} else {
				badField = {number: count + 1, text: line.slice(at, end)};
			}
		}

		count++;
		at = fieldStart(line, end);
	}

	if (count === 0) {
		return undefined;
	}

	// A short line is reported before a bad value in it.
	if (count < minimumFields) {
		throw new Error(`diskstats line ${lineNumber}: expected at least ${minimumFields} fields, got ${count}`);
	}

	if (badField !== undefined) {
		throw new Error(`diskstats line ${lineNumber}: field ${badField.number} is not a number: '${badField.text}'`);
	}

	return {
		name,
		readsCompleted: counters[0]!,
		readsMerged: counters[1]!,
		sectorsRead: counters[2]!,
		readTimeMs: counters[3]!,
		writesCompleted: counters[4]!,
		writesMerged: counters[5]!,
		sectorsWritten: counters[6]!,
		writeTimeMs: counters[7]!,
		inFlight: counters[8]!,
		ioTimeMs: counters[9]!,
		weightedIoTimeMs: counters[10]!,
	};
}

const virtualPrefixes = ['loop', 'ram', 'zram'];

export function isVirtualDisk(name: string): boolean {
	return virtualPrefixes.some(prefix => name.startsWith(prefix));
}

// Used only when <sysfs>/block cannot be listed: the common partition spellings
// (sda1, vda2, xvda1, hdb3; nvme0n1p1, mmcblk0p2, nbd0p1, md0p1).
const partitionPattern = /^((s|v|xv|h)d[a-z]+\d+|(nvme\d+n\d+|mmcblk\d+|nbd\d+|md\d+|loop\d+)p\d+)$/;

export function looksLikePartition(name: string): boolean {
	return partitionPattern.test(name);
}

/**
 * Whole block devices: `<sysfs>/block/<name>` exists for those, partitions live below their disk.
 * Undefined when the directory cannot be listed (no sysfs in a container, a fixture without it).
 */
export function readWholeDiskNames(sysfs: string): ReadonlySet<string> | undefined {
	try {
		return new Set(readdirSync(`${sysfs}/block`));
	} catch {
		return undefined;
	}
}

/** Whole devices only, without loop, ram and zram unless `includeVirtualDisks`. */
export function selectWholeDisks(
	readings: readonly DiskStatReading[],
	wholeDiskNames: ReadonlySet<string> | undefined,
	includeVirtualDisks = false,
): DiskStatReading[] {
	return readings.filter(reading => {
		const whole = wholeDiskNames ? wholeDiskNames.has(reading.name) : !looksLikePartition(reading.name);
		return whole && (includeVirtualDisks || !isVirtualDisk(reading.name));
	});
}
