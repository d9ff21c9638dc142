import type {Band, Deviation} from './compare.js';

export type AnomalyKind = 'raise' | 'escalate' | 'clear';

/** One raise, escalation or clear of an anomaly; stored as an event. */
export type AnomalyEvent = {
	readonly timestamp: number;
	/** Series key, `id|resource`. */
	readonly key: string;
	readonly kind: AnomalyKind;
	/** The band raised to, or 'normal' for a clear. */
	readonly band: Band;
	readonly value: number;
	readonly deviationSigma: number;
	/** The baseline's name; unknown for an event recorded before perftop kept it. */
	readonly baseline?: string;
};

/** Per-series hysteresis counters. */
export type AnomalyTrack = {
	/** The band currently raised, or 'normal' while nothing is raised. */
	readonly raised: Band;
	/** Consecutive ticks beyond the warning band (warning or critical). */
	readonly abnormalTicks: number;
	/** Consecutive critical ticks. */
	readonly criticalTicks: number;
	/** Consecutive normal ticks. */
	readonly normalTicks: number;
};

/** State in, state out; plain JSON. Series with nothing raised and no streak are dropped from it. */
export type AnomalyState = {
	readonly tracks: Readonly<Record<string, AnomalyTrack>>;
};

export type AnomalyOptions = {
	/** Consecutive abnormal ticks before an anomaly is raised (and critical ticks before it escalates). */
	readonly raiseAfter?: number;
	/** Consecutive normal ticks before a raised anomaly clears. */
	readonly clearAfter?: number;
};

export const emptyAnomalyState: AnomalyState = {tracks: {}};

/** A track with nothing raised and no streak. */
export const idleTrack: AnomalyTrack = {raised: 'normal', abnormalTicks: 0, criticalTicks: 0, normalTicks: 0};

/**
 * One tick of one series' hysteresis: the track after a tick in `band`, and the event that tick raised,
 * if any. The one rule for "abnormal for a few ticks before it counts, normal for a few before it ends",
 * shared by the anomalies below and the bottleneck episodes (episodes.ts).
 * - Raise after `raiseAfter` consecutive abnormal ticks (warning or critical), in the band of the tick
 *   that raises it.
 * - A raised warning escalates to critical after `raiseAfter` consecutive critical ticks.
 * - A raised track keeps its highest band until it clears (no de-escalation: a value hovering around a
 *   limit would otherwise flap).
 * - Clear after `clearAfter` consecutive normal ticks.
 */
export function advanceTrack(previous: AnomalyTrack, band: Band, options: AnomalyOptions = {}): {next: AnomalyTrack; kind?: AnomalyKind} {
	const raiseAfter = options.raiseAfter ?? 3;
	const clearAfter = options.clearAfter ?? 5;
	if (band === 'normal') {
		const next = {raised: previous.raised, abnormalTicks: 0, criticalTicks: 0, normalTicks: previous.normalTicks + 1};
		return next.raised !== 'normal' && next.normalTicks >= clearAfter ? {next: idleTrack, kind: 'clear'} : {next};
	}

	const next: AnomalyTrack = {
		raised: previous.raised,
		abnormalTicks: previous.abnormalTicks + 1,
		criticalTicks: band === 'critical' ? previous.criticalTicks + 1 : 0,
		normalTicks: 0,
	};
	if (next.raised === 'normal' && next.abnormalTicks >= raiseAfter) {
		return {next: {...next, raised: band}, kind: 'raise'};
	}

	if (next.raised === 'warning' && next.criticalTicks >= raiseAfter) {
		return {next: {...next, raised: 'critical'}, kind: 'escalate'};
	}

	return {next};
}

/**
 * Advances the anomalies by one tick of deviations, each series by advanceTrack, judged by compare.ts's
 * one rule (k·σ, the practical minimum and the harmful direction). An event carries the value and σ of
 * the tick that raised it, so its band follows them (a raise at +135σ is critical). A series missing from
 * this tick's deviations (no value) keeps its counters: a gap neither confirms nor clears.
 */
export function stepAnomalies(
	state: AnomalyState,
	deviations: readonly Deviation[],
	timestamp: number,
	options: AnomalyOptions = {},
): {state: AnomalyState; events: AnomalyEvent[]} {
	const tracks: Record<string, AnomalyTrack> = {...state.tracks};
	const events: AnomalyEvent[] = [];
	for (const deviation of deviations) {
		const {next, kind} = advanceTrack(tracks[deviation.key] ?? idleTrack, deviation.band, options);
		if (kind !== undefined) {
			events.push({
				timestamp,
				key: deviation.key,
				kind,
				band: kind === 'clear' ? 'normal' : next.raised,
				value: deviation.value,
				deviationSigma: deviation.deviationSigma,
			});
		}

		if (next.raised === 'normal' && next.abnormalTicks === 0) {
			// Nothing raised and nothing building up: forget the series so the state stays small.
			delete tracks[deviation.key];
		} else {
			tracks[deviation.key] = next;
		}
	}

	return {state: {tracks}, events};
}

/** Series keys with an anomaly raised now, and its band. */
export function activeAnomalies(state: AnomalyState): Array<{key: string; band: Band}> {
	return Object.entries(state.tracks)
		.filter(([, track]) => track.raised !== 'normal')
		.map(([key, track]) => ({key, band: track.raised}))
		.sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
}
