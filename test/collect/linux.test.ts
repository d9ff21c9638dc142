import {appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, type StatsFs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {createLinuxCollector, type LinuxCollectorOptions} from '../../source/collect/linux.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'perftop-linux-'));
afterAll(() => {
	rmSync(scratch, {recursive: true, force: true});
});

const fixedStatfs = async (): Promise<StatsFs> => ({type: 0xEF53, bsize: 4096, blocks: 1000, bfree: 600, bavail: 500, files: 100, ffree: 90});

function collector(procfs: string, extra: Partial<LinuxCollectorOptions> = {}) {
	return createLinuxCollector({
		procfs,
		sysfs: 'test/fixtures/sys/vm-2cpu',
		passwdPath: path.join(scratch, 'no-passwd'),
		clock: () => 1234.5,
		wallClock: () => 1_795_000_000_000,
		statfs: fixedStatfs,
		...extra,
	});
}

function copyTree(): string {
	const target = mkdtempSync(path.join(scratch, 'tree-'));
	cpSync('test/fixtures/proc/vm-2cpu', target, {recursive: true});
	return target;
}

describe('createLinuxCollector on the captured VM', async () => {
	const linux = collector('test/fixtures/proc/vm-2cpu');
	const reading = await linux.read();
	linux.close();

	it('reads every group with nothing unavailable', () => {
		expect(reading.unavailable).toEqual([]);
		expect(Object.keys(reading).sort()).toEqual([
			'cgroups', 'disks', 'filesystems', 'loadavg', 'meminfo', 'monotonicMs', 'netstat', 'network', 'pressure',
			'processes', 'stat', 'ticksPerSecond', 'timestamp', 'unavailable', 'vmstat',
		]);
	});

	it('takes both clocks from the injected functions', () => {
		expect(reading.timestamp).toBe(1_795_000_000_000);
		expect(reading.monotonicMs).toBe(1234.5);
		expect(reading.ticksPerSecond).toBe(100);
	});

	it('keeps whole, non-virtual disks and real filesystems', () => {
		expect(reading.disks?.map(disk => disk.name)).toEqual(['vda']);
		expect(reading.filesystems).toEqual([{
			mountPoint: '/', device: '/dev/vda', fsType: 'ext4', sizeBytes: 4_096_000, availableBytes: 2_048_000, freeBytes: 2_457_600, inodes: 100, inodesFree: 90,
		}]);
	});

	it('skips the loopback interface and leaves an unknown link speed undefined', () => {
		expect(reading.network?.map(network => network.name)).toEqual(['ifb0', 'ifb1', 'eth0']);
		expect(reading.network?.every(network => network.speedMbps === undefined)).toBe(true);
	});

	it('reads processes with numeric users when passwd is missing', () => {
		expect(reading.processes).toHaveLength(5);
		expect(reading.processes?.find(process => process.pid === 16_973)?.user).toBe('65534');
	});
});

describe('isolation of groups', () => {
	it('marks a missing diskstats unavailable and delivers the rest', async () => {
		const procfs = copyTree();
		rmSync(path.join(procfs, 'diskstats'));
		const linux = collector(procfs);
		const reading = await linux.read();
		linux.close();
		expect(reading.unavailable).toEqual([{group: 'disk', reason: `cannot read ${procfs}/diskstats: ENOENT`}]);
		expect(reading.disks).toBeUndefined();
		expect(reading.stat).toBeDefined();
		expect(reading.processes).toHaveLength(5);
	});

	it('marks a malformed diskstats unavailable with the parser\'s reason', async () => {
		const procfs = copyTree();
		cpSync('test/fixtures/proc/malformed-disks/diskstats', path.join(procfs, 'diskstats'));
		const linux = collector(procfs);
		const reading = await linux.read();
		linux.close();
		expect(reading.unavailable).toEqual([{group: 'disk', reason: `cannot parse ${procfs}/diskstats: diskstats line 2: expected at least 14 fields, got 6`}]);
	});

	it('treats a kernel without /proc/pressure as no pressure, not as an error', async () => {
		const procfs = copyTree();
		rmSync(path.join(procfs, 'pressure'), {recursive: true});
		const linux = collector(procfs);
		const reading = await linux.read();
		linux.close();
		expect(reading.pressure).toBeUndefined();
		expect(reading.unavailable).toEqual([]);
	});

	it('reports a hung mount and keeps the other groups', async () => {
		const linux = collector('test/fixtures/proc/vm-2cpu', {statfs: () => new Promise(() => undefined), statfsTimeoutMs: 10});
		const reading = await linux.read();
		linux.close();
		expect(reading.filesystems).toEqual([]);
		expect(reading.unavailable).toEqual([{group: 'filesystem', reason: 'statfs / timed out after 10 ms'}]);
	});

	it('never throws, even with no procfs at all', async () => {
		const procfs = path.join(scratch, 'nothing');
		const linux = collector(procfs);
		const reading = await linux.read();
		linux.close();
		expect(reading.unavailable.map(entry => entry.group)).toEqual(['cgroup', 'filesystem', 'cpu', 'loadavg', 'memory', 'vmstat', 'disk', 'network', 'netstat', 'process']);
		expect(reading.unavailable[2]).toEqual({group: 'cpu', reason: `cannot read ${procfs}/stat: ENOENT`});
		expect(reading.pressure).toBeUndefined();
	});
});

describe('options', () => {
	it('includes loopback and a known link speed when asked', async () => {
		const sysfs = mkdtempSync(path.join(scratch, 'sys-'));
		cpSync('test/fixtures/sys/vm-2cpu', sysfs, {recursive: true});
		writeFileSync(path.join(sysfs, 'class/net/eth0/speed'), '10000\n');
		const linux = collector('test/fixtures/proc/vm-2cpu', {sysfs, includeLoopback: true});
		const reading = await linux.read();
		linux.close();
		expect(reading.network?.map(network => [network.name, network.speedMbps])).toEqual([['lo', undefined], ['ifb0', undefined], ['ifb1', undefined], ['eth0', 10_000]]);
	});

	it('includes virtual disks when asked', async () => {
		const linux = collector('test/fixtures/proc/vm-2cpu', {includeVirtualDisks: true});
		const reading = await linux.read();
		linux.close();
		expect(reading.disks?.map(disk => disk.name)).toContain('zram0');
		expect(reading.disks).toHaveLength(10);
	});
});

describe('reads that follow the machine', () => {
	it('picks up a disk that appears between reads', async () => {
		const procfs = copyTree();
		const sysfs = mkdtempSync(path.join(scratch, 'sys-'));
		cpSync('test/fixtures/sys/vm-2cpu', sysfs, {recursive: true});
		const linux = collector(procfs, {sysfs});
		expect((await linux.read()).disks?.map(disk => disk.name)).toEqual(['vda']);
		appendFileSync(path.join(procfs, 'diskstats'), ' 252       0 vdb 10 0 80 5 0 0 0 0 0 5 5 0 0 0 0 0 0\n');
		mkdirSync(path.join(sysfs, 'block', 'vdb'));
		expect((await linux.read()).disks?.map(disk => disk.name)).toEqual(['vda', 'vdb']);
		linux.close();
	});

	it('on a tree treated as live, lists the processes again once the task count moves', async () => {
		const procfs = copyTree();
		const linux = collector(procfs, {holdFilesOpen: true});
		expect((await linux.read()).processes).toHaveLength(5);
		cpSync(path.join(procfs, '4232'), path.join(procfs, '5000'), {recursive: true});
		writeFileSync(path.join(procfs, '5000', 'stat'), '5000 (late) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 70000 100 50 0\n');
		expect((await linux.read()).processes).toHaveLength(5);
		writeFileSync(path.join(procfs, 'stat'), readFileSync(path.join(procfs, 'stat'), 'utf8').replace(/^processes \d+$/m, 'processes 7689'));
		expect((await linux.read()).processes?.map(process => process.pid)).toContain(5000);
		linux.close();
	});
});

describe('the real machine', () => {
	it.runIf(globalThis.process.platform === 'linux')('reads /proc and /sys without unavailable groups other than filesystems it may not statfs', async () => {
		const linux = createLinuxCollector({procfs: '/proc', sysfs: '/sys'});
		const reading = await linux.read();
		linux.close();
		expect(reading.unavailable.filter(entry => entry.group !== 'filesystem')).toEqual([]);
		expect(reading.processes?.some(process => process.pid === globalThis.process.pid)).toBe(true);
	});
});
