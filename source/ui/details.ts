import type {UseAssessment} from '../analyze/types.js';
import type {Snapshot} from '../engine/types.js';
import {formatRatio, formatValue} from '../metrics/format.js';
import {metricDefinition} from '../metrics/catalogue.js';
import {type MetricId, type ResourceId, resourceName, seriesKey, type Unit} from '../metrics/types.js';
import type {PanelId} from './panels.js';
import {assessmentFor, indexSample, type SampleIndex} from './sample-index.js';
import {miniSparkline, serviceDetailLines} from './services.js';
import {formatTable} from './table.js';
import {cleanText, joinFitting, rule, truncate} from './text.js';

/**
 * The text of a detail view above its chart, each line at most `width` cells. Lines are ordered by
 * importance: when the terminal is short the view keeps the top and the chart.
 */
export function detailLines(id: PanelId, snapshot: Snapshot, width: number): string[] {
	const index = indexSample(snapshot.sample);
	switch (id) {
		case 'cpu': {
			return cpuDetail(index, snapshot, width);
		}

		case 'memory': {
			return memoryDetail(index, width);
		}

		case 'disk': {
			return diskDetail(index, width);
		}

		case 'network': {
			return networkDetail(index, width);
		}

		case 'services': {
			return serviceDetailLines(snapshot, width);
		}
	}
}

const percent = (value: number | undefined) => formatValue(value, 'percent');

function psiParts(index: SampleIndex): string[] {
	return [
		`PSI cpu some ${percent(index.value('cpu.psi_some_pct', 'cpu'))} full ${percent(index.value('cpu.psi_full_pct', 'cpu'))}`,
		`memory some ${percent(index.value('memory.psi_some_pct', 'memory'))} full ${percent(index.value('memory.psi_full_pct', 'memory'))}`,
		`io some ${percent(index.value('io.psi_some_pct', 'io'))} full ${percent(index.value('io.psi_full_pct', 'io'))}`,
	];
}

function coreNumber(resource: ResourceId): number {
	const number = Number(resourceName(resource));
	return Number.isFinite(number) ? number : Number.MAX_SAFE_INTEGER;
}

/** `cpu3 ████████░░░░░░░  53%`: one line a core, filled in proportion to its busy share. */
export function coreBar(name: string, busyPct: number | undefined, width: number): string {
	const label = name.padEnd(6);
	const value = percent(busyPct).padStart(6);
	const barWidth = Math.max(0, width - label.length - value.length - 2);
	const filled = busyPct === undefined ? 0 : Math.round((Math.min(100, Math.max(0, busyPct)) / 100) * barWidth);
	return truncate(`${label}${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}  ${value}`, width);
}

/** The CPU's kind-of-work signals: what its busy time is spent on, each with its recent history. */
const kindOfWorkRows: ReadonlyArray<{readonly id: MetricId; readonly resource: ResourceId; readonly label: string}> = [
	{id: 'cpu.system_share_pct', resource: 'cpu', label: 'kernel share'},
	{id: 'system.forks_per_s', resource: 'system', label: 'new processes'},
	{id: 'system.context_switches_per_core_per_s', resource: 'system', label: 'ctx switches/core'},
	{id: 'cpu.irq_pct', resource: 'cpu', label: 'irq'},
	{id: 'cpu.softirq_pct', resource: 'cpu', label: 'softirq'},
	{id: 'cpu.steal_pct', resource: 'cpu', label: 'steal'},
	{id: 'cpu.runqueue_excess_per_core', resource: 'cpu', label: 'run-queue excess'},
];

/**
 * One line a signal: label, value now, a sparkline of the ticks in memory, and what the analysis judged
 * it at when that differs (the run queue's lowest over 3 ticks, 0 while a gate is shut).
 */
function kindOfWorkLines(index: SampleIndex, snapshot: Snapshot, width: number): string[] {
	const cpu = assessmentFor(snapshot.analysis.assessments, 'cpu');
	return kindOfWorkRows.map(({id, resource, label}) => {
		const unit = metricDefinition(id)?.unit ?? 'count';
		const value = index.value(id, resource);
		const note = judgedNote(id, value, cpu, unit);
		const head = `${label.padEnd(18)}${formatValue(value, unit).padStart(8)}  `;
		const sparkWidth = Math.max(0, Math.min(40, width - head.length - note.length));
		const spark = sparkWidth >= 4 ? miniSparkline(snapshot.history.series(seriesKey(id, resource)), sparkWidth) : '';
		return truncate(`${head}${spark}${note}`.trimEnd(), width);
	});
}

/** "judged 1.00" (the lowest over 3 ticks) or "gate shut: kernel share ≤ 50%" when the analysis did not take the value as it reads. */
function judgedNote(id: MetricId, value: number | undefined, cpu: UseAssessment | undefined, unit: Unit): string {
	const judged = cpu?.judged?.[id];
	if (judged === undefined || value === undefined || judged === value) {
		return '';
	}

	const gate = metricDefinition(id)?.saturationGate;
	const gateValue = gate === undefined ? undefined : cpu?.values?.get(gate.id);
	if (gate !== undefined && judged === 0 && !((gateValue ?? Number.NaN) > gate.above)) {
		const gateDefinition = metricDefinition(gate.id);
		return `  gate shut: ${gateDefinition?.label ?? gate.id} ≤ ${formatValue(gate.above, gateDefinition?.unit ?? 'count')}`;
	}

	return `  judged ${formatValue(judged, unit)}`;
}

function cpuDetail(index: SampleIndex, snapshot: Snapshot, width: number): string[] {
	const cpu = (id: MetricId) => percent(index.value(id, 'cpu'));
	const system = (id: MetricId, unit: 'count' | 'per_second') => formatValue(index.value(id, 'system'), unit);
	const cores = index.resources('cpu').filter(resource => resource !== 'cpu').sort((a, b) => coreNumber(a) - coreNumber(b));
	const barWidth = Math.min(width, 72);
	return [
		joinFitting([`busy ${cpu('cpu.busy_pct')}`, `user ${cpu('cpu.user_pct')}`, `nice ${cpu('cpu.nice_pct')}`, `system ${cpu('cpu.system_pct')}`, `iowait ${cpu('cpu.iowait_pct')}`, `irq ${cpu('cpu.irq_pct')}`, `softirq ${cpu('cpu.softirq_pct')}`, `steal ${cpu('cpu.steal_pct')}`], width),
		joinFitting(psiParts(index), width),
		joinFitting([
			`load ${formatRatio(index.value('system.load1', 'system'))} ${formatRatio(index.value('system.load5', 'system'))} ${formatRatio(index.value('system.load15', 'system'))}`,
			`runnable ${formatValue(index.value('cpu.runnable', 'cpu'), 'count')} on ${snapshot.inventory.cores} cores`,
			`run-queue excess/core ${formatRatio(index.value('cpu.runqueue_excess_per_core', 'cpu'))}`,
			`D-state ${system('system.blocked_tasks', 'count')}`,
			`ctx ${system('system.context_switches_per_s', 'per_second')}`,
			`forks ${system('system.forks_per_s', 'per_second')}`,
		], width),
		rule('kind of work', width),
		...kindOfWorkLines(index, snapshot, width),
		rule('per core', width),
		...(cores.length === 0 ? ['no per-core figures'] : cores.map(core => coreBar(resourceName(core) === core ? core : `cpu${resourceName(core)}`, index.value('cpu.core_busy_pct', core), barWidth))),
	];
}

function memoryDetail(index: SampleIndex, width: number): string[] {
	const bytes = (id: MetricId) => formatValue(index.value(id, 'memory'), 'bytes');
	const perSecond = (id: MetricId) => formatValue(index.value(id, 'memory'), 'per_second');
	const rows = [
		['used', bytes('memory.used_bytes'), percent(index.value('memory.used_pct', 'memory'))],
		['available', bytes('memory.available_bytes'), ''],
		['buff/cache', bytes('memory.cache_bytes'), ''],
		['dirty', bytes('memory.dirty_bytes'), ''],
		['writeback', bytes('memory.writeback_bytes'), ''],
		['swap used', bytes('memory.swap_used_bytes'), percent(index.value('memory.swap_used_pct', 'memory'))],
		['total', bytes('memory.total_bytes'), ''],
	];
	return [
		...formatTable([{header: 'MEMORY', width: 11}, {header: 'BYTES', width: 11, align: 'right'}, {header: 'SHARE', width: 7, align: 'right'}], rows, Math.min(width, 31)),
		joinFitting([`swap in ${perSecond('memory.swap_in_pages_per_s')}`, `swap out ${perSecond('memory.swap_out_pages_per_s')}`, `major faults ${perSecond('memory.major_faults_per_s')}`, `OOM kills ${perSecond('memory.oom_kills_per_s')}`], width),
		joinFitting([`PSI memory some ${percent(index.value('memory.psi_some_pct', 'memory'))}`, `full ${percent(index.value('memory.psi_full_pct', 'memory'))}`], width),
	];
}

function diskDetail(index: SampleIndex, width: number): string[] {
	const disks = index.resources('disk');
	const diskRows = disks.map(disk => {
		const value = (id: MetricId) => index.value(id, disk);
		return [
			cleanText(resourceName(disk)),
			formatValue(value('disk.read_iops'), 'per_second'),
			formatValue(value('disk.write_iops'), 'per_second'),
			formatValue(value('disk.read_bytes_per_s'), 'bytes_per_second'),
			formatValue(value('disk.write_bytes_per_s'), 'bytes_per_second'),
			formatValue(value('disk.read_await_ms'), 'milliseconds'),
			formatValue(value('disk.write_await_ms'), 'milliseconds'),
			formatRatio(value('disk.queue_size')),
			percent(value('disk.util_pct')),
		];
	});
	const filesystems = index.resources('fs');
	const fsRows = filesystems.map(fs => {
		const value = (id: MetricId) => index.value(id, fs);
		return [
			cleanText(resourceName(fs)),
			formatValue(value('fs.size_bytes'), 'bytes'),
			percent(value('fs.used_pct')),
			formatValue(value('fs.available_bytes'), 'bytes'),
			percent(value('fs.inodes_used_pct')),
		];
	});
	const number = (header: string, cells = 10) => ({header, width: cells, align: 'right' as const});
	return [
		joinFitting([`PSI io some ${percent(index.value('io.psi_some_pct', 'io'))}`, `full ${percent(index.value('io.psi_full_pct', 'io'))}`], width),
		...(disks.length === 0
			? ['no block devices']
			: formatTable([{header: 'DEVICE', width: 10}, number('r/s', 8), number('w/s', 8), number('read', 11), number('write', 11), number('r_await', 9), number('w_await', 9), number('aqu-sz', 7), number('%util', 7)], diskRows, Math.min(width, 89))),
		rule('filesystems', width),
		...(filesystems.length === 0
			? ['no filesystems']
			: formatTable([{header: 'MOUNT'}, number('SIZE'), number('USED', 7), number('FREE'), number('INODES', 7)], fsRows, Math.min(width, 80))),
	];
}

function networkDetail(index: SampleIndex, width: number): string[] {
	const interfaces = index.resources('net');
	const rows = interfaces.map(net => {
		const value = (id: MetricId) => index.value(id, net);
		return [
			cleanText(resourceName(net)),
			formatValue(value('net.rx_bytes_per_s'), 'bytes_per_second'),
			formatValue(value('net.tx_bytes_per_s'), 'bytes_per_second'),
			formatValue(value('net.rx_packets_per_s'), 'per_second'),
			formatValue(value('net.tx_packets_per_s'), 'per_second'),
			formatValue(value('net.errors_per_s'), 'per_second'),
			formatValue(value('net.drops_per_s'), 'per_second'),
			percent(value('net.util_pct')),
		];
	});
	const tcp = (id: MetricId, unit: 'count' | 'per_second' | 'percent') => formatValue(index.value(id, 'tcp'), unit);
	const number = (header: string, cells = 10) => ({header, width: cells, align: 'right' as const});
	return [
		...(interfaces.length === 0
			? ['no network interfaces']
			: formatTable([{header: 'IFACE', width: 12}, number('rx/s', 11), number('tx/s', 11), number('rx pkt/s'), number('tx pkt/s'), number('errors/s'), number('drops/s'), number('util', 7)], rows, Math.min(width, 89))),
		rule('TCP / UDP', width),
		joinFitting([`established ${tcp('tcp.established', 'count')}`, `active opens ${tcp('tcp.active_opens_per_s', 'per_second')}`, `passive opens ${tcp('tcp.passive_opens_per_s', 'per_second')}`], width),
		joinFitting([`retrans ${tcp('tcp.retrans_pct', 'percent')}`, `retrans ${tcp('tcp.retrans_per_s', 'per_second')}`, `listen drops ${tcp('tcp.listen_drops_per_s', 'per_second')}`, `overflows ${tcp('tcp.listen_overflows_per_s', 'per_second')}`], width),
		joinFitting([`TCP in errors ${tcp('tcp.in_errors_per_s', 'per_second')}`, `UDP errors ${tcp('tcp.udp_errors_per_s', 'per_second')}`], width),
	];
}
