import {describe, expect, it} from 'vitest';
import {
	defaultThresholds,
	isBottleneck,
	pointsFor,
	resolveThresholds,
	scorePoints,
	severityOf,
	severityRankOf,
} from '../../source/analyze/severity.js';

describe('scorePoints', () => {
	it.each([
		// u, s, e → points
		[0, 0, 0, {u: 0, s: 0, e: 0, total: 0}],
		[40, 1, 0.1, {u: 0, s: 0, e: 0, total: 0}],
		[40.01, 1.01, 0.11, {u: 1, s: 1, e: 1, total: 3}],
		[60, 5, 1, {u: 1, s: 1, e: 1, total: 3}],
		[60.5, 5.5, 1.5, {u: 2, s: 2, e: 2, total: 6}],
		[80, 10, 5, {u: 2, s: 2, e: 2, total: 6}],
		[80.1, 10.1, 5.1, {u: 3, s: 3, e: 3, total: 9}],
		[100, 50, 100, {u: 3, s: 3, e: 3, total: 9}],
	])('u=%s s=%s e=%s', (u, s, e, expected) => {
		expect(scorePoints(u, s, e)).toEqual(expected);
	});

	it('scores unknown values as no points instead of treating them as a measured value', () => {
		expect(scorePoints(undefined, undefined, undefined)).toEqual({u: 0, s: 0, e: 0, total: 0});
		expect(scorePoints(Number.NaN, 7, undefined)).toEqual({u: 0, s: 2, e: 0, total: 2});
	});

	it('uses the thresholds it is given', () => {
		const strict = resolveThresholds({utilizationPct: {three: 50}});
		expect(scorePoints(55, undefined, undefined, strict).u).toBe(3);
		expect(scorePoints(55, undefined, undefined).u).toBe(1);
	});
});

describe('severityOf', () => {
	it.each([
		[0, 'LOW'],
		[1, 'LOW'],
		[2, 'MEDIUM'],
		[3, 'MEDIUM'],
		[4, 'HIGH'],
		[6, 'HIGH'],
		[7, 'CRITICAL'],
		[9, 'CRITICAL'],
	] as const)('total %s → %s', (total, severity) => {
		expect(severityOf(total)).toBe(severity);
	});

	it('orders levels for filtering', () => {
		expect(['CRITICAL', 'LOW', 'HIGH', 'MEDIUM'].map(level => severityRankOf(level as 'LOW'))).toEqual([3, 0, 2, 1]);
	});
});

describe('isBottleneck', () => {
	it.each([
		[80, 0, false],
		[80.01, 0, true],
		[0, 5, false],
		[0, 5.01, true],
		[undefined, undefined, false],
		[undefined, 6, true],
		[95, undefined, true],
		[Number.NaN, Number.NaN, false],
	])('u=%s s=%s → %s', (u, s, expected) => {
		expect(isBottleneck(u, s)).toBe(expected);
	});
});

describe('resolveThresholds', () => {
	it('overrides only what it is given', () => {
		const resolved = resolveThresholds({bottleneck: {utilizationPct: 90}, severity: {critical: 8}});
		expect(resolved.bottleneck).toEqual({utilizationPct: 90, saturation: 5, alertPctByKind: {cpu: 80, memory: 85, fs: 90, cgroup: 90}});
		expect(resolved.severity).toEqual({medium: 2, high: 4, critical: 8});
		expect(resolved.utilizationPct).toEqual(defaultThresholds.utilizationPct);
		expect(isBottleneck(85, 0, resolved)).toBe(false);
		expect(severityOf(7, resolved)).toBe('HIGH');
	});

	it('counts points strictly above each step', () => {
		expect(pointsFor(1, {one: 1, two: 2, three: 3})).toBe(0);
		expect(pointsFor(3.5, {one: 1, two: 2, three: 3})).toBe(3);
	});
});
