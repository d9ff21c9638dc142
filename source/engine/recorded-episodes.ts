import {contributorTally} from '../analyze/episode-contributors.js';
import {mayBeEpisodeTicks} from '../analyze/episode-screen.js';
import {coMovingSignals, type SignalOptions} from '../analyze/episode-signals.js';
import type {EpisodeFinding} from '../analyze/episode-text.js';
import {type Episode, type EpisodeAssessment, type EpisodeOptions, type EpisodeTick, findEpisodes} from '../analyze/episodes.js';
import {defaultThresholds} from '../analyze/severity.js';
import {judgementReads} from '../analyze/use.js';
import {hostSeries} from '../metrics/process-series.js';
import type {RangeData, Store, TimeRange} from '../store/types.js';
import {recordedTickJudge} from './report-data.js';

/** Recorded history as the store's readRange returns it; `sessionIds` lets a restart close an episode. */
export type RecordedTicks = Pick<RangeData, 'timestamps' | 'series'> & Partial<Pick<RangeData, 'sessionIds'>>;

const none: readonly EpisodeAssessment[] = [];

/**
 * Every recorded tick judged as the dashboard judged it live, for findEpisodes: report-data.ts's
 * recordedTickJudge (the same USE judgement, sustained readings and floors, at the default thresholds as
 * reports use). Each resource is judged over its own readings (use.ts's judgementReads), and only at the
 * ticks where analyze/episode-screen.ts says it could be a bottleneck; elsewhere it is left out, quiet.
 */
export function * judgedTicks(history: RecordedTicks): Generator<EpisodeTick> {
	const count = history.timestamps.length;
	const host = hostSeries(history.series);
	const judged = new Map<number, EpisodeAssessment[]>();
	for (const [resource, flags] of mayBeEpisodeTicks({count, series: host}, defaultThresholds)) {
		const readings = new Map([...host].filter(([key]) => judgementReads(resource, key.slice(key.indexOf('|') + 1))));
		const judge = recordedTickJudge({timestamps: history.timestamps, series: readings});
		for (let index = flags.indexOf(1); index !== -1; index = flags.indexOf(1, index + 1)) {
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
 * The episodes of a recorded range with their contributors (from the process records, one pass over the
 * range whatever the number of episodes) and co-moving signals. Without a process reader (a database
 * written before perftop kept process records) every episode says it has no records to attribute with.
 */
export function episodeFindings(history: RecordedTicks, scanProcesses: ProcessScan | undefined, options: EpisodeOptions & SignalOptions = {}): EpisodeFinding[] {
	const episodes = recordedEpisodes(history, options);
	const tally = contributorTally(episodes);
	if (scanProcesses !== undefined) {
		for (const span of spansOf(episodes)) {
			tally.restart();
			scanProcesses(span, tally.add);
		}
	}

	const host = {timestamps: history.timestamps, sessionIds: history.sessionIds, series: hostSeries(history.series)};
	const contributors = tally.result(host);
	return episodes.map((episode, index) => ({...episode, contributors: contributors[index]!, signals: coMovingSignals(episode, host, options)}));
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
