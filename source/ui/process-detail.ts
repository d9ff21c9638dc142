import type {ProcessHistory, Snapshot} from '../engine/types.js';
import {formatValue} from '../metrics/format.js';
import type {ProcessSample, Unit} from '../metrics/types.js';
import {axisFormatter} from './axis.js';
import {sparkline} from './chart.js';
import {processDepthSections} from './process-depth.js';
import {clockText, dateText} from './sections.js';
import {cleanText, joinFitting} from './text.js';
import {plainTheme, type Theme, themedChart} from './theme.js';

/**
 * One titled part of a process's detail view. The view is a list of these, most important first, so
 * a short terminal keeps the top: more depth (memory maps, descriptors, sockets, a profile) is one more
 * builder in `processDetailSections`.
 */
export type ProcessDetailSection = {
	readonly title: string;
	/** Plain lines, each at most the width given to the builder. */
	readonly lines: readonly string[];
};

/**
 * What a section builder gets: the process as last seen, whether it still runs, its recorded history
 * (or why there is none; undefined while it is read) and the snapshot on screen.
 */
export type ProcessDetailInput = {
	readonly process: ProcessSample;
	readonly alive: boolean;
	readonly history?: ProcessHistory | string;
	readonly snapshot: Snapshot;
};

const stateNames: Readonly<Record<string, string>> = {
	R: 'running',
	S: 'sleeping',
	D: 'uninterruptible (disk) sleep',
	Z: 'zombie',
	T: 'stopped',
	t: 'stopped by a tracer',
	I: 'idle kernel thread',
	X: 'dead',
	P: 'parked',
	W: 'paging',
};

/** `S (sleeping)`; an unknown letter as it is. */
export function stateText(state: string): string {
	const name = stateNames[state];
	return name === undefined ? cleanText(state) : `${cleanText(state)} (${name})`;
}

/** `2026-12-06 21:14:03, 1 h 12 min ago`, or `—` without a start time. */
export function startedText(startedAtMs: number | undefined, nowMs: number): string {
	if (startedAtMs === undefined) {
		return '—';
	}

	const ago = Math.max(0, (nowMs - startedAtMs) / 1000);
	return `${dateText(startedAtMs)} ${clockText(startedAtMs)}, ${formatValue(ago, 'seconds')} ago`;
}

/** The command line cut into lines of `width` cells, at most `maxLines` (the last ends in '…' if cut). */
export function wrapCommand(command: string, width: number, maxLines: number): string[] {
	const text = cleanText(command);
	const lines: string[] = [];
	for (let start = 0; start < text.length && lines.length < maxLines; start += width) {
		lines.push(text.slice(start, start + width));
	}

	if (lines.length === maxLines && text.length > width * maxLines && width > 0) {
		lines[maxLines - 1] = `${lines[maxLines - 1]!.slice(0, width - 1)}…`;
	}

	return lines;
}

const commandLines = 4;

/**
 * "cgroup nginx.service (/system.slice/nginx.service)", each of its groups where v1 hierarchies differ;
 * `/` at the root, `—` when not known (not among the named top processes).
 */
function cgroupText(process: ProcessSample, snapshot: Snapshot): string {
	if (process.cgroups === undefined) {
		return 'cgroup —';
	}

	const named = process.cgroups.map(path => {
		const name = snapshot.sample.cgroups?.find(group => group.path === path)?.name;
		return name === undefined || name === path ? cleanText(path) : `${cleanText(name)} (${cleanText(path)})`;
	});
	return `cgroup ${named.length === 0 ? '/' : named.join(', ')}`;
}

function overview({process, snapshot}: ProcessDetailInput, width: number): ProcessDetailSection {
	const facts = [
		`pid ${process.pid}`,
		process.ppid === undefined ? '' : `ppid ${process.ppid}`,
		`user ${cleanText(process.user ?? '—')}`,
		`state ${stateText(process.state)}`,
		`threads ${process.threads ?? '—'}`,
	];
	const figures = [
		`CPU ${formatValue(process.cpuPct, 'percent')}`,
		`RSS ${formatValue(process.rssBytes, 'bytes')}`,
		`read ${formatValue(process.readBytesPerSec, 'bytes_per_second')}`,
		`write ${formatValue(process.writeBytesPerSec, 'bytes_per_second')}`,
	];
	return {
		title: 'Process',
		lines: [
			joinFitting(facts, width),
			joinFitting([`started ${startedText(process.startedAtMs, snapshot.sample.timestamp)}`, cgroupText(process, snapshot)], width),
			joinFitting(figures, width),
			...wrapCommand(process.command === '' ? `[${process.name}]` : process.command, width, commandLines),
		],
	};
}

const chartLines = 4;

const charts: ReadonlyArray<{readonly title: string; readonly unit: Unit; readonly values: (history: ProcessHistory) => readonly number[]; readonly max?: number}> = [
	{title: 'CPU % of one core', unit: 'percent', values: history => history.cpuPct},
	{title: 'RSS', unit: 'bytes', values: history => history.rssBytes},
	{title: 'I/O (read + write)', unit: 'bytes_per_second', values: history => history.ioBytesPerSec},
];

/**
 * CPU, RSS and I/O as recorded, one chart each, on the ticks the process was among the recorded top
 * processes; a line saying why when there is no history.
 */
function recorded({history}: ProcessDetailInput, width: number, look: ReturnType<typeof themedChart>): ProcessDetailSection[] {
	if (history === undefined || typeof history === 'string' || history.timestamps.length === 0) {
		const why = history === undefined
			? 'reading the recorded history…'
			: (typeof history === 'string' ? `no recorded history: ${history}` : 'nothing recorded yet: only the top processes of each tick are recorded');
		return [{title: 'Recorded history', lines: [joinFitting([why], width)]}];
	}

	const points = history.timestamps.length;
	return charts.map(chart => ({
		title: `${chart.title}, ${points} recorded ${points === 1 ? 'tick' : 'ticks'}`,
		lines: sparkline(chart.values(history), {width, height: chartLines, min: 0, max: chart.max, label: axisFormatter(chart.unit), ...look}),
	}));
}

/** The sections of a process's detail view, in order: what it is, then what it did. */
export function processDetailSections(input: ProcessDetailInput, width: number, theme: Theme = plainTheme): ProcessDetailSection[] {
	return [overview(input, width), ...recorded(input, width, themedChart(theme)), ...processDepthSections(input, width)];
}
