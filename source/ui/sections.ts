import {groupName} from '../analyze/process-groups.js';
import type {Episode} from '../analyze/episodes.js';
import type {Bottleneck, Severity} from '../analyze/types.js';
import type {RecordingState, Snapshot} from '../engine/types.js';
import {metricDefinition} from '../metrics/catalogue.js';
import {formatDuration, formatRatio, formatValue} from '../metrics/format.js';
import {type Inventory, type ProcessSample, type ResourceId, type ResourceKind, resourceKindOf} from '../metrics/types.js';
import {deviationText} from './comparison.js';
import type {PanelId} from './panels.js';
import type {Column, Row} from './table.js';
import {cleanText} from './text.js';

export type ProcessSort = 'cpu' | 'memory' | 'io';

export const processSorts: readonly ProcessSort[] = ['cpu', 'memory', 'io'];

export const processSortLabels: Readonly<Record<ProcessSort, string>> = {
	cpu: 'CPU %',
	memory: 'RSS',
	io: 'I/O',
};

/** Wall-clock time of day, HH:MM:SS in the local zone, as `top` shows it. */
export function clockText(timestampMs: number): string {
	const time = new Date(timestampMs);
	return [time.getHours(), time.getMinutes(), time.getSeconds()].map(part => String(part).padStart(2, '0')).join(':');
}

/** Local date as YYYY-MM-DD, for default baseline names. */
export function dateText(timestampMs: number): string {
	const time = new Date(timestampMs);
	return `${time.getFullYear()}-${String(time.getMonth() + 1).padStart(2, '0')}-${String(time.getDate()).padStart(2, '0')}`;
}

export function recordingText(recording: RecordingState): string {
	switch (recording.kind) {
		case 'recording': {
			return '● rec';
		}

		case 'standby': {
			return 'rec standby';
		}

		case 'read-only': {
			return 'rec read-only';
		}

		case 'paused': {
			return `rec paused: ${recording.reason}`;
		}

		case 'opening': {
			return 'rec opening';
		}

		case 'off': {
			return 'rec off';
		}
	}
}

export type HeaderOptions = {
	readonly paused: boolean;
	/** Wall clock now: a recorded moment says how long ago it was. */
	readonly nowMs?: number;
	/** The bottleneck episodes of the range history mode walks through, once found. */
	readonly episodes?: readonly Episode[];
	readonly intervalMs: number;
	readonly baseline: string | undefined;
};

/** `HISTORY 03:12:05 (2h 14m ago)` for a recorded moment, `PAUSED 10:04:01` or the clock for a live one. */
function momentText(snapshot: Snapshot, options: HeaderOptions): string {
	const clock = clockText(snapshot.sample.timestamp);
	if (snapshot.recorded !== undefined) {
		// Without a clock (the plain-text view), the date says which day.
		if (options.nowMs === undefined) {
			return `HISTORY ${dateText(snapshot.sample.timestamp)} ${clock}`;
		}

		const day = dateText(options.nowMs) === dateText(snapshot.sample.timestamp) ? '' : `${dateText(snapshot.sample.timestamp)} `;
		return `HISTORY ${day}${clock} (${formatDuration(Math.max(0, options.nowMs - snapshot.sample.timestamp) / 1000)} ago)`;
	}

	return options.paused ? `PAUSED ${clock}` : clock;
}

/** `cpu HIGH episode 2/5`: the episodes a recorded moment lies in (from the interval before an episode's first tick). */
function episodeOf(snapshot: Snapshot, {episodes = []}: HeaderOptions): string {
	const {timestamp} = snapshot.sample;
	const within = snapshot.recorded === undefined ? [] : episodes.flatMap((episode, index) => (timestamp >= episode.startMs - snapshot.intervalMs && timestamp <= episode.endMs ? [`${cleanText(episode.resource)} ${episode.peak.severity} episode ${index + 1}/${episodes.length}`] : []));
	return cleanText(within.join(', '));
}

/** Header figures, most important first: a narrow terminal keeps the host and the clock. */
export function headerParts(snapshot: Snapshot, inventory: Inventory, options: HeaderOptions): string[] {
	const uptime = snapshot.sample.metrics.find(metric => metric.id === 'system.uptime_s')?.value;
	return [
		cleanText(snapshot.recorded?.host ?? inventory.hostname),
		momentText(snapshot, options),
		episodeOf(snapshot, options),
		recordingText(snapshot.recording),
		`every ${formatValue(options.intervalMs / 1000, 'seconds')}`,
		options.baseline === undefined ? '' : `baseline ${cleanText(options.baseline)}`,
		`${inventory.cores} cores`,
		`up ${formatValue(uptime, 'seconds')}`,
		cleanText(`${inventory.os} ${inventory.kernel}`),
	];
}

export type BottleneckLine = {
	/** Severity, for painting; an informational entry is LOW. */
	readonly severity: Severity;
	/** The tag shown before the text: the severity, or ANOMALY for an informational entry. */
	readonly tag: string;
	readonly resource: ResourceId;
	readonly text: string;
	/** What to do about it (none for an informational entry) (analyze/recommend.ts), shown under the entry where there is room. */
	readonly recommendation: string;
};

function topProcessText(bottleneck: Bottleneck): string {
	const top = bottleneck.topProcesses[0];
	return top === undefined ? '' : ` — top: ${cleanText(groupName(top))} (${top.pid}${top.count > 1 ? ' …' : ''})`;
}

/**
 * Ranked as the analysis ranks them (the text after the tag: resource, evidence, top process), then,
 * with a baseline selected, each raised anomaly of a kind-of-work signal as an informational entry:
 * forks at 50× their usual rate matter even when no threshold is crossed; then each leak suspect.
 */
export function bottleneckLines(snapshot: Snapshot): BottleneckLine[] {
	return [
		...snapshot.analysis.bottlenecks.map(bottleneck => ({
			severity: bottleneck.severity,
			tag: bottleneck.severity,
			resource: bottleneck.resource,
			recommendation: cleanText(bottleneck.recommendation),
			text: `${bottleneck.name === undefined ? cleanText(bottleneck.resource) : `cgroup ${cleanText(bottleneck.name)}`}  ${cleanText(bottleneck.evidence.join(', '))}${floorText(bottleneck)}${topProcessText(bottleneck)}`,
		})),
		...kindOfWorkAnomalies(snapshot),
		...leakLines(snapshot),
	];
}

/**
 * "memory  java (pid 812) RSS +42 MiB/h for 25 min (R² 0.97), 310 MiB → 328 MiB": steady growth is
 * worth a look, not a saturation, so it comes after every ranked bottleneck, as information.
 */
function leakLines(snapshot: Snapshot): BottleneckLine[] {
	return (snapshot.leakSuspects ?? []).map(suspect => ({
		severity: 'LOW' as const,
		tag: 'LEAK?',
		resource: 'memory',
		recommendation: '',
		text: `memory  ${cleanText(suspect.name)} (pid ${suspect.pid}) RSS +${formatValue(suspect.slopeBytesPerHour, 'bytes')}/h for ${formatValue(suspect.spanMs / 1000, 'seconds')} (R² ${suspect.r2.toFixed(2)}), ${formatValue(suspect.firstRssBytes, 'bytes')} → ${formatValue(suspect.lastRssBytes, 'bytes')} — steady growth: a leak suspect`,
	}));
}

/** "cpu  new processes 2.1k/s, usual 42/s (50×, ▲48σ critical, baseline quiet)". */
function kindOfWorkAnomalies(snapshot: Snapshot): BottleneckLine[] {
	const {comparison} = snapshot;
	if (comparison === undefined) {
		return [];
	}

	const deviations = new Map(comparison.deviations.map(deviation => [deviation.key, deviation]));
	// Farthest from the baseline first: forks at 300σ say more than the kernel share at 7σ.
	const raised = comparison.anomalies
		.map(({key, band}) => ({band, deviation: deviations.get(key)}))
		.sort((a, b) => Math.abs(b.deviation?.deviationSigma ?? 0) - Math.abs(a.deviation?.deviationSigma ?? 0));
	return raised.flatMap(({band, deviation}) => {
		const definition = deviation === undefined ? undefined : metricDefinition(deviation.id);
		if (deviation === undefined || !definition?.kindOfWork) {
			return [];
		}

		const times = deviation.median > 0 && deviation.value > deviation.median ? `${formatRatio(deviation.value / deviation.median)}×, ` : '';
		const value = (number: number) => formatValue(number, definition.unit);
		const resource = resourceKindOf(deviation.resource) === 'system' ? 'cpu' : deviation.resource;
		return [{
			severity: 'LOW' as const,
			tag: 'ANOMALY',
			resource,
			recommendation: '',
			text: `${resource}  ${definition.label} ${value(deviation.value)}, usual ${value(deviation.median)} (${times}${deviationText(deviation.deviationSigma)} ${band}, baseline ${cleanText(comparison.baseline.name)})`,
		}];
	});
}

/**
 * Entries the bottleneck list wants lines for. The layout adds one more line to any list: the first real
 * bottleneck's recommendation, or, with only anomalies, the "nothing ranked" line above them.
 */
export function bottleneckListLength(snapshot: Snapshot): number {
	return bottleneckLines(snapshot).length;
}

/** Why a resource ranks above what its score says, when a severity floor lifted it. */
function floorText(bottleneck: Bottleneck): string {
	return bottleneck.floor ? ` · at least ${bottleneck.floor.severity}: ${cleanText(bottleneck.floor.reason)}` : '';
}

/** The resources each panel's detail view speaks for. */
const panelKinds: Readonly<Record<PanelId, readonly ResourceKind[]>> = {
	cpu: ['cpu'],
	memory: ['memory'],
	disk: ['disk', 'io', 'fs'],
	network: ['net', 'tcp'],
	services: ['service'],
};

/** The panel whose detail view speaks for a resource; undefined for one no panel shows (a cgroup). */
export function panelOf(resource: ResourceId): PanelId | undefined {
	const kind = resourceKindOf(resource);
	return (Object.keys(panelKinds) as PanelId[]).find(id => panelKinds[id].includes(kind));
}

/** The ranked bottlenecks of a panel's resources, each with its recommendation, for the panel's detail view. */
export function panelBottleneckLines(id: PanelId, snapshot: Snapshot): BottleneckLine[] {
	return bottleneckLines(snapshot).filter(line => panelKinds[id].includes(resourceKindOf(line.resource)));
}

/** A recommendation line, under its entry's text: `         → profile the hot processes…`. */
export function recommendationText(recommendation: string): string {
	return `${' '.repeat(severityTagWidth)}→ ${recommendation}`;
}

/**
 * What the list says when it has nothing ranked: the first tick has no rates to judge by, and groups
 * that could not be read are not LOW but unknown, so they are named with the reason.
 */
export function noBottleneckText(snapshot: Snapshot): string {
	const {intervalMs, unavailable} = snapshot.sample;
	if (intervalMs === undefined) {
		return 'Waiting for a second reading to compute rates…';
	}

	if (unavailable.length > 0) {
		return `No bottleneck among what could be read; unavailable: ${unavailable.map(({group, reason}) => cleanText(`${group} (${reason})`)).join('; ')}`;
	}

	return 'No bottleneck: every resource is LOW';
}

export const severityTagWidth = 9;

const sortKeys: Readonly<Record<ProcessSort, (process: ProcessSample) => number | undefined>> = {
	cpu: process => process.cpuPct,
	memory: process => process.rssBytes,
	io: process => process.ioBytesPerSec,
};

/**
 * Heaviest first (lightest first when reversed); an unknown figure (a process seen once) sorts after
 * every known one either way; ties by pid.
 */
export function compareProcesses(sort: ProcessSort, reverse = false): (a: ProcessSample, b: ProcessSample) => number {
	const key = sortKeys[sort];
	const direction = reverse ? -1 : 1;
	return (a, b) => {
		const ka = key(a);
		const kb = key(b);
		if (ka === kb) {
			return a.pid - b.pid;
		}

		if (ka === undefined || kb === undefined) {
			return ka === undefined ? 1 : -1;
		}

		return direction * (kb - ka);
	};
}

export function sortProcesses(processes: readonly ProcessSample[], sort: ProcessSort): ProcessSample[] {
	return [...processes].sort(compareProcesses(sort));
}

/** The columns, the sorted one marked ▼ (heaviest first) or ▲ (reversed). */
export function processColumns(sort: ProcessSort, reverse = false): Column[] {
	const mark = (sortKey: ProcessSort, header: string) => (sort === sortKey ? `${header}${reverse ? '▲' : '▼'}` : header);
	return [
		{header: 'PID', width: 7, align: 'right'},
		{header: 'USER', width: 9},
		{header: mark('cpu', 'CPU%'), width: 6, align: 'right'},
		{header: mark('memory', 'RSS'), width: 10, align: 'right'},
		{header: mark('io', 'I/O'), width: 11, align: 'right'},
		{header: 'THR', width: 4, align: 'right'},
		{header: 'S', width: 1},
		{header: 'COMMAND'},
	];
}

/** One table row's cells; `prefix` (tree glyphs) goes before the command. */
export function processCells(process: ProcessSample, prefix = ''): Row {
	return [
		String(process.pid),
		cleanText(process.user ?? '—'),
		formatValue(process.cpuPct, 'percent'),
		formatValue(process.rssBytes, 'bytes'),
		formatValue(process.ioBytesPerSec, 'bytes_per_second'),
		process.threads === undefined ? '—' : String(process.threads),
		cleanText(process.state),
		prefix + cleanText(process.command === '' ? `[${process.name}]` : process.command),
	];
}

export function processRows(processes: readonly ProcessSample[], sort: ProcessSort, limit: number): Row[] {
	return sortProcesses(processes, sort)
		.slice(0, Math.max(0, limit))
		.map(process => processCells(process));
}
