import os from 'node:os';
import process from 'node:process';
import type si from 'systeminformation';
import type {
	CollectorGroup,
	CpuTimes,
	FilesystemReading,
	MemInfoReading,
	NetDevReading,
	ProcessReading,
	RawReading,
	StatReading,
	Unavailable,
} from './types.js';
import {errorMessage} from '../errors.js';

// The collector for macOS, Windows and the BSDs, where there is no /proc. It is slow next to the
// Linux one (systeminformation spawns ps and df) and knows less: what the platform does not report
// is left out or, where the RawReading shape needs a number, documented at the field.
//
// Times are in milliseconds, so `ticksPerSecond` is 1000: os.cpus() reports cumulative CPU time per
// core in ms, which gives exact rates; systeminformation's currentLoad only has per-call deltas.

const msPerSecond = 1000;

type SystemInformation = Pick<typeof si, 'mem' | 'fsSize' | 'networkStats' | 'processes'>;

export type FallbackCollectorOptions = {
	/** Monotonic clock in ms; default performance.now. */
	readonly clock?: () => number;
	/** Wall clock in ms since the epoch; default Date.now. */
	readonly wallClock?: () => number;
	/** Replaces systeminformation (tests); default the real module, loaded on first read. */
	readonly systemInformation?: SystemInformation;
	/** Replaces os.cpus, os.loadavg and os.uptime (tests). */
	readonly cpus?: () => os.CpuInfo[];
	readonly loadavg?: () => number[];
	readonly uptimeSeconds?: () => number;
	readonly platform?: NodeJS.Platform;
};

export type FallbackCollector = {
	readonly read: () => Promise<RawReading>;
	readonly close: () => void;
};

/** One core's cumulative times from os.cpus(), in ms. States the platform does not account are 0. */
export function cpuTimesFromOs(times: os.CpuInfo['times']): CpuTimes {
	return {
		user: times.user,
		nice: times.nice,
		system: times.sys,
		idle: times.idle,
		iowait: 0,
		irq: times.irq,
		softirq: 0,
		steal: 0,
		guest: 0,
		guestNice: 0,
	};
}

export function sumCpuTimes(cores: readonly CpuTimes[]): CpuTimes {
	const total = {user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0};
	for (const core of cores) {
		for (const key of Object.keys(total) as Array<keyof CpuTimes>) {
			total[key] += core[key];
		}
	}

	return total;
}

const stateLetters: Record<string, string> = {
	running: 'R',
	sleeping: 'S',
	blocked: 'D',
	stopped: 'T',
	zombie: 'Z',
	idle: 'I',
};

export function createFallbackCollector(options: FallbackCollectorOptions = {}): FallbackCollector {
	const clock = options.clock ?? (() => performance.now());
	const wallClock = options.wallClock ?? (() => Date.now());
	const cpus = options.cpus ?? (() => os.cpus());
	const loadavg = options.loadavg ?? (() => os.loadavg());
	const uptimeSeconds = options.uptimeSeconds ?? (() => os.uptime());
	const platform = options.platform ?? process.platform;
	const bootMs = wallClock() - (uptimeSeconds() * msPerSecond);
	// Per-process CPU ms, integrated from systeminformation's per-interval percentages, keyed by pid and start.
	const processCpu = new Map<string, {userMs: number; systemMs: number}>();
	let systemInformation = options.systemInformation;
	let previousMonotonicMs: number | undefined;

	async function load(): Promise<SystemInformation> {
		systemInformation ??= (await import('systeminformation')).default;
		return systemInformation;
	}

	async function read(): Promise<RawReading> {
		const timestamp = wallClock();
		const monotonicMs = clock();
		const elapsedMs = previousMonotonicMs === undefined ? undefined : monotonicMs - previousMonotonicMs;
		previousMonotonicMs = monotonicMs;
		const unavailable: Unavailable[] = [];
		const attempt = async <T>(group: CollectorGroup, task: () => T | Promise<T>): Promise<T | undefined> => {
			try {
				return await task();
			} catch (error) {
				unavailable.push({group, reason: errorMessage(error)});
				return undefined;
			}
		};

		const source = await load().catch((error: unknown) => {
			for (const group of ['process', 'memory', 'filesystem', 'network'] as const) {
				unavailable.push({group, reason: `systeminformation: ${errorMessage(error)}`});
			}

			return undefined;
		});
		const [processes, meminfo, filesystems, network] = source
			? await Promise.all([
				attempt('process', () => source.processes()),
				attempt('memory', async () => toMemInfo(await source.mem())),
				attempt('filesystem', async () => toFilesystems(await source.fsSize())),
				attempt('network', async () => toNetwork(await source.networkStats('*'))),
			])
			: [];
		const stat = await attempt('cpu', () => toStat(cpus(), processes));
		// Windows has no load average: node reports zeros there, which would read as an idle machine.
		const loadavgReading = platform === 'win32'
			? undefined
			: await attempt('loadavg', () => {
				const [load1 = 0, load5 = 0, load15 = 0] = loadavg();
				return {load1, load5, load15, runnableEntities: processes?.running ?? 0, totalEntities: processes?.all ?? 0};
			});

		return {
			timestamp,
			monotonicMs,
			ticksPerSecond: msPerSecond,
			...(stat && {stat}),
			...(loadavgReading && {loadavg: loadavgReading}),
			...(meminfo && {meminfo}),
			...(filesystems && {filesystems}),
			...(network && {network}),
			...(processes && {processes: toProcesses(processes.list, elapsedMs)}),
			unavailable,
		};
	}

	function toStat(cpuList: os.CpuInfo[], processes: si.Systeminformation.ProcessesData | undefined): StatReading {
		if (cpuList.length === 0) {
			throw new Error('os.cpus() reported no processors');
		}

		const cores = new Map<string, CpuTimes>();
		for (const [index, cpu] of cpuList.entries()) {
			cores.set(`cpu${index}`, cpuTimesFromOs(cpu.times));
		}

		return {
			total: sumCpuTimes([...cores.values()]),
			cores,
			// Not reported by these platforms through systeminformation: counters that stay 0, so their rates read 0.
			contextSwitches: 0,
			forks: 0,
			procsRunning: processes?.running ?? 0,
			procsBlocked: processes?.blocked ?? 0,
			bootTimeSec: Math.round(bootMs / msPerSecond),
		};
	}

	function toProcesses(list: si.Systeminformation.ProcessesProcessData[], elapsedMs: number | undefined): ProcessReading[] {
		const seen = new Set<string>();
		const readings: ProcessReading[] = [];
		for (const entry of list) {
			const startedMs = Date.parse(entry.started);
			const startTimeTicks = Number.isFinite(startedMs) ? Math.max(0, Math.round(startedMs - bootMs)) : 0;
			const key = `${entry.pid}:${startTimeTicks}`;
			seen.add(key);
			const cpu = processCpu.get(key) ?? {userMs: 0, systemMs: 0};
			if (elapsedMs !== undefined && elapsedMs > 0) {
				// cpuu/cpus are % of one core over systeminformation's last interval, which is ours.
				cpu.userMs += ((entry.cpuu || 0) / 100) * elapsedMs;
				cpu.systemMs += ((entry.cpus || 0) / 100) * elapsedMs;
			}

			processCpu.set(key, cpu);
			readings.push({
				pid: entry.pid,
				name: entry.name,
				command: [entry.command, entry.params].filter(Boolean).join(' ') || entry.name,
				state: stateLetters[entry.state] ?? '?',
				ppid: entry.parentPid,
				// systeminformation reports the user name only.
				uid: -1,
				user: entry.user || '?',
				utimeTicks: Math.round(cpu.userMs),
				stimeTicks: Math.round(cpu.systemMs),
				startTimeTicks,
				rssBytes: entry.memRss * 1024,
				// Not reported: one thread is the least a process has.
				threads: 1,
			});
		}

		for (const key of processCpu.keys()) {
			if (!seen.has(key)) {
				processCpu.delete(key);
			}
		}

		return readings;
	}

	return {read, close() {}};
}

export function toMemInfo(mem: si.Systeminformation.MemData): MemInfoReading {
	return {
		totalBytes: mem.total,
		freeBytes: mem.free,
		availableBytes: mem.available,
		buffersBytes: mem.buffers,
		cachedBytes: mem.cached,
		sReclaimableBytes: mem.reclaimable || 0,
		// Linux-only figures; systeminformation has no source for them elsewhere.
		shmemBytes: 0,
		dirtyBytes: mem.dirty ?? 0,
		writebackBytes: mem.writeback ?? 0,
		swapTotalBytes: mem.swaptotal,
		swapFreeBytes: mem.swapfree,
	};
}

export function toFilesystems(list: si.Systeminformation.FsSizeData[]): FilesystemReading[] {
	return list
		.filter(entry => entry.size > 0)
		.map(entry => ({
			mountPoint: entry.mount,
			device: entry.fs,
			fsType: entry.type,
			sizeBytes: entry.size,
			availableBytes: entry.available,
			freeBytes: Math.max(0, entry.size - entry.used),
			// Inode counts are not reported; 0 is how statfs reports "no fixed inode table" (btrfs) too.
			inodes: 0,
			inodesFree: 0,
		}));
}

export function toNetwork(list: si.Systeminformation.NetworkStatsData[]): NetDevReading[] {
	return list
		.filter(entry => !/^(lo\d*|loopback.*)$/i.test(entry.iface))
		.map(entry => ({
			name: entry.iface,
			rxBytes: entry.rx_bytes,
			// Packet counts are not reported by systeminformation.
			rxPackets: 0,
			rxErrors: entry.rx_errors,
			rxDrops: entry.rx_dropped,
			txBytes: entry.tx_bytes,
			txPackets: 0,
			txErrors: entry.tx_errors,
			txDrops: entry.tx_dropped,
		}));
}
