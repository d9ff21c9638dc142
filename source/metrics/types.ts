import type {Unavailable} from '../collect/types.js';
import type {MetricId} from './catalogue.js';

export type {MetricId} from './catalogue.js';

export type UseKind = 'utilization' | 'saturation' | 'errors' | 'info';

/**
 * `io` and `tcp` are host-wide resources with no device: block-I/O stall (PSI io) and the TCP/UDP stack.
 * `system` holds load averages, scheduler and uptime figures that belong to no single resource.
 * `process` (`process:<pid>/<name>`) exists only in the store: the top processes of each tick are
 * recorded so that reports over a time range can name them and find steadily growing ones.
 * `cgroup` (`cgroup:<path>`) is one control group, judged like the host's resources against its own limits.
 */
export type ResourceKind = 'cpu' | 'memory' | 'io' | 'disk' | 'fs' | 'net' | 'tcp' | 'system' | 'service' | 'process' | 'cgroup';

export type Unit =
	| 'percent'
	| 'bytes'
	| 'bytes_per_second'
	| 'per_second'
	| 'milliseconds'
	| 'count'
	| 'ratio'
	| 'seconds';

/** A catalogue entry: what a metric means. Analysis and UI read these, never metric-name substrings. */
export type MetricDefinition = MetricMeaning & {
	/** Stable id, e.g. `cpu.busy_pct`. Stored in the database: never rename, only add. */
	readonly id: MetricId;
};

/** A catalogue entry as written, before its id is known to be one of the catalogue's. */
export type CatalogueEntry = MetricMeaning & {readonly id: string};

type MetricMeaning = {
	readonly label: string;
	readonly unit: Unit;
	readonly resourceKind: ResourceKind;
	readonly use: UseKind;
	readonly description: string;
	/**
	 * For saturation metrics: how the raw value maps onto the methodology's 0–10+ severity scale
	 * (score thresholds 1 / 5 / 10). `normalised = value * saturationScale`. The reason sits next to each entry.
	 */
	readonly saturationScale?: number;
	/** For error metrics: how the raw value maps to an error-rate % for the severity score. */
	readonly errorScale?: number;
	/**
	 * Which way a change hurts: `up` (more busy, more errors), `down` (less available, less idle, a slower
	 * link) or `none` (a size, a clock, reclaimable cache). A deviation from a baseline the other way is
	 * never an alarm, however many σ it is.
	 */
	readonly harmful: HarmfulDirection;
	/** Overrides the unit's practical minimum (`unitMinimumChange` in the catalogue); the reason sits next to the entry. */
	readonly minimumChange?: MinimumChange;
	/** The largest value the metric can take, where not the unit's own (100 for a percentage, else none). */
	readonly maximum?: number;
	/**
	 * For a saturation metric that saturates only in one kind of work: it counts only while metric `id` of
	 * the same resource is above `above` (thousands of forks a second are a problem when the kernel does
	 * most of the busy work, not when compilers started by a build do).
	 */
	/** `id` is a catalogue id (a string here, as the catalogue's own entries are typed from it; checked by its test). */
	readonly saturationGate?: {readonly id: string; readonly above: number};
	/**
	 * Judged at its lowest value over the last few ticks (analyze/sustain.ts): an instantaneous reading
	 * (the run queue) or a rate that one busy second can spike must persist before it scores.
	 */
	readonly sustained?: boolean;
	/**
	 * A severity floor: the severity shown and ranked is at least `severity` while the value is above
	 * `above` for `ticks` consecutive ticks, whatever the additive score says. The reason sits next to each entry.
	 */
	readonly floor?: {readonly above: number; readonly ticks: number; readonly severity: 'HIGH' | 'CRITICAL'};
	/**
	 * A kind-of-work signal (what the CPU spends its time on rather than how much): with a baseline
	 * selected, one far outside its band is listed under the bottlenecks as an informational anomaly.
	 */
	readonly kindOfWork?: boolean;
};

export type HarmfulDirection = 'up' | 'down' | 'none';

/**
 * The smallest change from a baseline's median worth an alarm: the largest of an absolute amount (in the
 * metric's unit), a share of that median, and a share of the resource's capacity (another metric of the
 * same resource, e.g. `memory.total_bytes`). A deviation must exceed this as well as k·σ.
 */
export type MinimumChange = {
	readonly absolute: number;
	readonly ofMedian?: number;
	/** `metric` is a catalogue id, checked by the catalogue's test like `saturationGate.id`. */
	readonly ofCapacity?: {readonly metric: string; readonly share: number};
};

/** A resource instance: `cpu`, `cpu:0` (a core), `memory`, `io`, `tcp`, `system`, `disk:vda`, `fs:/`, `net:eth0`, `service:api`. */
export type ResourceId = string;

/** One value of one metric for one resource at one tick. `undefined` = not known (shown as `—`). */
export type MetricValue = {
	readonly id: MetricId;
	readonly resource: ResourceId;
	readonly value: number | undefined;
};

/** Whether a process is in the group at `path` or below it; unknown (not a named top process) is not. */
export function inCgroup(process: Pick<ProcessSample, 'cgroups'>, path: string): boolean {
	return process.cgroups?.some(own => own === path || own.startsWith(`${path}/`)) ?? false;
}

/** A process as the dashboard and analysis see it: rates over the last interval. */
export type ProcessSample = {
	readonly pid: number;
	readonly name: string;
	readonly command: string;
	/** Login name, or the uid as a number where passwd has none; undefined over a range recorded without it. */
	readonly user: string | undefined;
	readonly state: string;
	/** % of one core; undefined on the first reading of this process. */
	readonly cpuPct: number | undefined;
	readonly rssBytes: number;
	readonly readBytesPerSec: number | undefined;
	readonly writeBytesPerSec: number | undefined;
	/**
	 * Read and write together, what rankings and tables use; undefined when neither is known. A
	 * recorded range keeps only this sum, so its read and write are undefined.
	 */
	readonly ioBytesPerSec: number | undefined;
	/** Undefined over a recorded range, which does not keep it. */
	readonly threads: number | undefined;
	/** The parent's pid (0: none in this namespace); absent over a recorded range. */
	readonly ppid?: number;
	/** Jiffies after boot: with pid, names one process across pid reuse; absent over a recorded range. */
	readonly startTimeTicks?: number;
	/** When it started, ms since the epoch (boot time + start time); absent when either is unknown. */
	readonly startedAtMs?: number;
	/** Its control groups, known for the top processes of a live tick (ProcessReading.cgroups). */
	readonly cgroups?: readonly string[];
};

/**
 * Processes of one command under one parent, the workers of one program, counted as one culprit
 * (analyze/process-groups.ts): their figures summed, named after the first of `pids`. A process on
 * its own is a group of one.
 */
/**
 * The processes recorded at one tick (the store's process record): the union of the top N by CPU,
 * memory and I/O, as `ProcessSample`s. As stored, RSS is kept to 1 KiB, CPU to 0.1 % and I/O to 1 B/s;
 * `command`, `user` and `ppid` are those the process had when first recorded; `startTimeTicks` is absent
 * (`startedAtMs` names the start).
 */
export type ProcessRecord = {
	/** The tick, ms since the epoch. */
	readonly timestampMs: number;
	/** The recording session (one boot, one recorder): rates are continuous only within one. */
	readonly sessionId: number;
	readonly processes: readonly ProcessSample[];
};

/**
 * `processesAt`'s answer: the record of the nearest recorded tick at or before the asked time (which
 * may be long before it: compare `record.timestampMs`), or one line saying why there is none, e.g.
 * "no process records before 2026-12-07 01:12:05" or "no process records in /tmp/p.db (written by a
 * perftop that did not keep them)".
 */
export type ProcessesAt = {readonly ok: true; readonly record: ProcessRecord} | {readonly ok: false; readonly reason: string};

/** What names a recorded process and is stored once: pid + start time + name, with user, command line and parent. */
export type ProcessIdentity = {
	readonly pid: number;
	readonly startedAtMs: number | undefined;
	readonly name: string;
	readonly user: string | undefined;
	readonly command: string;
	readonly ppid: number | undefined;
};

/** One process across ticks: a pid with its start time, so a reused pid is another process. */
export type ProcessKey = {readonly pid: number; readonly startedAtMs?: number | undefined};

/** `ProcessKey` as a string, for maps keyed by process across ticks. */
export function processKeyString(process: ProcessKey): string {
	return `${process.pid}@${process.startedAtMs ?? '?'}`;
}

export type ProcessGroup = ProcessSample & {
	readonly count: number;
	/** Ascending. */
	readonly pids: readonly number[];
};

/** One control group over the last interval (metrics/cgroups.ts); undefined where not known. */
export type CgroupSample = {
	/** `/system.slice/nginx.service`. */
	readonly path: string;
	/** What people call it: `nginx.service`, `docker 3f8a1c2b9d7e`, `pod 6f0b… / containerd c1d2…`. */
	readonly name: string;
	/** Cores' worth of CPU time used over the interval. */
	readonly cpuCores: number | undefined;
	/** The CPU quota in cores; undefined without one. */
	readonly cpuQuotaCores: number | undefined;
	/** CPU used as % of the quota, or of all cores without one. */
	readonly cpuPct: number | undefined;
	/** Share of the interval's CFS periods in which the group was throttled. */
	readonly throttledPct: number | undefined;
	/** Working set: usage minus inactive page cache (where memory.stat was read), else usage. */
	readonly memoryBytes: number | undefined;
	/** memory.max (else memory.high) or v1 limit_in_bytes; undefined when unlimited. */
	readonly memoryLimitBytes: number | undefined;
	/** Working set as % of the limit, or of the machine without one. */
	readonly memoryPct: number | undefined;
	readonly memoryLimitHitsPerSec: number | undefined;
	readonly majorFaultsPerSec: number | undefined;
	readonly oomKillsPerSec: number | undefined;
	readonly ioBytesPerSec: number | undefined;
	readonly pids: number | undefined;
	readonly pidsMax: number | undefined;
	readonly cpuPsiSomePct: number | undefined;
	readonly memoryPsiSomePct: number | undefined;
	readonly memoryPsiFullPct: number | undefined;
	readonly ioPsiSomePct: number | undefined;
};

/** Static facts about the machine, read once at start-up. */
export type Inventory = {
	readonly hostname: string;
	readonly os: string;
	readonly kernel: string;
	readonly cpuModel: string;
	readonly cores: number;
	readonly memoryBytes: number;
	readonly bootTime: number | undefined;
};

/** One derived tick: every metric the catalogue knows, for every resource present. */
export type Sample = {
	/** Wall clock, ms since the epoch. */
	readonly timestamp: number;
	/** Length of the interval the rates cover; undefined for the first reading (no rates yet). */
	readonly intervalMs: number | undefined;
	readonly metrics: readonly MetricValue[];
	/** The union of the top processes by CPU, memory and I/O (at most N each). */
	readonly processes: readonly ProcessSample[];
	/** Every process of a live tick (the dashboard's process table); absent for a sample rebuilt from the store. */
	readonly allProcesses?: readonly ProcessSample[];
	/** Every control group of a live tick, or a recorded moment's top ones (the dashboard's cgroup view); the top ones are in `metrics` too. */
	readonly cgroups?: readonly CgroupSample[];
	readonly unavailable: readonly Unavailable[];
	/**
	 * The latest probe's error of each probed target whose latest probe failed (`service:api` →
	 * "connection refused by 127.0.0.1:9"), for evidence and the Services panel; live only, not recorded.
	 */
	readonly probeErrors?: Readonly<Record<ResourceId, string>>;
	/**
	 * While the CPU's context-switch saturation is judged, the busiest processes' context switches per
	 * second (metrics/switchers.ts), most first; live only, not recorded.
	 */
	readonly switchers?: readonly Switcher[];
	/**
	 * While a fork storm is judged, the kernel's fork events of the interval counted by parent
	 * (collect/fork-trace.ts), or why they cannot be; live only, not recorded.
	 */
	readonly forkTrace?: ForkTrace;
};

/** A forking thread (its pid and name, as the kernel's fork event names it) and the children it started. */
export type ForkParent = {readonly pid: number; readonly name: string; readonly children: number};

/**
 * Forks counted exactly from the kernel's fork events over `windowMs` (`lost` were overwritten in the
 * ring buffer before being read, so counts are a floor when it is above 0), or why they are not.
 */
export type ForkTrace =
	| {readonly kind: 'counted'; readonly parents: readonly ForkParent[]; readonly windowMs: number; readonly lost: number}
	| {readonly kind: 'unavailable'; readonly reason: string};

/** A process and its context switches per second, all threads, voluntary and involuntary together. */
export type Switcher = {readonly pid: number; readonly name: string; readonly switchesPerSec: number};

/** Key of one series in history and store. */
export function seriesKey(id: MetricId, resource: ResourceId): string {
	return `${id}|${resource}`;
}

export function resourceKindOf(resource: ResourceId): ResourceKind {
	const colon = resource.indexOf(':');
	return (colon === -1 ? resource : resource.slice(0, colon)) as ResourceKind;
}

/** The instance part of a resource id: `vda` for `disk:vda`, `/` for `fs:/`, the id itself for `cpu`. */
export function resourceName(resource: ResourceId): string {
	const colon = resource.indexOf(':');
	return colon === -1 ? resource : resource.slice(colon + 1);
}
