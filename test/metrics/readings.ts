import {readFileSync} from 'node:fs';
import {parsePressure} from '../../source/collect/parse-pressure.js';
import {parseStat} from '../../source/collect/parse-stat.js';
import type {
	CgroupReading,
	CpuTimes,
	DiskStatReading,
	FilesystemReading,
	NetDevReading,
	NetstatReading,
	ProcessReading,
	RawReading,
	StatReading,
} from '../../source/collect/types.js';
import type {MetricValue, Sample} from '../../source/metrics/types.js';

// Hand-built raw readings for derive tests: quiet, all-zero defaults, override what a case is about.

export const bootTimeSec = 1_700_000_000;

export function cpuTimes(overrides: Partial<CpuTimes> = {}): CpuTimes {
	return {user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0, ...overrides};
}

export function stat(overrides: Partial<StatReading> = {}): StatReading {
	return {
		total: cpuTimes(),
		cores: new Map([['cpu0', cpuTimes()], ['cpu1', cpuTimes()]]),
		contextSwitches: 0,
		forks: 0,
		procsRunning: 1,
		procsBlocked: 0,
		bootTimeSec,
		...overrides,
	};
}

export function disk(overrides: Partial<DiskStatReading> & Pick<DiskStatReading, 'name'>): DiskStatReading {
	return {
		readsCompleted: 0,
		readsMerged: 0,
		sectorsRead: 0,
		readTimeMs: 0,
		writesCompleted: 0,
		writesMerged: 0,
		sectorsWritten: 0,
		writeTimeMs: 0,
		inFlight: 0,
		ioTimeMs: 0,
		weightedIoTimeMs: 0,
		...overrides,
	};
}

export function filesystem(overrides: Partial<FilesystemReading> & Pick<FilesystemReading, 'mountPoint'>): FilesystemReading {
	return {
		device: '/dev/vda1',
		fsType: 'ext4',
		sizeBytes: 100,
		availableBytes: 50,
		freeBytes: 55,
		inodes: 1000,
		inodesFree: 900,
		...overrides,
	};
}

export function link(overrides: Partial<NetDevReading> & Pick<NetDevReading, 'name'>): NetDevReading {
	return {
		rxBytes: 0,
		rxPackets: 0,
		rxErrors: 0,
		rxDrops: 0,
		txBytes: 0,
		txPackets: 0,
		txErrors: 0,
		txDrops: 0,
		...overrides,
	};
}

export function netstat(overrides: Partial<NetstatReading> = {}): NetstatReading {
	return {
		tcpActiveOpens: 0,
		tcpPassiveOpens: 0,
		tcpCurrEstab: 0,
		tcpOutSegs: 0,
		tcpRetransSegs: 0,
		tcpInErrs: 0,
		udpInErrors: 0,
		udpRcvbufErrors: 0,
		udpSndbufErrors: 0,
		listenOverflows: 0,
		listenDrops: 0,
		...overrides,
	};
}

export function process(overrides: Partial<ProcessReading> & Pick<ProcessReading, 'pid'>): ProcessReading {
	return {
		name: `p${overrides.pid}`,
		command: `p${overrides.pid}`,
		state: 'S',
		ppid: 1,
		uid: 0,
		user: 'root',
		utimeTicks: 0,
		stimeTicks: 0,
		startTimeTicks: 1000,
		rssBytes: 0,
		threads: 1,
		readBytes: 0,
		writeBytes: 0,
		...overrides,
	};
}

/** A reading with every group present; `at` is seconds on both clocks from an arbitrary origin. */
export function reading(atSec: number, overrides: Partial<RawReading> = {}): RawReading {
	return {
		timestamp: (bootTimeSec + 3600) * 1000 + atSec * 1000,
		monotonicMs: 50_000 + atSec * 1000,
		ticksPerSecond: 100,
		stat: stat(),
		loadavg: {load1: 0.5, load5: 0.25, load15: 0.125, runnableEntities: 1, totalEntities: 100},
		pressure: {
			cpu: {some: {avg10: 1.5, avg60: 1, avg300: 0.5, totalUs: 0}, full: {avg10: 0.5, avg60: 0, avg300: 0, totalUs: 0}},
			memory: {some: {avg10: 2, avg60: 0, avg300: 0, totalUs: 0}, full: {avg10: 1, avg60: 0, avg300: 0, totalUs: 0}},
			io: {some: {avg10: 3, avg60: 0, avg300: 0, totalUs: 0}, full: {avg10: 2.5, avg60: 0, avg300: 0, totalUs: 0}},
		},
		meminfo: {
			totalBytes: 1000,
			freeBytes: 100,
			availableBytes: 400,
			buffersBytes: 10,
			cachedBytes: 200,
			sReclaimableBytes: 30,
			shmemBytes: 5,
			dirtyBytes: 7,
			writebackBytes: 3,
			swapTotalBytes: 0,
			swapFreeBytes: 0,
		},
		vmstat: {pswpin: 0, pswpout: 0, pgmajfault: 0, pgfault: 0, oomKill: 0},
		disks: [disk({name: 'vda'})],
		filesystems: [filesystem({mountPoint: '/'})],
		network: [link({name: 'eth0', speedMbps: 1000})],
		netstat: netstat(),
		processes: [],
		cgroups: {mode: 'v2', groups: [cgroup()]},
		unavailable: [],
		...overrides,
	};
}

/** A v2 group with every figure read, limits included. */
export function cgroup(overrides: Partial<CgroupReading> = {}): CgroupReading {
	const pressure = {some: {avg10: 0, avg60: 0, avg300: 0, totalUs: 0}, full: {avg10: 0, avg60: 0, avg300: 0, totalUs: 0}};
	return {
		path: '/system.slice/app.service',
		cpuUsageUs: 1_000_000,
		cpuPeriods: 10,
		cpuThrottledPeriods: 1,
		cpuThrottledUs: 5000,
		cpuQuotaUs: 50_000,
		cpuPeriodUs: 100_000,
		memoryBytes: 100,
		memoryLimitBytes: 200,
		memoryInactiveFileBytes: 10,
		memoryMajorFaults: 0,
		memoryLimitHits: 0,
		memoryOomKills: 0,
		ioReadBytes: 0,
		ioWriteBytes: 0,
		pids: 3,
		pidsMax: 100,
		pressure: {cpu: pressure, memory: pressure, io: pressure},
		...overrides,
	};
}

/** The value of one metric, failing loudly when the metric was not emitted at all. */
export function valueOf(sample: Sample, id: string, resource: string): number | undefined {
	const found = sample.metrics.filter((metric: MetricValue) => metric.id === id && metric.resource === resource);
	if (found.length !== 1) {
		throw new Error(`expected one ${id} for ${resource}, found ${found.length}`);
	}

	return found[0]!.value;
}

export function has(sample: Sample, id: string, resource: string): boolean {
	return sample.metrics.some(metric => metric.id === id && metric.resource === resource);
}

/**
 * A pair of /proc captures, test/fixtures/proc/<name> and <name>-t1 (stat and pressure/*), as two
 * readings. The captures are about a second apart; the interval between them is what the cores counted
 * (jiffies of the `cpu` line ÷ cores), the clock /proc/stat itself keeps.
 */
export function capturedPair(name: string): [RawReading, RawReading] {
	const load = (tree: string) => {
		const file = (path: string) => readFileSync(`test/fixtures/proc/${tree}/${path}`, 'utf8');
		return {
			stat: parseStat(file('stat')),
			pressure: {cpu: parsePressure(file('pressure/cpu')), memory: parsePressure(file('pressure/memory')), io: parsePressure(file('pressure/io'))},
		};
	};

	const before = load(name);
	const after = load(`${name}-t1`);
	const jiffies = (times: CpuTimes) => times.user + times.nice + times.system + times.idle + times.iowait + times.irq + times.softirq + times.steal;
	const elapsedSec = (jiffies(after.stat.total) - jiffies(before.stat.total)) / after.stat.cores.size / 100;
	return [reading(0, before), reading(elapsedSec, after)];
}
