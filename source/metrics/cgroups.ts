import {topIndices} from '../collect/top-indices.js';
import type {CgroupReading, CgroupsReading, PressureLine, WorkloadNames} from '../collect/types.js';
import {cgroupName} from './cgroup-names.js';
import {delta, rate} from './rate.js';
import type {CgroupSample, MetricId, ResourceId} from './types.js';

// Control groups → rates and shares (USE per cgroup, root-cause notes §4):
// - CPU: time used over the interval as a share of the quota (quota / period cores), or of all cores
//   without one; throttled periods as a share of the periods that elapsed.
// - memory: the working set (usage minus inactive page cache, which reclaim takes first; cadvisor,
//   clamped at 0 as cri-o#4068 taught) as a share of memory.max (else memory.high), or of the machine
//   without a limit; reclaim at the limit from limit hits and major faults; OOM kills.
// - I/O: bytes per second (no capacity to divide by); PSI for all three where the group has it.

export type CgroupDeriveOptions = {
	readonly elapsedMs: number | undefined;
	/** Online cores, for the share of the machine a group without a quota uses; undefined when unknown. */
	readonly cores: number | undefined;
	/** MemTotal, for the share of the machine a group without a limit uses; undefined when unknown. */
	readonly memoryTotalBytes: number | undefined;
	/** At most this many groups from each ranking (CPU %, memory %, I/O) get catalogue metrics. */
	readonly limit: number;
	/** What the runtimes and kubelet call the containers and pods, where their files were readable. */
	readonly names?: WorkloadNames;
};

export type DerivedCgroups = {
	/** Every group with its figures, in path order: the dashboard's cgroup view. */
	readonly all: CgroupSample[];
	/** The union of the top `limit` by CPU %, memory % and I/O: judged, recorded and exported. */
	readonly top: CgroupSample[];
};

type Emit = (id: MetricId, resource: ResourceId, value: number | undefined) => void;

function percentOf(part: number | undefined, whole: number | undefined): number | undefined {
	return part === undefined || whole === undefined || whole <= 0 ? undefined : (part / whole) * 100;
}

function cappedPercent(part: number | undefined, whole: number | undefined): number | undefined {
	const share = percentOf(part, whole);
	return share === undefined ? undefined : Math.min(100, share);
}

function stallPct(previous: PressureLine | undefined, current: PressureLine | undefined, elapsedMs: number | undefined): number | undefined {
	const stalledUs = delta(previous?.totalUs, current?.totalUs);
	return cappedPercent(stalledUs, elapsedMs === undefined ? undefined : elapsedMs * 1000);
}

function sumKnown(a: number | undefined, b: number | undefined): number | undefined {
	return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
}

function deriveGroup(before: CgroupReading | undefined, group: CgroupReading, options: CgroupDeriveOptions): CgroupSample {
	const elapsed = before === undefined ? 0 : (options.elapsedMs ?? 0);
	const known = elapsed > 0 ? before : undefined;
	const usedUs = known && delta(known.cpuUsageUs, group.cpuUsageUs);
	const cpuCores = usedUs === undefined ? undefined : usedUs / (elapsed * 1000);
	const quotaCores = group.cpuQuotaUs !== undefined && group.cpuPeriodUs !== undefined && group.cpuPeriodUs > 0 ? group.cpuQuotaUs / group.cpuPeriodUs : undefined;
	const periods = known && delta(known.cpuPeriods, group.cpuPeriods);
	const workingSetBytes = group.memoryBytes === undefined ? undefined : Math.max(0, group.memoryBytes - (group.memoryInactiveFileBytes ?? 0));
	const memoryLimitBytes = group.memoryLimitBytes ?? group.memoryHighBytes;
	const perSecond = (pick: (reading: CgroupReading) => number | undefined) => known && rate(pick(known), pick(group), elapsed);
	const pressure = (resource: 'cpu' | 'memory' | 'io', line: 'some' | 'full') => known && stallPct(known.pressure?.[resource]?.[line], group.pressure?.[resource]?.[line], elapsed);
	return {
		path: group.path,
		name: cgroupName(group.path, options.names),
		cpuCores,
		cpuQuotaCores: quotaCores,
		// The quota is enforced per CFS period, which the interval's edges cut: a share of it, so capped.
		cpuPct: cappedPercent(cpuCores, quotaCores ?? options.cores),
		throttledPct: periods === undefined || periods === 0 ? undefined : percentOf(delta(known?.cpuThrottledPeriods, group.cpuThrottledPeriods), periods),
		memoryBytes: workingSetBytes,
		memoryLimitBytes,
		memoryPct: percentOf(workingSetBytes, memoryLimitBytes ?? options.memoryTotalBytes),
		memoryLimitHitsPerSec: perSecond(reading => reading.memoryLimitHits),
		majorFaultsPerSec: perSecond(reading => reading.memoryMajorFaults),
		oomKillsPerSec: perSecond(reading => reading.memoryOomKills),
		ioBytesPerSec: sumKnown(perSecond(reading => reading.ioReadBytes), perSecond(reading => reading.ioWriteBytes)),
		pids: group.pids,
		pidsMax: group.pidsMax,
		cpuPsiSomePct: pressure('cpu', 'some'),
		memoryPsiSomePct: pressure('memory', 'some'),
		memoryPsiFullPct: pressure('memory', 'full'),
		ioPsiSomePct: pressure('io', 'some'),
	};
}

/**
 * Every group with its figures over the interval, and the union of the top `limit` by CPU %, memory %
 * and I/O bytes/s (the same objects). A group new since the last reading has no rates yet.
 */
export function deriveCgroups(previous: CgroupsReading | undefined, current: CgroupsReading, options: CgroupDeriveOptions): DerivedCgroups {
	const before = new Map(previous?.groups.map(group => [group.path, group]));
	const all = current.groups.map(group => deriveGroup(before.get(group.path), group, options));
	const rankings = [
		(sample: CgroupSample) => sample.cpuPct,
		(sample: CgroupSample) => sample.memoryPct,
		(sample: CgroupSample) => sample.ioBytesPerSec,
	];
	const chosen = new Set<number>();
	const values = new Float64Array(all.length);
	for (const load of rankings) {
		for (const [index, sample] of all.entries()) {
			values[index] = load(sample) ?? Number.NaN;
		}

		for (const index of topIndices(values, options.limit)) {
			chosen.add(index);
		}
	}

	return {all, top: [...chosen].sort((a, b) => a - b).map(index => all[index]!)};
}

/** The catalogue metrics of the top groups, under resource `cgroup:<path>`. */
export function emitCgroupMetrics(top: readonly CgroupSample[], emit: Emit): void {
	for (const sample of top) {
		const resource = `cgroup:${sample.path}`;
		emit('cgroup.cpu_pct', resource, sample.cpuPct);
		emit('cgroup.cpu_cores', resource, sample.cpuCores);
		emit('cgroup.cpu_quota_cores', resource, sample.cpuQuotaCores);
		emit('cgroup.throttled_pct', resource, sample.throttledPct);
		emit('cgroup.cpu_psi_some_pct', resource, sample.cpuPsiSomePct);
		emit('cgroup.memory_pct', resource, sample.memoryPct);
		emit('cgroup.memory_bytes', resource, sample.memoryBytes);
		emit('cgroup.memory_limit_bytes', resource, sample.memoryLimitBytes);
		emit('cgroup.memory_limit_hits_per_s', resource, sample.memoryLimitHitsPerSec);
		emit('cgroup.major_faults_per_s', resource, sample.majorFaultsPerSec);
		emit('cgroup.memory_psi_some_pct', resource, sample.memoryPsiSomePct);
		emit('cgroup.memory_psi_full_pct', resource, sample.memoryPsiFullPct);
		emit('cgroup.oom_kills_per_s', resource, sample.oomKillsPerSec);
		emit('cgroup.io_bytes_per_s', resource, sample.ioBytesPerSec);
		emit('cgroup.io_psi_some_pct', resource, sample.ioPsiSomePct);
		emit('cgroup.pids', resource, sample.pids);
		emit('cgroup.pids_pct', resource, percentOf(sample.pids, sample.pidsMax));
	}
}
