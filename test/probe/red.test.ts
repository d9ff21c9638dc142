import {describe, expect, it} from 'vitest';
import {analyze} from '../../source/analyze/analyze.js';
import {assessResources} from '../../source/analyze/use.js';
import {metricDefinition} from '../../source/metrics/catalogue.js';
import {addResult, createRedWindow, lastErrors, quantileSorted, type RedWindow, redFigures, serviceMetrics, targetRed} from '../../source/probe/red.js';
import type {ProbeResult} from '../../source/probe/types.js';

function result(target: string, timestamp: number, fields: Partial<ProbeResult> = {}): ProbeResult {
	const status = 'status' in fields ? fields.status : 200;
	return {
		target,
		timestamp,
		status,
		durationMs: 100,
		bodyBytes: 2,
		truncated: false,
		redirects: 0,
		ok: status !== undefined && status < 400,
		...fields,
	};
}

function windowWith(results: readonly ProbeResult[], targets = ['api'], options = {}): RedWindow {
	return results.reduce(addResult, createRedWindow(targets, options));
}

describe('quantileSorted (linear between closest ranks)', () => {
	it.each([
		[[], 0.5, undefined],
		[[7], 0.5, 7],
		[[7], 0.99, 7],
		[[1, 2, 3, 4], 0.5, 2.5],
		[[1, 2, 3, 4], 0.95, 3.85],
		[[1, 2, 3, 4], 0.99, 3.97],
		[[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.95, 95.5],
		[[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0, 10],
		[[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 1, 100],
	])('%j q=%d → %d', (values, q, expected) => {
		const value = quantileSorted(values, q);
		if (expected === undefined) {
			expect(value).toBeUndefined();
		} else {
			expect(value).toBeCloseTo(expected, 10);
		}
	});
});

describe('targetRed', () => {
	const sixProbes = [100, 200, 300, 400, 500, 600].map((durationMs, index) => result('api', index * 10_000, {durationMs, bodyBytes: 10 + index}));

	it('figures over a window not yet filled: rate from the cadence', () => {
		const red = targetRed(windowWith(sixProbes), 'api', 50_000);
		expect(red.requests).toBe(6);
		expect(red.failures).toBe(0);
		expect(red.requestsPerSec).toBeCloseTo(0.1, 10);
		expect(red.errorPct).toBe(0);
		expect(red.p50Ms).toBeCloseTo(350, 10);
		expect(red.p95Ms).toBeCloseTo(575, 10);
		expect(red.p99Ms).toBeCloseTo(595, 10);
		expect(red.lastStatus).toBe(200);
		expect(red.lastBodyBytes).toBe(15);
		// Time scores 90, 80, 70, 60, 50, 40 → mean 65; 0.7 × 65 + 0.3 × 100.
		expect(red.healthScore).toBeCloseTo(75.5, 10);
	});

	it('once a whole window has passed: results in the window / window length, older ones dropped', () => {
		const probes = Array.from({length: 13}, (_, index) => result('api', index * 10_000, {durationMs: index < 7 ? 900 : 100}));
		const red = targetRed(windowWith(probes), 'api', 120_000);
		// (60 s, 120 s] holds the probes at 70 … 120 s.
		expect(red.requests).toBe(6);
		expect(red.requestsPerSec).toBeCloseTo(0.1, 10);
		expect(red.p95Ms).toBeCloseTo(100, 10);
		expect(red.healthScore).toBeCloseTo(93, 10);
	});

	it('errors: unexpected statuses and failures count; only responses rank for latency', () => {
		const red = targetRed(windowWith([
			result('api', 0, {durationMs: 100}),
			result('api', 10_000, {status: 500, durationMs: 300}),
			result('api', 20_000, {status: undefined, durationMs: 5000, error: 'timed out after 5 s'}),
			result('api', 30_000, {durationMs: 200}),
		]), 'api', 30_000);
		expect(red.errorPct).toBe(50);
		expect(red.failures).toBe(2);
		expect(red.p50Ms).toBeCloseTo(200, 10);
		expect(red.p99Ms).toBeCloseTo(298, 10);
		// 93, 0 (a 500 is a failed request), 0, 86 → mean 44.75.
		expect(red.healthScore).toBeCloseTo(44.75, 10);
		expect(red.lastError).toBeUndefined();
		expect(red.failingForMs).toBe(0);
	});

	it('counts how long every probe has failed: from the first failure after the last success', () => {
		const failing = (...oks: boolean[]) => targetRed(windowWith(oks.map((ok, index) => result('api', index * 10_000, ok ? {} : {status: 500, ok: false}))), 'api', 45_000).failingForMs;
		expect(failing(true, true, false, false)).toBe(25_000);
		expect(failing(false, false, false, false)).toBe(45_000);
		expect(failing(false, true)).toBe(0);
		expect(targetRed(windowWith([]), 'api', 45_000).failingForMs).toBeUndefined();
	});

	it('a last probe without a response has no status or body size, and says why', () => {
		const red = targetRed(windowWith([
			result('api', 0),
			result('api', 10_000, {status: undefined, error: 'connection refused by 127.0.0.1:1'}),
		]), 'api', 10_000);
		expect(red.lastStatus).toBeUndefined();
		expect(red.lastBodyBytes).toBeUndefined();
		expect(red.lastError).toBe('connection refused by 127.0.0.1:1');
		expect(red.healthScore).toBeCloseTo(46.5, 10);
	});

	it('a target never probed has only unknowns; one probe has no rate yet', () => {
		expect(targetRed(createRedWindow(['api']), 'api', 0)).toEqual({
			target: 'api', requests: 0, failures: 0, requestsPerSec: undefined, errorPct: undefined, p50Ms: undefined, p95Ms: undefined,
			p99Ms: undefined, lastStatus: undefined, lastBodyBytes: undefined, lastError: undefined, healthScore: undefined,
		});
		expect(targetRed(windowWith([result('api', 0)]), 'api', 5000).requestsPerSec).toBeUndefined();
	});

	it('keeps at most maxResults per target', () => {
		const probes = Array.from({length: 10}, (_, index) => result('api', index * 1000, {durationMs: index * 10}));
		const window = windowWith(probes, ['api'], {maxResults: 3, windowMs: 60_000});
		const red = targetRed(window, 'api', 9000);
		expect(red.requests).toBe(3);
		expect(red.p50Ms).toBeCloseTo(80, 10);
	});

	it('keeps results in start order, whether they arrive in order, late, or with equal timestamps', () => {
		// The reference: every result filtered by age, stably sorted by start, the newest maxResults kept.
		const reference = (results: readonly ProbeResult[], windowMs: number, maxResults: number): ProbeResult[] => {
			let kept: ProbeResult[] = [];
			for (const entry of results) {
				kept = [...kept.filter(old => old.timestamp > entry.timestamp - windowMs), entry].sort((a, b) => a.timestamp - b.timestamp).slice(-maxResults);
			}

			return kept;
		};

		// A fixed, irregular arrival order: mostly increasing, some late, some equal.
		const timestamps = [0, 1000, 1000, 2500, 1800, 3000, 3000, 9000, 4000, 12_000, 12_000, 11_500, 20_000, 21_000, 13_000, 22_000];
		const probes = timestamps.map((timestamp, index) => result('api', timestamp, {durationMs: index}));
		for (const [windowMs, maxResults] of [[60_000, 600], [5000, 600], [60_000, 4], [8000, 3], [60_000, 1]] as const) {
			const window = windowWith(probes, ['api'], {windowMs, maxResults});
			expect(window.histories[window.indexes.get('api')!]?.results.map(entry => entry.durationMs)).toEqual(reference(probes, windowMs, maxResults).map(entry => entry.durationMs));
		}
	});

	it('adding returns a new window and leaves the old one as it was', () => {
		const before = createRedWindow(['api']);
		const after = addResult(before, result('api', 0));
		expect(targetRed(before, 'api', 0).requests).toBe(0);
		expect(targetRed(after, 'api', 0).requests).toBe(1);
	});

	it('a result for a target not configured adds it at the end, and only to the new window', () => {
		const before = windowWith([result('api', 0)], ['api', 'web']);
		const after = addResult(before, result('extra', 1000));
		expect(redFigures(after, 1000).map(red => [red.target, red.requests])).toEqual([['api', 1], ['web', 0], ['extra', 1]]);
		expect(redFigures(before, 1000).map(red => red.target)).toEqual(['api', 'web']);
		expect(targetRed(before, 'extra', 1000).requests).toBe(0);
	});
});

describe('serviceMetrics', () => {
	const window = windowWith([
		...[100, 200, 300, 400, 500, 600].map((durationMs, index) => result('api', index * 10_000, {durationMs})),
		result('web', 0, {durationMs: 50, bodyBytes: 2048}),
		result('web', 25_000, {status: 503, durationMs: 50, bodyBytes: 0}),
		result('web', 50_000, {durationMs: 50, bodyBytes: 2048}),
	], ['api', 'web', 'idle'], {responseTimeThresholdMs: 500});
	const metrics = serviceMetrics(window, 50_000);
	const value = (id: string, resource: string) => metrics.find(metric => metric.id === id && metric.resource === resource)?.value;

	it('every metric id is in the catalogue, as a service metric', () => {
		for (const metric of metrics) {
			expect(metricDefinition(metric.id)?.resourceKind, metric.id).toBe('service');
		}
	});

	it('per target, on service:<name>', () => {
		expect(value('service.requests_per_s', 'service:api')).toBeCloseTo(0.1, 10);
		expect(value('service.latency_p95_ms', 'service:api')).toBeCloseTo(575, 10);
		expect(value('service.latency_budget_pct', 'service:api')).toBeCloseTo(115, 10);
		expect(value('service.health_score', 'service:api')).toBeCloseTo(75.5, 10);
		expect(value('service.error_pct', 'service:web')).toBeCloseTo(100 / 3, 10);
		expect(value('service.requests_per_s', 'service:web')).toBeCloseTo(2 / 50, 10);
		expect(value('service.last_status', 'service:web')).toBe(200);
		expect(value('service.body_bytes', 'service:web')).toBe(2048);
	});

	it('a configured target without results is listed with unknown values', () => {
		const idle = metrics.filter(metric => metric.resource === 'service:idle');
		expect(idle).toHaveLength(10);
		expect(idle.every(metric => metric.value === undefined)).toBe(true);
	});

	it('overall, on service: summed rate, pooled errors, mean health', () => {
		expect(value('service.requests_per_s', 'service')).toBeCloseTo(0.1 + 0.04, 10);
		expect(value('service.overall_error_pct', 'service')).toBeCloseTo(100 / 9, 10);
		// web: 0.7 × 95 + 30 = 96.5, 0 (HTTP 503 failed), 96.5 → 64.33; api 75.5.
		expect(value('service.health_score', 'service')).toBeCloseTo((75.5 + (96.5 * 2 / 3)) / 2, 10);
	});

	it('a service whose p95 exceeds the response-time threshold is a bottleneck; a fast one is not', () => {
		const assessments = assessResources({timestamp: 50_000, intervalMs: 1000, metrics, processes: [], unavailable: []});
		const api = assessments.find(assessment => assessment.resource === 'service:api')!;
		const web = assessments.find(assessment => assessment.resource === 'service:web')!;
		expect(api.utilizationPct).toBeCloseTo(115, 10);
		expect(api.bottleneck).toBe(true);
		expect(api.evidence.length).toBeGreaterThan(0);
		expect(web.bottleneck).toBe(false);
		expect(web.errorPct).toBeCloseTo(100 / 3, 10);
		expect(web.severity).not.toBe('LOW');
	});

	it('a target that failed every probe for 30 s is a CRITICAL bottleneck that names its last error (issue 13 item 12)', () => {
		const refused = {status: undefined, error: 'connection refused by 127.0.0.1:9'};
		const dead = windowWith([0, 10_000, 20_000, 30_000].map(timestamp => result('dead', timestamp, refused)), ['dead']);
		const sampleAt = (nowMs: number, window: RedWindow) => ({timestamp: nowMs, intervalMs: 1000, metrics: serviceMetrics(window, nowMs), processes: [], unavailable: [], probeErrors: lastErrors(window)});
		const {bottlenecks} = analyze(sampleAt(30_000, dead));
		expect(bottlenecks).toHaveLength(1);
		expect(bottlenecks[0]).toMatchObject({resource: 'service:dead', severity: 'CRITICAL', floor: {severity: 'CRITICAL', reason: 'down: every probe failed for 30s'}});
		expect(bottlenecks[0]!.evidence[0]).toBe('last probe failed: connection refused by 127.0.0.1:9');
		expect(bottlenecks[0]!.recommendation).toBe('dead: down for 30s, no answer — check that it runs and listens, then its own logs and its health endpoint');
		// One that answers, wrongly, is sent to its logs.
		const broken = windowWith([0, 10_000, 20_000, 30_000].map(timestamp => result('broken', timestamp, {status: 500})), ['broken']);
		expect(analyze(sampleAt(30_000, broken)).bottlenecks[0]!.recommendation).toBe('broken: down for 30s, answering HTTP 500 — read the service\'s own logs and check its health endpoint');
		// Failing for 20 s is not yet down: errors alone, MEDIUM, with the error named.
		const young = analyze(sampleAt(20_000, windowWith([0, 10_000, 20_000].map(timestamp => result('dead', timestamp, refused)), ['dead'])));
		expect(young.assessments.find(assessment => assessment.resource === 'service:dead')).toMatchObject({severity: 'MEDIUM', bottleneck: false});
		expect(young.bottlenecks[0]!.evidence).toContain('last probe failed: connection refused by 127.0.0.1:9');
		expect(young.bottlenecks[0]!.recommendation).toMatch(/100% of probes fail — read the service's own logs and check its health endpoint$/);
	});

	it('recommends a slow target\'s slow endpoints', () => {
		const {bottlenecks} = analyze({timestamp: 50_000, intervalMs: 1000, metrics, processes: [], unavailable: []});
		expect(bottlenecks.find(bottleneck => bottleneck.resource === 'service:api')?.recommendation).toMatch(/^api: p95 575 ms, 115% of the response-time budget — find its slow endpoints/);
	});
});
