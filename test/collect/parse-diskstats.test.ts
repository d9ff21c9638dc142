import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {
	looksLikePartition,
	parseDiskStats,
	readWholeDiskNames,
	selectWholeDisks,
} from '../../source/collect/parse-diskstats.js';

const fixture = (path: string) => readFileSync(`test/fixtures/${path}`, 'utf8');

describe('parseDiskStats', () => {
	it('reads every line of a real 20-field file with exact counters', () => {
		const readings = parseDiskStats(fixture('proc/vm-2cpu/diskstats'));
		expect(readings.map(reading => reading.name)).toEqual([
			'loop0', 'loop1', 'loop2', 'loop3', 'loop4', 'loop5', 'loop6', 'loop7', 'vda', 'zram0',
		]);
		expect(readings.find(reading => reading.name === 'vda')).toEqual({
			name: 'vda',
			readsCompleted: 46_197,
			readsMerged: 10_056,
			sectorsRead: 2_947_290,
			readTimeMs: 16_583,
			writesCompleted: 6693,
			writesMerged: 24_988,
			sectorsWritten: 1_183_256,
			writeTimeMs: 4172,
			inFlight: 0,
			ioTimeMs: 7432,
			weightedIoTimeMs: 21_826,
		});
	});

	it('accepts 14-, 18- and 20-field lines alike', () => {
		const readings = parseDiskStats(fixture('proc/nvme-virtio/diskstats'));
		const byName = new Map(readings.map(reading => [reading.name, reading]));
		// vda has 14 fields (kernel < 4.18), vda1 18, nvme0n1 20.
		expect(byName.get('vda')).toMatchObject({readsCompleted: 5120, ioTimeMs: 9000, weightedIoTimeMs: 12_288});
		expect(byName.get('vda1')).toMatchObject({readsCompleted: 5100, weightedIoTimeMs: 12_270});
		expect(byName.get('nvme0n1')).toMatchObject({writesCompleted: 905_312, inFlight: 3, weightedIoTimeMs: 1_337_412});
	});

	it('throws on a malformed line, naming it', () => {
		expect(() => parseDiskStats(fixture('proc/malformed-disks/diskstats'))).toThrow(/diskstats line 2: expected at least 14 fields, got 6/);
		expect(() => parseDiskStats(' 8 0 sda 1 2 3 4 5 6 7 8 9 x 11\n')).toThrow(/field 13 is not a number: 'x'/);
	});

	it('ignores blank lines', () => {
		expect(parseDiskStats('\n\n')).toEqual([]);
	});
});

describe('selectWholeDisks', () => {
	const readings = parseDiskStats(fixture('proc/nvme-virtio/diskstats'));

	it('keeps whole devices listed in <sysfs>/block and drops partitions and virtual devices', () => {
		const whole = readWholeDiskNames('test/fixtures/sys/nvme-virtio');
		expect(selectWholeDisks(readings, whole).map(reading => reading.name)).toEqual(['nvme0n1', 'vda', 'dm-0']);
	});

	it('keeps loop, ram and zram when asked', () => {
		const whole = readWholeDiskNames('test/fixtures/sys/nvme-virtio');
		expect(selectWholeDisks(readings, whole, true).map(reading => reading.name)).toEqual(['nvme0n1', 'vda', 'loop0', 'zram0', 'ram0', 'dm-0']);
	});

	it('falls back to partition names when sysfs cannot be listed', () => {
		expect(readWholeDiskNames('test/fixtures/sys/does-not-exist')).toBeUndefined();
		expect(selectWholeDisks(readings, undefined).map(reading => reading.name)).toEqual(['nvme0n1', 'vda', 'dm-0']);
	});

	it('only the real machine disk on the captured VM', () => {
		const real = parseDiskStats(fixture('proc/vm-2cpu/diskstats'));
		expect(selectWholeDisks(real, readWholeDiskNames('test/fixtures/sys/vm-2cpu')).map(reading => reading.name)).toEqual(['vda']);
	});
});

describe('looksLikePartition', () => {
	it.each([
		['sda1', true],
		['xvda2', true],
		['nvme0n1p3', true],
		['mmcblk0p1', true],
		['sda', false],
		['nvme0n1', false],
		['mmcblk0', false],
		['dm-0', false],
		['md0', false],
	])('%s → %s', (name, expected) => {
		expect(looksLikePartition(name)).toBe(expected);
	});
});
