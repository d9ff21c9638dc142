import {metricDefinition} from '../metrics/catalogue.js';
import type {Unit} from '../metrics/types.js';

// Values are stored as integers in steps of a per-unit resolution, finer than anything the
// dashboard or a report prints. Derived rates carry full float mantissas that compress badly;
// once quantised, delta + varint + deflate stores them in about a byte (performance notes).
const stepByUnit: Record<Unit, number> = {
	percent: 0.01,
	milliseconds: 0.01,
	bytes: 1,
	bytes_per_second: 1,
	per_second: 0.01,
	count: 0.01,
	ratio: 0.01,
	seconds: 0.01,
};

/** Metrics outside the catalogue (service metrics, ids added later) get a finer step, as their scale is unknown. */
export const UNKNOWN_STEP = 0.001;

export function stepForMetric(id: string): number {
	const definition = metricDefinition(id);
	return definition ? stepByUnit[definition.unit] : UNKNOWN_STEP;
}

// Steps below 1 are applied through their integer inverse: `q / 100` is the double closest to
// the decimal, where `q * 0.01` can land one ulp off (1235 * 0.01 vs 12.35).
function inverseOf(step: number): number | undefined {
	return step < 1 ? Math.round(1 / step) : undefined;
}

// Deltas between two stored values are zigzag-encoded, doubling them: values are kept within
// ±2^50 steps so every encoded delta stays an exact integer (below 2^53).
const MAX_STEPS = 2 ** 50;

/** The integer a value is stored as, or NaN for a gap (undefined, NaN, ±Infinity, beyond ±2^50 steps). */
export function quantise(value: number | undefined, step: number): number {
	if (value === undefined || !Number.isFinite(value)) {
		return Number.NaN;
	}

	const inverse = inverseOf(step);
	const q = Math.round(inverse === undefined ? value / step : value * inverse);
	// `+ 0` turns -0 into 0 so a round trip never yields a negative zero.
	return Math.abs(q) <= MAX_STEPS ? q + 0 : Number.NaN;
}

export function dequantise(q: number, step: number): number {
	const inverse = inverseOf(step);
	return inverse === undefined ? q * step : q / inverse;
}

/** What a value reads back as after a store round trip; undefined for a gap. */
export function storedValue(value: number | undefined, step: number): number | undefined {
	const q = quantise(value, step);
	return Number.isNaN(q) ? undefined : dequantise(q, step);
}
