import {sampleRankCorrelation} from 'simple-statistics';
import {metricDefinition} from '../metrics/catalogue.js';
import {resourceKindOf} from '../metrics/types.js';
import type {HostHistory} from './episode-contributors.js';
import type {Episode} from './episodes.js';

/** Another recorded series that moved with the episode's bottleneck series. */
export type CoMovingSignal = {
	/** `id|resource`. */
	readonly key: string;
	/** `memory major faults`: the resource and the catalogue's label. */
	readonly label: string;
	/** Spearman's rank correlation with the bottleneck's series over the window, −1 … 1. */
	readonly rho: number;
	/** How many points it was computed over (the window averaged into at most `maxPoints` buckets). */
	readonly points: number;
};

export type SignalOptions = {
	/** Minutes on either side of the episode that the window adds (default 5): a rise and a fall rank better than a plateau. */
	readonly marginMs?: number;
	/** |ρ| at least this is strong enough to show (default 0.8). */
	readonly minRho?: number;
	/** At most this many signals, strongest first (default 5). */
	readonly max?: number;
	/** The window is averaged into at most this many buckets (default 120), which bounds the cost of a long episode. */
	readonly maxPoints?: number;
};

const minimumPoints = 10;

/** The minutes on either side of an episode its signals are computed over, by default. */
export const signalMarginMs = 5 * 60_000;

/**
 * The other recorded series whose ranks moved with (ρ > 0) or against (ρ < 0) the episode's bottleneck
 * series (its peak metric on its resource) over the episode and `marginMs` around it: the methodology's
 * correlation analysis. Left out: the resource's own series (its other figures move with it by
 * construction; for the CPU, its cores too), series with fewer than 10 points known alongside it, and
 * series that only rise or only fall through the window (a clock, a filling disk), which rank with any
 * trend. A strong ρ says two series moved together, not that one caused the other.
 */
export function coMovingSignals(episode: Episode, history: HostHistory, options: SignalOptions = {}): CoMovingSignal[] {
	const marginMs = options.marginMs ?? signalMarginMs;
	const minRho = options.minRho ?? 0.8;
	const target = episode.peak.metric === undefined ? undefined : history.series.get(`${episode.peak.metric}|${episode.resource}`);
	if (target === undefined) {
		return [];
	}

	const window = indicesWithin(history.timestamps, episode.startMs - marginMs, episode.endMs + marginMs);
	const buckets = bucketsOf(window, options.maxPoints ?? 120);
	const targetPoints = bucketMeans(target, buckets);
	const signals: CoMovingSignal[] = [];
	for (const [key, values] of history.series) {
		const resource = key.slice(key.indexOf('|') + 1);
		if (ownSeries(episode.resource, resource)) {
			continue;
		}

		const points = bucketMeans(values, buckets);
		const x: number[] = [];
		const y: number[] = [];
		for (const [index, value] of points.entries()) {
			if (Number.isFinite(value) && Number.isFinite(targetPoints[index])) {
				x.push(targetPoints[index]!);
				y.push(value);
			}
		}

		if (x.length < minimumPoints || monotonic(y)) {
			continue;
		}

		const rho = sampleRankCorrelation(x, y);
		if (Number.isFinite(rho) && Math.abs(rho) >= minRho) {
			const id = key.slice(0, key.indexOf('|'));
			signals.push({key, label: `${resource} ${metricDefinition(id)?.label ?? id}`, rho, points: x.length});
		}
	}

	return signals.sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho) || (a.key < b.key ? -1 : 1)).slice(0, options.max ?? 5);
}

/** How a signal reads in a sentence: "memory major faults rose with it (ρ = 0.93)". */
export function signalText(signal: CoMovingSignal): string {
	return `${signal.label} ${signal.rho > 0 ? 'rose with it' : 'fell as it rose'} (ρ = ${signal.rho.toFixed(2)})`;
}

function ownSeries(bottleneck: string, resource: string): boolean {
	return resource === bottleneck || (bottleneck === 'cpu' && resourceKindOf(resource) === 'cpu');
}

function indicesWithin(timestamps: ArrayLike<number>, fromMs: number, toMs: number): {first: number; count: number} {
	let first = 0;
	while (first < timestamps.length && timestamps[first]! < fromMs) {
		first++;
	}

	let end = first;
	while (end < timestamps.length && timestamps[end]! <= toMs) {
		end++;
	}

	return {first, count: end - first};
}

/** Bucket boundaries over the window: `count` ticks in at most `maxPoints` runs of equal length. */
function bucketsOf(window: {first: number; count: number}, maxPoints: number): number[] {
	const size = Math.max(1, Math.ceil(window.count / maxPoints));
	const bounds: number[] = [];
	for (let start = window.first; start < window.first + window.count; start += size) {
		bounds.push(start);
	}

	bounds.push(window.first + window.count);
	return bounds;
}

/** Each bucket's mean of the known values; NaN for a bucket with none. */
function bucketMeans(values: ArrayLike<number>, bounds: readonly number[]): number[] {
	const means: number[] = [];
	for (let bucket = 0; bucket + 1 < bounds.length; bucket++) {
		let sum = 0;
		let known = 0;
		for (let index = bounds[bucket]!; index < bounds[bucket + 1]!; index++) {
			const value = values[index]!;
			if (Number.isFinite(value)) {
				sum += value;
				known++;
			}
		}

		means.push(known === 0 ? Number.NaN : sum / known);
	}

	return means;
}

function monotonic(values: readonly number[]): boolean {
	let rises = true;
	let falls = true;
	for (let index = 1; index < values.length && (rises || falls); index++) {
		rises &&= values[index]! >= values[index - 1]!;
		falls &&= values[index]! <= values[index - 1]!;
	}

	return rises || falls;
}
