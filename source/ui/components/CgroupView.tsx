import {Text} from 'ink';
import type {Snapshot} from '../../engine/types.js';
import {formatValue} from '../../metrics/format.js';
import {type CgroupSample, inCgroup, type MetricId, seriesKey} from '../../metrics/types.js';
import {type CgroupViewState, selectedCgroupIndex} from '../cgroup-state.js';
import {cgroupHeader, cgroupRows, cgroupRowText} from '../cgroup-tree.js';
import {miniSparkline} from '../services.js';
import {cleanText, truncate} from '../text.js';
import type {Theme} from '../theme.js';
import {panelTitle} from './ResourcePanel.js';

export type Props = {
	readonly view: CgroupViewState;
	readonly snapshot: Snapshot;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

const sortNames = {cpu: 'CPU', memory: 'memory', io: 'I/O'} as const;

/** Why there are no groups to show: the collector's reason, in one line. */
function unavailableText(snapshot: Snapshot): string {
	const reasons = snapshot.sample.unavailable.filter(entry => entry.group === 'cgroup').map(entry => entry.reason);
	return `cgroups: ${reasons.length === 0 ? 'not read on this system' : reasons.join('; ')}`;
}

/** `c`: every control group as a tree sorted by the chosen resource, limits beside usage; Enter opens the selected one. */
export function CgroupView({view, snapshot, width, height, theme}: Props) {
	const samples = snapshot.sample.cgroups;
	if (samples === undefined || samples.length === 0) {
		return <Text>{[theme.accent(panelTitle('cgroups', width, true)), truncate(unavailableText(snapshot), width)].join('\n')}</Text>;
	}

	const rows = cgroupRows(samples, view.sort, view.collapsed);
	const selected = selectedCgroupIndex(view, samples);
	if (view.detail) {
		return <Text>{cgroupDetailLines(rows[selected]!.sample, snapshot, width, theme).slice(0, Math.max(1, height)).join('\n')}</Text>;
	}

	const failing = snapshot.sample.unavailable.some(entry => entry.group === 'cgroup') ? [theme.high(truncate(unavailableText(snapshot), width))] : [];
	const title = theme.accent(panelTitle(`cgroups · ${samples.length} groups · by ${sortNames[view.sort]}`, width, true));
	const room = Math.max(1, height - 2 - failing.length);
	const first = Math.max(0, Math.min(selected - Math.floor(room / 2), rows.length - room));
	const lines = rows.slice(first, first + room).map((row, index) => {
		const text = cgroupRowText(row, width);
		return first + index === selected ? theme.focus(text.padEnd(width)) : text;
	});
	return <Text>{[title, ...failing, theme.dim(cgroupHeader(view.sort, width)), ...lines].join('\n')}</Text>;
}

const detailRows: ReadonlyArray<{readonly id: MetricId; readonly label: string; readonly value: (sample: CgroupSample) => string}> = [
	{id: 'cgroup.cpu_pct', label: 'CPU', value: sample => `${formatValue(sample.cpuCores, 'ratio')} cores${sample.cpuQuotaCores === undefined ? '' : ` of ${formatValue(sample.cpuQuotaCores, 'ratio')} quota`} (${formatValue(sample.cpuPct, 'percent')})`},
	{id: 'cgroup.throttled_pct', label: 'throttled', value: sample => `${formatValue(sample.throttledPct, 'percent')} of periods`},
	{id: 'cgroup.cpu_psi_some_pct', label: 'CPU PSI some', value: sample => formatValue(sample.cpuPsiSomePct, 'percent')},
	{id: 'cgroup.memory_pct', label: 'memory', value: sample => `${formatValue(sample.memoryBytes, 'bytes')}${sample.memoryLimitBytes === undefined ? ' (no limit)' : ` of ${formatValue(sample.memoryLimitBytes, 'bytes')}`} (${formatValue(sample.memoryPct, 'percent')})`},
	{id: 'cgroup.memory_limit_hits_per_s', label: 'limit hits', value: sample => formatValue(sample.memoryLimitHitsPerSec, 'per_second')},
	{id: 'cgroup.major_faults_per_s', label: 'major faults', value: sample => formatValue(sample.majorFaultsPerSec, 'per_second')},
	{id: 'cgroup.memory_psi_some_pct', label: 'memory PSI some', value: sample => formatValue(sample.memoryPsiSomePct, 'percent')},
	{id: 'cgroup.oom_kills_per_s', label: 'OOM kills', value: sample => formatValue(sample.oomKillsPerSec, 'per_second')},
	{id: 'cgroup.io_bytes_per_s', label: 'I/O', value: sample => formatValue(sample.ioBytesPerSec, 'bytes_per_second')},
	{id: 'cgroup.io_psi_some_pct', label: 'I/O PSI some', value: sample => formatValue(sample.ioPsiSomePct, 'percent')},
	{id: 'cgroup.pids', label: 'tasks', value: sample => `${formatValue(sample.pids, 'count')}${sample.pidsMax === undefined ? '' : ` of ${formatValue(sample.pidsMax, 'count')}`}`},
];

/**
 * One group: its figures with a sparkline of the ticks in memory (kept for the top groups of each tick,
 * which are recorded), its judgement when it is a bottleneck, and its processes among the named top ones.
 */
export function cgroupDetailLines(sample: CgroupSample, snapshot: Snapshot, width: number, theme: Theme): string[] {
	const resource = `cgroup:${sample.path}`;
	const lines = [theme.accent(panelTitle(`${cleanText(sample.name)} — cgroup detail`, width, true)), truncate(`path ${cleanText(sample.path)}`, width)];
	for (const row of detailRows) {
		const head = `${row.label.padEnd(16)}${row.value(sample).padStart(32)}  `;
		const spark = miniSparkline(snapshot.history.series(seriesKey(row.id, resource)), Math.max(0, Math.min(40, width - head.length)));
		lines.push(truncate(`${head}${spark}`.trimEnd(), width));
	}

	const bottleneck = snapshot.analysis.bottlenecks.find(entry => entry.resource === resource);
	if (bottleneck !== undefined) {
		lines.push('', truncate(`${bottleneck.severity} ${cleanText(bottleneck.evidence.join(', '))}`, width), truncate(`→ ${cleanText(bottleneck.recommendation)}`, width));
	}

	const processes = (snapshot.sample.allProcesses ?? snapshot.sample.processes)
		.filter(process => inCgroup(process, sample.path))
		.sort((a, b) => (b.cpuPct ?? 0) - (a.cpuPct ?? 0));
	lines.push('', theme.dim(truncate('processes (among the top ones, whose group perftop reads)', width)));
	if (processes.length === 0) {
		lines.push('none of the top processes');
	}

	for (const process of processes) {
		lines.push(truncate(`${String(process.pid).padStart(7)}  ${formatValue(process.cpuPct, 'percent').padStart(6)}  ${formatValue(process.rssBytes, 'bytes').padStart(9)}  ${cleanText(process.command)}`, width));
	}

	return lines;
}
