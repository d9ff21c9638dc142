import {describe, expect, it} from 'vitest';
import {requestScore, serviceHealth, targetHealth, timeScore} from '../../source/probe/health.js';

describe('timeScore', () => {
	it.each([
		[0, 100],
		[100, 90],
		[250, 75],
		[500, 50],
		[1000, 0],
		[2500, 0],
	])('%d ms → %d', (durationMs, score) => {
		expect(timeScore(durationMs)).toBeCloseTo(score, 10);
	});
});

describe('requestScore', () => {
	it.each([
		// 0.7 × time score + 0.3 × availability
		[{status: 200, ok: true, durationMs: 0}, 100],
		[{status: 200, ok: true, durationMs: 100}, 93],
		[{status: 200, ok: true, durationMs: 500}, 65],
		[{status: 200, ok: true, durationMs: 1000}, 30],
		[{status: 200, ok: true, durationMs: 3000}, 30],
		// A status other than the expected one is a failed request: 0, not 63 or 70 (issue 13 item 12).
		[{status: 500, ok: false, durationMs: 100}, 0],
		[{status: 404, ok: false, durationMs: 0}, 0],
		[{status: 200, ok: false, durationMs: 0}, 0],
		// No response at all (DNS, refused, TLS, timeout): 0 whatever the time.
		[{status: undefined, ok: false, durationMs: 5}, 0],
		[{status: undefined, ok: false, durationMs: 5000}, 0],
	])('%j → %d', (result, score) => {
		expect(requestScore(result)).toBeCloseTo(score, 10);
	});
});

describe('targetHealth and serviceHealth', () => {
	it('a target scores the mean of its requests', () => {
		expect(targetHealth([
			{status: 200, ok: true, durationMs: 100},
			{status: 200, ok: true, durationMs: 500},
			{status: undefined, ok: false, durationMs: 5000},
		].map(result => requestScore(result)))).toBeCloseTo((93 + 65 + 0) / 3, 10);
		expect(targetHealth([])).toBeUndefined();
	});

	it('service health is the mean over targets with a score', () => {
		expect(serviceHealth([93, 65])).toBe(79);
		expect(serviceHealth([93, undefined, 65])).toBe(79);
		expect(serviceHealth([0, 100, 50])).toBe(50);
		expect(serviceHealth([undefined])).toBeUndefined();
		expect(serviceHealth([])).toBeUndefined();
	});
});
