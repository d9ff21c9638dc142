import type {NetstatReading} from './types.js';

// /proc/net/snmp and /proc/net/netstat (net/ipv4/proc.c): each protocol is a pair of lines,
// a header naming the counters and a line of values with the same prefix:
//   Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens … RetransSegs InErrs …
//   Tcp: 1 200 120000 -1 118 2 … 0 0 …
// Counter names follow RFC 1213 / RFC 4022 (Tcp), RFC 4113 (Udp) and the LINUX_MIB_* list in
// include/uapi/linux/snmp.h (TcpExt). Columns are looked up by name, never by position: kernels
// append new counters. Some values are signed (Tcp MaxConn is -1 for "no limit").

export type SnmpTable = ReadonlyMap<string, ReadonlyMap<string, number>>;

const signedInteger = /^-?\d+$/;

/**
 * Parses the header/value line pairs of /proc/net/snmp or /proc/net/netstat into prefix → name → value,
 * for every protocol or only `protocols` (the others are checked for alignment but not split, which
 * matters for the ~130-counter TcpExt neighbours perftop does not read).
 * A pair whose prefixes differ, whose lengths differ or whose values are not integers throws:
 * a misaligned pair would attribute values to the wrong counters.
 */
export function parseSnmpTable(text: string, source: string, protocols?: ReadonlySet<string>): SnmpTable {
	const lines = text.split('\n').filter(line => line.trim() !== '');
	if (lines.length % 2 !== 0) {
		throw new Error(`${source}: odd number of lines (${lines.length}), header/value pairs are misaligned`);
	}

	const table = new Map<string, Map<string, number>>();
	for (let index = 0; index < lines.length; index += 2) {
		const headerLine = lines[index]!.trim();
		const valueLine = lines[index + 1]!.trim();
		const headerPrefix = firstWord(headerLine);
		const valuePrefix = firstWord(valueLine);
		if (!headerPrefix.endsWith(':') || headerPrefix !== valuePrefix) {
			throw new Error(`${source}: header ${JSON.stringify(headerPrefix)} followed by values ${JSON.stringify(valuePrefix)}`);
		}

		const protocol = headerPrefix.slice(0, -1);
		if (protocols !== undefined && !protocols.has(protocol)) {
			continue;
		}

		const names = headerLine.split(/\s+/).slice(1);
		const values = valueLine.split(/\s+/).slice(1);
		if (names.length !== values.length) {
			throw new Error(`${source}: ${protocol} has ${names.length} names but ${values.length} values`);
		}

		const counters = new Map<string, number>();
		for (const [position, name] of names.entries()) {
			const value = values[position]!;
			if (!signedInteger.test(value)) {
				throw new Error(`${source}: ${protocol} ${name} is not an integer: ${JSON.stringify(value)}`);
			}

			counters.set(name, Number(value));
		}

		table.set(protocol, counters);
	}

	return table;
}

function firstWord(line: string): string {
	const space = line.search(/\s/);
	return space === -1 ? line : line.slice(0, space);
}

function counter(table: SnmpTable, source: string, protocol: string, name: string): number {
	const counters = table.get(protocol);
	if (counters === undefined) {
		throw new Error(`${source}: no ${protocol} section`);
	}

	const value = counters.get(name);
	if (value === undefined) {
		throw new Error(`${source}: no ${protocol} ${name} counter`);
	}

	return value;
}

const snmpProtocols: ReadonlySet<string> = new Set(['Tcp', 'Udp']);
const netstatProtocols: ReadonlySet<string> = new Set(['TcpExt']);

/** Parses the TCP and UDP counters perftop uses from /proc/net/snmp and /proc/net/netstat. */
export function parseNetstat(snmpText: string, netstatText: string): NetstatReading {
	const snmpSource = '/proc/net/snmp';
	const netstatSource = '/proc/net/netstat';
	const snmp = parseSnmpTable(snmpText, snmpSource, snmpProtocols);
	const netstat = parseSnmpTable(netstatText, netstatSource, netstatProtocols);
	const udp = snmp.get('Udp');
	return {
		tcpActiveOpens: counter(snmp, snmpSource, 'Tcp', 'ActiveOpens'),
		tcpPassiveOpens: counter(snmp, snmpSource, 'Tcp', 'PassiveOpens'),
		tcpCurrEstab: counter(snmp, snmpSource, 'Tcp', 'CurrEstab'),
		tcpOutSegs: counter(snmp, snmpSource, 'Tcp', 'OutSegs'),
		tcpRetransSegs: counter(snmp, snmpSource, 'Tcp', 'RetransSegs'),
		tcpInErrs: counter(snmp, snmpSource, 'Tcp', 'InErrs'),
		udpInErrors: counter(snmp, snmpSource, 'Udp', 'InErrors'),
		// RcvbufErrors and SndbufErrors were added to the Udp line in 2.6.18; before that the
		// kernel did not count them separately, so their absence means none were counted.
		udpRcvbufErrors: udp?.get('RcvbufErrors') ?? 0,
		udpSndbufErrors: udp?.get('SndbufErrors') ?? 0,
		listenOverflows: counter(netstat, netstatSource, 'TcpExt', 'ListenOverflows'),
		listenDrops: counter(netstat, netstatSource, 'TcpExt', 'ListenDrops'),
	};
}
