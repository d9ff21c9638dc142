import {contributorTally} from '../analyze/episode-contributors.js';
import {isScreened, mayBeEpisodeTicks} from '../analyze/episode-screen.js';
import {coMovingSignals, signalMarginMs, type SignalOptions} from '../analyze/episode-signals.js';
import type {EpisodeFinding} from '../analyze/episode-text.js';
import {type Episode, type EpisodeAssessment, type EpisodeOptions, type EpisodeTick, findEpisodes} from '../analyze/episodes.js';
import {defaultThresholds} from '../analyze/severity.js';
import {judgementReads} from '../analyze/use.js';
import {hostSeries} from '../metrics/process-series.js';
import {resourceKindOf} from '../metrics/types.js';
import type {RangeData, Store, TimeRange} from '../store/types.js';
import {recordedTickJudge} from './report-data.js';

/** Recorded history as the store's readRange returns it; `sessionIds` lets a restart close an episode. */
export type RecordedTicks = Pick<RangeData, 'timestamps' | 'series'> & Partial<Pick<RangeData, 'sessionIds'>>;

const none: readonly EpisodeAssessment[] = [];

/**
 * Every recorded tick judged as the dashboard judged it live, for findEpisodes: report-data.ts's
 * recordedTickJudge (the same USE judgement, sustained readings and floors, at the default thresholds as
 * reports use). Each resource is judged over its own readings (use.ts's judgementReads), and only at the
 * ticks where analyze/episode-screen.ts says it could be a bottleneck (`flags`, computed when not given);
 * elsewhere it is left out, quiet.
 */
export function * judgedTicks(history: RecordedTicks, flags = mayBeEpisodeTicks({count: history.timestamps.length, series: hostSeries(history.series)}, defaultThresholds)): Generator<EpisodeTick> {
	const count = history.timestamps.length;
	const host = hostSeries(history.series);
	const judged = new Map<number, EpisodeAssessment[]>();
	for (const [resource, flagged] of flags) {
		const readings = new Map([...host].filter(([key]) => judgementReads(resource, key.slice(key.indexOf('|') + 1))));
		const judge = recordedTickJudge({timestamps: history.timestamps, series: readings});
		for (let index = flagged.indexOf(1); index !== -1; index = flagged.indexOf(1, index + 1)) {
			const assessment = judge(index).assessments.find(candidate => candidate.resource === resource);
			if (assessment !== undefined) {
				judged.set(index, [...judged.get(index) ?? none, assessment]);
			}
		}
	}

	for (let index = 0; index < count; index++) {
		yield {timestamp: history.timestamps[index]!, sessionId: history.sessionIds?.[index], assessments: judged.get(index) ?? none};
	}
}

/** The bottleneck episodes of a recorded range: what history mode's `n` / `N` step between. */
export function recordedEpisodes(history: RecordedTicks, options: EpisodeOptions = {}): Episode[] {
	return findEpisodes(judgedTicks(history), options);
}

/** The store's process record reader: each tick's record in time order. */
export type ProcessScan = Store['scanProcesses'];

/**
 * Where episodes read recorded history: the store (its readRange, only the series asked for), or a range
 * already in memory (memoryReader).
 */
export type HistoryReader = {
	readonly readRange: (fromMs: number, toMs: number, keys?: ReadonlySet<string>) => RecordedTicks;
	/** Every series key recorded. */
	readonly keys: () => Iterable<string>;
	/** The process records; undefined for a database written before perftop kept them. */
	readonly scanProcesses: ProcessScan | undefined;
};

/** The store as a HistoryReader. */
export function storeReader(store: Pick<Store, 'readRange' | 'listSeries' | 'scanProcesses' | 'processRecordRange'>): HistoryReader {
	return {
		readRange: (fromMs, toMs, keys) => store.readRange(fromMs, toMs, keys),
		keys: () => store.listSeries().map(series => series.key),
		scanProcesses: store.processRecordRange() === undefined ? undefined : store.scanProcesses,
	};
}

/** A range already read, as a HistoryReader: ranges and keys are views of it, nothing is copied. */
export function memoryReader(history: RecordedTicks, scanProcesses?: ProcessScan): HistoryReader {
	return {
		keys: () => history.series.keys(),
		scanProcesses,
		readRange(fromMs, toMs, keys) {
			const first = lowerBound(history.timestamps, fromMs);
			const end = lowerBound(history.timestamps, toMs + 1);
			return {
				timestamps: history.timestamps.subarray(first, end),
				sessionIds: history.sessionIds?.subarray(first, end),
				series: new Map([...history.series].filter(([key]) => keys === undefined || keys.has(key)).map(([key, values]) => [key, values.subarray(first, end)])),
			};
		},
	};
}

export type EpisodeScan = {
	/** Recorded ticks in the range. */
	readonly ticks: number;
	readonly findings: readonly EpisodeFinding[];
};

/**
 * The episodes of a recorded range with their contributors and co-moving signals, reading no more than
 * it needs: first the series the screen reads (utilization, saturation, errors and floors) over the whole
 * range, then every series of the resources it flagged, then around each episode every series for its
 * signals and totals. Process records are read only over the episodes' spans.
 */
export function episodeFindings(reader: HistoryReader, range: TimeRange, options: EpisodeOptions & SignalOptions = {}): EpisodeScan {
	const keys = [...reader.keys()].filter(key => resourceKindOf(key.slice(key.indexOf('|') + 1)) !== 'process');
	const screened = reader.readRange(range.fromMs, range.toMs, new Set(keys.filter(key => isScreened(key))));
	const count = screened.timestamps.length;
	if (count === 0) {
		return {ticks: 0, findings: []};
	}

	const flags = mayBeEpisodeTicks({count, series: screened.series}, defaultThresholds);
	// The same ticks again: a recorder may have added some after the first read.
	const lastMs = screened.timestamps[count - 1]!;
	const readings = new Set(keys.filter(key => !screened.series.has(key) && [...flags.keys()].some(resource => judgementReads(resource, key.slice(key.indexOf('|') + 1)))));
	const rest = readings.size === 0 ? undefined : reader.readRange(range.fromMs, lastMs, readings);
	if (rest !== undefined && rest.timestamps.length !== count) {
		throw new Error('the recording changed while it was read (retention ran?): try again');
	}

	const history = {timestamps: screened.timestamps, sessionIds: screened.sessionIds, series: new Map([...screened.series, ...rest?.series ?? []])};
	const episodes = findEpisodes(judgedTicks(history, flags), options);
	const marginMs = options.marginMs ?? signalMarginMs;
	// Host series only: a database written before the process record keeps a series per process.
	const hostKeys = new Set(keys);
	const windows = episodes.map(episode => reader.readRange(episode.startMs - marginMs, episode.endMs + marginMs, hostKeys));
	const tally = contributorTally(episodes);
	if (reader.scanProcesses !== undefined) {
		for (const span of spansOf(episodes)) {
			tally.restart();
			reader.scanProcesses(span, tally.add);
		}
	}

	const contributors = tally.result(index => windows[index]!);
	return {
		ticks: count,
		findings: episodes.map((episode, index) => ({...episode, contributors: contributors[index]!, signals: coMovingSignals(episode, windows[index]!, {...options, marginMs})})),
	};
}

/** The first index whose timestamp is at least `ms`. */
function lowerBound(timestamps: ArrayLike<number>, ms: number): number {
	let low = 0;
	let high = timestamps.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (timestamps[middle]! < ms) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}

/** The record before an episode's first tick gives that tick its interval: scans start this much earlier. */
const leadMs = 60_000;

/** The episodes' spans, overlapping ones merged, each from `leadMs` before its start: the process records to read. */
function spansOf(episodes: readonly Episode[]): TimeRange[] {
	const spans: Array<{fromMs: number; toMs: number}> = [];
	for (const episode of [...episodes].sort((a, b) => a.startMs - b.startMs)) {
		const last = spans.at(-1);
		if (last !== undefined && episode.startMs - leadMs <= last.toMs) {
			last.toMs = Math.max(last.toMs, episode.endMs);
		} else {
			spans.push({fromMs: episode.startMs - leadMs, toMs: episode.endMs});
		}
	}

	return spans;
}
