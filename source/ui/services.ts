import type {Snapshot} from '../engine/types.js';
import {isDown} from '../analyze/service-down.js';
import {formatValue} from '../metrics/format.js';
import {type MetricId, type ResourceId, resourceName, type Sample, seriesKey} from '../metrics/types.js';
import {assessmentFor, busiestResource, indexSample, type SampleIndex} from './sample-index.js';
import {formatTable} from './table.js';
import {cleanText, fit, joinFitting, rule, truncate} from './text.js';
import type {Paint, Theme} from './theme.js';

/** The overall figures across targets live on the bare `service` resource; targets are `service:<name>`. */
const overall: ResourceId = 'service';

/** Probed targets in the sample, by name: stable rows however the prober orders its results. */
export function serviceTargets(snapshot: Snapshot): ResourceId[] {
	return indexSample(snapshot.sample)
		.resources('service')
		.filter(resource => resource !== overall)
		.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The target to lead with: the worst by severity score, then the slowest p95. */
export function worstService(snapshot: Snapshot): ResourceId | undefined {
	const index = indexSample(snapshot.sample);
	return busiestResource(serviceTargets(snapshot), snapshot.analysis.assessments, resource => index.value('service.latency_p95_ms', resource));
}

export type ServiceState = 'up' | 'degraded' | 'down' | 'unknown';

/** Health scores below this read as degraded: 80 is a 200 ms answer every time. */
const degradedBelowHealth = 80;

/**
 * What the status dot says. Down: every probe failed for 30 s (analyze/service-down.ts), the same rule
 * that makes the target CRITICAL. Degraded: the latest probe failed, some probes in the window failed, or
 * health below 80. Unknown until the first probe has finished.
 */
export function serviceState(failingSeconds: number | undefined, healthScore: number | undefined, errorPct: number | undefined): ServiceState {
	if (failingSeconds === undefined && healthScore === undefined && errorPct === undefined) {
		return 'unknown';
	}

	if (isDown(failingSeconds)) {
		return 'down';
	}

	const failing = failingSeconds !== undefined && failingSeconds > 0;
	return failing || (errorPct !== undefined && errorPct > 0) || (healthScore !== undefined && healthScore < degradedBelowHealth) ? 'degraded' : 'up';
}

export function statePaint(theme: Theme, state: ServiceState): Paint {
	switch (state) {
		case 'up': {
			return theme.ok;
		}

		case 'degraded': {
			return theme.medium;
		}

		case 'down': {
			return theme.critical;
		}

		case 'unknown': {
			return theme.dim;
		}
	}
}

export const statusDot = '●';

const sparkBlocks = '▁▂▃▄▅▆▇█';

/**
 * A one-line chart of the newest `width` values, scaled from 0 to the largest shown; a gap is a blank,
 * never a drop to the bottom block. Right-aligned: a short history leaves blanks on the left.
 */
export function miniSparkline(values: readonly number[], width: number): string {
	if (width <= 0) {
		return '';
	}

	const window = values.slice(-width);
	const top = window.reduce((largest, value) => (Number.isFinite(value) ? Math.max(largest, value) : largest), 0);
	const cells = window.map(value => {
		if (!Number.isFinite(value)) {
			return ' ';
		}

		const level = top > 0 ? Math.round((Math.max(0, value) / top) * (sparkBlocks.length - 1)) : 0;
		return sparkBlocks[level]!;
	});
	return ' '.repeat(width - cells.length) + cells.join('');
}

/** `HTTP 200`; `failed` when the latest probe got no response (its error follows in the row); `—` before any. */
function lastStatusText(index: SampleIndex, target: ResourceId): string {
	const status = index.value('service.last_status', target);
	if (status !== undefined) {
		return `HTTP ${Math.round(status)}`;
	}

	return index.value('service.failing_s', target) === undefined ? '—' : 'failed';
}

type TargetFigures = {
	readonly target: ResourceId;
	readonly name: string;
	readonly state: ServiceState;
	readonly p95: string;
	readonly errors: string;
	readonly health: string;
	readonly status: string;
	/** The latest probe's error while it fails: "connection refused by 127.0.0.1:9", "timed out after 5 s". */
	readonly error: string | undefined;
};

function targetFigures(sample: Sample, target: ResourceId): TargetFigures {
	const index = indexSample(sample);
	const value = (id: MetricId) => index.value(id, target);
	return {
		target,
		name: cleanText(resourceName(target)),
		state: serviceState(value('service.failing_s'), value('service.health_score'), value('service.error_pct')),
		p95: formatValue(value('service.latency_p95_ms'), 'milliseconds'),
		errors: formatValue(value('service.error_pct'), 'percent'),
		health: formatValue(value('service.health_score'), 'count'),
		status: lastStatusText(index, target),
		error: sample.probeErrors?.[target] === undefined ? undefined : cleanText(sample.probeErrors[target]),
	};
}

const maximumNameCells = 20;
const minimumNameCells = 6;
const maximumSparkCells = 30;

/**
 * One line a target: `● api   p95 45 ms   err 0.0%   health 96   HTTP 200   ▁▂▃▅▇`. Fields have fixed
 * widths so the columns line up; a narrow panel loses the trailing ones. A failing target ends with its
 * last error instead of the latency sparkline (it has no latency to draw). Plain text: the dot is the
 * first cell, painted by the caller.
 */
export function serviceRows(snapshot: Snapshot, width: number): Array<{line: string; state: ServiceState}> {
	const rows = serviceTargets(snapshot).map(target => targetFigures(snapshot.sample, target));
	const nameCells = Math.min(maximumNameCells, Math.max(minimumNameCells, ...rows.map(row => row.name.length)));
	return rows.map(row => {
		const fixed = `${statusDot} ${fit(row.name, nameCells)} ${fit(`p95 ${row.p95}`, 11)} ${fit(`err ${row.errors}`, 9)} ${fit(`health ${row.health}`, 10)} ${fit(row.status, 8)}`;
		if (row.error !== undefined) {
			// A down target says so in words as well as by the dot's colour, then why.
			return {line: truncate(`${fixed} ${row.state === 'down' ? 'DOWN: ' : ''}${row.error}`, width).trimEnd(), state: row.state};
		}

		const sparkCells = Math.min(maximumSparkCells, width - fixed.length - 1);
		const spark = sparkCells >= 4 ? ' ' + miniSparkline(snapshot.history.series(seriesKey('service.latency_p95_ms', row.target)), sparkCells) : '';
		return {line: fit(fixed + spark, width).trimEnd(), state: row.state};
	});
}

/** Paints a row's leading status dot. */
export function paintDot(line: string, state: ServiceState, theme: Theme): string {
	return line.startsWith(statusDot) ? statePaint(theme, state)(statusDot) + line.slice(statusDot.length) : line;
}

/** The panel's target lines in `height` lines; beyond it, the last line counts the rest. */
export function servicePanelLines(snapshot: Snapshot, width: number, height: number, theme: Theme): string[] {
	const rows = serviceRows(snapshot, width);
	const room = Math.max(0, height);
	const shown = rows.length <= room ? rows : rows.slice(0, Math.max(0, room - 1));
	const lines = shown.map(row => paintDot(row.line, row.state, theme));
	if (shown.length < rows.length && room > 0) {
		lines.push(theme.dim(truncate(`+${rows.length - shown.length} more (5, Enter: all targets)`, width)));
	}

	return lines;
}

/** The Services panel's headline parts: overall figures, then the worst target. */
export function serviceHeadline(
	snapshot: Snapshot,
	worst: ResourceId | undefined,
	figure: (text: string, id: MetricId, resource: ResourceId) => string,
): string[][] {
	const index = indexSample(snapshot.sample);
	const first = [
		figure(`health ${formatValue(index.value('service.health_score', overall), 'count')}`, 'service.health_score', overall),
		figure(`errors ${formatValue(index.value('service.overall_error_pct', overall), 'percent')}`, 'service.overall_error_pct', overall),
		figure(`rate ${formatValue(index.value('service.requests_per_s', overall), 'per_second')}`, 'service.requests_per_s', overall),
	];
	if (worst === undefined) {
		return [['no probed services'], first];
	}

	const name = cleanText(resourceName(worst));
	return [
		first,
		[figure(`worst ${name} p95 ${formatValue(index.value('service.latency_p95_ms', worst), 'milliseconds')}`, 'service.latency_p95_ms', worst), lastStatusText(index, worst)],
	];
}

/** Counts of targets per state, worst first: "1 down, 2 up". */
function stateCounts(snapshot: Snapshot): string {
	const counts = new Map<ServiceState, number>();
	for (const target of serviceTargets(snapshot)) {
		const {state} = targetFigures(snapshot.sample, target);
		counts.set(state, (counts.get(state) ?? 0) + 1);
	}

	const order: readonly ServiceState[] = ['down', 'degraded', 'up', 'unknown'];
	return order.filter(state => counts.has(state)).map(state => `${counts.get(state)} ${state}`).join(', ');
}

/** The compact view's one line: `Services 3 targets: 1 down, 2 up  worst api p95 1.2 s  health 72`. */
export function compactServiceParts(snapshot: Snapshot): string[] {
	const index = indexSample(snapshot.sample);
	const targets = serviceTargets(snapshot);
	const worst = worstService(snapshot);
	return [
		`Services ${targets.length} target${targets.length === 1 ? '' : 's'}: ${stateCounts(snapshot)}`,
		worst === undefined ? '' : `worst ${cleanText(resourceName(worst))} p95 ${formatValue(index.value('service.latency_p95_ms', worst), 'milliseconds')}`,
		`health ${formatValue(index.value('service.health_score', overall), 'count')}`,
		`errors ${formatValue(index.value('service.overall_error_pct', overall), 'percent')}`,
	];
}

/** The worst state across targets, for painting the compact line. */
export function worstState(snapshot: Snapshot): ServiceState {
	const states = new Set(serviceTargets(snapshot).map(target => targetFigures(snapshot.sample, target).state));
	return (['down', 'degraded', 'up', 'unknown'] as const).find(state => states.has(state)) ?? 'unknown';
}

/** The detail view's text: every RED figure per target, then the overall line and per-target evidence. */
export function serviceDetailLines(snapshot: Snapshot, width: number): string[] {
	const index = indexSample(snapshot.sample);
	const targets = serviceTargets(snapshot);
	if (targets.length === 0) {
		return ['no probed services'];
	}

	// Below 100 columns the state word and body size go: the dot carries the state, and the name needs the room.
	const wide = width >= 100;
	const rows = targets.map(target => {
		const value = (id: MetricId) => index.value(id, target);
		const figures = targetFigures(snapshot.sample, target);
		return [
			`${statusDot} ${figures.name}`,
			...(wide ? [figures.state] : []),
			formatValue(value('service.requests_per_s'), 'per_second'),
			formatValue(value('service.error_pct'), 'percent'),
			formatValue(value('service.latency_p50_ms'), 'milliseconds'),
			formatValue(value('service.latency_p95_ms'), 'milliseconds'),
			formatValue(value('service.latency_p99_ms'), 'milliseconds'),
			figures.status,
			...(wide ? [formatValue(value('service.body_bytes'), 'bytes')] : []),
			figures.health,
		];
	});
	const number = (header: string, cells = 8) => ({header, width: cells, align: 'right' as const});
	const columns = [
		{header: 'TARGET', flex: 1},
		...(wide ? [{header: 'STATE', width: 8}] : []),
		number('REQ/S', 7),
		number('ERR %', 6),
		number('P50'),
		number('P95'),
		number('P99'),
		{header: 'STATUS', width: 8},
		...(wide ? [number('BODY', 9)] : []),
		number('HEALTH', 6),
	];
	const table = formatTable(columns, rows, Math.min(width, 120)).map(line => line.trimEnd());
	const evidence = targets.flatMap(target => {
		const found = assessmentFor(snapshot.analysis.assessments, target)?.evidence ?? [];
		return found.length === 0 ? [] : [truncate(`${cleanText(resourceName(target))}: ${cleanText(found.join(', '))}`, width)];
	});
	return [
		...table,
		joinFitting([
			`overall rate ${formatValue(index.value('service.requests_per_s', overall), 'per_second')}`,
			`errors ${formatValue(index.value('service.overall_error_pct', overall), 'percent')}`,
			`health ${formatValue(index.value('service.health_score', overall), 'count')} (mean of targets)`,
		], width),
		...(evidence.length === 0 ? [] : [rule('evidence', width), ...evidence]),
	];
}

/** Detail rows keep the status dot in the first cell; paint it after the table is laid out. */
export function paintDetailDots(lines: readonly string[], snapshot: Snapshot, theme: Theme): string[] {
	const states = serviceTargets(snapshot).map(target => targetFigures(snapshot.sample, target).state);
	// The table's first line is its header; rows follow in target order.
	return lines.map((line, position) => {
		const state = states[position - 1];
		return state === undefined ? line : paintDot(line, state, theme);
	});
}
