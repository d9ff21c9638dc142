import {median} from 'simple-statistics';
import {buildBaseline, type Baseline, type SeriesData} from '../analyze/baseline.js';
import {formatDuration} from '../metrics/format.js';
import {hostSeries} from '../metrics/process-series.js';
import type {BaselineRecord, RangeData, Store} from '../store/types.js';
import {recordedTickJudge} from './report-data.js';

/** At most this many ticks of a baseline's window are judged again, one in each of as many equal parts: a day at 1 Hz in well under a second. */
const judgedTicks = 720;
/** Where in its part the judged tick lies steps by the golden ratio, so a load that comes and goes on a period is not missed or hit every time. */
const goldenRatio = 0.618_033_988_75;
/** A bottleneck worth a question holds at least this share of the window (and at least one judged tick). */
const notableShare = 0.01;

type Range = {readonly fromMs: number; readonly toMs: number; readonly createdAt: number};

/**
 * A baseline from the recorded history of the host's resources (per-process series are left out). Its
 * span is the one the recorded ticks cover, not the window asked for.
 */
function baselineFrom(data: RangeData, name: string, range: Range): Baseline {
	const series = new Map<string, SeriesData>();
	for (const [key, values] of hostSeries(data.series)) {
		series.set(key, {timestamps: data.timestamps, values});
	}

	const first = data.timestamps[0];
	const last = data.timestamps.at(-1);
	const covered = first === undefined || last === undefined ? range : {...range, fromMs: first, toMs: last};
	return buildBaseline(name, series, covered);
}

/**
 * A baseline is what normal looks like; a window that held bottlenecks may not be. Nothing recorded says
 * which ticks were bottlenecks (events are only kept against a baseline), so the window's recorded
 * metrics are judged again by the same analysis as the dashboard, tick by tick (one in n on a long window).
 */
export function bottleneckWarnings(data: Pick<RangeData, 'timestamps' | 'series'>): string[] {
	const {timestamps} = data;
	const count = timestamps.length;
	if (count < 2) {
		return [];
	}

	// The usual interval, so a pause in the recording does not count as time held.
	const tickMs = median(Array.from({length: count - 1}, (_, index) => timestamps[index + 1]! - timestamps[index]!));
	const stride = Math.ceil(count / judgedTicks);
	const judge = recordedTickJudge(data);
	const heldMs = new Map<string, number>();
	for (let part = 0; part * stride < count; part++) {
		const index = Math.min(count - 1, part * stride + Math.floor(((part * goldenRatio) % 1) * stride));
		for (const bottleneck of judge(index).bottlenecks) {
			if (bottleneck.severity === 'HIGH' || bottleneck.severity === 'CRITICAL') {
				const what = `${bottleneck.resource} ${bottleneck.severity}`;
				heldMs.set(what, (heldMs.get(what) ?? 0) + stride * tickMs);
			}
		}
	}

	const how = stride === 1 ? 'its recorded ticks judged again' : `1 in ${stride} of its recorded ticks judged again`;
	return [...heldMs]
		.filter(([, ms]) => ms >= notableShare * count * tickMs)
		.sort(([, a], [, b]) => b - a)
		.map(([what, ms]) => `the window holds ${formatDuration(ms / 1000)} of ${what} — is that normal? (${how})`);
}

export type SaveOutcome =
	| {readonly kind: 'saved'; readonly baseline: Baseline; readonly warnings: readonly string[]}
	/** A baseline of that name exists and `replace` was not given. */
	| {readonly kind: 'exists'; readonly existing: BaselineRecord};

/** Builds and saves; throws with a one-line reason when there is nothing to save or the store refuses. */
export function saveBaseline(store: Store, name: string, range: Range, replace: boolean): SaveOutcome {
	const existing = store.getBaseline(name);
	if (existing && !replace) {
		return {kind: 'exists', existing};
	}

	const data = store.readRange(range.fromMs, range.toMs);
	const baseline = baselineFrom(data, name, range);
	if (Object.keys(baseline.metrics).length === 0) {
		throw new Error(`no metric has ${baseline.minSamples} recorded samples between ${new Date(range.fromMs).toISOString()} and ${new Date(range.toMs).toISOString()}: record longer first`);
	}

	const result = store.saveBaseline(name, range.createdAt, baseline.fromMs, baseline.toMs, JSON.stringify(baseline));
	if (!result.ok) {
		throw new Error(`cannot save baseline '${name}': ${result.message}`);
	}

	return {kind: 'saved', baseline, warnings: bottleneckWarnings(data)};
}

export function loadBaseline(store: Store, name: string): Baseline {
	const record = store.getBaseline(name);
	if (!record) {
		const known = store.listBaselines().map(baseline => baseline.name);
		throw new Error(`no baseline named '${name}'${known.length > 0 ? ` (saved: ${known.join(', ')})` : ' (none saved yet: perftop baseline save NAME)'}`);
	}

	return JSON.parse(record.payloadJson) as Baseline;
}

/** "2026-12-06T21:00:00.000Z → 2026-12-06T22:00:00.000Z (1h 0m, 3600 samples)": what the data covers. */
export function baselineSpan(baseline: Pick<Baseline, 'fromMs' | 'toMs' | 'metrics'>): string {
	const samples = Math.max(0, ...Object.values(baseline.metrics).map(stats => stats.count));
	return `${new Date(baseline.fromMs).toISOString()} → ${new Date(baseline.toMs).toISOString()} (${formatDuration((baseline.toMs - baseline.fromMs) / 1000)}, ${samples} samples)`;
}

export function describeSavedBaseline(baseline: Baseline): string {
	const left = baseline.leftOut.length;
	return `baseline '${baseline.name}' saved: ${Object.keys(baseline.metrics).length} metrics`
		+ (left > 0 ? `, ${left} left out (fewer than ${baseline.minSamples} samples)` : '');
}

/** "baseline 'x' exists (…); --force replaces it" and the like: the existing one's span from its record. */
export function existingSpan(record: BaselineRecord): string {
	try {
		return baselineSpan(JSON.parse(record.payloadJson) as Baseline);
	} catch {
		return `${new Date(record.fromMs).toISOString()} → ${new Date(record.toMs).toISOString()}`;
	}
}
