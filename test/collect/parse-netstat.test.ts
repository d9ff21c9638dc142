import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseNetstat, parseSnmpTable} from '../../source/collect/parse-netstat.js';

function fixture(scenario: string, file: 'snmp' | 'netstat'): string {
	return readFileSync(new URL(`../fixtures/proc/${scenario}/net/${file}`, import.meta.url), 'utf8');
}

const tcpHeader = 'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors';
const udpHeader = 'Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors';

describe('parseNetstat', () => {
	it('reads the captured machine exactly', () => {
		expect(parseNetstat(fixture('vm-2cpu', 'snmp'), fixture('vm-2cpu', 'netstat'))).toEqual({
			tcpActiveOpens: 118,
			tcpPassiveOpens: 2,
			tcpCurrEstab: 0,
			tcpOutSegs: 6798,
			tcpRetransSegs: 0,
			tcpInErrs: 0,
			udpInErrors: 0,
			udpRcvbufErrors: 0,
			udpSndbufErrors: 0,
			listenOverflows: 0,
			listenDrops: 0,
		});
	});

	it('maps every counter by name to its own field', () => {
		const snmp = `${tcpHeader}\nTcp: 1 200 120000 -1 11 12 13 14 15 16 17 18 19 20 21\n${udpHeader}\nUdp: 31 32 33 34 35 36 37 38 39\n`;
		const netstat = 'TcpExt: SyncookiesSent ListenOverflows ListenDrops TCPHPHits\nTcpExt: 41 42 43 44\n';
		expect(parseNetstat(snmp, netstat)).toEqual({
			tcpActiveOpens: 11,
			tcpPassiveOpens: 12,
			tcpCurrEstab: 15,
			tcpOutSegs: 17,
			tcpRetransSegs: 18,
			tcpInErrs: 19,
			udpInErrors: 33,
			udpRcvbufErrors: 35,
			udpSndbufErrors: 36,
			listenOverflows: 42,
			listenDrops: 43,
		});
	});

	it('reads Udp buffer errors as 0 on kernels before 2.6.18', () => {
		const snmp = `${tcpHeader}\nTcp: 1 200 120000 -1 11 12 13 14 15 16 17 18 19 20 21\nUdp: InDatagrams NoPorts InErrors OutDatagrams\nUdp: 1 2 3 4\n`;
		const reading = parseNetstat(snmp, fixture('vm-2cpu', 'netstat'));
		expect(reading.udpInErrors).toBe(3);
		expect(reading.udpRcvbufErrors).toBe(0);
		expect(reading.udpSndbufErrors).toBe(0);
	});

	it('throws on a header without its value line', () => {
		expect(() => parseNetstat(fixture('malformed', 'snmp'), fixture('malformed', 'netstat'))).toThrow(/^\/proc\/net\/snmp: /);
	});

	it('throws on a pair whose prefixes or lengths differ, or whose values are not integers', () => {
		expect(() => parseSnmpTable('Tcp: A B\nUdp: 1 2\n', '/proc/net/snmp')).toThrow('/proc/net/snmp: header "Tcp:" followed by values "Udp:"');
		expect(() => parseSnmpTable('Tcp: A B\nTcp: 1\n', '/proc/net/snmp')).toThrow('/proc/net/snmp: Tcp has 2 names but 1 values');
		expect(() => parseSnmpTable('Tcp: A B\nTcp: 1 x\n', '/proc/net/snmp')).toThrow('/proc/net/snmp: Tcp B is not an integer: "x"');
		expect(() => parseSnmpTable('Tcp: A B\n', '/proc/net/snmp')).toThrow('/proc/net/snmp: odd number of lines (1)');
	});

	it('throws naming a missing section or counter', () => {
		const netstat = fixture('vm-2cpu', 'netstat');
		expect(() => parseNetstat(`${udpHeader}\nUdp: 1 2 3 4 5 6 7 8 9\n`, netstat)).toThrow('/proc/net/snmp: no Tcp section');
		expect(() => parseNetstat(fixture('vm-2cpu', 'snmp'), 'TcpExt: ListenDrops\nTcpExt: 1\n')).toThrow('/proc/net/netstat: no TcpExt ListenOverflows counter');
		expect(() => parseNetstat(fixture('vm-2cpu', 'snmp'), '')).toThrow('/proc/net/netstat: no TcpExt section');
	});

	it('reads only the requested protocols but still checks every pair lines up', () => {
		const table = parseSnmpTable('Ip: A\nIp: x\nTcp: B\nTcp: 2\n', '/proc/net/snmp', new Set(['Tcp']));
		expect([...table.keys()]).toEqual(['Tcp']);
		expect(table.get('Tcp')?.get('B')).toBe(2);
		expect(() => parseSnmpTable('Ip: A\nTcp: 1\nTcp: B\nIp: 2\n', '/proc/net/snmp', new Set(['Tcp']))).toThrow('header "Ip:" followed by values "Tcp:"');
	});

	it('keeps signed values such as MaxConn -1', () => {
		expect(parseSnmpTable(fixture('vm-2cpu', 'snmp'), '/proc/net/snmp').get('Tcp')?.get('MaxConn')).toBe(-1);
		expect(parseSnmpTable(fixture('vm-2cpu', 'netstat'), '/proc/net/netstat').get('IpExt')?.get('InOctets')).toBe(242_413_857);
	});
});
