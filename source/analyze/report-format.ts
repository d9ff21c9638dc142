import {metricDefinition} from '../metrics/catalogue.js';
import {formatBytes, formatDuration as formatSeconds, formatPercent, formatValue as formatMetricValue} from '../metrics/format.js';
import type {Unit} from '../metrics/types.js';
import {restText} from './episode-text.js';
import type {Report, ReportEpisode} from './report.js';

// Number formatting of the report renderers: values as the dashboard shows them (metrics/format.ts),
// plus what only reports need. Deterministic: UTC times, so golden files do not depend on the time zone.

export {formatBytes};

/** A value in its catalogue unit, as the dashboard shows it; `—` when unknown (JSON's null included). */
export function formatValue(value: number | undefined | null, unit: Unit | undefined): string {
	return formatMetricValue(value ?? undefined, unit ?? 'count');
}

/** Plain number: integers as is, else two significant decimals at most. */
export function formatNumber(value: number | undefined | null): string {
	if (value === undefined || value === null || !Number.isFinite(value)) {
		return '—';
	}

	if (Number.isInteger(value)) {
		return String(value);
	}

	return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

export function formatPct(value: number | undefined | null): string {
	return formatPercent(value ?? undefined);
}

export function formatSigned(value: number, digits = 2): string {
	return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
}

/** `2024-05-01 12:00:00 UTC`. */
export function formatTime(ms: number): string {
	return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A span of time given in ms: `1h 5m`, `3m 20s`, `2d 4h`. */
export function formatDuration(ms: number): string {
	return formatSeconds(ms / 1000);
}

/** Days until full, readable at a glance. */
export function formatDays(days: number | undefined): string {
	if (days === undefined) {
		return '—';
	}

	if (days > 365) {
		return '> 1 year';
	}

	return days < 1 ? `${(days * 24).toFixed(1)} h` : `${days.toFixed(1)} d`;
}

/** Signed bytes per hour: `+180.0 MiB/h`, `−2.0 MiB/h`. */
export function formatGrowth(bytesPerHour: number): string {
	return `${bytesPerHour >= 0 ? '+' : '−'}${formatBytes(Math.abs(bytesPerHour))}/h`;
}

/** "score 3", or "score 3; at least HIGH: saturation above 10 for 3 ticks" when a severity floor lifted it. */
export function scoreNote(entry: {readonly score: number; readonly floor?: {readonly severity: string; readonly reason: string}}): string {
	return entry.floor === undefined ? `score ${entry.score}` : `score ${entry.score}; at least ${entry.floor.severity}: ${entry.floor.reason}`;
}

/**
 * `Range: <from> → <to> (<span>)`, or `Snapshot: <time>` for a report of one moment, with the label
 * marked up by the renderer. Times and spans hold nothing to escape.
 */
export function coverage(report: Pick<Report, 'scope' | 'range'>, label: (text: string) => string): string {
	const {fromMs, toMs} = report.range;
	return report.scope === 'snapshot'
		? `${label('Snapshot:')} ${formatTime(toMs)}`
		: `${label('Range:')} ${formatTime(fromMs)} → ${formatTime(toMs)} (${formatDuration(toMs - fromMs)})`;
}

/** An episode's table cells: when, how bad at its worst, who, and what moved with it. */
export function episodeCells(episode: ReportEpisode): {when: string; peak: string; contributors: string; signals: string} {
	const {peak} = episode;
	const label = peak.metric === undefined ? undefined : metricDefinition(peak.metric)?.label ?? peak.metric;
	const rest = episode.contributors.processes.length > 0 ? restText(episode, episode.contributors) : undefined;
	return {
		when: `${formatTime(episode.startMs)} → ${episode.ongoing ? 'still open' : formatTime(episode.endMs)} (${formatDuration(episode.durationMs)})`,
		peak: `${peak.severity}${label === undefined ? '' : `, ${label} ${formatValue(peak.value, peak.unit)}`} at ${formatTime(peak.atMs)}`,
		contributors: [...episode.contributors.processes.map(process => process.text), ...(rest === undefined ? [] : [rest])].join('; ') || (episode.contributors.note ?? '—'),
		signals: episode.signals.map(signal => signal.text).join('; ') || 'none strong (|ρ| ≥ 0.8)',
	};
}
