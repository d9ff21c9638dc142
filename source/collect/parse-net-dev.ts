import {digitsValue, fieldEnd, fieldStart} from './fields.js';
import type {NetDevReading} from './types.js';

// /proc/net/dev, proc(5) ("/proc/net/dev") and net/core/net-procfs.c (dev_seq_printf_stats):
//   Inter-|   Receive                                                |  Transmit
//    face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
//       lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0
// The name is printed as "%6s:" and the first counter as "%8llu", so a counter wider than its
// column leaves no space after the colon ("eth0:12345678901 ..."). Names may contain '.', '-' or
// '@' (VLANs, veth peers) but never ':' or whitespace (dev_valid_name), so the colon is the split.
// Columns are located through the header rather than fixed offsets, as node_exporter does.

export type NetDevCounters = Omit<NetDevReading, 'speedMbps'>;

/** Where each counter stands among the numbers of an interface's line, and how many numbers a line has. */
type ColumnIndexes = Readonly<Record<Exclude<keyof NetDevCounters, 'name'>, number>> & {readonly count: number};

function columnIndex(columns: readonly string[], name: string, offset: number, direction: string): number {
	const index = columns.indexOf(name);
	if (index === -1) {
		throw new Error(`/proc/net/dev: header has no ${direction} ${name} column`);
	}

	return offset + index;
}

/** Reads the column layout from the "face |bytes packets …|bytes packets …" header line. */
function parseHeader(line: string): ColumnIndexes | undefined {
	const sections = line.split('|');
	if (sections.length !== 3) {
		return undefined;
	}

	const rx = sections[1]!.trim().split(/\s+/);
	const tx = sections[2]!.trim().split(/\s+/);
	if (!rx.includes('bytes') || !tx.includes('bytes')) {
		return undefined;
	}

	return {
		rxBytes: columnIndex(rx, 'bytes', 0, 'receive'),
		rxPackets: columnIndex(rx, 'packets', 0, 'receive'),
		rxErrors: columnIndex(rx, 'errs', 0, 'receive'),
		rxDrops: columnIndex(rx, 'drop', 0, 'receive'),
		txBytes: columnIndex(tx, 'bytes', rx.length, 'transmit'),
		txPackets: columnIndex(tx, 'packets', rx.length, 'transmit'),
		txErrors: columnIndex(tx, 'errs', rx.length, 'transmit'),
		txDrops: columnIndex(tx, 'drop', rx.length, 'transmit'),
		count: rx.length + tx.length,
	};
}

function parseInterface(line: string, columns: ColumnIndexes): NetDevCounters | undefined {
	const colon = line.lastIndexOf(':');
	const name = line.slice(0, colon).trim();
	if (colon === -1 || name === '' || /\s/.test(name)) {
		return undefined;
	}

	// Scanned in place, a machine may have hundreds of interfaces; every counter must be plain digits.
	const values: number[] = [];
	for (let at = fieldStart(line, colon + 1); at < line.length;) {
		const end = fieldEnd(line, at);
		const value = digitsValue(line, at, end);
		if (Number.isNaN(value)) {
			return undefined;
		}

		values.push(value);
		at = fieldStart(line, end);
	}

	if (values.length !== columns.count) {
		return undefined;
	}

	return {
		name,
		rxBytes: values[columns.rxBytes]!,
		rxPackets: values[columns.rxPackets]!,
		rxErrors: values[columns.rxErrors]!,
		rxDrops: values[columns.rxDrops]!,
		txBytes: values[columns.txBytes]!,
		txPackets: values[columns.txPackets]!,
		txErrors: values[columns.txErrors]!,
		txDrops: values[columns.txDrops]!,
	};
}

/**
 * Parses /proc/net/dev into one entry per interface, in file order, `lo` included (filtering is
 * the collector's choice). A malformed interface line is skipped; a missing header throws.
 */
export function parseNetDev(text: string): NetDevCounters[] {
	let columns: ColumnIndexes | undefined;
	const interfaces: NetDevCounters[] = [];
	for (const line of text.split('\n')) {
		if (line.includes('|')) {
			columns ??= parseHeader(line);
			continue;
		}

		if (columns === undefined || line.trim() === '') {
			continue;
		}

		const counters = parseInterface(line, columns);
		if (counters !== undefined) {
			interfaces.push(counters);
		}
	}

	if (columns === undefined) {
		throw new Error('/proc/net/dev: no column header');
	}

	return interfaces;
}
