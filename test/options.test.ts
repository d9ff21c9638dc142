import {describe, expect, it} from 'vitest';
import {durationSeconds, parseDuration, parseInterval, parseIsoTime, parsePositiveInteger, parseSince, UsageError} from '../source/options.js';

describe('durationSeconds: one grammar for flags and the config file', () => {
	it.each([
		['10', 10],
		['0.5', 0.5],
		['500ms', 0.5],
		['10s', 10],
		['5m', 300],
		['2h', 7200],
		['7d', 604_800],
		['2w', 1_209_600],
		[' 3 s ', 3],
	])('%s → %d s', (text, seconds) => {
		expect(durationSeconds(text)).toBe(seconds);
	});

	it.each(['', 'soon', '-5s', '5 years', '1e3', '5x'])('rejects %j', text => {
		expect(durationSeconds(text)).toBeUndefined();
	});
});

describe('parseDuration', () => {
	it.each([
		['1', 1],
		['0.5', 0.5],
		['500ms', 0.5],
		['10s', 10],
		['5m', 300],
		['2h', 7200],
		['7d', 604_800],
		['2w', 1_209_600],
	])('%s is %d s', (text, seconds) => {
		expect(parseDuration(text, '--x')).toBe(seconds);
	});

	it.each(['', 'abc', '-1', '10x', '1h30m', '80%'])('rejects %j with the flag name', text => {
		expect(() => parseDuration(text, '--since')).toThrow(UsageError);
		expect(() => parseDuration(text, '--since')).toThrow(/^--since: /);
	});
});

describe('parseInterval', () => {
	it('accepts the dashboard range', () => {
		expect(parseInterval('0.5')).toBe(0.5);
		expect(parseInterval('60s')).toBe(60);
	});

	it('rejects values outside the range', () => {
		expect(() => parseInterval('0.1')).toThrow(/between 0.5 s and 60 s/);
		expect(() => parseInterval('2m')).toThrow(/between/);
		expect(parseInterval('2m', 3600)).toBe(120);
	});
});

describe('times and counts', () => {
	it('parses --since relative to now', () => {
		expect(parseSince('1h', 10_000_000)).toBe(10_000_000 - 3_600_000);
	});

	it('parses ISO dates and rejects others', () => {
		expect(parseIsoTime('2026-11-25T10:00:00Z', '--from')).toBe(Date.UTC(2026, 10, 25, 10));
		expect(() => parseIsoTime('yesterday', '--from')).toThrow(/^--from: expected an ISO date/);
	});

	it('parses positive integers only', () => {
		expect(parsePositiveInteger('15', '--top')).toBe(15);
		expect(() => parsePositiveInteger('0', '--top')).toThrow(UsageError);
		expect(() => parsePositiveInteger('1.5', '--top')).toThrow(UsageError);
	});
});
