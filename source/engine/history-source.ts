import type {EpisodeFinding} from '../analyze/episode-text.js';
import type {Episode} from '../analyze/episodes.js';
import {severityRankOf} from '../analyze/severity.js';
import {SUSTAIN_TICKS} from '../analyze/sustain.js';
import type {Analysis} from '../analyze/types.js';
import {hostSeries} from '../metrics/process-series.js';
import {recordedCgroups} from '../metrics/cgroups.js';
import type {HistoryView} from '../metrics/series.js';
import type {Inventory, ProcessSample, Sample} from '../metrics/types.js';
import type {Store, TickSegment, TimeRange} from '../store/types.js';
import {episodeDetails, episodeSpans, storeReader} from './recorded-episodes.js';
import {type History, recordedSample, recordedSeries, recordedTickJudge} from './report-data.js';
import type {RecordingState, Snapshot} from './types.js';

/** What history mode reads of the store: ticks through the range scanner, sessions, process records. */
export type RecordingReader = Pick<Store, 'scanTicks' | 'timeRange' | 'sessions' | 'processesAt' | 'scanProcesses'> & Parameters<typeof storeReader>[0];

export type HistorySourceOptions = {
	/**
	 * The machine the snapshots describe: this one's for the dashboard; absent for a replay, which may
	 * read another machine's database: then what the recording says (recordedInventory).
	 */
	readonly inventory?: Inventory;
	/** Chart slots in a snapshot's window, as the live engine keeps (the window ends at the moment). */
	readonly capacity: number;
	/** The range history mode walks through (the dashboard's slides with the clock); undefined: everything recorded. */
	readonly range?: () => TimeRange;
	/** The recording's state, shown in the header as it is live. */
	readonly recording: () => RecordingState;
};

/** One recorded tick, where the scanner found it. */
type Tick = {
	readonly timestamp: number;
	readonly sessionId: number;
	readonly segment: TickSegment;
	readonly index: number;
};

/** Progress of a search over the loaded range: the share of it done, 0–1. */
export type Progress = (done: number) => void;

/** The worst tick of a range: the highest total severity, and what made it so. */
export type WorstMoment = {
	readonly timestampMs: number;
	readonly analysis: Analysis;
};

export type HistorySource = {
	/** The range loaded: the asked range within what was recorded; undefined when nothing was. */
	readonly range: () => TimeRange | undefined;
	/** The host that recorded the newest session of the range (a copied database names its machine). */
	readonly host: () => string | undefined;
	/** The recorded tick at or before `timeMs` (`before`) or at or after it (`after`), as a snapshot. */
	readonly at: (timeMs: number, side: 'before' | 'after') => Snapshot | undefined;
	/** The tick `ticks` recorded ticks after (positive) or before (negative) the one at `fromMs`. */
	readonly step: (fromMs: number, ticks: number) => Snapshot | undefined;
	/** The tick of the loaded range with the highest total severity, judged as live; a block at a time. */
	readonly worst: (signal: AbortSignal, progress: Progress) => Promise<WorstMoment | undefined>;
	/**
	 * The bottleneck episodes of the loaded range, as `perftop episodes` finds them (recorded-episodes.ts),
	 * in order of their start, without contributors and signals: the judgement of the range alone (seconds
	 * on a day where something is always flagged, so asked for by g, w and n/N, not by every step); found
	 * once, then again as the range grows.
	 */
	readonly episodeSpans: () => Promise<readonly Episode[]>;
	/** One episode's contributors and co-moving signals (what `n` names), read around its span alone. */
	readonly episodeFinding: (episode: Episode) => EpisodeFinding;
};

/** The episodes found are kept until the loaded range has grown by this much (the dashboard's slides on). */
const episodesStaleMs = 60_000;

/** Ticks further apart than this many intervals have a gap between them: nothing was recorded there. */
const gapIntervals = 2.5;
/** Decoded blocks kept: a step re-reads the window's one or two blocks from memory. */
const cachedSegments = 8;
const noProcessRecord = 'no process record for this tick';

/**
 * Snapshots of recorded moments, built as the live engine builds them: the tick's recorded values, chart
 * windows ending at it on the recording's own time grid (a gap stays NaN, never interpolated), the
 * analysis re-run on the recorded values through the same judge as reports (recordedTickJudge), and
 * the processes of the store's process record.
 */
export function createHistorySource(reader: RecordingReader, options: HistorySourceOptions): HistorySource {
	const {capacity} = options;
	const decoded = new Map<string, Map<string, ArrayLike<number> | undefined>>();

	/** The segment's values through a small cache: stepping re-reads the same blocks. */
	function cached(segment: TickSegment): TickSegment {
		const id = `${segment.sessionId}:${segment.timestamps[0]}:${segment.timestamps.length}`;
		let values = decoded.get(id);
		if (values === undefined) {
			values = new Map();
			decoded.set(id, values);
			if (decoded.size > cachedSegments) {
				decoded.delete(decoded.keys().next().value!);
			}
		}

		const store = values;
		return {
			...segment,
			values(key) {
				if (!store.has(key)) {
					store.set(key, segment.values(key));
				}

				return store.get(key);
			},
		};
	}

	function range(): TimeRange | undefined {
		const recorded = reader.timeRange();
		if (recorded === undefined) {
			return undefined;
		}

		const asked = options.range?.() ?? recorded;
		const fromMs = Math.max(asked.fromMs, recorded.fromMs);
		const toMs = Math.min(asked.toMs, recorded.toMs);
		return fromMs <= toMs ? {fromMs, toMs} : undefined;
	}

	/** Recorded ticks fromMs ≤ t ≤ toMs, in time order. */
	function ticksIn(fromMs: number, toMs: number): Tick[] {
		const ticks: Tick[] = [];
		for (const raw of reader.scanTicks(fromMs, toMs)) {
			const segment = cached(raw);
			for (const index of segment.indices) {
				ticks.push({timestamp: segment.timestamps[index]!, sessionId: segment.sessionId, segment, index});
			}
		}

		return ticks.sort((a, b) => a.timestamp - b.timestamp);
	}

	/**
	 * The `count`-th recorded tick from `fromMs` (exclusive) in one direction, within the loaded range:
	 * the search widens from a minute until it finds it or leaves the range, so a gap of days costs a
	 * few queries, not a scan.
	 */
	function nth(fromMs: number, count: number, direction: 1 | -1, inclusive: boolean): Tick | undefined {
		const bounds = range();
		if (bounds === undefined) {
			return undefined;
		}

		for (let widthMs = 60_000 * count; ; widthMs *= 4) {
			const [low, high] = direction > 0 ? [fromMs, Math.min(bounds.toMs, fromMs + widthMs)] : [Math.max(bounds.fromMs, fromMs - widthMs), fromMs];
			const found = ticksIn(low, high).filter(tick => (inclusive ? tick.timestamp * direction >= fromMs * direction : tick.timestamp * direction > fromMs * direction));
			if (direction < 0) {
				found.reverse();
			}

			if (found.length >= count) {
				return found[count - 1];
			}

			if ((direction > 0 && high >= bounds.toMs) || (direction < 0 && low <= bounds.fromMs)) {
				return found.at(-1);
			}
		}
	}

	/** The recording interval around a tick: the median spacing of its block's ticks. */
	function intervalAround(tick: Tick): number {
		const {timestamps} = tick.segment;
		const spacings = timestamps.slice(1).map((timestamp, index) => timestamp - timestamps[index]!).filter(spacing => spacing > 0).sort((a, b) => a - b);
		return spacings[Math.floor(spacings.length / 2)] ?? 1000;
	}

	function host(): string | undefined {
		const sessions = reader.sessions();
		const bounds = range();
		const within = bounds === undefined ? sessions : sessions.filter(session => session.startedMs <= bounds.toMs);
		return (within.at(-1) ?? sessions.at(-1))?.host;
	}

	// The process records of the block last stepped in: the store decodes a whole block for any one tick,
	// so stepping tick by tick reads each block's records once. A tick not in it (the live block has
	// grown since, or a database without records) asks the store, which also says why there is none.
	let processBlock: {readonly fromMs: number; readonly toMs: number; readonly records: Map<number, readonly ProcessSample[]>} | undefined;
	function processesOf(tick: Tick): readonly ProcessSample[] | string {
		const {timestamps} = tick.segment;
		const [fromMs, toMs] = [Math.min(...timestamps), Math.max(...timestamps)];
		if (processBlock?.fromMs !== fromMs || processBlock.toMs !== toMs) {
			const records = new Map<number, readonly ProcessSample[]>();
			reader.scanProcesses({fromMs, toMs}, record => records.set(record.timestampMs, record.processes));
			processBlock = {fromMs, toMs, records};
		}

		const cached = processBlock.records.get(tick.timestamp);
		if (cached !== undefined) {
			return cached;
		}

		const found = reader.processesAt(tick.timestamp);
		return found.ok && found.record.timestampMs === tick.timestamp ? found.record.processes : (found.ok ? noProcessRecord : found.reason);
	}

	function snapshotOf(tick: Tick): Snapshot {
		const intervalMs = intervalAround(tick);
		const windowFromMs = tick.timestamp - (capacity - 0.5) * intervalMs;
		// Ends at the tick: the scan's bound is its timestamp.
		const ticks = ticksIn(windowFromMs, tick.timestamp);
		const previous = ticks.at(-2);
		const gapBeforeMs = previous !== undefined && tick.timestamp - previous.timestamp > gapIntervals * intervalMs ? tick.timestamp - previous.timestamp : undefined;
		const processes = processesOf(tick);
		const judged = ticks.slice(-SUSTAIN_TICKS);
		const keys = hostKeys(tick.segment);
		const recent = tickHistory(judged, keys);
		const last = judged.length - 1;
		const analysis = recordedTickJudge(recent, index => (index === last && typeof processes !== 'string' ? processes : []))(last);
		const sample = recordedSample(recent.timestamps, recordedSeries(recent.series), last, typeof processes === 'string' ? [] : processes);
		const recordedHost = host();
		// The cgroup view of a recorded moment: the top groups recorded then.
		const cgroups = recordedCgroups(sample.metrics);
		return {
			inventory: options.inventory ?? recordedInventory(recordedHost, sample),
			sample: {...sample, intervalMs: previous !== undefined && gapBeforeMs === undefined ? tick.timestamp - previous.timestamp : undefined, ...(cgroups.length > 0 && {cgroups})},
			analysis,
			history: gridView(ticks, tick.timestamp, intervalMs, capacity),
			recording: options.recording(),
			intervalMs,
			recorded: {
				host: recordedHost,
				...(gapBeforeMs === undefined ? {} : {gapBeforeMs}),
				...(typeof processes === 'string' ? {noProcesses: processes} : {}),
			},
		};
	}

	/** Found once, then again as the range grows; the footer says what is being done before the range is read and judged. */
	function cachedFind<T>(find: (bounds: TimeRange) => readonly T[]): () => Promise<readonly T[]> {
		let found: {readonly range: TimeRange; readonly episodes: readonly T[]} | undefined;
		return async () => {
			const bounds = range();
			if (bounds === undefined) {
				return [];
			}

			if (found === undefined || bounds.toMs - found.range.toMs > episodesStaleMs) {
				await new Promise(resolve => {
					setImmediate(resolve);
				});
				found = {range: bounds, episodes: find(bounds)};
			}

			return found.episodes;
		};
	}

	const spans = cachedFind(bounds => episodeSpans(storeReader(reader), bounds).episodes);

	return {
		range,
		host,
		episodeSpans: spans,
		episodeFinding: episode => episodeDetails(storeReader(reader), [episode])[0]!,
		at(timeMs, side) {
			const bounds = range();
			if (bounds === undefined) {
				return undefined;
			}

			const clamped = Math.min(bounds.toMs, Math.max(bounds.fromMs, timeMs));
			const tick = nth(clamped, 1, side === 'before' ? -1 : 1, true) ?? nth(clamped, 1, side === 'before' ? 1 : -1, true);
			return tick && snapshotOf(tick);
		},
		step(fromMs, ticks) {
			const tick = nth(fromMs, Math.abs(ticks), ticks < 0 ? -1 : 1, false);
			return tick && snapshotOf(tick);
		},
		async worst(signal, progress) {
			const bounds = range();
			if (bounds === undefined) {
				return undefined;
			}

			let worst: {rank: number; score: number; timestampMs: number; analysis: Analysis} | undefined;
			// The last ticks of the block before: the first ticks of a block are judged after them, as live.
			let carried: Tick[] = [];
			for (const raw of reader.scanTicks(bounds.fromMs, bounds.toMs)) {
				const segment = cached(raw);
				const own = segment.indices.map(index => ({timestamp: segment.timestamps[index]!, sessionId: segment.sessionId, segment, index}));
				const ticks = [...carried, ...own];
				const judge = recordedTickJudge(tickHistory(ticks, hostKeys(segment)));
				for (let index = carried.length; index < ticks.length; index++) {
					const analysis = judge(index);
					const rank = analysis.assessments.reduce((sum, assessment) => sum + severityRankOf(assessment.severity), 0);
					const score = analysis.assessments.reduce((sum, assessment) => sum + assessment.score, 0);
					if (worst === undefined || rank > worst.rank || (rank === worst.rank && score > worst.score)) {
						worst = {rank, score, timestampMs: ticks[index]!.timestamp, analysis};
					}
				}

				carried = own.slice(-(SUSTAIN_TICKS - 1));
				const reachedMs = own.at(-1)?.timestamp ?? bounds.fromMs;
				progress(Math.min(1, (reachedMs - bounds.fromMs) / Math.max(1, bounds.toMs - bounds.fromMs)));
				// Keys and ticks go on between blocks: a wide range is searched without freezing the screen.
				await new Promise(resolve => {
					setImmediate(resolve);
				});
				if (signal.aborted) {
					return undefined;
				}
			}

			return worst && {timestampMs: worst.timestampMs, analysis: worst.analysis};
		},
	};
}

/**
 * What a recording says of the machine that made it: its host (the sessions table), cores and memory
 * from the tick; what it does not say (OS, kernel) stays empty rather than borrowing this machine's.
 */
export function recordedInventory(host: string | undefined, sample: Sample): Inventory {
	const cores = new Set(sample.metrics.filter(metric => metric.id === 'cpu.core_busy_pct').map(metric => metric.resource)).size;
	const memoryBytes = sample.metrics.find(metric => metric.id === 'memory.total_bytes')?.value;
	return {hostname: host ?? '—', os: '', kernel: '', cpuModel: '', cores, memoryBytes: memoryBytes ?? 0, bootTime: undefined};
}

/** The keys of a block's host series: per-process series are not judged. */
function hostKeys(segment: TickSegment): string[] {
	return [...hostSeries(new Map([...segment.keys()].map(key => [key, true])))].map(([key]) => key);
}

/** Recorded ticks as a History (report-data.ts's), each series aligned on them, NaN where a tick had none. */
function tickHistory(ticks: readonly Tick[], keys: readonly string[]): History {
	return {
		timestamps: Float64Array.from(ticks, tick => tick.timestamp),
		series: new Map(keys.map(key => [key, Float64Array.from(ticks, tick => tick.segment.values(key)?.[tick.index] ?? Number.NaN)])),
	};
}

/**
 * The chart window ending at `endMs`, one slot a recording interval, as the live history holds it: ticks
 * fill slots backwards from the last, each the previous one's distance in whole intervals before it, so
 * a gap of five minutes leaves five minutes of empty slots (NaN, never interpolated) while a timer's
 * jitter leaves none. Series are filled when a chart asks for them.
 */
function gridView(ticks: readonly Tick[], endMs: number, intervalMs: number, capacity: number): HistoryView {
	const slots: Array<Tick | undefined> = Array.from({length: capacity});
	let slot = capacity - 1;
	for (let index = ticks.length - 1; index >= 0 && slot >= 0; index--) {
		slots[slot] = ticks[index];
		const before = ticks[index - 1];
		slot -= before === undefined ? 1 : Math.max(1, Math.round((ticks[index]!.timestamp - before.timestamp) / intervalMs));
	}

	const cache = new Map<string, readonly number[]>();
	return {
		capacity,
		timestamps: slots.map((tick, index) => tick?.timestamp ?? endMs - (capacity - 1 - index) * intervalMs),
		series(key) {
			let values = cache.get(key);
			if (values === undefined) {
				values = slots.map(tick => (tick === undefined ? Number.NaN : tick.segment.values(key)?.[tick.index] ?? Number.NaN));
				cache.set(key, values);
			}

			return values;
		},
	};
}
