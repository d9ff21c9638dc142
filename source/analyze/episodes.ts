import {metricDefinition} from '../metrics/catalogue.js';
import type {MetricId, ResourceId, ResourceKind} from '../metrics/types.js';
import {advanceTrack, type AnomalyOptions, type AnomalyTrack, idleTrack} from './anomaly.js';
import {normalisedSaturation} from './evidence.js';
import {defaultThresholds, pointsFor, severityRankOf, type Thresholds} from './severity.js';
import type {Severity, UseAssessment} from './types.js';

/** What an episode needs of one resource's judgement at one tick (use.ts's assessment, or a part of it). */
export type EpisodeAssessment = Pick<UseAssessment, 'resource' | 'kind' | 'severity' | 'score' | 'bottleneck' | 'utilizationPct' | 'saturation' | 'values' | 'judged'>;

/** One recorded tick as the dashboard judged it. */
export type EpisodeTick = {
	readonly timestamp: number;
	/** The recording session: a new one (perftop was restarted, a reboot) is a gap that closes every open episode. */
	readonly sessionId?: number;
	/** The resources judged at this tick; a resource left out was not a bottleneck then. */
	readonly assessments: readonly EpisodeAssessment[];
};

/** The worst tick of an episode. */
export type EpisodePeak = {
	readonly atMs: number;
	readonly severity: Severity;
	readonly score: number;
	/** The catalogue metric that made the resource a bottleneck at that tick, and its value; undefined when no one metric did (a floor). */
	readonly metric: MetricId | undefined;
	readonly value: number | undefined;
};

/** A span in which a resource was a bottleneck, opened and closed by the anomalies' hysteresis. */
export type Episode = {
	readonly resource: ResourceId;
	readonly kind: ResourceKind;
	/** The first tick of the run of bottleneck ticks that opened it. */
	readonly startMs: number;
	/** The last tick judged a bottleneck before it closed (or before the range ended). */
	readonly endMs: number;
	/** From the start of the first tick's interval to the last tick: each recorded tick stands for the interval before it. */
	readonly durationMs: number;
	/** Still open at the end of the range: it may go on. */
	readonly ongoing: boolean;
	readonly peak: EpisodePeak;
};

export type EpisodeOptions = AnomalyOptions & {
	readonly thresholds?: Thresholds;
	/** Ticks further apart than this are a gap in the recording: open episodes close at it (default 5 min). */
	readonly maxGapMs?: number;
};

const defaultMaxGapMs = 5 * 60_000;
const noValues: ReadonlyMap<string, number> = new Map();

/**
 * A tick counts towards an episode when the judgement flags the resource as a bottleneck (the
 * methodology's utilization above its alert line or saturation above 5, or a down service) or a floor
 * lifts it to HIGH or above (an OOM kill, PSI full held).
 */
export function isEpisodeTick(assessment: EpisodeAssessment): boolean {
	return assessment.bottleneck || severityRankOf(assessment.severity) >= severityRankOf('HIGH');
}

type Building = {
	track: AnomalyTrack;
	kind: ResourceKind;
	/** First tick of the current run of bottleneck ticks (or of the open episode), and the interval before it. */
	startMs: number;
	startStepMs: number;
	lastBottleneckMs: number;
	peak: EpisodePeak;
	peakRank: number;
};

/**
 * The bottleneck episodes of a run of judged ticks, in time order of their start (each resource's in
 * order, resources interleaved by start). A resource opens an episode after `raiseAfter` (3) consecutive
 * bottleneck ticks and closes it after `clearAfter` (5) consecutive ticks that are not, by the same
 * hysteresis the dashboard raises and clears anomalies with (anomaly.ts's advanceTrack).
 */
export function findEpisodes(ticks: Iterable<EpisodeTick>, options: EpisodeOptions = {}): Episode[] {
	const thresholds = options.thresholds ?? defaultThresholds;
	const maxGapMs = options.maxGapMs ?? defaultMaxGapMs;
	const episodes: Episode[] = [];
	const building = new Map<ResourceId, Building>();
	let previous: {timestamp: number; sessionId: number | undefined} | undefined;
	const close = (resource: ResourceId, state: Building, ongoing: boolean) => {
		if (state.track.raised !== 'normal') {
			episodes.push({
				resource,
				kind: state.kind,
				startMs: state.startMs,
				endMs: state.lastBottleneckMs,
				durationMs: state.lastBottleneckMs - state.startMs + state.startStepMs,
				ongoing,
				peak: state.peak,
			});
		}

		building.delete(resource);
	};

	for (const tick of ticks) {
		const gap = previous !== undefined && (tick.sessionId !== previous.sessionId || tick.timestamp - previous.timestamp > maxGapMs);
		if (gap) {
			for (const [resource, state] of building) {
				close(resource, state, false);
			}
		}

		const stepMs = previous === undefined || gap ? 0 : tick.timestamp - previous.timestamp;
		previous = {timestamp: tick.timestamp, sessionId: tick.sessionId};
		const seen = new Set<ResourceId>();
		for (const assessment of tick.assessments) {
			if (!isEpisodeTick(assessment)) {
				continue;
			}

			seen.add(assessment.resource);
			const peak = peakOf(assessment, tick.timestamp, thresholds);
			const rank = peakRank(assessment);
			const state = building.get(assessment.resource);
			if (state === undefined) {
				building.set(assessment.resource, {
					track: advanceTrack(idleTrack, 'warning', options).next,
					kind: assessment.kind,
					startMs: tick.timestamp,
					startStepMs: stepMs,
					lastBottleneckMs: tick.timestamp,
					peak,
					peakRank: rank,
				});
				continue;
			}

			state.track = advanceTrack(state.track, 'warning', options).next;
			state.lastBottleneckMs = tick.timestamp;
			if (rank > state.peakRank) {
				state.peak = peak;
				state.peakRank = rank;
			}
		}

		for (const [resource, state] of building) {
			if (seen.has(resource)) {
				continue;
			}

			const {next, kind} = advanceTrack(state.track, 'normal', options);
			if (kind === 'clear') {
				close(resource, state, false);
			} else if (next.raised === 'normal') {
				// A run too short to open an episode: the next bottleneck tick starts a new one from nothing.
				building.delete(resource);
			} else {
				state.track = next;
			}
		}
	}

	for (const [resource, state] of building) {
		close(resource, state, true);
	}

	return episodes.sort((a, b) => a.startMs - b.startMs || (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
}

/** Orders ticks for the peak: severity first, then score, then utilization, then saturation. */
function peakRank(assessment: EpisodeAssessment): number {
	return severityRankOf(assessment.severity) * 1e9 + assessment.score * 1e6 + Math.min(999, assessment.utilizationPct ?? 0) * 1e3 + Math.min(999, assessment.saturation ?? 0);
}

function peakOf(assessment: EpisodeAssessment, atMs: number, thresholds: Thresholds): EpisodePeak {
	return {atMs, severity: assessment.severity, score: assessment.score, ...headlineOf(assessment, thresholds)};
}

/**
 * The metric behind a judgement: the utilization metric that set U when U scored at least as much as
 * S, else the saturation metric that set S (at the level it was judged at). Undefined when neither scored.
 */
export function headlineOf(assessment: EpisodeAssessment, thresholds: Thresholds = defaultThresholds): {metric: MetricId | undefined; value: number | undefined} {
	const {utilizationPct: u, saturation: s, values = noValues, judged = {}} = assessment;
	const uPoints = pointsFor(u, thresholds.utilizationPct);
	const sPoints = pointsFor(s, thresholds.saturation);
	const wanted = u !== undefined && (uPoints >= sPoints || s === undefined) ? 'utilization' : 'saturation';
	for (const [id, value] of values) {
		const definition = metricDefinition(id);
		if (definition?.use !== wanted) {
			continue;
		}

		const level = judged[id] ?? value;
		if (wanted === 'utilization' ? value === u : normalisedSaturation(definition.id, level) === s) {
			return {metric: definition.id, value: level};
		}
	}

	return {metric: undefined, value: undefined};
}
