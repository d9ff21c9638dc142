import type {Snapshot} from '../engine/types.js';
import type {CgroupProcess} from '../metrics/cgroup-detail.js';
import {cgroupHistoryWidth, type CgroupSeries} from '../metrics/cgroup-history.js';
import {formatValue} from '../metrics/format.js';
import {type CgroupSample, type MetricId, seriesKey} from '../metrics/types.js';
import {type CgroupSort, cgroupSortNames} from './cgroup-tree.js';
import {panelTitle} from './components/ResourcePanel.js';
import {miniSparkline} from './services.js';
import {cleanText, truncate} from './text.js';
import type {Theme} from './theme.js';

// One cgroup's detail (Enter in the cgroup view): its figures with sparklines, its judgement when it
// is a bottleneck, and every process of the group and its descendants, sorted as the tree is.

const detailRows: ReadonlyArray<{readonly id: MetricId; readonly label: string; readonly value: (sample: CgroupSample) => string}> = [
	{id: 'cgroup.cpu_pct', label: 'CPU', value: sample => sample.cpuCores === undefined ? '—' : `${formatValue(sample.cpuCores, 'ratio')} cores${sample.cpuQuotaCores === undefined ? `, no quota (${formatValue(sample.cpuPct, 'percent')} of the machine)` : ` of ${formatValue(sample.cpuQuotaCores, 'ratio')} quota (${formatValue(sample.cpuPct, 'percent')})`}`},
	{id: 'cgroup.memory_pct', label: 'memory', value: sample => sample.memoryBytes === undefined ? '—' : `${formatValue(sample.memoryBytes, 'bytes')}${sample.memoryLimitBytes === undefined ? `, no limit (${formatValue(sample.memoryPct, 'percent')} of the machine)` : ` of ${formatValue(sample.memoryLimitBytes, 'bytes')} limit (${formatValue(sample.memoryPct, 'percent')})`}`},
	{id: 'cgroup.io_bytes_per_s', label: 'I/O', value: sample => formatValue(sample.ioBytesPerSec, 'bytes_per_second')},
	{id: 'cgroup.throttled_pct', label: 'throttled', value: sample => sample.throttledPct === undefined ? '—' : `${formatValue(sample.throttledPct, 'percent')} of periods`},
	{id: 'cgroup.memory_limit_hits_per_s', label: 'limit hits', value: sample => formatValue(sample.memoryLimitHitsPerSec, 'per_second')},
	{id: 'cgroup.oom_kills_per_s', label: 'OOM kills', value: sample => formatValue(sample.oomKillsPerSec, 'per_second')},
	{id: 'cgroup.major_faults_per_s', label: 'major faults', value: sample => formatValue(sample.majorFaultsPerSec, 'per_second')},
	{id: 'cgroup.pids', label: 'tasks', value: sample => `${formatValue(sample.pids, 'count')}${sample.pidsMax === undefined ? '' : ` of ${formatValue(sample.pidsMax, 'count')}`}`},
	{id: 'cgroup.cpu_psi_some_pct', label: 'CPU PSI some', value: sample => formatValue(sample.cpuPsiSomePct, 'percent')},
	{id: 'cgroup.memory_psi_some_pct', label: 'memory PSI some', value: sample => formatValue(sample.memoryPsiSomePct, 'percent')},
	{id: 'cgroup.io_psi_some_pct', label: 'I/O PSI some', value: sample => formatValue(sample.ioPsiSomePct, 'percent')},
];

/** Figure rows kept however short the terminal: CPU, memory and I/O come first. */
const fewestFigureRows = 3;
/** Process rows the figures make room for on a short terminal. */
const fewestProcessRows = 3;

/**
 * A row's sparkline: live, the engine's series of every group (CPU, memory, I/O) or the in-memory
 * history of the recorded top groups; over a recorded moment, the recording's, or `not recorded`.
 */
function sparkText(id: MetricId, sample: CgroupSample, snapshot: Snapshot, width: number): string {
	if (width < 4) {
		return '';
	}

	const kept = snapshot.recorded === undefined && snapshot.cgroupDetail?.path === sample.path ? snapshot.cgroupDetail.series?.[id as keyof CgroupSeries] : undefined;
	const values = kept ?? snapshot.history.series(seriesKey(id, `cgroup:${sample.path}`));
	if (snapshot.recorded !== undefined && !values.some(value => Number.isFinite(value))) {
		return 'not recorded';
	}

	return miniSparkline(values, width);
}

/** The process's figure the view sorts by; undefined sorts last. */
function sortValue(entry: CgroupProcess, sort: CgroupSort): number | undefined {
	const {process} = entry;
	switch (sort) {
		case 'cpu': {
			return process?.cpuPct;
		}

		case 'memory': {
			return process?.rssBytes;
		}

		case 'io': {
			return process?.ioBytesPerSec;
		}
	}
}

function sortedProcesses(processes: readonly CgroupProcess[], sort: CgroupSort): CgroupProcess[] {
	return [...processes].sort((a, b) => (sortValue(b, sort) ?? -1) - (sortValue(a, sort) ?? -1) || a.pid - b.pid);
}

/** Where a process lives below the group (`worker/a`), or nothing for the group itself. */
function childPath(entry: CgroupProcess, path: string): string {
	return entry.group === path ? '' : entry.group.slice(path.length + 1);
}

function processRowText(entry: CgroupProcess, path: string, groupWidth: number, width: number): string {
	const {process} = entry;
	const cells = [
		String(entry.pid).padStart(7),
		formatValue(process?.cpuPct, 'percent').padStart(7),
		formatValue(process?.rssBytes, 'bytes').padStart(10),
		formatValue(process?.ioBytesPerSec, 'bytes_per_second').padStart(11),
		...(groupWidth > 0 ? [truncate(cleanText(childPath(entry, path)), groupWidth).padEnd(groupWidth)] : []),
		cleanText(process?.command ?? '—'),
	];
	return truncate(cells.join('  '), width);
}

/** The processes' lines in at most `room` lines (a count line first): the heaviest by the view's sort. */
function processLines(sample: CgroupSample, snapshot: Snapshot, sort: CgroupSort, room: number, width: number, theme: Theme): string[] {
	if (snapshot.recorded !== undefined) {
		return [truncate('processes: not recorded (a recording keeps the top processes, not their groups)', width)];
	}

	const detail = snapshot.cgroupDetail;
	if (detail?.path !== sample.path) {
		return ['processes: reading …'];
	}

	if (detail.failure !== undefined) {
		return [truncate(`processes: ${cleanText(detail.failure)}`, width)];
	}

	const count = detail.processes.length;
	if (count === 0) {
		return ['processes: none'];
	}

	const shown = Math.max(0, Math.min(count, room - 2));
	const counted = `${count} ${count === 1 ? 'process' : 'processes'}${shown < count ? ` (${shown} shown)` : ''} · by ${cgroupSortNames[sort]}`;
	if (shown === 0) {
		return [truncate(counted, width)];
	}

	const rows = sortedProcesses(detail.processes, sort).slice(0, shown);
	const longest = Math.max(0, ...rows.map(entry => childPath(entry, sample.path).length));
	const groupWidth = longest === 0 ? 0 : Math.min(24, Math.max('GROUP'.length, longest));
	const header = ['PID'.padStart(7), 'CPU'.padStart(7), 'RSS'.padStart(10), 'I/O'.padStart(11), ...(groupWidth > 0 ? ['GROUP'.padEnd(groupWidth)] : []), 'COMMAND'].join('  ');
	return [theme.dim(truncate(counted, width)), theme.dim(truncate(header, width)), ...rows.map(entry => processRowText(entry, sample.path, groupWidth, width))];
}

/** The detail's lines, at most `height`; a short terminal keeps fewer figure rows to list some processes. */
export function cgroupDetailLines(sample: CgroupSample, snapshot: Snapshot, sort: CgroupSort, width: number, height: number, theme: Theme): string[] {
	const resource = `cgroup:${sample.path}`;
	const head = [theme.accent(panelTitle(`${cleanText(sample.name)} — cgroup detail`, width, true)), truncate(`path ${cleanText(sample.path)}`, width)];
	const bottleneck = snapshot.analysis.bottlenecks.find(entry => entry.resource === resource);
	const judgement = bottleneck === undefined
		? []
		: ['', truncate(`${bottleneck.severity} ${cleanText(bottleneck.evidence.join(', '))}`, width), truncate(`→ ${cleanText(bottleneck.recommendation)}`, width)];
	const figureRoom = height - head.length - judgement.length - 1 - 2 - fewestProcessRows;
	const figures = detailRows.slice(0, Math.max(fewestFigureRows, figureRoom)).map(row => {
		const text = `${row.label.padEnd(16)}${row.value(sample).padStart(32)}  `;
		return truncate(`${text}${sparkText(row.id, sample, snapshot, Math.min(cgroupHistoryWidth, width - text.length))}`.trimEnd(), width);
	});
	const above = [...head, ...figures, ...judgement, ''];
	return [...above, ...processLines(sample, snapshot, sort, height - above.length, width, theme)].slice(0, Math.max(1, height));
}
