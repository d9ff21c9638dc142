// Counters → rates and percentages for every kernel group of a reading, into the catalogue's metrics.
// One piece because each group's derivation (deriveCpu, deriveDisk …) is a few lines over the same
// interval and the same emit, and the groups are read together in one pass over a tick.
import type {
	CpuTimes,
	DiskStatReading,
	FilesystemReading,
	MemInfoReading,
	NetDevReading,
	NetstatReading,
	PressureLine,
	PressureResource,
	RawReading,
	StatReading,
	VmStatReading,
} from '../collect/types.js';
import {deriveCgroups, emitCgroupMetrics} from './cgroups.js';
import {deriveProcesses} from './processes.js';
import {delta, rate} from './rate.js';
import type {MetricId, MetricValue, ResourceId, Sample} from './types.js';

// Documentation/admin-guide/iostats.rst: diskstats counts sectors of 512 bytes whatever the
// device's real sector size.
const SECTOR_BYTES = 512;

export type DeriveOptions = {
	/** At most this many processes from each ranking (CPU, RSS, I/O). */
	readonly topProcesses: number;
	/** At most this many control groups from each ranking (CPU %, memory %, I/O) get metrics (default 10). */
	readonly topCgroups?: number;
};

/** The top control groups each tick records and judges, per ranking, unless told otherwise. */
export const defaultTopCgroups = 10;

type Emit = (id: MetricId, resource: ResourceId, value: number | undefined) => void;

/** The previous reading and the time since it, when rates can be computed at all. */
type Interval = {
	readonly previous: RawReading;
	readonly elapsedMs: number;
};

/**
 * Turn the previous and current raw readings into one Sample with a value for every catalogue
 * metric whose source group was read. Rates need a previous reading: on the first tick (or if the
 * monotonic clock did not advance) every rate and CPU share is undefined, never 0. A group missing
 * from `current` contributes no metrics; a counter that went backwards drops that interval for the
 * series it feeds.
 */
export function derive(previous: RawReading | undefined, current: RawReading, options: DeriveOptions): Sample {
	const elapsedMs = previous === undefined ? undefined : current.monotonicMs - previous.monotonicMs;
	const interval: Interval | undefined = previous !== undefined && elapsedMs !== undefined && elapsedMs > 0
		? {previous, elapsedMs}
		: undefined;

	const metrics: MetricValue[] = [];
	const emit: Emit = (id, resource, value) => {
		metrics.push({id, resource, value: value === undefined || Number.isFinite(value) ? value : undefined});
	};

	if (current.stat) {
		deriveCpu(interval?.previous.stat, current.stat, emit);
		deriveScheduler(interval, current, current.stat, emit);
	}

	if (current.pressure) {
		derivePressure('cpu', interval?.previous.pressure?.cpu, current.pressure.cpu, interval?.elapsedMs, emit);
	}

	if (current.loadavg) {
		emit('system.load1', 'system', current.loadavg.load1);
		emit('system.load5', 'system', current.loadavg.load5);
		emit('system.load15', 'system', current.loadavg.load15);
	}

	if (current.meminfo) {
		deriveMemory(current.meminfo, emit);
	}

	if (current.vmstat) {
		deriveVmstat(interval?.previous.vmstat, current.vmstat, interval?.elapsedMs, emit);
	}

	if (current.pressure) {
		derivePressure('memory', interval?.previous.pressure?.memory, current.pressure.memory, interval?.elapsedMs, emit);
		derivePressure('io', interval?.previous.pressure?.io, current.pressure.io, interval?.elapsedMs, emit);
	}

	if (current.disks) {
		const before = byName(interval?.previous.disks);
		for (const disk of current.disks) {
			deriveDisk(before.get(disk.name), disk, interval?.elapsedMs, emit);
		}
	}

	if (current.filesystems) {
		for (const filesystem of current.filesystems) {
			deriveFilesystem(filesystem, emit);
		}
	}

	if (current.network) {
		const before = byName(interval?.previous.network);
		for (const link of current.network) {
			deriveNetwork(before.get(link.name), link, interval?.elapsedMs, emit);
		}
	}

	if (current.netstat) {
		deriveNetstat(interval?.previous.netstat, current.netstat, interval?.elapsedMs, emit);
	}

	const cgroups = current.cgroups && deriveCgroups(interval?.previous.cgroups, current.cgroups, {
		elapsedMs: interval?.elapsedMs,
		cores: current.stat?.cores.size,
		memoryTotalBytes: current.meminfo?.totalBytes,
		limit: options.topCgroups ?? defaultTopCgroups,
		names: current.cgroups.names,
	});
	if (cgroups) {
		emitCgroupMetrics(cgroups.top, emit);
	}

	return {
		timestamp: current.timestamp,
		intervalMs: interval?.elapsedMs,
		metrics,
		...processesOf(current, interval, options.topProcesses),
		...(cgroups && {cgroups: cgroups.all}),
		unavailable: current.unavailable,
	};
}

/** The top processes and every process, with rates over the interval; none without a process reading. */
function processesOf(current: RawReading, interval: Interval | undefined, limit: number): Pick<Sample, 'processes' | 'allProcesses'> {
	if (!current.processes) {
		return {processes: []};
	}

	const {top, all} = deriveProcesses(interval?.previous.processes, current.processes, {
		elapsedMs: interval?.elapsedMs,
		ticksPerSecond: current.ticksPerSecond,
		limit,
		bootTimeMs: current.stat === undefined ? undefined : current.stat.bootTimeSec * 1000,
	});
	return {processes: top, allProcesses: all};
}

function byName<T extends {readonly name: string}>(items: readonly T[] | undefined): Map<string, T> {
	const map = new Map<string, T>();
	for (const item of items ?? []) {
		map.set(item.name, item);
	}

	return map;
}

/** Sum of values that may be unknown: unknown if any part is. */
function sum(...values: ReadonlyArray<number | undefined>): number | undefined {
	let total = 0;
	for (const value of values) {
		if (value === undefined) {
			return undefined;
		}

		total += value;
	}

	return total;
}

/** numerator / denominator × 100, unknown when either is unknown or nothing happened. */
function percentOf(numerator: number | undefined, denominator: number | undefined): number | undefined {
	return numerator === undefined || denominator === undefined || denominator <= 0 ? undefined : (numerator / denominator) * 100;
}

/** numerator / denominator, unknown when either is unknown or the denominator is 0 (no I/O: no latency). */
function ratio(numerator: number | undefined, denominator: number | undefined): number | undefined {
	return numerator === undefined || denominator === undefined || denominator <= 0 ? undefined : numerator / denominator;
}

// ── CPU ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * The states that partition CPU time: guest and guest_nice are already counted inside user and
 * nice (proc(5)), so they are not added.
 */
const cpuStates = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const satisfies ReadonlyArray<keyof CpuTimes>;

type CpuState = (typeof cpuStates)[number];

/** Shares of one `cpu` line's jiffies over the interval, in %, per state and busy in all. */
export type CpuShares = {readonly busy: number} & Readonly<Record<CpuState, number>>;

/**
 * Undefined without a previous line, when no time was counted, or when any state went backwards:
 * shares need one consistent denominator, and a core that comes back online restarts idle and
 * iowait from 0 while the others continue, which would otherwise read as a burst of busy time.
 */
export function cpuShares(previous: CpuTimes | undefined, current: CpuTimes): CpuShares | undefined {
	if (previous === undefined) {
		return undefined;
	}

	const deltas: Partial<Record<CpuState, number>> = {};
	let total = 0;
	for (const state of cpuStates) {
		const change = delta(previous[state], current[state]);
		if (change === undefined) {
			return undefined;
		}

		deltas[state] = change;
		total += change;
	}

	if (total <= 0) {
		return undefined;
	}

	const share = (state: CpuState) => ((deltas[state] ?? 0) / total) * 100;
	const busyJiffies = (deltas.user ?? 0) + (deltas.nice ?? 0) + (deltas.system ?? 0) + (deltas.irq ?? 0) + (deltas.softirq ?? 0) + (deltas.steal ?? 0);
	return {
		busy: (busyJiffies / total) * 100,
		user: share('user'),
		nice: share('nice'),
		system: share('system'),
		idle: share('idle'),
		iowait: share('iowait'),
		irq: share('irq'),
		softirq: share('softirq'),
		steal: share('steal'),
	};
}

function deriveCpu(previous: StatReading | undefined, current: StatReading, emit: Emit): void {
	const all = cpuShares(previous?.total, current.total);
	emit('cpu.busy_pct', 'cpu', all?.busy);
	emit('cpu.user_pct', 'cpu', all?.user);
	emit('cpu.nice_pct', 'cpu', all?.nice);
	emit('cpu.system_pct', 'cpu', all?.system);
	emit('cpu.iowait_pct', 'cpu', all?.iowait);
	emit('cpu.irq_pct', 'cpu', all?.irq);
	emit('cpu.softirq_pct', 'cpu', all?.softirq);
	emit('cpu.steal_pct', 'cpu', all?.steal);
	emit('cpu.idle_pct', 'cpu', all?.idle);
	emit('cpu.system_share_pct', 'cpu', percentOf(all?.system, all?.busy));

	const cores = current.cores.size;
	emit('cpu.runnable', 'cpu', current.procsRunning);
	emit('cpu.runqueue_excess_per_core', 'cpu', cores > 0 ? Math.max(0, current.procsRunning - cores) / cores : undefined);

	// Only cores present now get values: a core that went offline has none, one that came online has no shares yet.
	for (const [name, times] of current.cores) {
		const resource = `cpu:${name.replace(/^cpu/, '')}`;
		const core = cpuShares(previous?.cores.get(name), times);
		emit('cpu.core_busy_pct', resource, core?.busy);
		emit('cpu.core_user_pct', resource, core?.user);
		emit('cpu.core_system_pct', resource, core?.system);
		emit('cpu.core_iowait_pct', resource, core?.iowait);
	}
}

function deriveScheduler(interval: Interval | undefined, current: RawReading, stat: StatReading, emit: Emit): void {
	const previous = interval?.previous.stat;
	const elapsedMs = interval?.elapsedMs ?? 0;
	const contextSwitchesPerSec = rate(previous?.contextSwitches, stat.contextSwitches, elapsedMs);
	emit('system.context_switches_per_s', 'system', contextSwitchesPerSec);
	emit('system.context_switches_per_core_per_s', 'system', ratio(contextSwitchesPerSec, stat.cores.size));
	emit('system.forks_per_s', 'system', rate(previous?.forks, stat.forks, elapsedMs));
	emit('system.blocked_tasks', 'system', stat.procsBlocked);
	const uptimeSec = current.timestamp / 1000 - stat.bootTimeSec;
	emit('system.uptime_s', 'system', uptimeSec >= 0 ? uptimeSec : undefined);
}

// ── Pressure ────────────────────────────────────────────────────────────────────────────────────

/**
 * Stall share of the interval, from the `total` counters (µs of wall time stalled): exact over the
 * interval, where avg10 is a 10-second exponential average that keeps a finished load "stalled" for
 * several seconds after it ends. Like any rate it is unknown on the first reading. A resource the
 * kernel does not report gets no metrics; a missing `full` line (cpu before 5.13) is unknown.
 */
function derivePressure(
	resource: 'cpu' | 'memory' | 'io',
	previous: PressureResource | undefined,
	pressure: PressureResource | undefined,
	elapsedMs: number | undefined,
	emit: Emit,
): void {
	if (pressure === undefined) {
		return;
	}

	emit(`${resource}.psi_some_pct`, resource, stallPct(previous?.some, pressure.some, elapsedMs));
	emit(`${resource}.psi_full_pct`, resource, stallPct(previous?.full, pressure.full, elapsedMs));
}

/** Microseconds stalled over the interval as a share of it, capped at 100 % (the two clocks differ by a hair). */
function stallPct(previous: PressureLine | undefined, current: PressureLine | undefined, elapsedMs: number | undefined): number | undefined {
	const stalledUs = delta(previous?.totalUs, current?.totalUs);
	const share = percentOf(stalledUs, elapsedMs === undefined ? undefined : elapsedMs * 1000);
	return share === undefined ? undefined : Math.min(100, share);
}

// ── Memory ──────────────────────────────────────────────────────────────────────────────────────

function deriveMemory(memory: MemInfoReading, emit: Emit): void {
	const usedBytes = memory.totalBytes - memory.availableBytes;
	const swapUsedBytes = memory.swapTotalBytes - memory.swapFreeBytes;
	emit('memory.used_pct', 'memory', percentOf(usedBytes, memory.totalBytes));
	emit('memory.used_bytes', 'memory', usedBytes);
	emit('memory.available_bytes', 'memory', memory.availableBytes);
	emit('memory.total_bytes', 'memory', memory.totalBytes);
	emit('memory.cache_bytes', 'memory', memory.buffersBytes + memory.cachedBytes + memory.sReclaimableBytes);
	emit('memory.dirty_bytes', 'memory', memory.dirtyBytes);
	emit('memory.writeback_bytes', 'memory', memory.writebackBytes);
	emit('memory.swap_used_bytes', 'memory', swapUsedBytes);
	emit('memory.swap_used_pct', 'memory', percentOf(swapUsedBytes, memory.swapTotalBytes));
}

function deriveVmstat(previous: VmStatReading | undefined, current: VmStatReading, elapsedMs: number | undefined, emit: Emit): void {
	const elapsed = elapsedMs ?? 0;
	const swapIn = rate(previous?.pswpin, current.pswpin, elapsed);
	const swapOut = rate(previous?.pswpout, current.pswpout, elapsed);
	emit('memory.swap_in_pages_per_s', 'memory', swapIn);
	emit('memory.swap_out_pages_per_s', 'memory', swapOut);
	emit('memory.swap_pages_per_s', 'memory', sum(swapIn, swapOut));
	emit('memory.major_faults_per_s', 'memory', rate(previous?.pgmajfault, current.pgmajfault, elapsed));
	// oom_kill appeared in kernel 4.13: without it the rate is unknown, not 0.
	emit('memory.oom_kills_per_s', 'memory', rate(previous?.oomKill, current.oomKill, elapsed));
}

// ── Block devices ───────────────────────────────────────────────────────────────────────────────

/** iostat -x definitions over the interval; a device seen for the first time has only its in-flight gauge. */
function deriveDisk(previous: DiskStatReading | undefined, current: DiskStatReading, elapsedMs: number | undefined, emit: Emit): void {
	const resource = `disk:${current.name}`;
	const elapsed = elapsedMs ?? 0;
	const known = previous !== undefined && elapsed > 0;
	const reads = known ? delta(previous.readsCompleted, current.readsCompleted) : undefined;
	const writes = known ? delta(previous.writesCompleted, current.writesCompleted) : undefined;
	const readTimeMs = known ? delta(previous.readTimeMs, current.readTimeMs) : undefined;
	const writeTimeMs = known ? delta(previous.writeTimeMs, current.writeTimeMs) : undefined;
	const ioTimeMs = known ? delta(previous.ioTimeMs, current.ioTimeMs) : undefined;
	const weightedIoTimeMs = known ? delta(previous.weightedIoTimeMs, current.weightedIoTimeMs) : undefined;
	const sectorsRead = known ? delta(previous.sectorsRead, current.sectorsRead) : undefined;
	const sectorsWritten = known ? delta(previous.sectorsWritten, current.sectorsWritten) : undefined;
	const perSecond = (change: number | undefined) => (change === undefined ? undefined : (change * 1000) / elapsed);

	// io_ticks can exceed wall time by a tick or two at the interval edges; %util is a share, so cap it.
	emit('disk.util_pct', resource, ioTimeMs === undefined ? undefined : Math.min(100, (ioTimeMs / elapsed) * 100));
	emit('disk.read_iops', resource, perSecond(reads));
	emit('disk.write_iops', resource, perSecond(writes));
	emit('disk.read_bytes_per_s', resource, perSecond(sectorsRead === undefined ? undefined : sectorsRead * SECTOR_BYTES));
	emit('disk.write_bytes_per_s', resource, perSecond(sectorsWritten === undefined ? undefined : sectorsWritten * SECTOR_BYTES));
	emit('disk.read_await_ms', resource, ratio(readTimeMs, reads));
	emit('disk.write_await_ms', resource, ratio(writeTimeMs, writes));
	emit('disk.await_ms', resource, ratio(sum(readTimeMs, writeTimeMs), sum(reads, writes)));
	emit('disk.queue_size', resource, weightedIoTimeMs === undefined ? undefined : weightedIoTimeMs / elapsed);
	emit('disk.in_flight', resource, current.inFlight);
}

// ── Filesystems ─────────────────────────────────────────────────────────────────────────────────

/** As df: used = size − free; Use% = used / (used + available to unprivileged users), so root's reserve counts as full. */
function deriveFilesystem(filesystem: FilesystemReading, emit: Emit): void {
	const resource = `fs:${filesystem.mountPoint}`;
	const usedBytes = filesystem.sizeBytes - filesystem.freeBytes;
	emit('fs.used_pct', resource, percentOf(usedBytes, usedBytes + filesystem.availableBytes));
	// Filesystems without an inode table (btrfs, vfat, many network filesystems) report 0 inodes.
	emit('fs.inodes_used_pct', resource, percentOf(filesystem.inodes - filesystem.inodesFree, filesystem.inodes));
	emit('fs.available_bytes', resource, filesystem.availableBytes);
	emit('fs.size_bytes', resource, filesystem.sizeBytes);
}

// ── Network ─────────────────────────────────────────────────────────────────────────────────────

/** An interface seen for the first time has only its link speed; its rates start next tick. */
function deriveNetwork(previous: NetDevReading | undefined, current: NetDevReading, elapsedMs: number | undefined, emit: Emit): void {
	const resource = `net:${current.name}`;
	const elapsed = elapsedMs ?? 0;
	const known = previous !== undefined && elapsed > 0;
	const change = (field: Exclude<keyof NetDevReading, 'name' | 'speedMbps'>) => (known ? delta(previous[field], current[field]) : undefined);
	const perSecond = (value: number | undefined) => (value === undefined ? undefined : (value * 1000) / elapsed);

	const rxBytesPerSec = perSecond(change('rxBytes'));
	const txBytesPerSec = perSecond(change('txBytes'));
	const rxPackets = change('rxPackets');
	const txPackets = change('txPackets');
	const errors = sum(change('rxErrors'), change('txErrors'));
	const drops = sum(change('rxDrops'), change('txDrops'));
	const speedMbps = current.speedMbps !== undefined && current.speedMbps > 0 ? current.speedMbps : undefined;

	// Full duplex: each direction has the whole link speed, so the busier one is the utilization.
	const busierBitsPerSec = rxBytesPerSec === undefined || txBytesPerSec === undefined ? undefined : Math.max(rxBytesPerSec, txBytesPerSec) * 8;
	emit('net.util_pct', resource, speedMbps === undefined ? undefined : percentOf(busierBitsPerSec, speedMbps * 1e6));
	emit('net.rx_bytes_per_s', resource, rxBytesPerSec);
	emit('net.tx_bytes_per_s', resource, txBytesPerSec);
	emit('net.rx_packets_per_s', resource, perSecond(rxPackets));
	emit('net.tx_packets_per_s', resource, perSecond(txPackets));
	emit('net.errors_per_s', resource, perSecond(errors));
	emit('net.drops_per_s', resource, perSecond(drops));
	emit('net.error_pct', resource, percentOf(sum(errors, drops), sum(rxPackets, txPackets, errors, drops)));
	emit('net.speed_mbps', resource, speedMbps);
}

// ── TCP / UDP ───────────────────────────────────────────────────────────────────────────────────

function deriveNetstat(previous: NetstatReading | undefined, current: NetstatReading, elapsedMs: number | undefined, emit: Emit): void {
	const elapsed = elapsedMs ?? 0;
	const known = previous !== undefined && elapsed > 0;
	const change = (field: keyof NetstatReading) => (known ? delta(previous[field], current[field]) : undefined);
	const perSecond = (value: number | undefined) => (value === undefined ? undefined : (value * 1000) / elapsed);

	const retrans = change('tcpRetransSegs');
	emit('tcp.retrans_pct', 'tcp', percentOf(retrans, change('tcpOutSegs')));
	emit('tcp.retrans_per_s', 'tcp', perSecond(retrans));
	emit('tcp.listen_drops_per_s', 'tcp', perSecond(change('listenDrops')));
	emit('tcp.listen_overflows_per_s', 'tcp', perSecond(change('listenOverflows')));
	emit('tcp.active_opens_per_s', 'tcp', perSecond(change('tcpActiveOpens')));
	emit('tcp.passive_opens_per_s', 'tcp', perSecond(change('tcpPassiveOpens')));
	emit('tcp.established', 'tcp', current.tcpCurrEstab);
	emit('tcp.in_errors_per_s', 'tcp', perSecond(change('tcpInErrs')));
	emit('tcp.udp_errors_per_s', 'tcp', perSecond(sum(change('udpInErrors'), change('udpRcvbufErrors'), change('udpSndbufErrors'))));
}
