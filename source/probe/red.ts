// RED (rate, errors, duration) per probe target over a sliding window. Pure: results in, figures out.
import type {MetricValue, ResourceId} from '../metrics/types.js';
import {requestScore, serviceHealth, targetHealth} from './health.js';
import type {ProbeResult} from './types.js';

export type RedWindowOptions = {
	/** Results older than this (by start time) leave the window. */
	readonly windowMs: number;
	/** At most this many results are kept per target, whatever their age. */
	readonly maxResults: number;
	/** The response-time alert threshold; p95 is expressed as a share of it. */
	readonly responseTimeThresholdMs: number;
};

export const defaultRedWindowOptions: RedWindowOptions = {windowMs: 60_000, maxResults: 600, responseTimeThresholdMs: 500};

/**
 * A target's results in start order, with each one's health score and duration worked out once, when it
 * arrives, rather than on every tick it stays in the window (some sixty times at 1 Hz).
 */
type TargetHistory = {
	/** Start of the first result ever seen, so a rate is not diluted over a window not yet lived through. */
	readonly firstTimestamp: number;
	readonly results: readonly ProbeResult[];
	/** Per result: its request score (health.ts). */
	readonly scores: readonly number[];
	/** Per result: its duration if it got a response, else NaN (which a numeric sort puts last). */
	readonly durations: readonly number[];
};

function durationOf(result: ProbeResult): number {
	return result.status === undefined ? Number.NaN : result.durationMs;
}

/**
 * Histories are in an array, copied per result, rather than a Map: a Map copied from another goes through
 * the iterator protocol, which at a probe's rate (code mostly unoptimised) allocated ~4 KB per result.
 */
export type RedWindow = {
	readonly options: RedWindowOptions;
	/** Every configured target, in config order, with or without results; then any first seen in a result. */
	readonly names: readonly string[];
	/** Each name's index in `names` and `histories`, shared by the windows that follow from one another. */
	readonly indexes: ReadonlyMap<string, number>;
	/** Per target, its results so far (undefined before the first). */
	readonly histories: ReadonlyArray<TargetHistory | undefined>;
};

export function createRedWindow(targetNames: readonly string[], options: Partial<RedWindowOptions> = {}): RedWindow {
	const names = [...new Set(targetNames)];
	return {
		options: {...defaultRedWindowOptions, ...options},
		names,
		indexes: new Map(names.map((name, index) => [name, index])),
		histories: names.map(() => undefined),
	};
}

/**
 * The history with `result` added, results at or before `oldest` dropped, at most `maxResults` kept.
 * Histories are kept in start order, and results nearly always arrive in it, so the usual case is a
 * drop from the front and an append: the filter-and-sort of every result per probe was a visible part
 * of the prober's CPU. Equal timestamps stay in arrival order, as the stable sort keeps them.
 */
function withResult(previous: TargetHistory | undefined, result: ProbeResult, oldest: number, maxResults: number): TargetHistory {
	const firstTimestamp = Math.min(previous?.firstTimestamp ?? result.timestamp, result.timestamp);
	const results = previous?.results ?? [];
	const last = results.at(-1);
	if (maxResults < 1 || (last !== undefined && last.timestamp > result.timestamp)) {
		const kept = [...results.filter(entry => entry.timestamp > oldest), result]
			.sort((a, b) => a.timestamp - b.timestamp)
			.slice(-maxResults);
		return {firstTimestamp, results: kept, scores: kept.map(entry => requestScore(entry)), durations: kept.map(entry => durationOf(entry))};
	}

	let first = 0;
	while (first < results.length && results[first]!.timestamp <= oldest) {
		first++;
	}

	const from = Math.max(first, results.length + 1 - maxResults);
	const kept = results.slice(from);
	const scores = (previous?.scores ?? []).slice(from);
	const durations = (previous?.durations ?? []).slice(from);
	kept.push(result);
	scores.push(requestScore(result));
	durations.push(durationOf(result));
	return {firstTimestamp, results: kept, scores, durations};
}

/** A new window with the result added and results that fell out of it dropped. Unknown targets are added at the end. */
export function addResult(window: RedWindow, result: ProbeResult): RedWindow {
	let {names, indexes} = window;
	let index = indexes.get(result.target);
	if (index === undefined) {
		index = names.length;
		names = [...names, result.target];
		indexes = new Map(indexes).set(result.target, index);
	}

	const histories = window.histories.slice();
	histories[index] = withResult(window.histories[index], result, result.timestamp - window.options.windowMs, window.options.maxResults);
	return {options: window.options, names, indexes, histories};
}

/**
 * The q-quantile (0–1) of ascending values by linear interpolation between closest ranks
 * (Hyndman–Fan type 7, as numpy and spreadsheets compute it). Exact for the small windows probes give.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | undefined {
	if (sorted.length === 0) {
		return undefined;
	}

	const position = (sorted.length - 1) * q;
	const below = Math.floor(position);
	const above = Math.ceil(position);
	return sorted[below]! + ((sorted[above]! - sorted[below]!) * (position - below));
}

export type TargetRed = {
	readonly target: string;
	/** Results in the window. */
	readonly requests: number;
	/** Results in the window that failed or had an unexpected status. */
	readonly failures: number;
	readonly requestsPerSec: number | undefined;
	/** Share of results that failed or had an unexpected status, %. */
	readonly errorPct: number | undefined;
	/** Over results that got a response; a request that never got one has no duration worth ranking. */
	readonly p50Ms: number | undefined;
	readonly p95Ms: number | undefined;
	readonly p99Ms: number | undefined;
	readonly lastStatus: number | undefined;
	readonly lastBodyBytes: number | undefined;
	readonly lastError: string | undefined;
	readonly healthScore: number | undefined;
	/**
	 * How long every probe has failed: from the first failure after the last success in the window (or
	 * the window's first result, when none succeeded) to now; 0 while the latest probe succeeded.
	 */
	readonly failingForMs: number | undefined;
};

/**
 * Requests per second over results[first, end). Once the target has been watched for a whole window:
 * results in it / window length. Before that, the cadence of the results seen so far (n − 1 intervals
 * between n results), which is the same figure in steady state and needs no full window.
 */
function requestRate(results: readonly ProbeResult[], first: number, end: number, firstTimestamp: number | undefined, nowMs: number, windowMs: number): number | undefined {
	if (firstTimestamp === undefined) {
		return undefined;
	}

	const count = end - first;
	if (nowMs - firstTimestamp >= windowMs) {
		return (count * 1000) / windowMs;
	}

	if (count < 2) {
		return undefined;
	}

	const spanMs = results[end - 1]!.timestamp - results[first]!.timestamp;
	return spanMs > 0 ? ((count - 1) * 1000) / spanMs : undefined;
}

export function targetRed(window: RedWindow, target: string, nowMs: number): TargetRed {
	const index = window.indexes.get(target);
	return redOf(window, target, index === undefined ? undefined : window.histories[index], nowMs);
}

const noHistory: TargetHistory = {firstTimestamp: Number.NaN, results: [], scores: [], durations: []};

/**
 * This runs for every target every tick, mostly unoptimised at that rate, so the per-result work is kept
 * to a count and a sum: durations are sorted by a typed array's native numeric sort (no comparator calls),
 * and scores were worked out when the results arrived.
 */
function redOf(window: RedWindow, target: string, history: TargetHistory | undefined, nowMs: number): TargetRed {
	const {results, scores, durations} = history ?? noHistory;
	// Results in (nowMs − windowMs, nowMs]: one run of them, since a history is in start order.
	let first = 0;
	while (first < results.length && results[first]!.timestamp <= nowMs - window.options.windowMs) {
		first++;
	}

	let end = results.length;
	while (end > first && results[end - 1]!.timestamp > nowMs) {
		end--;
	}

	const whole = first === 0 && end === results.length;
	const requests = end - first;
	let failures = 0;
	for (let index = first; index < end; index++) {
		if (!results[index]!.ok) {
			failures++;
		}
	}

	const sorted = new Float64Array(whole ? durations : durations.slice(first, end)).sort();
	let responses = sorted.length;
	while (responses > 0 && Number.isNaN(sorted[responses - 1])) {
		responses--;
	}

	const responded = sorted.subarray(0, responses);
	const last = requests === 0 ? undefined : results[end - 1];
	return {
		target,
		requests,
		failures,
		requestsPerSec: requestRate(results, first, end, history?.firstTimestamp, nowMs, window.options.windowMs),
		errorPct: requests === 0 ? undefined : (100 * failures) / requests,
		p50Ms: quantileSorted(responded, 0.5),
		p95Ms: quantileSorted(responded, 0.95),
		p99Ms: quantileSorted(responded, 0.99),
		lastStatus: last?.status,
		lastBodyBytes: last?.status === undefined ? undefined : last.bodyBytes,
		lastError: last?.error,
		healthScore: targetHealth(whole ? scores : scores.slice(first, end)),
		failingForMs: failingFor(results, first, end, nowMs),
	};
}

function failingFor(results: readonly ProbeResult[], first: number, end: number, nowMs: number): number | undefined {
	let streak = end;
	while (streak > first && !results[streak - 1]!.ok) {
		streak--;
	}

	if (end === first) {
		return undefined;
	}

	return streak === end ? 0 : Math.max(0, nowMs - results[streak]!.timestamp);
}

/** The latest probe's error of each target whose latest probe failed, by resource (`service:<name>`). */
export function lastErrors(window: RedWindow): Record<ResourceId, string> {
	const errors: Record<ResourceId, string> = {};
	window.names.forEach((target, index) => {
		const last = window.histories[index]?.results.at(-1);
		if (last !== undefined && !last.ok && last.error !== undefined) {
			errors[serviceResource(target)] = last.error;
		}
	});
	return errors;
}

export function redFigures(window: RedWindow, nowMs: number): TargetRed[] {
	return window.names.map((target, index) => redOf(window, target, window.histories[index], nowMs));
}

/** The resource id of one probe target. */
export function serviceResource(target: string): ResourceId {
	return `service:${target}`;
}

/** Figures across all targets, on the resource `service`. */
export const overallServiceResource: ResourceId = 'service';

/**
 * Sample-compatible metrics: per target on `service:<name>`, and overall on `service` (request rate summed,
 * errors pooled over all requests, health the mean of the targets' scores). Targets without results
 * are listed with unknown values so the dashboard can show them as `—`.
 */
export function serviceMetrics(window: RedWindow, nowMs: number): MetricValue[] {
	const figures = redFigures(window, nowMs);
	const metrics: MetricValue[] = [];
	for (const red of figures) {
		const resource = serviceResource(red.target);
		const budgetPct = red.p95Ms === undefined ? undefined : (100 * red.p95Ms) / window.options.responseTimeThresholdMs;
		metrics.push(
			{id: 'service.requests_per_s', resource, value: red.requestsPerSec},
			{id: 'service.error_pct', resource, value: red.errorPct},
			{id: 'service.latency_p50_ms', resource, value: red.p50Ms},
			{id: 'service.latency_p95_ms', resource, value: red.p95Ms},
			{id: 'service.latency_p99_ms', resource, value: red.p99Ms},
			{id: 'service.latency_budget_pct', resource, value: budgetPct},
			{id: 'service.health_score', resource, value: red.healthScore},
			{id: 'service.failing_s', resource, value: red.failingForMs === undefined ? undefined : red.failingForMs / 1000},
			{id: 'service.last_status', resource, value: red.lastStatus},
			{id: 'service.body_bytes', resource, value: red.lastBodyBytes},
		);
	}

	if (figures.length > 0) {
		const rates = figures.map(red => red.requestsPerSec).filter((rate): rate is number => rate !== undefined);
		const requests = figures.reduce((sum, red) => sum + red.requests, 0);
		const failed = figures.reduce((sum, red) => sum + red.failures, 0);
		metrics.push(
			{id: 'service.requests_per_s', resource: overallServiceResource, value: rates.length === 0 ? undefined : rates.reduce((sum, rate) => sum + rate, 0)},
			{id: 'service.overall_error_pct', resource: overallServiceResource, value: requests === 0 ? undefined : (100 * failed) / requests},
			{id: 'service.health_score', resource: overallServiceResource, value: serviceHealth(figures.map(red => red.healthScore))},
		);
	}

	return metrics;
}
