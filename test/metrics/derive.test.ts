import {describe, expect, it} from 'vitest';
import {catalogue} from '../../source/metrics/catalogue.js';
import {cpuShares, derive} from '../../source/metrics/derive.js';
import {
	bootTimeSec,
	capturedPair,
	cpuTimes,
	disk,
	filesystem,
	has,
	link,
	netstat,
	reading,
	stat,
	valueOf,
} from './readings.js';

const options = {topProcesses: 5};

describe('derive: coverage of the catalogue', () => {
	const previous = reading(0, {
		stat: stat({total: cpuTimes({user: 100, idle: 100})}),
		disks: [disk({name: 'vda'})],
	});
	const current = reading(2, {
		stat: stat({total: cpuTimes({user: 150, idle: 250})}),
		disks: [disk({name: 'vda', readsCompleted: 10, readTimeMs: 20})],
	});
	const sample = derive(previous, current, options);

	it('emits every catalogue metric when every group was read', () => {
		const emitted = new Set(sample.metrics.map(metric => metric.id));
		expect(catalogue.filter(definition => definition.resourceKind !== 'service' && definition.resourceKind !== 'process').map(definition => definition.id).filter(id => !emitted.has(id))).toEqual([]);
	});

	it('emits only catalogue ids, each at most once per resource', () => {
		const ids = new Set(catalogue.map(definition => definition.id));
		expect(sample.metrics.filter(metric => !ids.has(metric.id))).toEqual([]);
		const keys = sample.metrics.map(metric => `${metric.id}|${metric.resource}`);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('carries the wall timestamp and the monotonic interval', () => {
		expect(sample.timestamp).toBe(current.timestamp);
		expect(sample.intervalMs).toBe(2000);
	});
});

describe('derive: the first reading', () => {
	const sample = derive(undefined, reading(0, {
		stat: stat({total: cpuTimes({user: 500, idle: 500}), procsRunning: 3, procsBlocked: 2}),
		disks: [disk({name: 'vda', readsCompleted: 100, inFlight: 4})],
		network: [link({name: 'eth0', rxBytes: 1e9, speedMbps: 1000})],
		netstat: netstat({tcpCurrEstab: 12, tcpOutSegs: 1000, tcpRetransSegs: 10}),
	}), options);

	const rateIds = catalogue
		.filter(definition => definition.unit === 'per_second' || definition.unit === 'bytes_per_second' || definition.unit === 'milliseconds')
		.map(definition => definition.id);

	it('has no interval', () => {
		expect(sample.intervalMs).toBeUndefined();
	});

	it('leaves every rate undefined, never 0', () => {
		const rates = sample.metrics.filter(metric => rateIds.includes(metric.id));
		expect(rates.length).toBeGreaterThan(20);
		expect(rates.filter(metric => metric.value !== undefined)).toEqual([]);
	});

	it('leaves every CPU share undefined, whole machine and per core', () => {
		const shares = sample.metrics.filter(metric => metric.id.startsWith('cpu.') && metric.id.endsWith('_pct') && !metric.id.includes('psi'));
		expect(shares.length).toBe(10 + 2 * 4);
		expect(shares.filter(metric => metric.value !== undefined)).toEqual([]);
	});

	it.each([
		['disk.util_pct', 'disk:vda'],
		['disk.queue_size', 'disk:vda'],
		['net.util_pct', 'net:eth0'],
		['net.error_pct', 'net:eth0'],
		['tcp.retrans_pct', 'tcp'],
	])('leaves interval-derived %s undefined', (id, resource) => {
		expect(valueOf(sample, id, resource)).toBeUndefined();
	});

	it.each([
		['cpu.runnable', 'cpu', 3],
		['system.blocked_tasks', 'system', 2],
		['system.load1', 'system', 0.5],
		['system.uptime_s', 'system', 3600],
		['memory.used_bytes', 'memory', 600],
		['disk.in_flight', 'disk:vda', 4],
		['net.speed_mbps', 'net:eth0', 1000],
		['tcp.established', 'tcp', 12],
		['fs.size_bytes', 'fs:/', 100],
	])('knows gauge %s from one reading', (id, resource, expected) => {
		expect(valueOf(sample, id, resource)).toBe(expected);
	});
});

describe('derive: CPU shares', () => {
	it('splits the summed jiffies delta of the cpu line like mpstat', () => {
		// 200 jiffies in all: user 40 (of which guest 10), nice 10, system 20, irq 4, softirq 6, steal 10, idle 90, iowait 20.
		const before = cpuTimes({user: 1000, nice: 100, system: 500, idle: 5000, iowait: 50, irq: 10, softirq: 20, steal: 5, guest: 300});
		const after = cpuTimes({user: 1040, nice: 110, system: 520, idle: 5090, iowait: 70, irq: 14, softirq: 26, steal: 15, guest: 310});
		expect(cpuShares(before, after)).toEqual({
			busy: 45,
			user: 20,
			nice: 5,
			system: 10,
			idle: 45,
			iowait: 10,
			irq: 2,
			softirq: 3,
			steal: 5,
		});
	});

	it('does not count guest time twice', () => {
		const shares = cpuShares(cpuTimes({user: 0, idle: 0}), cpuTimes({user: 50, idle: 50, guest: 50, guestNice: 20}));
		expect(shares?.busy).toBe(50);
		expect(shares?.user).toBe(50);
	});

	it('gives resource cpu:<n> per core from that core\'s own line', () => {
		const previous = reading(0, {stat: stat({cores: new Map([['cpu0', cpuTimes()], ['cpu3', cpuTimes()]])})});
		const current = reading(1, {stat: stat({cores: new Map([
			['cpu0', cpuTimes({user: 75, idle: 25})],
			['cpu3', cpuTimes({system: 10, iowait: 30, idle: 60})],
		])})});
		const sample = derive(previous, current, options);
		expect(valueOf(sample, 'cpu.core_busy_pct', 'cpu:0')).toBe(75);
		expect(valueOf(sample, 'cpu.core_user_pct', 'cpu:0')).toBe(75);
		expect(valueOf(sample, 'cpu.core_busy_pct', 'cpu:3')).toBe(10);
		expect(valueOf(sample, 'cpu.core_system_pct', 'cpu:3')).toBe(10);
		expect(valueOf(sample, 'cpu.core_iowait_pct', 'cpu:3')).toBe(30);
	});

	it('gives no per-core values for a core that went offline, and no shares yet for one that came online', () => {
		const previous = reading(0, {stat: stat({cores: new Map([['cpu0', cpuTimes()], ['cpu1', cpuTimes()]])})});
		const current = reading(1, {stat: stat({cores: new Map([['cpu0', cpuTimes({user: 50, idle: 50})], ['cpu2', cpuTimes({user: 900, idle: 100})]])})});
		const sample = derive(previous, current, options);
		expect(sample.metrics.filter(metric => metric.resource === 'cpu:1')).toEqual([]);
		expect(valueOf(sample, 'cpu.core_busy_pct', 'cpu:0')).toBe(50);
		expect(valueOf(sample, 'cpu.core_busy_pct', 'cpu:2')).toBeUndefined();
	});

	it('drops the interval when a state counter went backwards, without touching other series', () => {
		// A core coming back online restarts idle from 0 while user continues.
		const previous = reading(0, {stat: stat({total: cpuTimes({user: 100, idle: 1000}), contextSwitches: 100})});
		const current = reading(1, {stat: stat({total: cpuTimes({user: 150, idle: 10}), contextSwitches: 300})});
		const sample = derive(previous, current, options);
		expect(valueOf(sample, 'cpu.busy_pct', 'cpu')).toBeUndefined();
		expect(valueOf(sample, 'cpu.idle_pct', 'cpu')).toBeUndefined();
		expect(valueOf(sample, 'system.context_switches_per_s', 'system')).toBe(200);
	});

	it('is undefined when no jiffies passed', () => {
		expect(cpuShares(cpuTimes({user: 5}), cpuTimes({user: 5}))).toBeUndefined();
	});

	it.each([
		// procs_running, cores, excess per core
		[1, 2, 0],
		[2, 2, 0],
		[6, 2, 2],
		[5, 4, 0.25],
	])('run-queue excess with %i runnable on %i cores is %f', (running, cores, expected) => {
		const coreLines = new Map(Array.from({length: cores}, (_, index) => [`cpu${index}`, cpuTimes()] as const));
		const sample = derive(undefined, reading(0, {stat: stat({procsRunning: running, cores: coreLines})}), options);
		expect(valueOf(sample, 'cpu.runnable', 'cpu')).toBe(running);
		expect(valueOf(sample, 'cpu.runqueue_excess_per_core', 'cpu')).toBe(expected);
	});
});

describe('derive: system and memory', () => {
	it('computes scheduler rates and uptime over a 2 s interval', () => {
		const previous = reading(0, {stat: stat({contextSwitches: 1000, forks: 50})});
		const current = reading(2, {stat: stat({contextSwitches: 5000, forks: 70, procsBlocked: 3})});
		const sample = derive(previous, current, options);
		expect(valueOf(sample, 'system.context_switches_per_s', 'system')).toBe(2000);
		expect(valueOf(sample, 'system.forks_per_s', 'system')).toBe(10);
		expect(valueOf(sample, 'system.blocked_tasks', 'system')).toBe(3);
		expect(valueOf(sample, 'system.uptime_s', 'system')).toBe(3602);
	});

	it('derives memory as free(1) does', () => {
		const sample = derive(undefined, reading(0, {
			meminfo: {
				totalBytes: 8000,
				freeBytes: 1000,
				availableBytes: 2000,
				buffersBytes: 100,
				cachedBytes: 900,
				sReclaimableBytes: 200,
				shmemBytes: 50,
				dirtyBytes: 30,
				writebackBytes: 10,
				swapTotalBytes: 4000,
				swapFreeBytes: 3000,
			},
		}), options);
		expect(valueOf(sample, 'memory.used_pct', 'memory')).toBe(75);
		expect(valueOf(sample, 'memory.used_bytes', 'memory')).toBe(6000);
		expect(valueOf(sample, 'memory.available_bytes', 'memory')).toBe(2000);
		expect(valueOf(sample, 'memory.total_bytes', 'memory')).toBe(8000);
		expect(valueOf(sample, 'memory.cache_bytes', 'memory')).toBe(1200);
		expect(valueOf(sample, 'memory.dirty_bytes', 'memory')).toBe(30);
		expect(valueOf(sample, 'memory.writeback_bytes', 'memory')).toBe(10);
		expect(valueOf(sample, 'memory.swap_used_bytes', 'memory')).toBe(1000);
		expect(valueOf(sample, 'memory.swap_used_pct', 'memory')).toBe(25);
	});

	it('leaves swap used % undefined without swap', () => {
		const sample = derive(undefined, reading(0), options);
		expect(valueOf(sample, 'memory.swap_used_pct', 'memory')).toBeUndefined();
		expect(valueOf(sample, 'memory.swap_used_bytes', 'memory')).toBe(0);
	});

	it('derives paging rates and leaves OOM kills unknown on kernels without the counter', () => {
		const previous = reading(0, {vmstat: {pswpin: 100, pswpout: 200, pgmajfault: 10, pgfault: 0}});
		const current = reading(2, {vmstat: {pswpin: 300, pswpout: 600, pgmajfault: 50, pgfault: 0}});
		const sample = derive(previous, current, options);
		expect(valueOf(sample, 'memory.swap_in_pages_per_s', 'memory')).toBe(100);
		expect(valueOf(sample, 'memory.swap_out_pages_per_s', 'memory')).toBe(200);
		expect(valueOf(sample, 'memory.swap_pages_per_s', 'memory')).toBe(300);
		expect(valueOf(sample, 'memory.major_faults_per_s', 'memory')).toBe(20);
		expect(valueOf(sample, 'memory.oom_kills_per_s', 'memory')).toBeUndefined();
	});

	it('rates OOM kills per second', () => {
		const previous = reading(0, {vmstat: {pswpin: 0, pswpout: 0, pgmajfault: 0, pgfault: 0, oomKill: 3}});
		const current = reading(2, {vmstat: {pswpin: 0, pswpout: 0, pgmajfault: 0, pgfault: 0, oomKill: 4}});
		expect(valueOf(derive(previous, current, options), 'memory.oom_kills_per_s', 'memory')).toBe(0.5);
	});

	it('reports PSI cpu full as unknown on kernels before 5.13 and skips a resource without a PSI file', () => {
		const previous = reading(0, {pressure: {cpu: {some: psiLine(0, 1_000_000)}}});
		const sample = derive(previous, reading(2, {pressure: {cpu: {some: psiLine(12, 1_240_000)}}}), options);
		expect(valueOf(sample, 'cpu.psi_some_pct', 'cpu')).toBe(12);
		expect(valueOf(sample, 'cpu.psi_full_pct', 'cpu')).toBeUndefined();
		expect(has(sample, 'memory.psi_some_pct', 'memory')).toBe(false);
	});
});

/** A PSI line whose avg10 says one thing and whose total counter another. */
function psiLine(avg10: number, totalUs: number) {
	return {avg10, avg60: avg10, avg300: avg10, totalUs};
}

describe('derive: PSI stall share from the total counters', () => {
	// A load that ended: avg10 still says 84 %, but only 10 ms of the last second stalled.
	const after = (someUs: number, fullUs: number) => ({some: psiLine(84, someUs), full: psiLine(40, fullUs)});
	const previous = reading(0, {pressure: {cpu: after(5_000_000, 0), memory: after(2_000_000, 1_000_000), io: after(7_000_000, 3_000_000)}});
	const current = reading(1, {pressure: {cpu: after(5_010_000, 0), memory: after(2_500_000, 1_250_000), io: after(7_980_000, 3_400_000)}});
	const sample = derive(previous, current, options);

	it.each([
		['cpu.psi_some_pct', 'cpu', 1],
		['cpu.psi_full_pct', 'cpu', 0],
		['memory.psi_some_pct', 'memory', 50],
		['memory.psi_full_pct', 'memory', 25],
		['io.psi_some_pct', 'io', 98],
		['io.psi_full_pct', 'io', 40],
	])('%s is the stalled µs over the interval, not avg10', (id, resource, expected) => {
		expect(valueOf(sample, id, resource)).toBeCloseTo(expected, 9);
	});

	it('is unknown on the first reading, like any rate', () => {
		const first = derive(undefined, current, options);
		expect(valueOf(first, 'cpu.psi_some_pct', 'cpu')).toBeUndefined();
		expect(valueOf(first, 'io.psi_full_pct', 'io')).toBeUndefined();
	});

	it('drops an interval whose counter went backwards and caps a share at 100 %', () => {
		const reset = derive(current, reading(2, {pressure: {cpu: after(10, 0), io: after(9_100_000, 3_400_000)}}), options);
		expect(valueOf(reset, 'cpu.psi_some_pct', 'cpu')).toBeUndefined();
		expect(valueOf(reset, 'io.psi_some_pct', 'io')).toBe(100);
	});

	it('reads the captured pair of the 2-vCPU VM: 14.6 ms of cpu some stall over the interval', () => {
		const [before, after] = capturedPair('vm-2cpu');
		const captured = derive(before, after, options);
		const seconds = (captured.intervalMs ?? 0) / 1000;
		expect(valueOf(captured, 'cpu.psi_some_pct', 'cpu')).toBeCloseTo(1.4625 / seconds, 9);
		expect(valueOf(captured, 'memory.psi_some_pct', 'memory')).toBe(0);
		expect(valueOf(captured, 'io.psi_some_pct', 'io')).toBeCloseTo(0.0469 / seconds, 9);
		expect(valueOf(captured, 'io.psi_full_pct', 'io')).toBeCloseTo(0.0382 / seconds, 9);
	});
});

describe('derive: what kind of work the CPU does, from pairs captured under each load', () => {
	const captured = (name: string) => {
		const [before, after] = capturedPair(name);
		return derive(before, after, options);
	};

	it('a fork loop: 2,456 new processes over 213 jiffies of 2 cores, system 113 of 213 busy jiffies', () => {
		const sample = captured('fork-loop');
		expect(sample.intervalMs).toBeCloseTo(1065, 6);
		expect(valueOf(sample, 'system.forks_per_s', 'system')).toBeCloseTo(2456 / 1.065, 6);
		expect(valueOf(sample, 'cpu.system_share_pct', 'cpu')).toBeCloseTo((113 / 213) * 100, 6);
	});

	it('a context-switch storm: 745,052 switches over 1.005 s on 2 cores, system 147 of 201 busy jiffies', () => {
		const sample = captured('switch-storm');
		expect(valueOf(sample, 'system.context_switches_per_core_per_s', 'system')).toBeCloseTo(745_052 / 1.005 / 2, 6);
		expect(valueOf(sample, 'system.context_switches_per_s', 'system')).toBeCloseTo(745_052 / 1.005, 6);
		expect(valueOf(sample, 'cpu.system_share_pct', 'cpu')).toBeCloseTo((147 / 201) * 100, 6);
	});

	it('loopback traffic: softirq 4 of 249 jiffies, no hard irq', () => {
		const sample = captured('interrupts');
		expect(valueOf(sample, 'cpu.softirq_pct', 'cpu')).toBeCloseTo((4 / 249) * 100, 6);
		expect(valueOf(sample, 'cpu.irq_pct', 'cpu')).toBe(0);
	});

	it('steal (an edited capture): 16 of 203 jiffies', () => {
		expect(valueOf(captured('steal'), 'cpu.steal_pct', 'cpu')).toBeCloseTo((16 / 203) * 100, 6);
	});

	it('has no kernel share without busy time', () => {
		const previous = reading(0, {stat: stat({total: cpuTimes({idle: 100})})});
		const current = reading(1, {stat: stat({total: cpuTimes({idle: 300})})});
		expect(valueOf(derive(previous, current, options), 'cpu.system_share_pct', 'cpu')).toBeUndefined();
	});
});

describe('derive: disks (iostat -x)', () => {
	const previous = reading(0, {disks: [disk({
		name: 'vda',
		readsCompleted: 1000,
		sectorsRead: 8000,
		readTimeMs: 4000,
		writesCompleted: 500,
		sectorsWritten: 1000,
		writeTimeMs: 1000,
		ioTimeMs: 10_000,
		weightedIoTimeMs: 20_000,
	})]});
	const current = reading(2, {disks: [disk({
		name: 'vda',
		// 100 reads taking 500 ms, 300 writes taking 2,100 ms, 2 s apart.
		readsCompleted: 1100,
		sectorsRead: 8000 + 2048,
		readTimeMs: 4500,
		writesCompleted: 800,
		sectorsWritten: 1000 + 4096,
		writeTimeMs: 3100,
		ioTimeMs: 11_500,
		weightedIoTimeMs: 25_000,
		inFlight: 2,
	})]});
	const sample = derive(previous, current, options);

	it.each([
		['disk.read_iops', 50],
		['disk.write_iops', 150],
		['disk.read_bytes_per_s', 2048 * 512 / 2],
		['disk.write_bytes_per_s', 4096 * 512 / 2],
		['disk.read_await_ms', 5],
		['disk.write_await_ms', 7],
		['disk.await_ms', 2600 / 400],
		['disk.util_pct', 75],
		['disk.queue_size', 2.5],
		['disk.in_flight', 2],
	])('%s', (id, expected) => {
		expect(valueOf(sample, id, 'disk:vda')).toBeCloseTo(expected, 10);
	});

	it('leaves await undefined for a direction with no I/O', () => {
		const idle = derive(reading(0, {disks: [disk({name: 'vda', readTimeMs: 10})]}), reading(1, {disks: [disk({name: 'vda', readTimeMs: 10})]}), options);
		expect(valueOf(idle, 'disk.read_await_ms', 'disk:vda')).toBeUndefined();
		expect(valueOf(idle, 'disk.write_await_ms', 'disk:vda')).toBeUndefined();
		expect(valueOf(idle, 'disk.await_ms', 'disk:vda')).toBeUndefined();
		expect(valueOf(idle, 'disk.read_iops', 'disk:vda')).toBe(0);
		expect(valueOf(idle, 'disk.util_pct', 'disk:vda')).toBe(0);
	});

	it('caps %util at 100 when io_ticks overshoots the interval', () => {
		const busy = derive(reading(0, {disks: [disk({name: 'vda'})]}), reading(1, {disks: [disk({name: 'vda', ioTimeMs: 1010})]}), options);
		expect(valueOf(busy, 'disk.util_pct', 'disk:vda')).toBe(100);
	});

	it('drops only the series whose counter went backwards', () => {
		const reset = derive(
			reading(0, {disks: [disk({name: 'vda', readsCompleted: 5000, readTimeMs: 100, writesCompleted: 10, writeTimeMs: 10})]}),
			reading(1, {disks: [disk({name: 'vda', readsCompleted: 20, readTimeMs: 150, writesCompleted: 30, writeTimeMs: 50})]}),
			options,
		);
		expect(valueOf(reset, 'disk.read_iops', 'disk:vda')).toBeUndefined();
		expect(valueOf(reset, 'disk.read_await_ms', 'disk:vda')).toBeUndefined();
		expect(valueOf(reset, 'disk.await_ms', 'disk:vda')).toBeUndefined();
		expect(valueOf(reset, 'disk.write_iops', 'disk:vda')).toBe(20);
		expect(valueOf(reset, 'disk.write_await_ms', 'disk:vda')).toBe(2);
	});

	it('gives a disk seen for the first time no rates, and a vanished disk nothing', () => {
		const next = derive(
			reading(0, {disks: [disk({name: 'vda'}), disk({name: 'vdc'})]}),
			reading(1, {disks: [disk({name: 'vda', readsCompleted: 10}), disk({name: 'vdb', readsCompleted: 10, inFlight: 1})]}),
			options,
		);
		expect(valueOf(next, 'disk.read_iops', 'disk:vda')).toBe(10);
		expect(valueOf(next, 'disk.read_iops', 'disk:vdb')).toBeUndefined();
		expect(valueOf(next, 'disk.util_pct', 'disk:vdb')).toBeUndefined();
		expect(valueOf(next, 'disk.in_flight', 'disk:vdb')).toBe(1);
		expect(next.metrics.filter(metric => metric.resource === 'disk:vdc')).toEqual([]);
	});
});

describe('derive: filesystems', () => {
	it.each([
		// size, free, available, inodes, inodes free → used %, inodes used %
		[{sizeBytes: 1000, freeBytes: 300, availableBytes: 250, inodes: 100, inodesFree: 75}, 700 / 950 * 100, 25],
		[{sizeBytes: 1000, freeBytes: 1000, availableBytes: 1000, inodes: 0, inodesFree: 0}, 0, undefined],
		[{sizeBytes: 0, freeBytes: 0, availableBytes: 0, inodes: 0, inodesFree: 0}, undefined, undefined],
		[{sizeBytes: 1000, freeBytes: 50, availableBytes: 0, inodes: 10, inodesFree: 0}, 100, 100],
	])('%o → used %s %, inodes %s %', (fields, usedPct, inodesPct) => {
		const sample = derive(undefined, reading(0, {filesystems: [filesystem({mountPoint: '/data', ...fields})]}), options);
		const used = valueOf(sample, 'fs.used_pct', 'fs:/data');
		if (usedPct === undefined) {
			expect(used).toBeUndefined();
		} else {
			expect(used).toBeCloseTo(usedPct, 10);
		}

		expect(valueOf(sample, 'fs.inodes_used_pct', 'fs:/data')).toBe(inodesPct);
		expect(valueOf(sample, 'fs.size_bytes', 'fs:/data')).toBe(fields.sizeBytes);
		expect(valueOf(sample, 'fs.available_bytes', 'fs:/data')).toBe(fields.availableBytes);
	});
});

describe('derive: network', () => {
	const previous = reading(0, {network: [
		link({name: 'eth0', rxBytes: 1e9, txBytes: 5e8, rxPackets: 1000, txPackets: 1000, speedMbps: 1000}),
		link({name: 'lo', rxBytes: 100}),
	]});
	const current = reading(2, {network: [
		// 2 s: rx 50 MB (200 Mbit/s), tx 10 MB; 950 packets, 30 errors, 20 drops.
		link({name: 'eth0', rxBytes: 1.05e9, txBytes: 5.1e8, rxPackets: 1600, txPackets: 1350, rxErrors: 10, txErrors: 20, rxDrops: 15, txDrops: 5, speedMbps: 1000}),
		link({name: 'lo', rxBytes: 300}),
		link({name: 'wg0', rxBytes: 5000, speedMbps: 100}),
	]});
	const sample = derive(previous, current, options);

	it.each([
		['net.rx_bytes_per_s', 2.5e7],
		['net.tx_bytes_per_s', 5e6],
		['net.rx_packets_per_s', 300],
		['net.tx_packets_per_s', 175],
		['net.errors_per_s', 15],
		['net.drops_per_s', 10],
		['net.util_pct', 20],
		['net.error_pct', 50 / 1000 * 100],
		['net.speed_mbps', 1000],
	])('%s', (id, expected) => {
		expect(valueOf(sample, id, 'net:eth0')).toBeCloseTo(expected, 10);
	});

	it('leaves utilization undefined where the link speed is unknown', () => {
		expect(valueOf(sample, 'net.rx_bytes_per_s', 'net:lo')).toBe(100);
		expect(valueOf(sample, 'net.util_pct', 'net:lo')).toBeUndefined();
		expect(valueOf(sample, 'net.speed_mbps', 'net:lo')).toBeUndefined();
	});

	it('leaves the error share undefined when no packets moved', () => {
		expect(valueOf(sample, 'net.error_pct', 'net:lo')).toBeUndefined();
	});

	it('gives an interface that appeared only its link speed', () => {
		expect(valueOf(sample, 'net.speed_mbps', 'net:wg0')).toBe(100);
		for (const id of ['net.rx_bytes_per_s', 'net.util_pct', 'net.error_pct', 'net.errors_per_s']) {
			expect(valueOf(sample, id, 'net:wg0')).toBeUndefined();
		}
	});

	it('drops the interval after a counter reset (driver reload) for the reset series only', () => {
		const reset = derive(
			reading(0, {network: [link({name: 'eth0', rxBytes: 1e9, txBytes: 1000, speedMbps: 1000})]}),
			reading(1, {network: [link({name: 'eth0', rxBytes: 500, txBytes: 3000, speedMbps: 1000})]}),
			options,
		);
		expect(valueOf(reset, 'net.rx_bytes_per_s', 'net:eth0')).toBeUndefined();
		expect(valueOf(reset, 'net.util_pct', 'net:eth0')).toBeUndefined();
		expect(valueOf(reset, 'net.tx_bytes_per_s', 'net:eth0')).toBe(2000);
	});
});

describe('derive: TCP and UDP', () => {
	const previous = reading(0, {netstat: netstat({
		tcpOutSegs: 10_000, tcpRetransSegs: 100, tcpActiveOpens: 10, tcpPassiveOpens: 20, tcpInErrs: 1,
		udpInErrors: 5, udpRcvbufErrors: 5, udpSndbufErrors: 0, listenDrops: 2, listenOverflows: 1,
	})});
	const current = reading(2, {netstat: netstat({
		tcpOutSegs: 12_000, tcpRetransSegs: 140, tcpActiveOpens: 30, tcpPassiveOpens: 60, tcpInErrs: 5, tcpCurrEstab: 42,
		udpInErrors: 9, udpRcvbufErrors: 10, udpSndbufErrors: 1, listenDrops: 12, listenOverflows: 7,
	})});
	const sample = derive(previous, current, options);

	it.each([
		['tcp.retrans_pct', 2],
		['tcp.retrans_per_s', 20],
		['tcp.active_opens_per_s', 10],
		['tcp.passive_opens_per_s', 20],
		['tcp.in_errors_per_s', 2],
		['tcp.udp_errors_per_s', 5],
		['tcp.listen_drops_per_s', 5],
		['tcp.listen_overflows_per_s', 3],
		['tcp.established', 42],
	])('%s', (id, expected) => {
		expect(valueOf(sample, id, 'tcp')).toBe(expected);
	});

	it('leaves the retransmit share undefined when no segments were sent', () => {
		const quiet = derive(reading(0, {netstat: netstat({tcpOutSegs: 5})}), reading(1, {netstat: netstat({tcpOutSegs: 5})}), options);
		expect(valueOf(quiet, 'tcp.retrans_pct', 'tcp')).toBeUndefined();
		expect(valueOf(quiet, 'tcp.retrans_per_s', 'tcp')).toBe(0);
	});
});

describe('derive: unavailable groups and clocks', () => {
	it('emits nothing for a group missing from the current reading and passes `unavailable` through', () => {
		const unavailable = [{group: 'disk' as const, reason: 'EACCES /proc/diskstats'}, {group: 'network' as const, reason: 'ENOENT'}];
		const {disks: _disks, network: _network, ...rest} = reading(1);
		const sample = derive(reading(0), {...rest, unavailable}, options);
		expect(sample.unavailable).toEqual(unavailable);
		expect(sample.metrics.filter(metric => metric.id.startsWith('disk.') || metric.id.startsWith('net.'))).toEqual([]);
		expect(valueOf(sample, 'memory.used_pct', 'memory')).toBe(60);
	});

	it('gives gauges but no rates when the group was missing from the previous reading', () => {
		const {netstat: _netstat, ...withoutNetstat} = reading(0);
		const sample = derive(withoutNetstat, reading(1, {netstat: netstat({tcpCurrEstab: 3, tcpOutSegs: 10})}), options);
		expect(valueOf(sample, 'tcp.established', 'tcp')).toBe(3);
		expect(valueOf(sample, 'tcp.retrans_per_s', 'tcp')).toBeUndefined();
	});

	it('treats a monotonic clock that did not advance as having no previous reading', () => {
		const previous = reading(0, {stat: stat({total: cpuTimes({user: 10, idle: 10}), contextSwitches: 10})});
		const current = {...reading(0, {stat: stat({total: cpuTimes({user: 20, idle: 20}), contextSwitches: 20})}), timestamp: previous.timestamp + 5000};
		const sample = derive(previous, current, options);
		expect(sample.intervalMs).toBeUndefined();
		expect(valueOf(sample, 'cpu.busy_pct', 'cpu')).toBeUndefined();
		expect(valueOf(sample, 'system.context_switches_per_s', 'system')).toBeUndefined();
	});

	it('computes uptime from the wall clock, not the monotonic one', () => {
		const sample = derive(undefined, {...reading(0), timestamp: (bootTimeSec + 86_400) * 1000}, options);
		expect(valueOf(sample, 'system.uptime_s', 'system')).toBe(86_400);
	});

	it('never emits NaN or infinite values', () => {
		const sample = derive(reading(0), reading(1), options);
		expect(sample.metrics.filter(metric => metric.value !== undefined && !Number.isFinite(metric.value))).toEqual([]);
	});
});
