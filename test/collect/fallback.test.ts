import type os from 'node:os';
import {describe, expect, it} from 'vitest';
import {createFallbackCollector, type FallbackCollectorOptions} from '../../source/collect/fallback.js';

type Si = NonNullable<FallbackCollectorOptions['systemInformation']>;

function core(user: number, sys: number, idle: number): os.CpuInfo {
	return {model: 'M1', speed: 3200, times: {user, nice: 0, sys, idle, irq: 5}};
}

function fakeSystemInformation(cpuPercent: number): Si {
	return {
		mem: async () => ({
			total: 16e9, free: 2e9, used: 14e9, active: 8e9, available: 9e9, buffcache: 5e9, buffers: 1e9, cached: 4e9,
			slab: 0, reclaimable: 0, swaptotal: 2e9, swapused: 5e8, swapfree: 1.5e9, writeback: null, dirty: null,
		}),
		fsSize: async () => [
			{fs: '/dev/disk3s1', type: 'APFS', size: 1000, used: 400, available: 500, use: 40, mount: '/', rw: true},
			{fs: 'map auto_home', type: 'autofs', size: 0, used: 0, available: 0, use: 0, mount: '/System/Volumes/Data/home', rw: true},
		],
		networkStats: async () => [
			{iface: 'lo0', operstate: 'up', rx_bytes: 1, rx_dropped: 0, rx_errors: 0, tx_bytes: 1, tx_dropped: 0, tx_errors: 0, rx_sec: 0, tx_sec: 0, ms: 0},
			{iface: 'en0', operstate: 'up', rx_bytes: 5000, rx_dropped: 1, rx_errors: 2, tx_bytes: 7000, tx_dropped: 3, tx_errors: 4, rx_sec: 0, tx_sec: 0, ms: 0},
		],
		processes: async () => ({
			all: 300,
			running: 4,
			blocked: 1,
			sleeping: 295,
			unknown: 0,
			list: [{
				pid: 42, parentPid: 1, name: 'node', cpu: cpuPercent, cpuu: cpuPercent * 0.75, cpus: cpuPercent * 0.25, mem: 1, priority: 31,
				memVsz: 1000, memRss: 2048, nice: 0, started: '2026-11-25 10:00:00', state: 'running', tty: '', user: 'ada', command: '/usr/local/bin/node', params: 'server.js', path: '/usr/local/bin',
			}],
		}),
	} as unknown as Si;
}

describe('createFallbackCollector', () => {
	it('fills the RawReading shape from os and systeminformation', async () => {
		let now = 0;
		const collector = createFallbackCollector({
			systemInformation: fakeSystemInformation(40),
			cpus: () => [core(100, 50, 850), core(200, 100, 700)],
			loadavg: () => [1.5, 1, 0.5],
			uptimeSeconds: () => 1000,
			clock: () => now,
			wallClock: () => 1_795_000_000_000 + now,
			platform: 'darwin',
		});
		await collector.read();
		now = 2000;
		const reading = await collector.read();
		expect(reading.unavailable).toEqual([]);
		expect(reading.ticksPerSecond).toBe(1000);
		expect(reading.stat?.total).toMatchObject({user: 300, system: 150, idle: 1550, irq: 10, iowait: 0});
		expect([...reading.stat!.cores.keys()]).toEqual(['cpu0', 'cpu1']);
		expect(reading.stat).toMatchObject({procsRunning: 4, procsBlocked: 1, bootTimeSec: 1_794_999_000});
		expect(reading.loadavg).toEqual({load1: 1.5, load5: 1, load15: 0.5, runnableEntities: 4, totalEntities: 300});
		expect(reading.meminfo).toMatchObject({totalBytes: 16e9, availableBytes: 9e9, swapTotalBytes: 2e9, swapFreeBytes: 1.5e9, dirtyBytes: 0});
		expect(reading.filesystems).toEqual([{mountPoint: '/', device: '/dev/disk3s1', fsType: 'APFS', sizeBytes: 1000, availableBytes: 500, freeBytes: 600, inodes: 0, inodesFree: 0}]);
		expect(reading.network?.map(network => [network.name, network.rxErrors, network.txDrops])).toEqual([['en0', 2, 3]]);
		// 40 % of one core over 2000 ms = 800 ms, split 75/25 between user and system.
		expect(reading.processes?.[0]).toMatchObject({pid: 42, command: '/usr/local/bin/node server.js', state: 'R', user: 'ada', utimeTicks: 600, stimeTicks: 200, rssBytes: 2048 * 1024});
	});

	it('leaves out the load average on Windows, where node reports zeros', async () => {
		const collector = createFallbackCollector({systemInformation: fakeSystemInformation(0), cpus: () => [core(1, 1, 1)], loadavg: () => [0, 0, 0], platform: 'win32'});
		expect((await collector.read()).loadavg).toBeUndefined();
	});

	it('marks a failing source unavailable and keeps the rest', async () => {
		const failing = {...fakeSystemInformation(0), fsSize: async () => {
			throw new Error('df failed');
		}} as Si;
		const collector = createFallbackCollector({systemInformation: failing, cpus: () => [core(1, 1, 1)], platform: 'darwin'});
		const reading = await collector.read();
		expect(reading.unavailable).toEqual([{group: 'filesystem', reason: 'df failed'}]);
		expect(reading.meminfo).toBeDefined();
	});
});
