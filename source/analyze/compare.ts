import {median} from 'simple-statistics';
import {metricDefinition, minimumChangeOf, valueRangeOf} from '../metrics/catalogue.js';
import {type MetricDefinition, type MetricId, seriesKey} from '../metrics/types.js';
import type {Baseline, BaselineMetric, SigmaKind} from './baseline.js';
import {ofRecorded} from './recorded.js';

export type Band = 'normal' | 'warning' | 'critical';

/**
 * Which σ a comparison divided by: the baseline's own, or the floor (the metric's practical minimum
 * change ÷ the warning k) when that was larger.
 */
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
	/** The judgement: beyond k·σ (σ at least the practical minimum ÷ the warning k) in the harmful direction. */
	readonly band: Band;
	/** Beyond the warning limit, but in the direction the catalogue calls harmless: unusual, not an alarm. */
	readonly harmless: boolean;
};

export type CompareOptions = {
	/** |deviation| beyond this many σ is a warning (default 2). */
	readonly warningSigma?: number;
	/** |deviation| beyond this many σ is critical (default 3). */
	readonly criticalSigma?: number;
};

export type ExitStatus = 0 | 1 | 2 | 3;

/** Where one series is judged normal against a baseline: median ± warning k·σ, within what the metric can be. */
export type NormalBand = {
	readonly low: number;
	readonly high: number;
};

/** How one series is judged against a baseline; every comparison, band and chart derives from this. */
export type Judging = {
	readonly median: number;
	/** The σ deviations are divided by: the baseline's, or the floor when that is larger. */
	readonly sigma: number;
	readonly sigmaKind: UsedSigmaKind;
	/** The smallest change worth an alarm, in the metric's unit (the catalogue's practical minimum). */
	readonly minimumChange: number;
	readonly band: NormalBand;
};

const DEFAULT_WARNING_SIGMA = 2;
const DEFAULT_CRITICAL_SIGMA = 3;
// For keys not in the catalogue (test series, metrics added later): no unit, so no practical minimum, and
// a tiny σ floor so that σ is never 0; both directions count as harmful.
const UNKNOWN_UNIT_FLOOR = 1e-9;

/**
 * The one rule for judging a series against a baseline. A deviation is an alarm when it is
 * - statistically large: |value − median| > k·σ (k = 2 warning, 3 critical), with the baseline's σ, and
 * - practically large: |value − median| > the catalogue's minimum change for the metric (a share of the
 *   resource's size, points of a percentage, a fraction of a rate's median), and
 * - harmful: in the direction the catalogue says hurts.
 * The first two fold into one σ: σ used = max(σ, minimum ÷ warning k), so warning means beyond both 2σ and
 * the minimum, critical beyond both 3σ and 1.5 × the minimum, and the normal band median ± 2σ used is
 * exactly where a value is not judged beyond the warning limit. Undefined when the baseline lacks the series.
 */
export function judgingOf(key: string, baseline: Pick<Baseline, 'metrics'>, options: CompareOptions = {}): Judging | undefined {
	const facts = keyFactsOf(key, baseline);
	return facts && judgingFrom(facts, options);
}

function judgingFrom(facts: KeyFacts, options: CompareOptions): Judging {
	const {stats, minimumChange, range} = facts;
	const warningSigma = options.warningSigma ?? DEFAULT_WARNING_SIGMA;
	const floor = Math.max(UNKNOWN_UNIT_FLOOR, minimumChange / warningSigma);
	const useFloor = !(stats.sigma >= floor);
	const sigma = useFloor ? floor : stats.sigma;
	return {
		median: stats.median,
		sigma,
		sigmaKind: useFloor ? 'floor' : stats.sigmaKind,
		minimumChange,
		band: {
			low: Math.max(range.min, stats.median - warningSigma * sigma),
			high: Math.min(range.max, stats.median + warningSigma * sigma),
		},
	};
}

/** What judging one series needs that stands as long as its baseline does. */
type KeyFacts = {
	readonly id: string;
	readonly resource: string;
	readonly stats: BaselineMetric;
	readonly harmful: MetricDefinition['harmful'] | undefined;
	readonly minimumChange: number;
	readonly range: {readonly min: number; readonly max: number};
};

// A baseline is never changed once built, and the engine compares ~100 series against the same one
// every tick: each key's facts are worked out once per baseline (a third of the tick's analysis before).
const keyFactsCache = new WeakMap<object, Map<string, KeyFacts | null>>();

/** The facts of every key of this baseline looked at so far; a key the baseline lacks is kept as null. */
function keyFactsTable(baseline: Pick<Baseline, 'metrics'>): Map<string, KeyFacts | null> {
	let table = keyFactsCache.get(baseline.metrics);
	if (table === undefined) {
		table = new Map();
		keyFactsCache.set(baseline.metrics, table);
	}

	return table;
}

function keyFactsOf(key: string, baseline: Pick<Baseline, 'metrics'>, table = keyFactsTable(baseline)): KeyFacts | undefined {
	const known = table.get(key);
	if (known !== undefined) {
		return known ?? undefined;
	}

	const stats = baseline.metrics[key];
	let facts: KeyFacts | null = null;
	if (stats !== undefined) {
		const {id, resource} = splitKey(key);
		const definition = metricDefinition(id);
		facts = {
			id,
			resource,
			stats,
			harmful: definition?.harmful,
			minimumChange: definition === undefined ? 0 : practicalMinimum(definition, stats.median, resource, baseline),
			range: definition === undefined ? {min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY} : valueRangeOf(definition),
		};
	}

	table.set(key, facts);
	return facts ?? undefined;
}

function practicalMinimum(definition: MetricDefinition, median: number, resource: string, baseline: Pick<Baseline, 'metrics'>): number {
	const minimum = minimumChangeOf(definition);
	const capacity = minimum.ofCapacity === undefined ? undefined : baseline.metrics[seriesKey(minimum.ofCapacity.metric as MetricId, resource)]?.median;
	return Math.max(
		minimum.absolute,
		(minimum.ofMedian ?? 0) * Math.abs(median),
		capacity === undefined ? 0 : minimum.ofCapacity!.share * capacity,
	);
}

export function bandOf(deviationSigma: number, options: CompareOptions = {}): Band {
	const magnitude = Math.abs(deviationSigma);
	if (magnitude > (options.criticalSigma ?? DEFAULT_CRITICAL_SIGMA)) {
		return 'critical';
	}

	return magnitude > (options.warningSigma ?? DEFAULT_WARNING_SIGMA) ? 'warning' : 'normal';
}

/** Whether a change from the median in this direction hurts, per the catalogue; unknown metrics: either way. */
function hurts(harmful: MetricDefinition['harmful'] | undefined, difference: number): boolean {
	switch (harmful) {
		case undefined: {
			return true;
		}

		case 'up': {
			return difference > 0;
		}

		case 'down': {
			return difference < 0;
		}

		case 'none': {
			return false;
		}
	}
}

/**
 * Deviation of each current value from its baseline median, alarms first (critical, warning), then by
 * |deviation| (ties by key). Metrics without a current value, missing from the baseline, or harmful in
 * neither direction (sizes, uptime, cache) are left out.
 */
export function compareToBaseline(
	current: ReadonlyMap<string, number | undefined>,
	baseline: Pick<Baseline, 'metrics'>,
	options: CompareOptions = {},
): Deviation[] {
	const deviations: Deviation[] = [];
	const table = keyFactsTable(baseline);
	for (const [key, value] of current) {
		const facts = keyFactsOf(key, baseline, table);
		if (facts === undefined || value === undefined || !Number.isFinite(value) || facts.harmful === 'none') {
			continue;
		}

		const judging = judgingFrom(facts, options);
		const deviationSigma = (value - judging.median) / judging.sigma;
		const statistical = bandOf(deviationSigma, options);
		const harmful = hurts(facts.harmful, value - judging.median);
		deviations.push({
			key,
			id: facts.id,
			resource: facts.resource,
			value,
			median: judging.median,
			sigma: judging.sigma,
			sigmaKind: judging.sigmaKind,
			deviationSigma,
			band: harmful ? statistical : 'normal',
			harmless: !harmful && statistical !== 'normal',
		});
	}

	return deviations.sort(byConcern);
}

const bandRank: Readonly<Record<Band, number>> = {critical: 0, warning: 1, normal: 2};

/** Alarms first (critical, then warning), then the largest |deviation|, ties by key: the order every list uses. */
export function byConcern(left: Deviation, right: Deviation): number {
	return bandRank[left.band] - bandRank[right.band]
		|| Math.abs(right.deviationSigma) - Math.abs(left.deviationSigma)
		|| compareKeys(left.key, right.key);
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

/** The judgement as lists print it: the band, or `harmless` for a large change in the direction that does not hurt. */
export function bandLabel(deviation: Deviation): string {
	return deviation.harmless ? 'harmless' : deviation.band;
}
