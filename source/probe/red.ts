// RED (rate, errors, duration) per probe target over a sliding window. Pure: results in, figures out.
import type {MetricValue, ResourceId} from '../metrics/types.js';
import {serviceHealth, targetHealth} from './health.js';
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

type TargetHistory = {
	/** Start of the first result ever seen, so a rate is not diluted over a window not yet lived through. */
	readonly firstTimestamp: number;
	readonly results: readonly ProbeResult[];
};

export type RedWindow = {
	readonly options: RedWindowOptions;
	/** Every configured target, in config order, with or without results. */
	readonly targets: ReadonlyMap<string, TargetHistory | undefined>;
};

export function createRedWindow(targetNames: readonly string[], options: Partial<RedWindowOptions> = {}): RedWindow {
	return {options: {...defaultRedWindowOptions, ...options}, targets: new Map(targetNames.map(name => [name, undefined]))};
}

/**
 * The history with `result` added, results at or before `oldest` dropped, at most `maxResults` kept.
 * Histories are kept in start order, and results nearly always arrive in it, so the usual case is a
 * drop from the front and an append: the filter-and-sort of every result per probe was a visible part
 * of the prober's CPU. Equal timestamps stay in arrival order, as the stable sort keeps them.
 */
function keptResults(results: readonly ProbeResult[], result: ProbeResult, oldest: number, maxResults: number): ProbeResult[] {
	const last = results.at(-1);
	if (maxResults < 1 || (last !== undefined && last.timestamp > result.timestamp)) {
		return [...results.filter(entry => entry.timestamp > oldest), result]
			.sort((a, b) => a.timestamp - b.timestamp)
			.slice(-maxResults);
	}

	let first = 0;
	while (first < results.length && results[first]!.timestamp <= oldest) {
		first++;
	}

	const kept = results.slice(Math.max(first, results.length + 1 - maxResults));
	kept.push(result);
	return kept;
}

/** A new window with the result added and results that fell out of it dropped. Unknown targets are added at the end. */
export function addResult(window: RedWindow, result: ProbeResult): RedWindow {
	const previous = window.targets.get(result.target);
	const oldest = result.timestamp - window.options.windowMs;
	const kept = keptResults(previous?.results ?? [], result, oldest, window.options.maxResults);
	const targets = new Map(window.targets);
	targets.set(result.target, {firstTimestamp: Math.min(previous?.firstTimestamp ?? result.timestamp, result.timestamp), results: kept});
	return {options: window.options, targets};
}

/**
 * The q-quantile (0–1) of ascending values by linear interpolation between closest ranks
 * (Hyndman–Fan type 7, as numpy and spreadsheets compute it). Exact for the small windows probes give.
 */
export function quantileSorted(sorted: readonly number[], q: number): number | undefined {
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
};

function inWindow(history: TargetHistory | undefined, nowMs: number, windowMs: number): readonly ProbeResult[] {
	return (history?.results ?? []).filter(result => result.timestamp > nowMs - windowMs && result.timestamp <= nowMs);
}

/**
 * Requests per second. Once the target has been watched for a whole window: results in it / window length.
 * Before that, the cadence of the results seen so far (n − 1 intervals between n results), which is the
 * same figure in steady state and needs no full window.
 */
function requestRate(results: readonly ProbeResult[], firstTimestamp: number | undefined, nowMs: number, windowMs: number): number | undefined {
	if (firstTimestamp === undefined) {
		return undefined;
	}

	if (nowMs - firstTimestamp >= windowMs) {
		return (results.length * 1000) / windowMs;
	}

	if (results.length < 2) {
		return undefined;
	}

	const spanMs = results.at(-1)!.timestamp - results[0]!.timestamp;
	return spanMs > 0 ? ((results.length - 1) * 1000) / spanMs : undefined;
}

export function targetRed(window: RedWindow, target: string, nowMs: number): TargetRed {
	const history = window.targets.get(target);
	const results = inWindow(history, nowMs, window.options.windowMs);
	const durations = results.filter(result => result.status !== undefined).map(result => result.durationMs).sort((a, b) => a - b);
	const last = results.at(-1);
	const failures = results.filter(result => !result.ok).length;
	return {
		target,
		requests: results.length,
		failures,
		requestsPerSec: requestRate(results, history?.firstTimestamp, nowMs, window.options.windowMs),
		errorPct: results.length === 0 ? undefined : (100 * failures) / results.length,
		p50Ms: quantileSorted(durations, 0.5),
		p95Ms: quantileSorted(durations, 0.95),
		p99Ms: quantileSorted(durations, 0.99),
		lastStatus: last?.status,
		lastBodyBytes: last?.status === undefined ? undefined : last.bodyBytes,
		lastError: last?.error,
		healthScore: targetHealth(results),
	};
}

export function redFigures(window: RedWindow, nowMs: number): TargetRed[] {
	return [...window.targets.keys()].map(target => targetRed(window, target, nowMs));
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
