import {metricDefinition} from '../metrics/catalogue.js';
import type {ProcessGroup, ProcessSample, ResourceId, Unit} from '../metrics/types.js';
import type {AnomalyEvent} from './anomaly.js';
import type {Baseline} from './baseline.js';
import {byConcern, judgingOf, splitKey, type Deviation, type UsedSigmaKind} from './compare.js';
import type {FilesystemForecast, LeakSuspect, TrendFit} from './forecast.js';
import {groupWorkers} from './process-groups.js';
import type {ContributionMeasure} from './episode-contributors.js';
import {contributorText, type EpisodeFinding, noContributorsText} from './episode-text.js';
import {signalText} from './episode-signals.js';
import type {Analysis, Bottleneck, Severity, UseAssessment} from './types.js';

export type OverallStatus = 'HEALTHY' | 'DEGRADED' | 'CRITICAL';

export type ReportProcess = {
	readonly pid: number;
	readonly name: string;
	/** Undefined (null in JSON) when the recorded range did not keep it. */
	readonly user: string | undefined;
	readonly command: string;
	readonly cpuPct: number | undefined;
	readonly rssBytes: number;
	/** Read and write together: a recorded range keeps only the sum. */
	readonly ioBytesPerSec: number | undefined;
	/** Workers of one program (same name, same parent) are one row: how many, and their pids (`pid` is the first). */
	readonly count: number;
	readonly pids: readonly number[];
};

/** A USE assessment as the report shows it: the per-metric values behind the evidence stay out. */
export type ReportUseRow = Omit<UseAssessment, 'values' | 'judged'>;

export type ReportBottleneck = Omit<Bottleneck, 'topProcesses'> & {
	readonly topProcesses: readonly ReportProcess[];
};

export type ReportFilesystemTrend = FilesystemForecast & {readonly resource: ResourceId};

export type ReportSeries = {
	readonly key: string;
	readonly label: string;
	readonly unit: Unit | undefined;
	readonly timestamps: readonly number[];
	/** Aligned with `timestamps`; null marks a gap (JSON has no NaN). */
	readonly values: ReadonlyArray<number | null>;
	/** The baseline's normal band (compare.ts `judgingOf`): median ± 2σ used, clipped to what the metric can be. */
	readonly band: {readonly low: number; readonly high: number} | undefined;
};

/** A bottleneck episode as the report lists it (README, "Report JSON"): times in ms and ISO, contributors and co-moving signals with their sentences. */
export type ReportEpisode = {
	readonly resource: ResourceId;
	readonly kind: string;
	readonly startMs: number;
	readonly endMs: number;
	readonly start: string;
	readonly end: string;
	readonly durationMs: number;
	readonly ongoing: boolean;
	readonly peak: {
		readonly atMs: number;
		readonly at: string;
		readonly severity: Severity;
		readonly score: number;
		readonly metric: string | undefined;
		readonly value: number | undefined;
		readonly unit: Unit | undefined;
	};
	readonly contributors: {
		readonly measure: ContributionMeasure | undefined;
		readonly total: number | undefined;
		readonly attributed: number;
		readonly unattributed: number | undefined;
		readonly recordedTicks: number;
		/** Why there are none, when there are none. */
		readonly note: string | undefined;
		readonly processes: ReadonlyArray<{readonly name: string; readonly pid: number; readonly pids: readonly number[]; readonly count: number; readonly amount: number; readonly share: number | undefined; readonly text: string}>;
	};
	readonly signals: ReadonlyArray<{readonly key: string; readonly label: string; readonly rho: number; readonly points: number; readonly text: string}>;
};

/** An anomaly event as the report lists it: the baseline it was measured against, null when unknown. */
export type ReportEvent = Omit<AnomalyEvent, 'baseline'> & {readonly baseline: string | undefined};

export type ReportBaseline = {
	readonly name: string;
	readonly fromMs: number;
	readonly toMs: number;
	readonly leftOut: ReadonlyArray<{readonly key: string; readonly count: number}>;
	/** How many deviations used each kind of σ. */
	readonly sigmaKinds: Readonly<Record<UsedSigmaKind, number>>;
};

/**
 * A report snapshot: plain data, the JSON format documented in the README. `schemaVersion` 2: processes
 * carry `ioBytesPerSec` (read + write) where version 1 had `readBytesPerSec` and `writeBytesPerSec`;
 * 3: `episodes`, the bottleneck episodes of the range.
 */
export type Report = {
	readonly schemaVersion: 3;
	readonly scope: ReportScope;
	readonly host: string;
	readonly generatedAt: string;
	readonly range: {readonly fromMs: number; readonly toMs: number; readonly from: string; readonly to: string};
	readonly status: OverallStatus;
	readonly statusReason: string;
	readonly counts: {readonly critical: number; readonly high: number; readonly medium: number; readonly bottlenecks: number};
	readonly use: readonly ReportUseRow[];
	readonly bottlenecks: readonly ReportBottleneck[];
	readonly recommendations: readonly string[];
	readonly baseline: ReportBaseline | undefined;
	readonly deviations: readonly Deviation[];
	readonly events: readonly ReportEvent[];
	readonly topProcesses: {readonly cpu: readonly ReportProcess[]; readonly memory: readonly ReportProcess[]; readonly io: readonly ReportProcess[]};
	readonly trends: {
		readonly filesystems: readonly ReportFilesystemTrend[];
		/** Fitted growth of memory in use, bytes per hour. */
		readonly memory: TrendFit | undefined;
		readonly leakSuspects: readonly LeakSuspect[];
	};
	readonly series: readonly ReportSeries[];
	readonly episodes: readonly ReportEpisode[];
};

/**
 * What a report judges: a recorded range (each series at its 95th percentile, `perftop report` and the
 * dashboard's `s`), or one snapshot, the dashboard's analysis at one moment (`S`).
 */
export type ReportScope = 'range' | 'snapshot';

export type KeySeriesInput = {
	readonly key: string;
	readonly label?: string;
	readonly timestamps: ArrayLike<number>;
	readonly values: ArrayLike<number>;
};

export type ReportInput = {
	/** Default 'range'. */
	readonly scope?: ReportScope;
	readonly host: string;
	readonly generatedAt: number;
	readonly fromMs: number;
	readonly toMs: number;
	readonly analysis: Analysis;
	/**
	 * Consecutive ticks, up to `toMs`, that each resource has been CRITICAL. A CRITICAL bottleneck
	 * "persists" when its count reaches `persistTicks`; without counts a single snapshot cannot show
	 * persistence and the status stays at DEGRADED.
	 */
	readonly criticalTicks?: Readonly<Record<ResourceId, number>>;
	/** Default 3, the same persistence as an anomaly raise. */
	readonly persistTicks?: number;
	readonly baseline?: Baseline;
	readonly deviations?: readonly Deviation[];
	readonly events: readonly AnomalyEvent[];
	readonly topProcesses: {readonly cpu: readonly ProcessSample[]; readonly memory: readonly ProcessSample[]; readonly io: readonly ProcessSample[]};
	readonly trends: {
		readonly filesystems: ReadonlyArray<FilesystemForecast & {readonly resource: ResourceId}>;
		readonly memory: TrendFit | undefined;
		readonly leakSuspects: readonly LeakSuspect[];
	};
	readonly keySeries: readonly KeySeriesInput[];
	/** The bottleneck episodes of the range (engine/recorded-episodes.ts); none when left out. */
	readonly episodes?: readonly EpisodeFinding[];
};

export const MAX_RECOMMENDATIONS = 5;
export const MAX_PROCESSES = 10;

const severityRank: Readonly<Record<Severity, number>> = {LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3};

/**
 * Overall status per the methodology: HEALTHY without any CRITICAL issue, DEGRADED with one,
 * CRITICAL when a CRITICAL bottleneck has persisted for `persistTicks`. HIGH issues alone leave the
 * host HEALTHY (they are counted and listed).
 */
export function overallStatus(analysis: Analysis, criticalTicks: Readonly<Record<ResourceId, number>> = {}, persistTicks = 3): {status: OverallStatus; reason: string} {
	const persisting = analysis.bottlenecks.filter(bottleneck => bottleneck.severity === 'CRITICAL' && (criticalTicks[bottleneck.resource] ?? 0) >= persistTicks);
	if (persisting.length > 0) {
		return {status: 'CRITICAL', reason: `critical bottleneck persists: ${persisting.map(bottleneck => bottleneck.resource).join(', ')}`};
	}

	const critical = analysis.assessments.filter(assessment => assessment.severity === 'CRITICAL');
	if (critical.length > 0) {
		return {status: 'DEGRADED', reason: `critical issue: ${critical.map(assessment => assessment.resource).join(', ')}`};
	}

	return {status: 'HEALTHY', reason: 'no critical issue'};
}

/** Most severe first (floors included), then highest score. */
function bySeverity(left: {severity: Severity; score: number}, right: {severity: Severity; score: number}): number {
	return severityRank[right.severity] - severityRank[left.severity] || right.score - left.score;
}

/** The first `limit` distinct recommendations, in bottleneck order (most severe first). */
export function topRecommendations(analysis: Analysis, limit = MAX_RECOMMENDATIONS): string[] {
	const seen = new Set<string>();
	for (const bottleneck of [...analysis.bottlenecks].sort(bySeverity)) {
		const text = bottleneck.recommendation.trim();
		if (text !== '' && !seen.has(text)) {
			seen.add(text);
		}
	}

	return [...seen].slice(0, limit);
}

export function buildReport(input: ReportInput): Report {
	const {analysis} = input;
	const {status, reason} = overallStatus(analysis, input.criticalTicks, input.persistTicks);
	const deviations = input.deviations ?? [];
	const use = [...analysis.assessments]
		.sort((left, right) => bySeverity(left, right) || compareText(left.resource, right.resource))
		.map(assessment => ({
			resource: assessment.resource,
			kind: assessment.kind,
			utilizationPct: assessment.utilizationPct,
			saturation: assessment.saturation,
			errorPct: assessment.errorPct,
			score: assessment.score,
			severity: assessment.severity,
			...(assessment.floor ? {floor: assessment.floor} : {}),
			bottleneck: assessment.bottleneck,
			evidence: [...assessment.evidence],
		}));
	return {
		schemaVersion: 3,
		scope: input.scope ?? 'range',
		host: input.host,
		generatedAt: isoTime(input.generatedAt),
		range: {fromMs: input.fromMs, toMs: input.toMs, from: isoTime(input.fromMs), to: isoTime(input.toMs)},
		status,
		statusReason: reason,
		counts: {
			critical: countSeverity(analysis, 'CRITICAL'),
			high: countSeverity(analysis, 'HIGH'),
			medium: countSeverity(analysis, 'MEDIUM'),
			bottlenecks: analysis.assessments.filter(assessment => assessment.bottleneck).length,
		},
		use,
		bottlenecks: [...analysis.bottlenecks]
			.sort(bySeverity)
			.map(bottleneck => ({
				resource: bottleneck.resource,
				severity: bottleneck.severity,
				score: bottleneck.score,
				...(bottleneck.floor ? {floor: bottleneck.floor} : {}),
				evidence: [...bottleneck.evidence],
				recommendation: bottleneck.recommendation,
				topProcesses: bottleneck.topProcesses.slice(0, MAX_PROCESSES).map(toReportProcess),
			})),
		recommendations: topRecommendations(analysis),
		baseline: input.baseline === undefined ? undefined : {
			name: input.baseline.name,
			fromMs: input.baseline.fromMs,
			toMs: input.baseline.toMs,
			leftOut: input.baseline.leftOut.map(entry => ({key: entry.key, count: entry.count})),
			sigmaKinds: countSigmaKinds(deviations),
		},
		deviations: [...deviations].sort(byConcern),
		events: input.events
			.filter(event => event.timestamp >= input.fromMs && event.timestamp <= input.toMs)
			.sort((left, right) => left.timestamp - right.timestamp || compareText(left.key, right.key))
			.map(event => ({...event, baseline: event.baseline})),
		topProcesses: {
			cpu: topGroups(input.topProcesses.cpu, group => group.cpuPct),
			memory: topGroups(input.topProcesses.memory, group => group.rssBytes),
			io: topGroups(input.topProcesses.io, group => group.ioBytesPerSec),
		},
		trends: {
			filesystems: [...input.trends.filesystems].sort((left, right) => compareText(left.resource, right.resource)),
			memory: input.trends.memory,
			leakSuspects: [...input.trends.leakSuspects],
		},
		series: input.keySeries.map(series => toReportSeries(series, input.baseline)),
		episodes: (input.episodes ?? []).map(finding => toReportEpisode(finding)),
	};
}

export function toReportEpisode(finding: EpisodeFinding): ReportEpisode {
	const {peak, contributors} = finding;
	return {
		resource: finding.resource,
		kind: finding.kind,
		startMs: finding.startMs,
		endMs: finding.endMs,
		start: isoTime(finding.startMs),
		end: isoTime(finding.endMs),
		durationMs: finding.durationMs,
		ongoing: finding.ongoing,
		peak: {...peak, at: isoTime(peak.atMs), unit: peak.metric === undefined ? undefined : metricDefinition(peak.metric)?.unit},
		contributors: {
			measure: contributors.measure,
			total: contributors.total,
			attributed: contributors.attributed,
			unattributed: contributors.unattributed,
			recordedTicks: contributors.recordedTicks,
			note: noContributorsText(contributors),
			processes: contributors.contributors.map(contributor => ({...contributor, text: contributorText(finding, contributors, contributor)})),
		},
		signals: finding.signals.map(signal => ({...signal, text: signalText(signal)})),
	};
}

/** `perftop range report — web-1`: the title says which kind of report it is. */
export function reportTitle(report: Pick<Report, 'scope' | 'host'>): string {
	return `perftop ${report.scope} report — ${report.host}`;
}

export function isoTime(ms: number): string {
	return new Date(ms).toISOString();
}

function countSeverity(analysis: Analysis, severity: Severity): number {
	return analysis.assessments.filter(assessment => assessment.severity === severity).length;
}

function countSigmaKinds(deviations: readonly Deviation[]): Record<UsedSigmaKind, number> {
	const counts: Record<UsedSigmaKind, number> = {stddev: 0, robust: 0, floor: 0};
	for (const deviation of deviations) {
		counts[deviation.sigmaKind]++;
	}

	return counts;
}

/** A ranked list of processes as the report shows it: workers of one program as one row, ranked again by their sum. */
function topGroups(processes: readonly ProcessSample[], measure: (group: ProcessGroup) => number | undefined): ReportProcess[] {
	return groupWorkers(processes)
		.map((group, index) => ({group, index, value: measure(group) ?? Number.NEGATIVE_INFINITY}))
		.sort((a, b) => b.value - a.value || a.index - b.index)
		.slice(0, MAX_PROCESSES)
		.map(({group}) => toReportProcess(group));
}

function toReportProcess(process: ProcessGroup): ReportProcess {
	return {
		pid: process.pid,
		name: process.name,
		user: process.user,
		command: process.command,
		cpuPct: process.cpuPct,
		rssBytes: process.rssBytes,
		ioBytesPerSec: process.ioBytesPerSec,
		count: process.count,
		pids: process.pids,
	};
}

function toReportSeries(series: KeySeriesInput, baseline: Baseline | undefined): ReportSeries {
	const {id} = splitKey(series.key);
	const definition = metricDefinition(id);
	const length = Math.min(series.timestamps.length, series.values.length);
	const timestamps: number[] = [];
	const values: Array<number | null> = [];
	for (let index = 0; index < length; index++) {
		timestamps.push(series.timestamps[index]!);
		const value = series.values[index]!;
		values.push(Number.isFinite(value) ? value : null);
	}

	return {
		key: series.key,
		label: series.label ?? defaultLabel(series.key),
		unit: definition?.unit,
		timestamps,
		values,
		// The band the comparison judges by, so the chart, the list and the JSON show the same numbers.
		band: baseline === undefined ? undefined : judgingOf(series.key, baseline)?.band,
	};
}

function defaultLabel(key: string): string {
	const {id, resource} = splitKey(key);
	const label = metricDefinition(id)?.label ?? id;
	return resource === '' ? label : `${resource} ${label}`;
}

function compareText(left: string, right: string): number {
	return left < right ? -1 : left > right ? 1 : 0;
}
