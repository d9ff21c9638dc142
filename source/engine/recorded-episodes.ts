import {contributorTally} from '../analyze/episode-contributors.js';
import {isScreened, mayBeEpisodeTicks} from '../analyze/episode-screen.js';
import {coMovingSignals, signalMarginMs, type SignalOptions} from '../analyze/episode-signals.js';
import type {EpisodeFinding} from '../analyze/episode-text.js';
import {type Episode, type EpisodeAssessment, type EpisodeOptions, type EpisodeTick, findEpisodes} from '../analyze/episodes.js';
import {defaultThresholds} from '../analyze/severity.js';
import {SUSTAIN_TICKS} from '../analyze/sustain.js';
import {judgementReads} from '../analyze/use.js';
import {hostSeries} from '../metrics/process-series.js';
import {resourceKindOf} from '../metrics/types.js';
import type {RangeData, Store, TimeRange} from '../store/types.js';
import {recordedSeverityJudge} from './report-data.js';

/** Recorded history as the store's readRange returns it; `sessionIds` lets a restart close an episode. */
export type RecordedTicks = Pick<RangeData, 'timestamps' | 'series'> & Partial<Pick<RangeData, 'sessionIds'>>;

const none: readonly EpisodeAssessment[] = [];

/**
 * Every recorded tick judged as the dashboard judged it live, for findEpisodes: report-data.ts's
 * recordedSeverityJudge (the same USE judgement, sustained readings and floors, at the default thresholds as
 * reports use). Each resource is judged over its own readings (use.ts's judgementReads), and only at the
 * ticks where analyze/episode-screen.ts says it could be a bottleneck (`flags`, computed when not given);
 * elsewhere it is left out, quiet.
 */
export function * judgedTicks(history: RecordedTicks, flags = mayBeEpisodeTicks({count: history.timestamps.length, series: hostSeries(history.series)}, defaultThresholds)): Generator<EpisodeTick> {
	const host = hostSeries(history.series);
	const judged = new Map<number, EpisodeAssessment[]>();
	for (const [resource, flagged] of flags) {
		const readings = new Map([...host].filter(([key]) => judgementReads(resource, key.slice(key.indexOf('|') + 1))));
		const judge = recordedSeverityJudge({timestamps: history.timestamps, series: readings});
		for (let index = flagged.indexOf(1); index !== -1; index = flagged.indexOf(1, index + 1)) {
			const assessment = judge(index).find(candidate => candidate.resource === resource);
			if (assessment !== undefined) {
				judged.set(index, [...judged.get(index) ?? none, assessment]);
			}
		}
	}

	yield * everyTick(history.timestamps, history.sessionIds, judged);
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
	/** The store's one-minute rollups, which let the screen read a minute's highest reading instead of its ticks. */
	readonly readRollups?: Store['readRollups'];
};

/** The store as a HistoryReader. */
export function storeReader(store: Pick<Store, 'readRange' | 'listSeries' | 'scanProcesses' | 'processRecordRange' | 'readRollups'>): HistoryReader {
	return {
		readRange: (fromMs, toMs, keys) => store.readRange(fromMs, toMs, keys),
		keys: () => store.listSeries().map(series => series.key),
		scanProcesses: store.processRecordRange() === undefined ? undefined : store.scanProcesses,
		readRollups: store.readRollups,
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
	const {ticks, episodes} = episodeSpans(reader, range, options);
	return {ticks, findings: episodeDetails(reader, episodes, options)};
}

/**
 * Who used the resource and what moved with it, for episodes already found (episodeSpans): each
 * episode's details depend on its own span alone, so a few of a busy range's thousands (the one replay's
 * `n` steps to) cost what they would alone.
 */
export function episodeDetails(reader: HistoryReader, episodes: readonly Episode[], options: SignalOptions = {}): EpisodeFinding[] {
	const marginMs = options.marginMs ?? signalMarginMs;
	// Host series only: a database written before the process record keeps a series per process.
	const hostKeys = new Set(hostKeysOf(reader));
	const windows = episodeWindows(reader, episodes, marginMs, hostKeys);
	const tally = contributorTally(episodes);
	if (reader.scanProcesses !== undefined) {
		for (const span of spansOf(episodes)) {
			tally.restart();
			reader.scanProcesses(span, tally.add);
		}
	}

	const contributors = tally.result(index => windows[index]!);
	return episodes.map((episode, index) => ({...episode, contributors: contributors[index]!, signals: coMovingSignals(episode, windows[index]!, {...options, marginMs})}));
}

/** At most this much of the range is read at once for the episodes' windows: a busy day's thousands of episodes share a few reads, and memory stays bounded. */
const windowReadMs = 60 * 60_000;

/**
 * Every host series over each episode and `marginMs` around it. Episodes close together share one read
 * of the store (each window a view of it): read one by one, a day with thousands of flapping cgroup
 * episodes decoded every chunk of every series again for each of them.
 */
function episodeWindows(reader: HistoryReader, episodes: readonly Episode[], marginMs: number, keys: ReadonlySet<string>): RecordedTicks[] {
	const windows: RecordedTicks[] = [];
	const byStart = episodes.map((episode, index) => ({fromMs: episode.startMs - marginMs, toMs: episode.endMs + marginMs, index})).sort((a, b) => a.fromMs - b.fromMs);
	for (let first = 0; first < byStart.length;) {
		let end = first + 1;
		let toMs = byStart[first]!.toMs;
		while (end < byStart.length && Math.max(toMs, byStart[end]!.toMs) - byStart[first]!.fromMs <= windowReadMs) {
			toMs = Math.max(toMs, byStart[end]!.toMs);
			end++;
		}

		const read = memoryReader(reader.readRange(byStart[first]!.fromMs, toMs, keys));
		for (const window of byStart.slice(first, end)) {
			windows[window.index] = read.readRange(window.fromMs, window.toMs);
		}

		first = end;
	}

	return windows;
}

/** The series episodes are judged by: not a database's per-process ones. */
function hostKeysOf(reader: HistoryReader): string[] {
	return [...reader.keys()].filter(key => resourceKindOf(key.slice(key.indexOf('|') + 1)) !== 'process');
}

/**
 * The bottleneck episodes of a range without who used the resource or what moved with it: the
 * judgement's cost alone (the history header names episodes with them), and how many ticks there are.
 */
export function episodeSpans(reader: HistoryReader, range: TimeRange, options: EpisodeOptions = {}): {readonly ticks: number; readonly episodes: Episode[]} {
	const keys = hostKeysOf(reader);
	const screenKeys = keys.filter(key => isScreened(key));
	const judged = reader.readRollups === undefined ? screenedRange(reader, range, keys, screenKeys) : screenedMinutes({...reader, readRollups: reader.readRollups}, range, keys, screenKeys);
	return judged === undefined ? {ticks: 0, episodes: []} : {ticks: judged.count, episodes: findEpisodes(judged.ticks, options)};
}

/** The range's ticks, judged where the screen flagged them, and how many there are. */
type ScreenedTicks = {readonly count: number; readonly ticks: Iterable<EpisodeTick>};

/** The readings of the resources the screen flagged, among `keys`, less those already read. */
function readingsOf(flags: ReadonlyMap<string, Uint8Array>, keys: readonly string[], read: (key: string) => boolean): Set<string> {
	return new Set(keys.filter(key => !read(key) && [...flags.keys()].some(resource => judgementReads(resource, key.slice(key.indexOf('|') + 1)))));
}

/** In memory: the screen over every tick of the screened series, then the flagged resources' readings. */
function screenedRange(reader: HistoryReader, range: TimeRange, keys: readonly string[], screenKeys: readonly string[]): ScreenedTicks | undefined {
	const screened = reader.readRange(range.fromMs, range.toMs, new Set(screenKeys));
	const count = screened.timestamps.length;
	if (count === 0) {
		return undefined;
	}

	const flags = mayBeEpisodeTicks({count, series: screened.series}, defaultThresholds);
	const rest = reader.readRange(range.fromMs, range.toMs, readingsOf(flags, keys, key => screened.series.has(key)));
	return {count, ticks: judgedTicks({timestamps: screened.timestamps, sessionIds: screened.sessionIds, series: new Map([...screened.series, ...rest.series])}, flags)};
}

/**
 * From the store: the screen over each minute's highest reading (the one-minute rollups' max, exact, and
 * at least every tick's value in that minute, so a minute it passes over holds no tick the screen would
 * flag), then raw ticks only for the flagged minutes, with the ticks before them that sustained readings
 * need. The rest of the range is read as timestamps alone. Series outside the read minutes stay NaN.
 */
function screenedMinutes(reader: HistoryReader & Required<Pick<HistoryReader, 'readRollups'>>, range: TimeRange, keys: readonly string[], screenKeys: readonly string[]): ScreenedTicks | undefined {
	const {timestamps, sessionIds} = reader.readRange(range.fromMs, range.toMs, new Set());
	const count = timestamps.length;
	if (count === 0) {
		return undefined;
	}

	const firstMinuteMs = Math.floor(timestamps[0]! / minuteMs) * minuteMs;
	const lastMs = timestamps[count - 1]!;
	const minutes = Math.floor((lastMs - firstMinuteMs) / minuteMs) + 1;
	const maxima = new Map(screenKeys.map(key => {
		const values = new Float64Array(minutes).fill(Number.NaN);
		for (const minute of reader.readRollups(key, firstMinuteMs, lastMs)) {
			values[(minute.minuteMs - firstMinuteMs) / minuteMs] = minute.max;
		}

		return [key, values] as const;
	}));
	const flags = new Map<string, Uint8Array>();
	for (const [resource, flaggedMinutes] of mayBeEpisodeTicks({count: minutes, series: maxima}, defaultThresholds)) {
		const flagged = new Uint8Array(count);
		for (let index = 0; index < count; index++) {
			flagged[index] = flaggedMinutes[Math.floor((timestamps[index]! - firstMinuteMs) / minuteMs)]!;
		}

		flags.set(resource, flagged);
	}

	// Each run of flagged ticks is read and judged on its own: the rest of the range is never held.
	const wanted = new Set([...screenKeys.filter(key => [...flags.keys()].some(resource => judgementReads(resource, key.slice(key.indexOf('|') + 1)))), ...readingsOf(flags, keys, () => false)]);
	const judged = new Map<number, readonly EpisodeAssessment[]>();
	for (const [first, last] of flaggedRuns(flags, count)) {
		const part = reader.readRange(timestamps[first]!, timestamps[last]!, wanted);
		if (part.timestamps.length !== last - first + 1) {
			throw new Error('the recording changed while it was read (retention ran?): try again');
		}

		let index = first;
		for (const tick of judgedTicks(part, new Map([...flags].map(([resource, flagged]) => [resource, flagged.subarray(first, last + 1)])))) {
			if (tick.assessments.length > 0) {
				judged.set(index, tick.assessments);
			}

			index++;
		}
	}

	return {count, ticks: everyTick(timestamps, sessionIds, judged)};
}

function * everyTick(timestamps: ArrayLike<number>, sessionIds: ArrayLike<number> | undefined, judged: ReadonlyMap<number, readonly EpisodeAssessment[]>): Generator<EpisodeTick> {
	for (let index = 0; index < timestamps.length; index++) {
		yield {timestamp: timestamps[index]!, sessionId: sessionIds?.[index], assessments: judged.get(index) ?? none};
	}
}

/** Runs of ticks flagged for any resource, each from SUSTAIN_TICKS before its first (what a sustained reading needs), merged where they meet. */
function flaggedRuns(flags: ReadonlyMap<string, Uint8Array>, count: number): Array<[number, number]> {
	const any = new Uint8Array(count);
	for (const flagged of flags.values()) {
		for (let index = 0; index < count; index++) {
			any[index] ||= flagged[index]!;
		}
	}

	const runs: Array<[number, number]> = [];
	for (let index = any.indexOf(1); index !== -1;) {
		const end = any.indexOf(0, index);
		const last = end === -1 ? count - 1 : end - 1;
		const first = Math.max(0, index - SUSTAIN_TICKS);
		const previous = runs.at(-1);
		if (previous !== undefined && first <= previous[1] + 1) {
			previous[1] = last;
		} else {
			runs.push([first, last]);
		}

		index = end === -1 ? -1 : any.indexOf(1, end);
	}

	return runs;
}

const minuteMs = 60_000;

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
