import type {Severity, UseAssessment} from '../analyze/types.js';
import type {Snapshot} from '../engine/types.js';
import {formatRatio, formatValue} from '../metrics/format.js';
import {type ResourceId, resourceName, seriesKey} from '../metrics/types.js';
import {addSeries, assessmentFor, busiestResource, indexSample, type SampleIndex} from './sample-index.js';

export type PanelId = 'cpu' | 'memory' | 'disk' | 'network';

/** Grid order: CPU and Memory on top, Disk and Network below; Tab and `1`–`4` follow it. */
export const panelIds: readonly PanelId[] = ['cpu', 'memory', 'disk', 'network'];

export const panelTitles: Readonly<Record<PanelId, string>> = {
	cpu: 'CPU',
	memory: 'Memory',
	disk: 'Disk',
	network: 'Network',
};

export type ChartSpec = {
	readonly series: readonly number[];
	readonly min: number;
	readonly max: number | undefined;
	readonly label: (value: number) => string;
	/** What the chart plots, shown in detail views. */
	readonly caption: string;
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
};

const dash = '—';

const percentLabel = (value: number) => String(Math.round(value));
const bytesLabel = (value: number) => formatValue(value, 'bytes');

/** The U / S / E parts of one assessment, then its severity. */
export function useParts(assessment: UseAssessment | undefined): string[] {
	return [
		`U ${formatValue(assessment?.utilizationPct, 'percent')}`,
		`S ${formatRatio(assessment?.saturation)}`,
		`E ${formatValue(assessment?.errorPct, 'percent')}`,
		assessment?.severity ?? dash,
	];
}

function othersPart(count: number): string {
	return count > 0 ? `+${count} other${count === 1 ? '' : 's'}` : '';
}

export function cpuSummary(snapshot: Snapshot): PanelSummary {
	const index = indexSample(snapshot.sample);
	const cpu = (id: string) => formatValue(index.value(id, 'cpu'), 'percent');
	const system = (id: string) => formatRatio(index.value(id, 'system'));
	const assessment = assessmentFor(snapshot.analysis.assessments, 'cpu');
	return {
		id: 'cpu',
		title: `CPU · ${snapshot.inventory.cores} cores`,
		headline: [
			[`busy ${cpu('cpu.busy_pct')}`, `usr ${cpu('cpu.user_pct')}`, `sys ${cpu('cpu.system_pct')}`, `iowait ${cpu('cpu.iowait_pct')}`, `steal ${cpu('cpu.steal_pct')}`],
			[
				`load ${system('system.load1')} ${system('system.load5')} ${system('system.load15')}`,
				`runnable ${formatValue(index.value('cpu.runnable', 'cpu'), 'count')}`,
				`PSI ${cpu('cpu.psi_some_pct')}`,
			],
		],
		use: useParts(assessment),
		severity: assessment?.severity,
		chart: {series: snapshot.history.series(seriesKey('cpu.busy_pct', 'cpu')), min: 0, max: 100, label: percentLabel, caption: 'busy %'},
	};
}

export function memorySummary(snapshot: Snapshot): PanelSummary {
	const index = indexSample(snapshot.sample);
	const bytes = (id: string) => formatValue(index.value(id, 'memory'), 'bytes');
	const assessment = assessmentFor(snapshot.analysis.assessments, 'memory');
	return {
		id: 'memory',
		title: 'Memory',
		headline: [
			[`used ${bytes('memory.used_bytes')} of ${bytes('memory.total_bytes')}`, `(${formatValue(index.value('memory.used_pct', 'memory'), 'percent')})`],
			[`avail ${bytes('memory.available_bytes')}`, `cache ${bytes('memory.cache_bytes')}`, `swap ${bytes('memory.swap_used_bytes')}`, `PSI ${formatValue(index.value('memory.psi_some_pct', 'memory'), 'percent')}`],
		],
		use: useParts(assessment),
		severity: assessment?.severity,
		chart: {series: snapshot.history.series(seriesKey('memory.used_pct', 'memory')), min: 0, max: 100, label: percentLabel, caption: 'used %'},
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
	const chart: ChartSpec = {series: disk ? snapshot.history.series(seriesKey('disk.util_pct', disk)) : [], min: 0, max: 100, label: percentLabel, caption: 'util %'};
	if (disk === undefined) {
		return {id: 'disk', title: 'Disk', headline: [['no block devices']], use: useParts(undefined), severity: undefined, chart};
	}

	const value = (id: string) => index.value(id, disk);
	return {
		id: 'disk',
		title: `Disk · ${resourceName(disk)}`,
		headline: [
			[`${resourceName(disk)} util ${formatValue(value('disk.util_pct'), 'percent')}`, `r ${formatValue(value('disk.read_bytes_per_s'), 'bytes_per_second')}`, `w ${formatValue(value('disk.write_bytes_per_s'), 'bytes_per_second')}`],
			[`await ${formatValue(value('disk.await_ms'), 'milliseconds')}`, `aqu-sz ${formatRatio(value('disk.queue_size'))}`, othersPart(disks.length - 1)],
		],
		use: useParts(assessment),
		severity: assessment?.severity,
		chart,
	};
}

function networkLoad(index: SampleIndex) {
	return (resource: ResourceId) => (index.value('net.rx_bytes_per_s', resource) ?? 0) + (index.value('net.tx_bytes_per_s', resource) ?? 0);
}

export function busiestInterface(snapshot: Snapshot): ResourceId | undefined {
	const index = indexSample(snapshot.sample);
	return busiestResource(index.resources('net'), snapshot.analysis.assessments, networkLoad(index));
}

export function networkSummary(snapshot: Snapshot): PanelSummary {
	const index = indexSample(snapshot.sample);
	const interfaces = index.resources('net');
	const net = busiestInterface(snapshot);
	const assessment = assessmentFor(snapshot.analysis.assessments, net);
	const series = net
		? addSeries(snapshot.history.series(seriesKey('net.rx_bytes_per_s', net)), snapshot.history.series(seriesKey('net.tx_bytes_per_s', net)))
		: [];
	const chart: ChartSpec = {series, min: 0, max: undefined, label: bytesLabel, caption: 'rx + tx bytes/s'};
	const retrans = `retrans ${formatValue(index.value('tcp.retrans_pct', 'tcp'), 'percent')}`;
	if (net === undefined) {
		return {id: 'network', title: 'Network', headline: [['no network interfaces'], [retrans]], use: useParts(undefined), severity: undefined, chart};
	}

	const value = (id: string) => index.value(id, net);
	return {
		id: 'network',
		title: `Network · ${resourceName(net)}`,
		headline: [
			[`${resourceName(net)} rx ${formatValue(value('net.rx_bytes_per_s'), 'bytes_per_second')}`, `tx ${formatValue(value('net.tx_bytes_per_s'), 'bytes_per_second')}`, `util ${formatValue(value('net.util_pct'), 'percent')}`],
			[`errors ${formatValue(value('net.errors_per_s'), 'per_second')}`, `drops ${formatValue(value('net.drops_per_s'), 'per_second')}`, retrans, othersPart(interfaces.length - 1)],
		],
		use: useParts(assessment),
		severity: assessment?.severity,
		chart,
	};
}

const summarisers: Readonly<Record<PanelId, (snapshot: Snapshot) => PanelSummary>> = {
	cpu: cpuSummary,
	memory: memorySummary,
	disk: diskSummary,
	network: networkSummary,
};

export function panelSummary(id: PanelId, snapshot: Snapshot): PanelSummary {
	return summarisers[id](snapshot);
}

export function allSummaries(snapshot: Snapshot): PanelSummary[] {
	return panelIds.map(id => panelSummary(id, snapshot));
}
