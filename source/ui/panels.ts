import type {Severity, UseAssessment} from '../analyze/types.js';
import {scoreNote} from '../analyze/report-format.js';
import type {Snapshot} from '../engine/types.js';
import {formatRatio, formatValue} from '../metrics/format.js';
import {type MetricId, type ResourceId, resourceName, seriesKey} from '../metrics/types.js';
import {axisFormatter} from './axis.js';
import type {ChartBand} from './chart.js';
import {baselineBand, type DeviationMark, markedFigure} from './comparison.js';
import {addSeries, assessmentFor, busiestResource, indexSample, type SampleIndex} from './sample-index.js';
import {serviceHeadline, serviceTargets, worstService} from './services.js';

export type PanelId = 'cpu' | 'memory' | 'disk' | 'network' | 'services';

/**
 * Grid order: CPU and Memory on top, Disk and Network below, Services (only when probes are configured)
 * across the full width beneath them; Tab and `1`–`5` follow it.
 */
export const panelIds: readonly PanelId[] = ['cpu', 'memory', 'disk', 'network', 'services'];

/** The four resource panels every machine has. */
export const resourcePanelCount = 4;

export const panelTitles: Readonly<Record<PanelId, string>> = {
	cpu: 'CPU',
	memory: 'Memory',
	disk: 'Disk',
	network: 'Network',
	services: 'Services',
};

/** Whether the sample has probed targets, and so a Services panel. */
export function hasServices(snapshot: Snapshot): boolean {
	return serviceTargets(snapshot).length > 0;
}

/** Panels on screen for this snapshot: four, or five with services. */
export function visiblePanelCount(snapshot: Snapshot | undefined): number {
	return snapshot !== undefined && hasServices(snapshot) ? panelIds.length : resourcePanelCount;
}

export type ChartSpec = {
	readonly series: readonly number[];
	readonly min: number;
	readonly max: number | undefined;
	readonly label: (value: number) => string;
	/** What the chart plots, shown in detail views. */
	readonly caption: string;
	/** The baseline's normal band of the plotted series (comparison.ts baselineBand), while a comparison is active. */
	readonly band?: ChartBand;
};

/**
 * What a resource panel shows, independent of how: the Ink panel, the compact view and the plain-text
 * renderer all print these same parts. Each headline line is a list of parts so a narrow panel drops
 * whole figures instead of cutting one in half.
 */
export type PanelSummary = {
	readonly id: PanelId;
	readonly title: string;
	readonly headline: ReadonlyArray<readonly string[]>;
	readonly use: readonly string[];
	readonly severity: Severity | undefined;
	readonly chart: ChartSpec;
	/** ▲/▼ markers inside the headline parts, painted by band where they are drawn. */
	readonly marks: readonly DeviationMark[];
};

const dash = '—';

const percentLabel = axisFormatter('percent');
const bytesLabel = axisFormatter('bytes_per_second');

/**
 * The U / S / E parts of one assessment, its severity, and the methodology's additive score behind it
 * (with the floor that lifted the severity above the score, when one did).
 */
export function useParts(assessment: UseAssessment | undefined): string[] {
	return [
		`U ${formatValue(assessment?.utilizationPct, 'percent')}`,
		`S ${formatRatio(assessment?.saturation)}`,
		`E ${formatValue(assessment?.errorPct, 'percent')}`,
		assessment?.severity ?? dash,
		...(assessment === undefined ? [] : [scoreNote(assessment)]),
	];
}

function othersPart(count: number): string {
	return count > 0 ? `+${count} other${count === 1 ? '' : 's'}` : '';
}

export function cpuSummary(snapshot: Snapshot): PanelSummary {
	const index = indexSample(snapshot.sample);
	const marks: DeviationMark[] = [];
	const cpu = (label: string, id: MetricId) => markedFigure(snapshot, marks, `${label} ${formatValue(index.value(id, 'cpu'), 'percent')}`, id, 'cpu');
	const system = (id: MetricId) => formatRatio(index.value(id, 'system'));
	const assessment = assessmentFor(snapshot.analysis.assessments, 'cpu');
	const key = seriesKey('cpu.busy_pct', 'cpu');
	return {
		id: 'cpu',
		title: `CPU · ${snapshot.inventory.cores} cores`,
		headline: [
			[cpu('busy', 'cpu.busy_pct'), cpu('usr', 'cpu.user_pct'), cpu('sys', 'cpu.system_pct'), cpu('iowait', 'cpu.iowait_pct'), cpu('steal', 'cpu.steal_pct')],
			[
				markedFigure(snapshot, marks, `load ${system('system.load1')} ${system('system.load5')} ${system('system.load15')}`, 'system.load1', 'system'),
				markedFigure(snapshot, marks, `runnable ${formatValue(index.value('cpu.runnable', 'cpu'), 'count')}`, 'cpu.runnable', 'cpu'),
				cpu('PSI', 'cpu.psi_some_pct'),
			],
		],
		use: useParts(assessment),
		severity: assessment?.severity,
		chart: {series: snapshot.history.series(key), min: 0, max: 100, label: percentLabel, caption: 'busy %', band: baselineBand(snapshot.comparison, key)},
		marks,
	};
}

export function memorySummary(snapshot: Snapshot): PanelSummary {
	const index = indexSample(snapshot.sample);
	const marks: DeviationMark[] = [];
	const bytes = (id: MetricId) => formatValue(index.value(id, 'memory'), 'bytes');
	const figure = (text: string, id: MetricId) => markedFigure(snapshot, marks, text, id, 'memory');
	const assessment = assessmentFor(snapshot.analysis.assessments, 'memory');
	const key = seriesKey('memory.used_pct', 'memory');
	return {
		id: 'memory',
		title: 'Memory',
		headline: [
			[figure(`used ${bytes('memory.used_bytes')} of ${bytes('memory.total_bytes')}`, 'memory.used_bytes'), figure(`(${formatValue(index.value('memory.used_pct', 'memory'), 'percent')})`, 'memory.used_pct')],
			[
				figure(`avail ${bytes('memory.available_bytes')}`, 'memory.available_bytes'),
				figure(`cache ${bytes('memory.cache_bytes')}`, 'memory.cache_bytes'),
				figure(`swap ${bytes('memory.swap_used_bytes')}`, 'memory.swap_used_bytes'),
				figure(`PSI ${formatValue(index.value('memory.psi_some_pct', 'memory'), 'percent')}`, 'memory.psi_some_pct'),
			],
		],
		use: useParts(assessment),
		severity: assessment?.severity,
		chart: {series: snapshot.history.series(key), min: 0, max: 100, label: percentLabel, caption: 'used %', band: baselineBand(snapshot.comparison, key)},
		marks,
	};
}

function diskLoad(index: SampleIndex) {
	return (resource: ResourceId) => (index.value('disk.read_bytes_per_s', resource) ?? 0) + (index.value('disk.write_bytes_per_s', resource) ?? 0);
}

export function busiestDisk(snapshot: Snapshot): ResourceId | undefined {
	const index = indexSample(snapshot.sample);
	return busiestResource(index.resources('disk'), snapshot.analysis.assessments, diskLoad(index));
}

export function diskSummary(snapshot: Snapshot): PanelSummary {
	const index = indexSample(snapshot.sample);
	const disks = index.resources('disk');
	const disk = busiestDisk(snapshot);
	const assessment = assessmentFor(snapshot.analysis.assessments, disk);
	const key = disk === undefined ? undefined : seriesKey('disk.util_pct', disk);
	const chart: ChartSpec = {
		series: key ? snapshot.history.series(key) : [],
		min: 0,
		max: 100,
		label: percentLabel,
		caption: 'util %',
		band: key ? baselineBand(snapshot.comparison, key) : undefined,
	};
	if (disk === undefined) {
		return {id: 'disk', title: 'Disk', headline: [['no block devices']], use: useParts(undefined), severity: undefined, chart, marks: []};
	}

	const marks: DeviationMark[] = [];
	const figure = (label: string, id: MetricId, unit: 'percent' | 'bytes_per_second' | 'milliseconds') =>
		markedFigure(snapshot, marks, `${label} ${formatValue(index.value(id, disk), unit)}`, id, disk);
	return {
		id: 'disk',
		title: `Disk · ${resourceName(disk)}`,
		headline: [
			[figure(`${resourceName(disk)} util`, 'disk.util_pct', 'percent'), figure('r', 'disk.read_bytes_per_s', 'bytes_per_second'), figure('w', 'disk.write_bytes_per_s', 'bytes_per_second')],
			[
				figure('await', 'disk.await_ms', 'milliseconds'),
				markedFigure(snapshot, marks, `aqu-sz ${formatRatio(index.value('disk.queue_size', disk))}`, 'disk.queue_size', disk),
				othersPart(disks.length - 1),
			],
		],
		use: useParts(assessment),
		severity: assessment?.severity,
		chart,
		marks,
	};
}

function networkLoad(index: SampleIndex) {
	return (resource: ResourceId) => (index.value('net.rx_bytes_per_s', resource) ?? 0) + (index.value('net.tx_bytes_per_s', resource) ?? 0);
}

/** Interfaces that only relay or loop traffic back: loopback, IFB shapers, veth pairs, bridges, tunnels. */
const virtualInterface = /^(lo|ifb|veth|docker|br-|virbr|vnet|tun|tap|dummy|cni|flannel|cali|kube-)/;

export function isPhysicalLooking(name: string): boolean {
	return !virtualInterface.test(name);
}

/**
 * On a tie (an idle machine: every interface at 0 B/s) the panel should show the uplink, not `ifb0`:
 * an interface with a link speed first, then one whose name is not a known virtual kind, then name order.
 */
export function preferInterface(index: SampleIndex): (a: ResourceId, b: ResourceId) => number {
	const rank = (resource: ResourceId) =>
		(index.value('net.speed_mbps', resource) === undefined ? 2 : 0) + (isPhysicalLooking(resourceName(resource)) ? 0 : 1);
	return (a, b) => rank(a) - rank(b) || (resourceName(a) < resourceName(b) ? -1 : resourceName(a) > resourceName(b) ? 1 : 0);
}

/**
 * The interface the panel shows: one judged MEDIUM or worse first, else the one carrying the most
 * traffic (a loopback at 3 GB/s, not an idle eth0 whose LOW score happens to be higher).
 */
export function busiestInterface(snapshot: Snapshot): ResourceId | undefined {
	const index = indexSample(snapshot.sample);
	const judged = snapshot.analysis.assessments.filter(assessment => assessment.severity !== 'LOW');
	return busiestResource(index.resources('net'), judged, networkLoad(index), preferInterface(index));
}

/** Every interface, in the order `i` walks them: the uplink-looking ones first, as on an idle tie. */
export function networkInterfaces(snapshot: Snapshot): ResourceId[] {
	const index = indexSample(snapshot.sample);
	return [...index.resources('net')].sort(preferInterface(index));
}

/**
 * `+2 others (lo 3.3 GB/s)`: the interfaces not shown that are up (a link speed) or carry traffic, and
 * the busiest of them when it carries any. A down interface with no link and no traffic is not counted.
 */
function otherInterfaces(index: SampleIndex, interfaces: readonly ResourceId[], shown: ResourceId): string {
	const load = networkLoad(index);
	const others = interfaces.filter(resource => resource !== shown && (load(resource) > 0 || index.value('net.speed_mbps', resource) !== undefined));
	const busiest = others.reduce<ResourceId | undefined>((best, resource) => (load(resource) > (best === undefined ? 0 : load(best)) ? resource : best), undefined);
	const hint = busiest === undefined ? '' : ` (${resourceName(busiest)} ${formatValue(load(busiest), 'bytes_per_second')})`;
	return others.length === 0 ? '' : othersPart(others.length) + hint;
}

/** `chosen`: the interface picked with `i`; while it is there it is shown instead of the busiest. */
export function networkSummary(snapshot: Snapshot, chosen?: ResourceId): PanelSummary {
	const index = indexSample(snapshot.sample);
	const interfaces = index.resources('net');
	const pinned = chosen !== undefined && interfaces.includes(chosen);
	const net = pinned ? chosen : busiestInterface(snapshot);
	const assessment = assessmentFor(snapshot.analysis.assessments, net);
	const series = net
		? addSeries(snapshot.history.series(seriesKey('net.rx_bytes_per_s', net)), snapshot.history.series(seriesKey('net.tx_bytes_per_s', net)))
		: [];
	// No baseline band: the chart plots rx + tx, and the baseline summarises each direction on its own;
	// percentiles of two series do not add up to the percentiles of their sum.
	const chart: ChartSpec = {series, min: 0, max: undefined, label: bytesLabel, caption: 'rx + tx bytes/s'};
	const marks: DeviationMark[] = [];
	const retrans = markedFigure(snapshot, marks, `retrans ${formatValue(index.value('tcp.retrans_pct', 'tcp'), 'percent')}`, 'tcp.retrans_pct', 'tcp');
	if (net === undefined) {
		return {id: 'network', title: 'Network', headline: [['no network interfaces'], [retrans]], use: useParts(undefined), severity: undefined, chart, marks};
	}

	const figure = (label: string, id: MetricId, unit: 'percent' | 'bytes_per_second' | 'per_second') =>
		markedFigure(snapshot, marks, `${label} ${formatValue(index.value(id, net), unit)}`, id, net);
	return {
		id: 'network',
		title: `Network · ${resourceName(net)}${pinned ? ' (i: next)' : ''}`,
		headline: [
			[figure(`${resourceName(net)} rx`, 'net.rx_bytes_per_s', 'bytes_per_second'), figure('tx', 'net.tx_bytes_per_s', 'bytes_per_second'), figure('util', 'net.util_pct', 'percent')],
			[figure('errors', 'net.errors_per_s', 'per_second'), figure('drops', 'net.drops_per_s', 'per_second'), retrans, otherInterfaces(index, interfaces, net)],
		],
		use: useParts(assessment),
		severity: assessment?.severity,
		chart,
		marks,
	};
}

/** The worst target leads: its p95 is charted, its U / S / E is the panel's. */
export function servicesSummary(snapshot: Snapshot): PanelSummary {
	const worst = worstService(snapshot);
	const assessment = assessmentFor(snapshot.analysis.assessments, worst);
	const key = worst === undefined ? undefined : seriesKey('service.latency_p95_ms', worst);
	const targets = serviceTargets(snapshot);
	const marks: DeviationMark[] = [];
	return {
		id: 'services',
		title: targets.length === 0 ? 'Services' : `Services · ${targets.length} target${targets.length === 1 ? '' : 's'}`,
		headline: serviceHeadline(snapshot, worst, (text, id, resource) => markedFigure(snapshot, marks, text, id, resource)),
		use: useParts(assessment),
		severity: assessment?.severity,
		chart: {
			series: key ? snapshot.history.series(key) : [],
			min: 0,
			max: undefined,
			label: axisFormatter('milliseconds'),
			caption: worst === undefined ? 'p95 ms' : `${resourceName(worst)} p95 ms`,
			band: key ? baselineBand(snapshot.comparison, key) : undefined,
		},
		marks,
	};
}

const summarisers: Readonly<Record<PanelId, (snapshot: Snapshot) => PanelSummary>> = {
	cpu: cpuSummary,
	memory: memorySummary,
	disk: diskSummary,
	network: snapshot => networkSummary(snapshot),
	services: servicesSummary,
};

/** What the view chose beyond the snapshot: the interface picked with `i`. */
export type SummaryOptions = {readonly netInterface?: ResourceId | undefined};

export function panelSummary(id: PanelId, snapshot: Snapshot, options: SummaryOptions = {}): PanelSummary {
	return id === 'network' ? networkSummary(snapshot, options.netInterface) : summarisers[id](snapshot);
}

/** The four resource panels' summaries (services have their own one-line-a-target section). */
export function allSummaries(snapshot: Snapshot, options: SummaryOptions = {}): PanelSummary[] {
	return panelIds.slice(0, resourcePanelCount).map(id => panelSummary(id, snapshot, options));
}
