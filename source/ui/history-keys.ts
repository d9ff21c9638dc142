import {contributorText, type EpisodeFinding} from '../analyze/episode-text.js';
import type {HistorySource} from '../engine/history-source.js';
import type {Snapshot} from '../engine/types.js';
import {errorMessage} from '../errors.js';
import {formatDuration} from '../metrics/format.js';
import {parseMoment} from '../moment-text.js';
import type {DashboardContext} from './dashboard-context.js';
import {clockText, dateText} from './sections.js';
import {cleanText} from './text.js';
import type {ViewAction} from './view-state.js';

/**
 * History mode's keys: each reads a recorded moment from the engine's history source and shows it,
 * or says in the footer why it cannot (nothing recorded there, no database).
 */

const minuteMs = 60_000;

/** The history source, or the reason there is none said in the footer. */
function historyOf(context: DashboardContext) {
	try {
		return context.actions.history();
	} catch (error) {
		context.send({type: 'status', message: `no history: ${errorMessage(error)}`});
		return undefined;
	}
}

function timeText(ms: number): string {
	return `${dateText(ms)} ${clockText(ms)}`;
}

/** Shows a moment; `from` is the one on screen before, to say when the step crossed a gap in the recording. */
function showMoment(context: DashboardContext, next: Snapshot, from: Snapshot | undefined): void {
	const action: ViewAction = {type: 'showMoment', snapshot: next};
	const crossed = from?.recorded !== undefined && next.sample.timestamp < from.sample.timestamp ? from : next;
	const gapMs = crossed.recorded?.gapBeforeMs;
	const stepped = from !== undefined && Math.abs(next.sample.timestamp - from.sample.timestamp) >= (gapMs ?? Number.POSITIVE_INFINITY);
	context.send(stepped ? {...action, message: `stepped across a gap of ${formatDuration(gapMs! / 1000)}: nothing was recorded before ${clockText(crossed.sample.timestamp)}`} : action);
}

/** The moment on screen, when it is a recorded one. */
function shownMoment(context: DashboardContext): Snapshot | undefined {
	const {history, snapshot} = context.latest.current;
	return history ? snapshot : undefined;
}

/** `[` `]`: one recorded tick back or forward; from live, `[` shows the tick recorded before the one on screen. */
export function stepTicks(context: DashboardContext, ticks: 1 | -1): void {
	const source = historyOf(context);
	const shown = context.latest.current.snapshot;
	if (source === undefined || shown === undefined) {
		return;
	}

	if (!context.latest.current.history && ticks > 0) {
		context.send({type: 'status', message: 'live already: [ steps back into history'});
		return;
	}

	const next = source.step(shown.sample.timestamp, ticks);
	if (next === undefined) {
		context.send({type: 'status', message: ticks < 0 ? 'the oldest recorded tick of the range' : `the newest recorded tick${context.replay ? ' of the range' : ' — L for live'}`});
		return;
	}

	showMoment(context, next, shownMoment(context));
}

/** `{` `}`: the tick a minute back or forward (past a gap, the first tick after it). */
export function stepMinute(context: DashboardContext, direction: 1 | -1): void {
	const source = historyOf(context);
	const shown = context.latest.current.snapshot;
	if (source === undefined || shown === undefined) {
		return;
	}

	const from = shown.sample.timestamp;
	const next = source.at(from + direction * minuteMs, direction < 0 ? 'before' : 'after');
	if (next === undefined || (next.sample.timestamp - from) * direction <= 0) {
		context.send({type: 'status', message: direction < 0 ? 'the oldest recorded tick of the range' : 'the newest recorded tick of the range'});
		return;
	}

	showMoment(context, next, shownMoment(context));
}

/** `g` + Enter: the recorded tick at or before the time typed; a time outside the recording is refused. */
export function goToTime(context: DashboardContext, text: string): void {
	const source = historyOf(context);
	if (source === undefined) {
		return;
	}

	const timeMs = parseMoment(text, context.clock());
	if (typeof timeMs === 'string') {
		context.send({type: 'status', message: `g: ${timeMs}`});
		return;
	}

	const range = source.range();
	if (range === undefined || timeMs < range.fromMs || timeMs > range.toMs + minuteMs) {
		context.send({type: 'status', message: range === undefined ? 'g: nothing recorded yet' : `g: ${timeText(timeMs)} is outside the recording (${timeText(range.fromMs)} – ${timeText(range.toMs)})`});
		return;
	}

	const next = source.at(timeMs, 'before');
	if (next !== undefined) {
		const gap = next.sample.timestamp < timeMs - 2 * next.intervalMs ? `; nothing was recorded at ${clockText(timeMs)}, this is the tick before` : '';
		context.send({type: 'showMoment', snapshot: next, message: `at ${timeText(next.sample.timestamp)}${gap}`});
		nameEpisodes(context, source);
	}
}

/**
 * After a jump (g, w), the loaded range's episodes for the header, found once (and again as the range
 * grows): from then on the header names the episode of every moment shown. Steps do not ask, as
 * finding them judges the whole range (seconds on a day where something is always flagged).
 */
function nameEpisodes(context: DashboardContext, source: HistorySource): void {
	context.report(source.episodeSpans().then((episodes): ViewAction => ({type: 'episodesFound', episodes})), 'no episodes');
}

/** `w`: the worst moment of the loaded range, searched a block at a time while the screen stays live. */
export function worstMoment(context: DashboardContext): void {
	const source = historyOf(context);
	if (source === undefined) {
		return;
	}

	if (context.search.current !== undefined) {
		context.send({type: 'status', message: 'searching for the worst moment already'});
		return;
	}

	const controller = new AbortController();
	context.search.current = controller;
	let told = -1;
	context.send({type: 'status', message: 'searching for the worst moment of the range…'});
	context.report(
		source.worst(controller.signal, done => {
			const percent = Math.floor(done * 10) * 10;
			if (percent > told) {
				told = percent;
				context.send({type: 'status', message: `searching for the worst moment of the range… ${percent} %`});
			}
		})
			.then((worst): ViewAction => {
				const snapshot = worst && source.at(worst.timestampMs, 'before');
				if (snapshot === undefined) {
					return {type: 'status', message: 'nothing recorded in the range'};
				}

				nameEpisodes(context, source);
				const top = snapshot.analysis.bottlenecks[0];
				return {type: 'showMoment', snapshot, message: `worst moment: ${timeText(worst!.timestampMs)}${top ? ` — ${top.severity} ${cleanText(top.resource)}` : ', every resource LOW'}`};
			})
			.finally(() => {
				context.search.current = undefined;
			}),
		'no worst moment',
	);
}

/** `cpu HIGH 03:10:05 – 03:25:40 (15m 35s), peak at 03:12:05 — stress-ng (pid 812) used 95 % of …`: an episode in one line, local time. */
export function episodeText(episode: EpisodeFinding): string {
	const end = episode.ongoing ? 'on' : clockText(episode.endMs);
	const top = episode.contributors.contributors[0];
	return `${cleanText(episode.resource)} ${episode.peak.severity} ${clockText(episode.startMs)} – ${end} (${formatDuration(episode.durationMs / 1000)}), peak at ${clockText(episode.peak.atMs)}${top === undefined ? '' : ` — ${contributorText(episode, episode.contributors, top)}`}`;
}

/** `n` / `N`: the start of the next or previous bottleneck episode of the loaded range. */
export function stepEpisode(context: DashboardContext, direction: 1 | -1): void {
	const source = historyOf(context);
	const shown = context.latest.current.snapshot;
	if (source === undefined || shown === undefined) {
		return;
	}

	const fromMs = shown.sample.timestamp;
	const inHistory = context.latest.current.history;
	context.send({type: 'status', message: 'finding the bottleneck episodes of the range…'});
	context.report(
		source.episodeSpans().then((episodes): ViewAction | ViewAction[] => {
			const starts = episodes.map((episode, index) => ({episode, index})).filter(({episode}) => (direction > 0 ? episode.startMs > fromMs && inHistory : episode.startMs < fromMs));
			const chosen = direction > 0 ? starts[0] : starts.at(-1);
			const snapshot = chosen && source.at(chosen.episode.startMs, 'after');
			if (chosen === undefined || snapshot === undefined) {
				return {type: 'status', message: episodes.length === 0 ? 'no bottleneck episodes in the range' : `no ${direction > 0 ? 'later' : 'earlier'} bottleneck episode (${episodes.length} in the range)`};
			}

			const {episode, index} = chosen;
			// With the episodes, so the header names this one from the first frame that shows it.
			return [{type: 'showMoment', snapshot, message: `episode ${index + 1} of ${episodes.length}: ${episodeText(source.episodeFinding(episode))}`}, {type: 'episodesFound', episodes}];
		}),
		'no episodes',
	);
}

/** `L`: back to live, at the engine's newest snapshot. */
export function backToLive(context: DashboardContext): void {
	if (context.replay) {
		context.send({type: 'status', message: 'a replay has no live view (q quits)'});
		return;
	}

	context.search.current?.abort();
	context.send({type: 'live', snapshot: context.engine.latest()});
}
