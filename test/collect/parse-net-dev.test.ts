import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseNetDev} from '../../source/collect/parse-net-dev.js';

function fixture(scenario: string): string {
	return readFileSync(new URL(`../fixtures/proc/${scenario}/net/dev`, import.meta.url), 'utf8');
}

const header = 'Inter-|   Receive                                                |  Transmit\n'
	+ ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';

function idle(name: string) {
	return {name, rxBytes: 0, rxPackets: 0, rxErrors: 0, rxDrops: 0, txBytes: 0, txPackets: 0, txErrors: 0, txDrops: 0};
}

describe('parseNetDev', () => {
	it('reads the captured machine exactly, in file order, lo included', () => {
		expect(parseNetDev(fixture('vm-2cpu'))).toEqual([
			{name: 'lo', rxBytes: 3193, rxPackets: 29, rxErrors: 0, rxDrops: 0, txBytes: 3193, txPackets: 29, txErrors: 0, txDrops: 0},
			idle('ifb0'),
			idle('ifb1'),
			{name: 'eth0', rxBytes: 242_559_920, rxPackets: 10_636, rxErrors: 0, rxDrops: 0, txBytes: 716_888, txPackets: 6975, txErrors: 0, txDrops: 0},
		]);
	});

	it('maps every counter to its own column', () => {
		const text = `${header}  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n`;
		expect(parseNetDev(text)).toEqual([
			{name: 'eth0', rxBytes: 1, rxPackets: 2, rxErrors: 3, rxDrops: 4, txBytes: 9, txPackets: 10, txErrors: 11, txDrops: 12},
		]);
	});

	it('reads names with dots, dashes and @, and counters glued to the colon', () => {
		const text = `${header}`
			+ 'eth0.100:12345678901    7    0    0    0     0          0         0  98765432109  8    0    0    0     0       0          0\n'
			+ 'veth-a1@if3:     10       1    0    0    0     0          0         0       20       2    0    0    0     0       0          0\n';
		const interfaces = parseNetDev(text);
		expect(interfaces.map(entry => entry.name)).toEqual(['eth0.100', 'veth-a1@if3']);
		expect(interfaces[0]).toMatchObject({rxBytes: 12_345_678_901, rxPackets: 7, txBytes: 98_765_432_109, txPackets: 8});
		expect(interfaces[1]).toMatchObject({rxBytes: 10, txBytes: 20});
	});

	it('shows a driver reset as lower counters in the second reading', () => {
		const before = parseNetDev(fixture('counter-reset')).find(entry => entry.name === 'eth0');
		const after = parseNetDev(fixture('counter-reset-t1')).find(entry => entry.name === 'eth0');
		expect(before?.rxBytes).toBe(242_559_920);
		expect(after).toEqual({name: 'eth0', rxBytes: 1480, rxPackets: 9, rxErrors: 0, rxDrops: 0, txBytes: 842, txPackets: 7, txErrors: 0, txDrops: 0});
	});

	it('has no entry for an interface that disappeared', () => {
		expect(parseNetDev(fixture('iface-gone')).map(entry => entry.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
		expect(parseNetDev(fixture('iface-gone-t1')).map(entry => entry.name)).toEqual(['lo', 'ifb0', 'eth0']);
	});

	it('skips a truncated line and keeps the others', () => {
		expect(parseNetDev(fixture('malformed')).map(entry => entry.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
	});

	it('skips lines with non-numeric counters or no name', () => {
		const text = `${header}  eth0: 1 2 3 4 5 6 7 8 9 10 11 x 13 14 15 16\n: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n  eth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n`;
		expect(parseNetDev(text).map(entry => entry.name)).toEqual(['eth1']);
	});

	it('finds columns through the header, not fixed positions', () => {
		const text = 'Inter-|Receive|Transmit\n face |packets bytes drop errs|packets bytes drop errs\n  eth0: 1 2 3 4 5 6 7 8\n';
		expect(parseNetDev(text)).toEqual([
			{name: 'eth0', rxBytes: 2, rxPackets: 1, rxErrors: 4, rxDrops: 3, txBytes: 6, txPackets: 5, txErrors: 8, txDrops: 7},
		]);
	});

	it('throws without a column header, or with one missing a needed column', () => {
		expect(() => parseNetDev('  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n')).toThrow('/proc/net/dev: no column header');
		expect(() => parseNetDev('')).toThrow('/proc/net/dev: no column header');
		expect(() => parseNetDev(' face |bytes packets errs|bytes packets errs drop\n')).toThrow('/proc/net/dev: header has no receive drop column');
	});
});
