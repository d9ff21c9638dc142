// Evidence for every kind of resource: one piece because each kind's facts are a few lines over the same
// weighting (a fact weighs the points of the USE cell it speaks for) and the same helpers.
import {metricDefinition} from '../metrics/catalogue.js';
import {formatValue} from '../metrics/format.js';
import type {MetricId, ResourceId, ResourceKind, Switcher} from '../metrics/types.js';
import {resourceKindOf, resourceName} from '../metrics/types.js';
import {forkerText, type ForkingParent} from './forkers.js';
import {isDown} from './service-down.js';
import {pointsFor, type Thresholds} from './severity.js';
import {SUSTAIN_TICKS, type Sustainer} from './sustain.js';

/** Known values of one resource's metrics, by catalogue id; an unknown value is simply absent. */
export type ResourceValues = ReadonlyMap<MetricId, number>;

/** The value each saturation metric was judged at (analyze/use.ts); undefined while a sustained one warms up. */
export type JudgedValues = ReadonlyMap<string, number | undefined>;

/** What evidence for one resource may draw on beyond its own metrics. */
export type EvidenceContext = {
	/** Online cores, counted from the sample's `cpu:<n>` resources; undefined when the sample has none. */
	readonly cores: number | undefined;
	/** The busiest core, when per-core figures are known. */
	readonly hottestCore: {readonly name: string; readonly busyPct: number} | undefined;
	/** Length of the interval the rates cover, to turn a per-second rate of rare events into a count. */
	readonly intervalMs: number | undefined;
	readonly thresholds: Thresholds;
	readonly sustainer: Sustainer;
	/** The latest probe's error of each failing service target (Sample.probeErrors). */
	readonly probeErrors?: Readonly<Record<ResourceId, string>>;
	/** The busiest processes' context switches, while a context-switch storm is judged (Sample.switchers). */
	readonly switchers?: readonly Switcher[];
	/** The parent that started the most children during the interval (forkers.ts), asked for only while forks score. */
	readonly forker?: () => ForkingParent | undefined;
};

/** One line of evidence and how much it says: the severity points of the USE cell it speaks for. */
type Fact = {
	readonly text: string;
	readonly weight: number;
};

/**
 * /proc/vmstat counts swap traffic in pages. 4 KiB is the page size on x86-64 and on arm64's default
 * configuration; the catalogue's swap normalisation (4 MB/s ≈ 1) assumes the same.
 */
export const PAGE_BYTES = 4096;

// A busy average hides one pegged core: a core above this while the average is below the
// second figure is the usual signature of a single-threaded hot spot.
export const HOT_CORE_PCT = 90;
export const HOT_CORE_AVERAGE_BELOW_PCT = 60;

// Interrupt time (hard + soft) above this share of all CPU time is named in the CPU evidence.
export const NOTABLE_INTERRUPT_PCT = 10;

export function formatPct(value: number): string {
	return formatValue(value, 'percent');
}

/** Link throughput in Mbit/s, the unit link speeds are given in. */
export function formatMbitPerSec(bytesPerSec: number): string {
	const mbit = (bytesPerSec * 8) / 1e6;
	// Idle links carry kbit/s: two decimals keep them from reading as a flat 0.
	const digits = mbit >= 10 ? 0 : (mbit >= 1 ? 1 : 2);
	return `${Number(mbit.toFixed(digits))} Mbit/s`;
}

/** Normalised saturation of one metric (raw value × its catalogue scale). */
export function normalisedSaturation(id: MetricId, value: number): number {
	// A saturation metric without a scale is already on the 0–10+ scale.
	return value * (metricDefinition(id)?.saturationScale ?? 1);
}

/** Error rate % of one metric (raw value × its catalogue scale). */
export function normalisedErrorPct(id: MetricId, value: number): number {
	return value * (metricDefinition(id)?.errorScale ?? 1);
}

/** Severity points one metric's value alone would score in its USE cell; info metrics score nothing. */
function metricPoints(id: MetricId, value: number, thresholds: Thresholds): number {
	switch (metricDefinition(id)?.use) {
		case 'utilization': {
			return pointsFor(value, thresholds.utilizationPct);
		}

		case 'saturation': {
			return pointsFor(normalisedSaturation(id, value), thresholds.saturation);
		}

		case 'errors': {
			return pointsFor(normalisedErrorPct(id, value), thresholds.errorPct);
		}

		default: {
			return 0;
		}
	}
}

/**
 * Evidence strings with numbers and units, most telling first (highest points; ties keep the
 * natural reading order of the resource's facts). A saturation metric weighs what it was judged at.
 */
export function buildEvidence(resource: ResourceId, values: ResourceValues, context: EvidenceContext, judged: JudgedValues = new Map()): string[] {
	// A literal rather than a spread: one object shape, built once per resource on every tick.
	const factContext: FactContext = {cores: context.cores, hottestCore: context.hottestCore, intervalMs: context.intervalMs, thresholds: context.thresholds, sustainer: context.sustainer, probeErrors: context.probeErrors, switchers: context.switchers, forker: context.forker, judged};
	const facts = factsFor(resourceKindOf(resource), resource, values, factContext);
	return facts
		.map((fact, index) => ({fact, index}))
		.sort((a, b) => b.fact.weight - a.fact.weight || a.index - b.index)
		.map(({fact}) => fact.text);
}

/** What facts are built from: the shared context and this resource's judged values. */
type FactContext = EvidenceContext & {readonly judged: JudgedValues};

function factsFor(kind: ResourceKind, resource: ResourceId, values: ResourceValues, context: FactContext): Fact[] {
	switch (kind) {
		case 'cpu': {
			return cpuFacts(values, context);
		}

		case 'memory': {
			return memoryFacts(values, context);
		}

		case 'io': {
			return ioFacts(values, context);
		}

		case 'disk': {
			return diskFacts(resourceName(resource), values, context);
		}

		case 'fs': {
			return filesystemFacts(resourceName(resource), values, context);
		}

		case 'net': {
			return networkFacts(resourceName(resource), values, context);
		}

		case 'tcp': {
			return tcpFacts(values, context);
		}

		case 'service': {
			return serviceFacts(resource, values, context);
		}

		case 'cgroup': {
			return cgroupFacts(values, context);
		}

		default: {
			return genericFacts(values, context);
		}
	}
}

/** A fact from one metric when its value is known (and passes `when`), weighted by its own points. */
function fact(
	values: ResourceValues,
	id: MetricId,
	context: FactContext,
	text: (value: number) => string,
	when: (value: number) => boolean = () => true,
): Fact[] {
	const value = values.get(id);
	if (value === undefined || !when(value)) {
		return [];
	}

	return [{text: text(value), weight: weightOf(id, value, context)}];
}

/** Points of a metric's value, or of what it was judged at when it was (a closed gate or a spike weighs nothing). */
function weightOf(id: MetricId, value: number, context: FactContext): number {
	const judged = context.judged.has(id) ? context.judged.get(id) : value;
	return judged === undefined ? 0 : metricPoints(id, judged, context.thresholds);
}

const positive = (value: number): boolean => value > 0;

function cpuFacts(values: ResourceValues, context: FactContext): Fact[] {
	const busyPct = values.get('cpu.busy_pct');
	const busyWeight = busyPct === undefined ? 0 : metricPoints('cpu.busy_pct', busyPct, context.thresholds);
	const facts: Fact[] = [...fact(values, 'cpu.busy_pct', context, value => `busy ${formatPct(value)}`)];

	const hot = context.hottestCore;
	if (hot && busyPct !== undefined && hot.busyPct > HOT_CORE_PCT && busyPct < HOT_CORE_AVERAGE_BELOW_PCT) {
		facts.push({text: `${hot.name} at ${formatPct(hot.busyPct)} — single-threaded?`, weight: Math.max(1, busyWeight)});
	}

	facts.push(
		...runQueueFacts(values, context),
		...fact(values, 'cpu.psi_some_pct', context, value => `PSI some ${formatPct(value)}`),
		...kernelWorkFacts(values, context),
		...fact(values, 'cpu.steal_pct', context, value => `steal ${formatPct(value)}`, value => weightOf('cpu.steal_pct', value, context) > 0),
		...interruptFacts(values, busyWeight),
	);
	return facts;
}

/**
 * Kernel-bound CPU time with a high fork or context-switch rate: named once either scores (its gate
 * open and held for the sustain window), weighted like its saturation.
 */
function kernelWorkFacts(values: ResourceValues, context: FactContext): Fact[] {
	const churn = [
		...fact(values, 'system.forks_per_s', context, value => `new processes ${formatValue(value, 'per_second')}`),
		...fact(values, 'system.context_switches_per_core_per_s', context, value => `context switches ${formatValue(value, 'per_second')} per core`),
	].filter(item => item.weight > 0);
	const kernel = kernelText(values);
	if (churn.length === 0 || kernel === undefined) {
		return [];
	}

	const weight = Math.max(...churn.map(item => item.weight));
	return [{text: kernel, weight}, ...churn, ...forkerFacts(context, churn), ...switcherFacts(context, churn)];
}

/**
 * "top forker bash (pid 8812) started 1.9k children in the last second": where a fork storm comes from,
 * with the storm's weight. Not "top:", which the bottleneck line gives the busiest process after it.
 */
function forkerFacts(context: FactContext, churn: readonly Fact[]): Fact[] {
	const forks = churn.find(item => item.text.startsWith('new processes'));
	const forker = forks === undefined ? undefined : context.forker?.();
	return forks === undefined || forker === undefined ? [] : [{text: `top forker ${forkerText(forker)}`, weight: forks.weight}];
}

/** "top switchers: pipe-pong (pid 812) 210k/s, …": the processes a context-switch storm comes from, with the storm's weight. */
function switcherFacts(context: FactContext, churn: readonly Fact[]): Fact[] {
	const switches = churn.find(item => item.text.startsWith('context switches'));
	const top = context.switchers?.slice(0, 3) ?? [];
	if (switches === undefined || top.length === 0) {
		return [];
	}

	const named = top.map(switcher => `${switcher.name} (pid ${switcher.pid}) ${formatValue(switcher.switchesPerSec, 'per_second')}`);
	return [{text: `top switchers ${named.join(', ')}`, weight: switches.weight}];
}

/** "kernel 48% of CPU time (94% of busy)": how much of the machine the kernel takes, and of the work done. */
export function kernelText(values: {get: (id: MetricId) => number | undefined}): string | undefined {
	const systemPct = values.get('cpu.system_pct');
	const sharePct = values.get('cpu.system_share_pct');
	return systemPct === undefined ? undefined : `kernel ${formatPct(systemPct)} of CPU time${sharePct === undefined ? '' : ` (${formatPct(sharePct)} of busy)`}`;
}

/** Hard and soft interrupts are busy time spent on devices: worth naming when large, weighty when most of the busy time. */
function interruptFacts(values: ResourceValues, busyWeight: number): Fact[] {
	const irqPct = values.get('cpu.irq_pct') ?? 0;
	const softirqPct = values.get('cpu.softirq_pct') ?? 0;
	const busyPct = values.get('cpu.busy_pct');
	if (irqPct + softirqPct <= NOTABLE_INTERRUPT_PCT) {
		return [];
	}

	const parts = [irqPct > 0 ? `irq ${formatPct(irqPct)}` : undefined, softirqPct > 0 ? `softirq ${formatPct(softirqPct)}` : undefined].filter(part => part !== undefined);
	const mostOfBusy = busyPct !== undefined && irqPct + softirqPct > busyPct / 2;
	return [{text: `interrupts: ${parts.join(', ')} of CPU time`, weight: mostOfBusy ? busyWeight : 0}];
}

function runQueueFacts(values: ResourceValues, context: FactContext): Fact[] {
	const runnable = values.get('cpu.runnable');
	const excess = values.get('cpu.runqueue_excess_per_core');
	const weight = excess === undefined ? 0 : weightOf('cpu.runqueue_excess_per_core', excess, context);
	if (runnable !== undefined) {
		const cores = context.cores === undefined ? '' : ` for ${context.cores} ${context.cores === 1 ? 'core' : 'cores'}`;
		return [{text: `run queue ${formatValue(runnable, 'count')}${cores}${heldText(excess, context)}`, weight}];
	}

	if (excess !== undefined) {
		return [{text: `run-queue excess ${formatValue(excess, 'ratio')} per core${heldText(excess, context)}`, weight}];
	}

	return [];
}

/**
 * How the instantaneous run queue held over the sustain window, when it is above the cores now:
 * "≥ 4 for 3 ticks", "not held (3-tick low ≤ 2)", or "judged after 3 ticks" while the window fills.
 */
function heldText(excess: number | undefined, context: FactContext): string {
	if (excess === undefined || excess <= 0 || !context.judged.has('cpu.runqueue_excess_per_core')) {
		return '';
	}

	const lowest = context.judged.get('cpu.runqueue_excess_per_core');
	if (lowest === undefined) {
		return ` (judged after ${SUSTAIN_TICKS} ticks)`;
	}

	if (lowest === excess) {
		return '';
	}

	const cores = context.cores ?? 1;
	return lowest > 0
		? `, ≥ ${formatValue(Math.round(cores * (1 + lowest)), 'count')} for ${SUSTAIN_TICKS} ticks`
		: `, not held (≤ ${formatValue(cores, 'count')} within ${SUSTAIN_TICKS} ticks)`;
}

function memoryFacts(values: ResourceValues, context: FactContext): Fact[] {
	return [
		...fact(values, 'memory.used_pct', context, value => `used ${formatPct(value)}`),
		...fact(values, 'memory.swap_pages_per_s', context, value => `swap ${formatValue(value * PAGE_BYTES, 'bytes_per_second')}`, positive),
		...fact(values, 'memory.major_faults_per_s', context, value => `major faults ${formatValue(value, 'per_second')}`, positive),
		...fact(values, 'memory.psi_some_pct', context, value => `PSI some ${formatPct(value)}`),
		...fact(values, 'memory.oom_kills_per_s', context, value => oomText(value, context.intervalMs), positive),
	];
}

export function oomText(perSec: number, intervalMs: number | undefined): string {
	if (intervalMs === undefined) {
		return `OOM kills ${formatValue(perSec, 'per_second')}`;
	}

	const kills = Math.max(1, Math.round((perSec * intervalMs) / 1000));
	return `${kills} OOM ${kills === 1 ? 'kill' : 'kills'} in the last interval`;
}

function ioFacts(values: ResourceValues, context: FactContext): Fact[] {
	return [
		...fact(values, 'io.psi_some_pct', context, value => `I/O stall (PSI some) ${formatPct(value)}`),
		...fact(values, 'io.psi_full_pct', context, value => `PSI full ${formatPct(value)}`, positive),
	];
}

function diskFacts(name: string, values: ResourceValues, context: FactContext): Fact[] {
	const queue = values.get('disk.queue_size');
	// await rises with the queue: it speaks for the same saturation cell as aqu-sz.
	const queueWeight = queue === undefined ? 0 : metricPoints('disk.queue_size', queue, context.thresholds);
	const awaitMs = values.get('disk.await_ms');
	return [
		...fact(values, 'disk.util_pct', context, value => `${name} busy ${formatPct(value)}`),
		...(awaitMs === undefined ? [] : [{text: `await ${formatValue(awaitMs, 'milliseconds')}`, weight: queueWeight}]),
		...fact(values, 'disk.queue_size', context, value => `aqu-sz ${formatValue(value, 'ratio')}`),
		...fact(values, 'disk.write_bytes_per_s', context, value => `write ${formatValue(value, 'bytes_per_second')}`, positive),
		...fact(values, 'disk.read_bytes_per_s', context, value => `read ${formatValue(value, 'bytes_per_second')}`, positive),
	];
}

function filesystemFacts(mountPoint: string, values: ResourceValues, context: FactContext): Fact[] {
	const usedPct = values.get('fs.used_pct');
	const availableBytes = values.get('fs.available_bytes');
	const facts = fact(values, 'fs.used_pct', context, value =>
		availableBytes === undefined
			? `${mountPoint} ${formatPct(value)} full`
			: `${mountPoint} ${formatPct(value)} full, ${formatValue(availableBytes, 'bytes')} free`);
	// Inodes matter only when they run out before the space does.
	facts.push(...fact(values, 'fs.inodes_used_pct', context, value => `inodes ${formatPct(value)} used`, value => usedPct === undefined || value > usedPct));
	return facts;
}

function networkFacts(name: string, values: ResourceValues, context: FactContext): Fact[] {
	const rx = values.get('net.rx_bytes_per_s');
	const tx = values.get('net.tx_bytes_per_s');
	const speedMbps = values.get('net.speed_mbps');
	const facts: Fact[] = [];
	if (speedMbps === undefined) {
		facts.push({text: noSpeedText(name, rx, tx), weight: 0});
	} else if (rx !== undefined || tx !== undefined) {
		const [direction, bytesPerSec] = (rx ?? -1) >= (tx ?? -1) ? ['rx', rx ?? 0] : ['tx', tx ?? 0];
		const utilPct = values.get('net.util_pct');
		facts.push({
			text: `${name} ${direction} ${formatMbitPerSec(bytesPerSec)} of ${speedMbps}`,
			weight: utilPct === undefined ? 0 : metricPoints('net.util_pct', utilPct, context.thresholds),
		});
	}

	const errorPct = values.get('net.error_pct');
	const errorWeight = errorPct === undefined ? 0 : metricPoints('net.error_pct', errorPct, context.thresholds);
	facts.push(...fact(values, 'net.error_pct', context, value => `error rate ${formatPct(value)}`, positive));
	for (const [id, label] of [['net.drops_per_s', 'drops'], ['net.errors_per_s', 'errors']] as const) {
		const value = values.get(id);
		if (value !== undefined && value > 0) {
			facts.push({text: `${label} ${formatValue(value, 'per_second')}`, weight: errorWeight});
		}
	}

	return facts;
}

/** Without a link speed (lo, bridges, veths) there is no capacity to divide by: say so and show the traffic. */
function noSpeedText(name: string, rx: number | undefined, tx: number | undefined): string {
	if (rx === undefined && tx === undefined) {
		return `${name} has no link speed: utilization not defined`;
	}

	// On loopback every byte sent is also received, so one direction is the whole traffic.
	if (name === 'lo') {
		return `${name} has no link speed: throughput ${formatValue(Math.max(rx ?? 0, tx ?? 0), 'bytes_per_second')}, utilization not defined`;
	}

	return `${name} has no link speed: rx ${formatValue(rx, 'bytes_per_second')}, tx ${formatValue(tx, 'bytes_per_second')}, utilization not defined`;
}

function tcpFacts(values: ResourceValues, context: FactContext): Fact[] {
	return [
		...fact(values, 'tcp.retrans_pct', context, value => `retransmits ${formatPct(value)}`),
		...fact(values, 'tcp.listen_drops_per_s', context, value => `listen drops ${formatValue(value, 'per_second')}`, positive),
		...fact(values, 'tcp.udp_errors_per_s', context, value => `UDP errors ${formatValue(value, 'per_second')}`, positive),
	];
}

/**
 * A probed target: a failing one names its last error, first when it is down (the severity floor says
 * "down" and for how long); then its scored RED figures.
 */
function serviceFacts(resource: ResourceId, values: ResourceValues, context: FactContext): Fact[] {
	const lastError = context.probeErrors?.[resource];
	const weight = isDown(values.get('service.failing_s')) ? Number.POSITIVE_INFINITY : metricPoints('service.error_pct', values.get('service.error_pct') ?? 0, context.thresholds);
	return [...(lastError === undefined ? [] : [{text: `last probe failed: ${lastError}`, weight}]), ...genericFacts(values, context)];
}

/**
 * A control group, against its own limits: "memory 243 MiB of 256 MiB limit (95%)", "CPU 0.5 of 0.5
 * cores quota (98%)", "throttled in 60% of periods", then reclaim, kills, stalls and I/O.
 */
function cgroupFacts(values: ResourceValues, context: FactContext): Fact[] {
	return [
		...fact(values, 'cgroup.memory_pct', context, value => cgroupMemoryText(values, value)),
		...fact(values, 'cgroup.oom_kills_per_s', context, value => oomText(value, context.intervalMs), positive),
		...fact(values, 'cgroup.memory_limit_hits_per_s', context, value => `limit hit ${formatValue(value, 'per_second')}`, positive),
		...fact(values, 'cgroup.major_faults_per_s', context, value => `major faults ${formatValue(value, 'per_second')}`, positive),
		...fact(values, 'cgroup.memory_psi_some_pct', context, value => `memory PSI some ${formatPct(value)}`, positive),
		...fact(values, 'cgroup.cpu_pct', context, value => cgroupCpuText(values, value)),
		...fact(values, 'cgroup.throttled_pct', context, value => `throttled in ${formatPct(value)} of periods`, positive),
		...fact(values, 'cgroup.cpu_psi_some_pct', context, value => `CPU PSI some ${formatPct(value)}`, positive),
		...fact(values, 'cgroup.io_psi_some_pct', context, value => `I/O PSI some ${formatPct(value)}`, positive),
		...fact(values, 'cgroup.io_bytes_per_s', context, value => `I/O ${formatValue(value, 'bytes_per_second')}`, positive),
		...fact(values, 'cgroup.pids_pct', context, value => `tasks ${formatPct(value)} of pids.max`, value => value > 50),
	];
}

/** "memory 243 MiB of 256 MiB limit (95%)", or "memory 1.2 GiB (5% of the machine)" without a limit. */
export function cgroupMemoryText(values: {get: (id: MetricId) => number | undefined}, memoryPct: number): string {
	const bytes = values.get('cgroup.memory_bytes');
	const limit = values.get('cgroup.memory_limit_bytes');
	if (bytes === undefined) {
		return `memory ${formatPct(memoryPct)} of ${limit === undefined ? 'the machine' : 'its limit'}`;
	}

	return limit === undefined
		? `memory ${formatValue(bytes, 'bytes')} (${formatPct(memoryPct)} of the machine)`
		: `memory ${formatValue(bytes, 'bytes')} of ${formatValue(limit, 'bytes')} limit (${formatPct(memoryPct)})`;
}

/** "CPU 0.49 of 0.5 cores quota (98%)", or "CPU 1.2 cores (60% of the machine)" without a quota. */
export function cgroupCpuText(values: {get: (id: MetricId) => number | undefined}, cpuPct: number): string {
	const cores = values.get('cgroup.cpu_cores');
	const quota = values.get('cgroup.cpu_quota_cores');
	const coresText = (value: number) => `${Number(value.toFixed(2))} ${value === 1 ? 'core' : 'cores'}`;
	if (cores === undefined) {
		return `CPU ${formatPct(cpuPct)} of ${quota === undefined ? 'the machine' : 'its quota'}`;
	}

	return quota === undefined
		? `CPU ${coresText(cores)} (${formatPct(cpuPct)} of the machine)`
		: `CPU ${Number(cores.toFixed(2))} of ${coresText(quota)} quota (${formatPct(cpuPct)})`;
}

/** Any other resource (future kinds): its known USE metrics by catalogue label. */
function genericFacts(values: ResourceValues, context: FactContext): Fact[] {
	const facts: Fact[] = [];
	for (const [id, value] of values) {
		const definition = metricDefinition(id);
		if (definition && definition.use !== 'info') {
			facts.push({text: `${definition.label} ${formatValue(value, definition.unit)}`, weight: metricPoints(id, value, context.thresholds)});
		}
	}

	return facts;
}
