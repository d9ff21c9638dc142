import type {ResourceKind} from '../metrics/types.js';
import type {Severity} from './types.js';

/** A value scores 1 point above `one`, 2 above `two`, 3 above `three` (strictly above: 80 exactly is not > 80). */
export type PointThresholds = {
	readonly one: number;
	readonly two: number;
	readonly three: number;
};

/** The methodology's scoring rules; every number here is a product default that config may override. */
export type Thresholds = {
	readonly utilizationPct: PointThresholds;
	/** On the normalised 0–10+ saturation scale (see the catalogue header). */
	readonly saturation: PointThresholds;
	readonly errorPct: PointThresholds;
	/** Minimum total score for each level; below `medium` is LOW. */
	readonly severity: {
		readonly medium: number;
		readonly high: number;
		readonly critical: number;
	};
	/**
	 * A resource is a bottleneck when utilization or saturation is strictly above these. `alertPctByKind`
	 * holds the methodology's per-resource alert thresholds (CPU 80 %, memory 85 %, filesystem 90 %),
	 * which replace `utilizationPct` for that kind.
	 */
	readonly bottleneck: {
		readonly alertPctByKind: Readonly<Partial<Record<ResourceKind, number>>>;
		readonly utilizationPct: number;
		readonly saturation: number;
	};
};

export const defaultThresholds: Thresholds = {
	utilizationPct: {one: 40, two: 60, three: 80},
	saturation: {one: 1, two: 5, three: 10},
	errorPct: {one: 0.1, two: 1, three: 5},
	severity: {medium: 2, high: 4, critical: 7},
	// A cgroup's utilization is a share of its own limit: at 90 % of its memory.max or CPU quota (issue 18).
	bottleneck: {utilizationPct: 80, saturation: 5, alertPctByKind: {cpu: 80, memory: 85, fs: 90, cgroup: 90}},
};

/** Partial overrides, as a config file would give them; anything left out keeps its default. */
export type ThresholdOverrides = {
	readonly utilizationPct?: Partial<PointThresholds>;
	readonly saturation?: Partial<PointThresholds>;
	readonly errorPct?: Partial<Thresholds['errorPct']>;
	readonly severity?: Partial<Thresholds['severity']>;
	readonly bottleneck?: Partial<Thresholds['bottleneck']>;
};

export function resolveThresholds(overrides: ThresholdOverrides = {}, base: Thresholds = defaultThresholds): Thresholds {
	return {
		utilizationPct: {...base.utilizationPct, ...overrides.utilizationPct},
		saturation: {...base.saturation, ...overrides.saturation},
		errorPct: {...base.errorPct, ...overrides.errorPct},
		severity: {...base.severity, ...overrides.severity},
		bottleneck: {...base.bottleneck, ...overrides.bottleneck},
	};
}

export type ScorePoints = {
	readonly u: number;
	readonly s: number;
	readonly e: number;
	readonly total: number;
};

/** Points for one value; an unknown value (undefined or NaN) scores nothing rather than being read as 0. */
export function pointsFor(value: number | undefined, thresholds: PointThresholds): number {
	if (value === undefined || Number.isNaN(value)) {
		return 0;
	}

	if (value > thresholds.three) {
		return 3;
	}

	if (value > thresholds.two) {
		return 2;
	}

	return value > thresholds.one ? 1 : 0;
}

export function scorePoints(
	u: number | undefined,
	s: number | undefined,
	e: number | undefined,
	thresholds: Thresholds = defaultThresholds,
): ScorePoints {
	const uPoints = pointsFor(u, thresholds.utilizationPct);
	const sPoints = pointsFor(s, thresholds.saturation);
	const ePoints = pointsFor(e, thresholds.errorPct);
	return {u: uPoints, s: sPoints, e: ePoints, total: uPoints + sPoints + ePoints};
}

export function severityOf(total: number, thresholds: Thresholds = defaultThresholds): Severity {
	if (total >= thresholds.severity.critical) {
		return 'CRITICAL';
	}

	if (total >= thresholds.severity.high) {
		return 'HIGH';
	}

	return total >= thresholds.severity.medium ? 'MEDIUM' : 'LOW';
}

export function isBottleneck(u: number | undefined, s: number | undefined, thresholds: Thresholds = defaultThresholds, kind?: ResourceKind): boolean {
	const utilizationPct = (kind === undefined ? undefined : thresholds.bottleneck.alertPctByKind[kind]) ?? thresholds.bottleneck.utilizationPct;
	// Comparisons with undefined or NaN are false, so an unknown value never makes a bottleneck.
	return (u ?? Number.NaN) > utilizationPct || (s ?? Number.NaN) > thresholds.bottleneck.saturation;
}

const severityRank: Record<Severity, number> = {LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3};

/** For sorting and filtering: LOW 0 … CRITICAL 3. */
export function severityRankOf(severity: Severity): number {
	return severityRank[severity];
}
