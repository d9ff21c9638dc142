import {median} from 'simple-statistics';
import {metricDefinition} from '../metrics/catalogue.js';
import type {Unit} from '../metrics/types.js';
import type {Baseline, BaselineMetric, SigmaKind} from './baseline.js';
import {ofRecorded} from './recorded.js';

export type Band = 'normal' | 'warning' | 'critical';

/** Which σ a comparison divided by: the baseline's own, or the unit's floor when that was larger. */
export type UsedSigmaKind = SigmaKind | 'floor';

export type Deviation = {
	/** Series key, `id|resource`. */
	readonly key: string;
	readonly id: string;
	readonly resource: string;
	readonly value: number;
	readonly median: number;
	readonly sigma: number;
	readonly sigmaKind: UsedSigmaKind;
	/** (value − median) / σ: positive above the baseline, negative below. */
	readonly deviationSigma: number;
	readonly band: Band;
};

export type CompareOptions = {
	/** |deviation| beyond this many σ is a warning (default 2). */
	readonly warningSigma?: number;
	/** |deviation| beyond this many σ is critical (default 3). */
	readonly criticalSigma?: number;
};

export type ExitStatus = 0 | 1 | 2 | 3;

/**
 * Series never compared: uptime grows by definition, so it would always deviate from any baseline.
 */
const NOT_COMPARABLE = new Set(['system.uptime_s']);

/**
 * The smallest σ a comparison will use, per unit. A metric that was constant in the baseline has σ = 0,
 * and one that barely moved has a σ near the store's quantisation step (0.01 % / 0.01 ms): dividing by
 * that makes a change nobody would notice — 0.1 %, one byte — a critical "anomaly". The floor is the
 * smallest change worth telling an operator about in that unit, so with σ at the floor warning means
 * "more than twice that". Relative to the median as well (1 %), so a steady 8 GB of used memory is not
 * critical after moving 1 MB.
 */
const SIGMA_FLOOR: Readonly<Record<Unit, number>> = {
	percent: 0.5,
	bytes: 1024 * 1024,
	bytes_per_second: 1024,
	per_second: 1,
	milliseconds: 0.5,
	count: 0.5,
	ratio: 0.01,
	seconds: 1,
};
const RELATIVE_SIGMA_FLOOR = 0.01;
// For keys not in the catalogue (services added later, test series): no unit, only the relative floor,
// and a tiny absolute one so that σ is never 0.
const UNKNOWN_UNIT_FLOOR = 1e-9;

export function sigmaFloor(id: string, baselineMedian: number): number {
	const unit = metricDefinition(id)?.unit;
	const absolute = unit === undefined ? UNKNOWN_UNIT_FLOOR : SIGMA_FLOOR[unit];
	return Math.max(absolute, RELATIVE_SIGMA_FLOOR * Math.abs(baselineMedian));
}

export function bandOf(deviationSigma: number, options: CompareOptions = {}): Band {
	const magnitude = Math.abs(deviationSigma);
	if (magnitude > (options.criticalSigma ?? 3)) {
		return 'critical';
	}

	return magnitude > (options.warningSigma ?? 2) ? 'warning' : 'normal';
}

/** One metric's deviation from its baseline summary. */
export function deviationOf(key: string, value: number, stats: BaselineMetric, options: CompareOptions = {}): Deviation {
	const {id, resource} = splitKey(key);
	const floor = sigmaFloor(id, stats.median);
	const useFloor = !(stats.sigma >= floor);
	const sigma = useFloor ? floor : stats.sigma;
	// The deviation itself, in σ units, is what is compared with k: never the raw difference.
	const deviationSigma = (value - stats.median) / sigma;
	return {
		key,
		id,
		resource,
		value,
		median: stats.median,
		sigma,
		sigmaKind: useFloor ? 'floor' : stats.sigmaKind,
		deviationSigma,
		band: bandOf(deviationSigma, options),
	};
}

/**
 * Deviation of each current value from its baseline median, in σ units, largest |deviation| first
 * (ties by key). Metrics without a current value, or missing from the baseline, are not comparable and
 * are left out.
 */
export function compareToBaseline(
	current: ReadonlyMap<string, number | undefined>,
	baseline: Pick<Baseline, 'metrics'>,
	options: CompareOptions = {},
): Deviation[] {
	const deviations: Deviation[] = [];
	for (const [key, value] of current) {
		const stats = baseline.metrics[key];
		if (stats === undefined || value === undefined || !Number.isFinite(value) || NOT_COMPARABLE.has(splitKey(key).id)) {
			continue;
		}

		deviations.push(deviationOf(key, value, stats, options));
	}

	return deviations.sort((left, right) => Math.abs(right.deviationSigma) - Math.abs(left.deviationSigma) || compareKeys(left.key, right.key));
}

/**
 * Compares each series' median over a window (e.g. the last 5 minutes) with the baseline: one noisy
 * tick does not decide a deploy gate. NaN gaps are skipped; a series with no values is not comparable.
 */
export function compareWindow(
	window: ReadonlyMap<string, ArrayLike<number>>,
	baseline: Pick<Baseline, 'metrics'>,
	options: CompareOptions = {},
): Deviation[] {
	const current = new Map<string, number | undefined>();
	for (const [key, values] of window) {
		current.set(key, ofRecorded(values, median));
	}

	return compareToBaseline(current, baseline, options);
}

/** Monitoring-plugin convention: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (nothing could be compared). */
export function exitStatus(deviations: readonly Deviation[]): ExitStatus {
	if (deviations.length === 0) {
		return 3;
	}

	if (deviations.some(deviation => deviation.band === 'critical')) {
		return 2;
	}

	return deviations.some(deviation => deviation.band === 'warning') ? 1 : 0;
}

export function splitKey(key: string): {id: string; resource: string} {
	const bar = key.indexOf('|');
	return bar === -1 ? {id: key, resource: ''} : {id: key.slice(0, bar), resource: key.slice(bar + 1)};
}

function compareKeys(left: string, right: string): number {
	return left < right ? -1 : left > right ? 1 : 0;
}
