import {quantile} from 'simple-statistics';
import {analyze, analyzeTick, assessTick} from '../analyze/analyze.js';
import {defaultThresholds} from '../analyze/severity.js';
import {type AnalysisMemory, emptyMemory, SUSTAIN_TICKS} from '../analyze/sustain.js';
import {ofRecorded} from '../analyze/recorded.js';
import type {AnomalyEvent, AnomalyKind} from '../analyze/anomaly.js';
import type {Baseline} from '../analyze/baseline.js';
import {compareWindow, type Band} from '../analyze/compare.js';
import {forecastFilesystem, growthPerHour, leakSuspects, type ProcessRssSeries} from '../analyze/forecast.js';
import {createProcessSummariser, type ProcessSummary, summaryAsProcess} from '../analyze/process-summary.js';
import type {EpisodeFinding} from '../analyze/episode-text.js';
import type {ReportInput} from '../analyze/report.js';
import type {Analysis, UseAssessment} from '../analyze/types.js';
import {isMetricId} from '../metrics/catalogue.js';
import {hostSeries} from '../metrics/process-series.js';
import {seriesKey, type MetricId, type MetricValue, type ProcessSample, type ResourceId, type Sample} from '../metrics/types.js';
import type {RangeData, Store, StoredEvent, TimeRange} from '../store/types.js';
import {baselineOfMessage} from './recording.js';
import type {Snapshot} from './types.js';

/** Recorded history for a report: every series aligned on the recorded ticks (the store's readRange). */
export type History = Pick<RangeData, 'timestamps' | 'series'>;

/** A report over a recorded range, judged over the range (the `report` command and the dashboard's `s`). */
export type ReportRequest = {
	readonly host: string;
	readonly generatedAt: number;
	readonly fromMs: number;
	readonly toMs: number;
	readonly history: History;
	readonly events: readonly StoredEvent[];
	readonly baseline?: Baseline;
	/** The processes recorded over the range (`recordedProcesses`); none for ticks held in memory. */
	readonly processes?: RecordedProcesses;
	/** The range's bottleneck episodes (engine/recorded-episodes.ts's episodeFindings). */
	readonly episodes?: readonly EpisodeFinding[];
};

/** The recorded top processes of a range, summarised, with each one's RSS for the leak-suspect fit. */
export type RecordedProcesses = {
	readonly summaries: readonly ProcessSummary[];
	readonly rss: ReadonlyMap<string, ProcessRssSeries>;
};

/** Reads a range's process records tick by tick into summaries. */
export function recordedProcesses(store: Pick<Store, 'scanProcesses'>, range: TimeRange): RecordedProcesses {
	const summariser = createProcessSummariser({keepRss: true});
	store.scanProcesses(range, summariser.add);
	return {summaries: summariser.summaries(), rss: summariser.rssSeries()};
}

/** Ticks at the end of the range replayed through the analysis to see whether a CRITICAL bottleneck persists. */
const persistenceTicks = 5;
const keySeriesIds: readonly string[] = ['cpu.busy_pct', 'cpu.psi_some_pct', 'memory.used_pct', 'io.psi_some_pct', 'disk.util_pct', 'net.rx_bytes_per_s', 'net.tx_bytes_per_s', 'service.latency_p95_ms'] satisfies MetricId[];

/** Everything buildReport needs for a range: each series judged at its 95th percentile over the recorded ticks. */
export function gatherReportInput(request: ReportRequest): ReportInput {
	const {history, baseline} = request;
	const timestamps = Array.from(history.timestamps);
	if (timestamps.length === 0) {
		throw new Error(`no recorded samples between ${new Date(request.fromMs).toISOString()} and ${new Date(request.toMs).toISOString()}`);
	}

	const processes = (request.processes?.summaries ?? []).map(summary => summaryAsProcess(summary));
	const window = hostSeries(history.series);
	const idleLinks = downAndFlat(window);
	// Down and flat interfaces are left out of the USE table as well as the charts: rows of dashes.
	const judged = {timestamps: history.timestamps, series: new Map([...history.series].filter(([key]) => !idleLinks.has(key.slice(key.indexOf('|') + 1))))};
	return {
		scope: 'range',
		host: request.host,
		generatedAt: request.generatedAt,
		fromMs: Math.max(request.fromMs, timestamps[0]!),
		toMs: timestamps.at(-1)!,
		analysis: analyze(rangeSample(judged, request.toMs, processes)),
		criticalTicks: criticalTicks(history),
		...(baseline ? {baseline, deviations: compareWindow(window, baseline)} : {}),
		events: request.events.map(event => storedToAnomaly(event)),
		topProcesses: topProcesses(processes),
		trends: {
			filesystems: [...window]
				.filter(([key]) => key.startsWith('fs.used_pct|'))
				.map(([key, values]) => ({...forecastFilesystem(history.timestamps, values), resource: key.slice('fs.used_pct|'.length)})),
			memory: growthPerHour(history.timestamps, history.series.get('memory.used_bytes|memory') ?? []),
			leakSuspects: leakSuspects(request.processes?.rss ?? new Map()),
		},
		keySeries: [...window]
			.filter(([key]) => keySeriesIds.includes(key.split('|')[0]!) && !idleLinks.has(key.split('|')[1]!))
			.map(([key, values]) => ({key, timestamps: history.timestamps, values})),
		episodes: request.episodes ?? [],
	};
}

/**
 * A report of one moment, the dashboard's `S`: the snapshot's own analysis, processes and baseline
 * comparison. Whether a CRITICAL bottleneck persists is read from the ticks the dashboard holds; a
 * moment has no trends and no charts.
 */
export function snapshotReportInput(snapshot: Snapshot, generatedAt: number): ReportInput {
	const {comparison} = snapshot;
	const {timestamp} = snapshot.sample;
	return {
		scope: 'snapshot',
		host: snapshot.inventory.hostname,
		generatedAt,
		fromMs: timestamp,
		toMs: timestamp,
		analysis: snapshot.analysis,
		criticalTicks: criticalTicks(heldHistory(snapshot)),
		...(comparison ? {baseline: comparison.baseline, deviations: comparison.deviations} : {}),
		events: comparison?.events ?? [],
		topProcesses: topProcesses(snapshot.sample.processes),
		trends: {filesystems: [], memory: undefined, leakSuspects: [...(snapshot.leakSuspects ?? [])]},
		keySeries: [],
		// A moment has no span for an episode to open and close in.
		episodes: [],
	};
}

/** The ticks the dashboard holds in memory, as a History: what a range report covers without recording. */
export function heldHistory(snapshot: Snapshot): History {
	const series = new Map<string, Float64Array>();
	for (const metric of snapshot.sample.metrics) {
		const key = seriesKey(metric.id, metric.resource);
		series.set(key, Float64Array.from(snapshot.history.series(key)));
	}

	return {timestamps: Float64Array.from(snapshot.history.timestamps), series};
}

function topProcesses(processes: readonly ProcessSample[]): ReportInput['topProcesses'] {
	return {
		cpu: topBy(processes, process => process.cpuPct),
		memory: topBy(processes, process => process.rssBytes),
		io: topBy(processes, process => process.ioBytesPerSec),
	};
}

/**
 * Interfaces with no link speed that carried nothing over the whole range: down, or a virtual link
 * nobody used. Their flat charts and empty USE rows would only push the ones that matter down the page.
 */
function downAndFlat(window: ReadonlyMap<string, Float64Array>): Set<ResourceId> {
	const quiet = new Set<ResourceId>();
	const nothing = (key: string) => (window.get(key) ?? []).every(value => Number.isNaN(value) || value === 0);
	for (const key of window.keys()) {
		const [id, resource = ''] = key.split('|');
		if (id === ('net.rx_bytes_per_s' satisfies MetricId) && nothing(key) && nothing(`net.tx_bytes_per_s|${resource}`) && nothing(`net.speed_mbps|${resource}`)) {
			quiet.add(resource);
		}
	}

	return quiet;
}

/**
 * One Sample standing for a whole range: each series at its 95th percentile, so a resource that was
 * saturated for a twentieth of the range shows in the USE table (the report says so).
 */
export function rangeSample(history: History, timestamp: number, processes: readonly ProcessSample[] = []): Sample {
	const metrics: MetricValue[] = [];
	for (const [key, values] of hostSeries(history.series)) {
		const [id = '', resource = ''] = key.split('|');
		if (isMetricId(id)) {
			metrics.push({id, resource, value: ofRecorded(values, recorded => quantile(recorded, 0.95))});
		}
	}

	return {timestamp, intervalMs: undefined, metrics, processes, unavailable: []};
}

function topBy(processes: readonly ProcessSample[], measure: (process: ProcessSample) => number | undefined): ProcessSample[] {
	return processes
		.filter(process => (measure(process) ?? 0) > 0)
		.sort((a, b) => (measure(b) ?? 0) - (measure(a) ?? 0))
		.slice(0, 10);
}

/**
 * Consecutive CRITICAL ticks per resource at the end of the range, from its last few ticks replayed
 * through the analysis as the live loop judged them (with the ticks before them, so the rules that need
 * a few ticks of persistence have them).
 */
function criticalTicks(history: History): Record<string, number> {
	const count = history.timestamps.length;
	const counts: Record<string, number> = {};
	const judge = recordedSeverityJudge(history);
	for (let index = Math.max(0, count - persistenceTicks); index < count; index++) {
		const critical = new Set(judge(index).filter(assessment => assessment.severity === 'CRITICAL').map(assessment => assessment.resource));
		for (const resource of new Set([...Object.keys(counts), ...critical])) {
			counts[resource] = critical.has(resource) ? (counts[resource] ?? 0) + 1 : 0;
		}
	}

	return counts;
}

/** A recorded series with its id and resource split out of the key once. */
export type RecordedSeries = {readonly id: MetricId; readonly resource: ResourceId; readonly values: ArrayLike<number>};

/** The host series of a recorded range (hostSeries), keys split once, not once a tick. */
export function recordedSeries(series: ReadonlyMap<string, ArrayLike<number>>): RecordedSeries[] {
	return [...hostSeries(series)].flatMap(([key, values]) => {
		const [id = '', resource = ''] = key.split('|');
		return isMetricId(id) ? [{id, resource, values}] : [];
	});
}

/** One recorded tick as a Sample: each series' value at `index` (a gap is unknown), with the processes recorded at that tick. */
export function recordedSample(timestamps: ArrayLike<number>, series: readonly RecordedSeries[], index: number, processes: readonly ProcessSample[] = []): Sample {
	const metrics: MetricValue[] = series.map(({id, resource, values}) => {
		const value = values[index]!;
		return {id, resource, value: Number.isFinite(value) ? value : undefined};
	});
	return {timestamp: timestamps[index]!, intervalMs: undefined, metrics, processes, unavailable: []};
}

/**
 * Judges recorded ticks as the dashboard judged them live, carrying what earlier ticks showed (run-queue
 * persistence, severity floors) from one tick to the next; a tick after a skip is judged after the
 * SUSTAIN_TICKS − 1 ticks before it. Per-process series are left out; `processes` gives a tick's
 * recorded processes, for the bottlenecks' top processes (none without it).
 */
export function recordedTickJudge(history: History, processes?: (index: number) => readonly ProcessSample[]): (index: number) => Analysis {
	return recordedJudge(history, (sample, memory) => {
		const judged = analyzeTick(sample, defaultThresholds, memory);
		return {result: judged.analysis, memory: judged.memory};
	}, processes);
}

/**
 * recordedTickJudge's assessments alone, the same severities without ranking, advice or evidence lines:
 * for what reads only severities (episodes, critical ticks), where those were half the cost.
 */
export function recordedSeverityJudge(history: History): (index: number) => readonly UseAssessment[] {
	return recordedJudge(history, (sample, memory) => {
		const judged = assessTick(sample, defaultThresholds, memory, {evidence: false});
		return {result: judged.assessments, memory: judged.memory};
	});
}

type JudgeStep<T> = (sample: Sample, memory: AnalysisMemory) => {readonly result: T; readonly memory: AnalysisMemory};

function recordedJudge<T>(history: History, step: JudgeStep<T>, processes?: (index: number) => readonly ProcessSample[]): (index: number) => T {
	// Keys split once, not once a tick: judging a recorded day runs this for every tick that may matter.
	const series = recordedSeries(history.series);
	let memory = emptyMemory;
	// The tick `memory` leads into.
	let next = 0;
	return index => {
		const from = index >= next && index - next < SUSTAIN_TICKS ? next : Math.max(0, index - SUSTAIN_TICKS + 1);
		memory = from === next ? memory : emptyMemory;
		let result: T | undefined;
		for (let tick = from; tick <= index; tick++) {
			const judged = step(recordedSample(history.timestamps, series, tick, processes?.(tick)), memory);
			memory = judged.memory;
			result = judged.result;
		}

		next = index + 1;
		return result!;
	};
}

function storedToAnomaly(event: StoredEvent): AnomalyEvent {
	const baseline = baselineOfMessage(event.message);
	return {
		timestamp: event.timestamp,
		key: `${event.metric ?? ''}|${event.resource ?? ''}`,
		kind: event.kind as AnomalyKind,
		band: (event.band ?? 'normal') as Band,
		value: event.value ?? Number.NaN,
		// Unknown for events recorded before the store kept it (schema v3).
		deviationSigma: event.deviationSigma ?? Number.NaN,
		...(baseline === undefined ? {} : {baseline}),
	};
}
