import {topIndices} from '../collect/top-indices.js';
import type {CgroupReading, CgroupsReading, PressureLine, WorkloadNames} from '../collect/types.js';
import {cgroupName} from './cgroup-names.js';
import {delta, rate} from './rate.js';
import type {CgroupSample, MetricId, MetricValue, ResourceId} from './types.js';

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

/** The figures of a group recorded as catalogue metrics, one each (cgroup.pids_pct is derived besides). */
type RecordedField = Exclude<keyof CgroupSample, 'path' | 'name' | 'pidsMax'>;

const recordedFields: ReadonlyArray<readonly [MetricId, RecordedField]> = [
	['cgroup.cpu_pct', 'cpuPct'],
	['cgroup.cpu_cores', 'cpuCores'],
	['cgroup.cpu_quota_cores', 'cpuQuotaCores'],
	['cgroup.throttled_pct', 'throttledPct'],
	['cgroup.cpu_psi_some_pct', 'cpuPsiSomePct'],
	['cgroup.memory_pct', 'memoryPct'],
	['cgroup.memory_bytes', 'memoryBytes'],
	['cgroup.memory_limit_bytes', 'memoryLimitBytes'],
	['cgroup.memory_limit_hits_per_s', 'memoryLimitHitsPerSec'],
	['cgroup.major_faults_per_s', 'majorFaultsPerSec'],
	['cgroup.memory_psi_some_pct', 'memoryPsiSomePct'],
	['cgroup.memory_psi_full_pct', 'memoryPsiFullPct'],
	['cgroup.oom_kills_per_s', 'oomKillsPerSec'],
	['cgroup.io_bytes_per_s', 'ioBytesPerSec'],
	['cgroup.io_psi_some_pct', 'ioPsiSomePct'],
	['cgroup.pids', 'pids'],
];

/** The catalogue metrics of the top groups, under resource `cgroup:<path>`. */
export function emitCgroupMetrics(top: readonly CgroupSample[], emit: Emit): void {
	for (const sample of top) {
		const resource = `cgroup:${sample.path}`;
		for (const [id, field] of recordedFields) {
			emit(id, resource, sample[field]);
		}

		emit('cgroup.pids_pct', resource, percentOf(sample.pids, sample.pidsMax));
	}
}

/**
 * The groups of a recorded tick, rebuilt from their metrics (the top groups of that tick), in path
 * order: what the cgroup view shows of a recorded moment. pids.max and container names are not recorded.
 */
export function recordedCgroups(metrics: readonly MetricValue[]): CgroupSample[] {
	const fieldOf = new Map<MetricId, RecordedField>(recordedFields);
	const groups = new Map<string, {-readonly [Key in keyof CgroupSample]: CgroupSample[Key]}>();
	for (const metric of metrics) {
		const field = fieldOf.get(metric.id);
		// A series of a block that has no value at this tick: the group was not among the top ones then.
		if (field === undefined || metric.value === undefined || !metric.resource.startsWith('cgroup:')) {
			continue;
		}

		const path = metric.resource.slice('cgroup:'.length);
		let group = groups.get(path);
		if (group === undefined) {
			const unknown = Object.fromEntries(recordedFields.map(([, name]) => [name, undefined])) as Record<RecordedField, undefined>;
			group = {path, name: cgroupName(path), pidsMax: undefined, ...unknown};
			groups.set(path, group);
		}

		group[field] = metric.value;
	}

	return [...groups.values()].sort((a, b) => compareText(a.path, b.path));
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : (a > b ? 1 : 0);
}
