import {buildBaseline, type Baseline, type SeriesData} from '../analyze/baseline.js';
import {hostSeries} from '../metrics/process-series.js';
import type {Store} from '../store/types.js';

/** A baseline from the recorded history of the host's resources (per-process series are left out). */
export function baselineFromStore(store: Store, name: string, range: {fromMs: number; toMs: number; createdAt: number}): Baseline {
	const data = store.readRange(range.fromMs, range.toMs);
	const series = new Map<string, SeriesData>();
	for (const [key, values] of hostSeries(data.series)) {
		series.set(key, {timestamps: data.timestamps, values});
	}

	return buildBaseline(name, series, range);
}

/** Builds and saves; throws with a one-line reason when there is nothing to save or the store refuses. */
export function saveBaseline(store: Store, name: string, range: {fromMs: number; toMs: number; createdAt: number}): Baseline {
	const baseline = baselineFromStore(store, name, range);
	if (Object.keys(baseline.metrics).length === 0) {
		throw new Error(`no metric has ${baseline.minSamples} recorded samples between ${new Date(range.fromMs).toISOString()} and ${new Date(range.toMs).toISOString()}: record longer first`);
	}

	const result = store.saveBaseline(name, range.createdAt, baseline.fromMs, baseline.toMs, JSON.stringify(baseline));
	if (!result.ok) {
		throw new Error(`cannot save baseline '${name}': ${result.message}`);
	}

	return baseline;
}

export function loadBaseline(store: Store, name: string): Baseline {
	const record = store.getBaseline(name);
	if (!record) {
		const known = store.listBaselines().map(baseline => baseline.name);
		throw new Error(`no baseline named '${name}'${known.length > 0 ? ` (saved: ${known.join(', ')})` : ' (none saved yet: perftop baseline save NAME)'}`);
	}

	return JSON.parse(record.payloadJson) as Baseline;
}

export function describeSavedBaseline(baseline: Baseline): string {
	const left = baseline.leftOut.length;
	return `baseline '${baseline.name}' saved: ${Object.keys(baseline.metrics).length} metrics`
		+ (left > 0 ? `, ${left} left out (fewer than ${baseline.minSamples} samples)` : '');
}
