import {describe, expect, it} from 'vitest';
import {
	ascendingTriple,
	duration,
	expectStatus,
	httpMethod,
	httpUrl,
	nameList,
	numberBetween,
	probeName,
	size,
	sizeBytes,
} from '../../source/config/fields.js';

describe('sizeBytes', () => {
	it.each([
		['1GB', 1e9],
		['500MB', 5e8],
		['2GiB', 2 * 2 ** 30],
		['1.5kb', 1500],
		['4096', 4096],
		['10 B', 10],
	])('%s → %d bytes', (text, bytes) => {
		expect(sizeBytes(text)).toBe(bytes);
	});

	it.each(['12XB', 'GB', '-1GB', 'lots'])('rejects %j', text => {
		expect(sizeBytes(text)).toBeUndefined();
	});
});

describe('leaf parsers', () => {
	it('numberBetween accepts the bounds and rejects text, NaN and values outside', () => {
		const percent = numberBetween(0, 100);
		expect(percent(0)).toEqual({ok: true, value: 0});
		expect(percent(100)).toEqual({ok: true, value: 100});
		for (const bad of [-1, 100.5, '80%', '80', Number.NaN, true, [80]]) {
			expect(percent(bad)).toEqual({ok: false, expected: 'a number between 0 and 100'});
		}
	});

	it('duration takes seconds or strings within bounds', () => {
		const interval = duration(0.5, 3600);
		expect(interval('2s')).toEqual({ok: true, value: 2});
		expect(interval(1)).toEqual({ok: true, value: 1});
		expect(interval('1h')).toEqual({ok: true, value: 3600});
		expect(interval(0.1).ok).toBe(false);
		expect(interval('2h').ok).toBe(false);
		expect(interval('fast').ok).toBe(false);
	});

	it('size has a floor', () => {
		const maxSize = size(1e6);
		expect(maxSize('1GB')).toEqual({ok: true, value: 1e9});
		expect(maxSize(2e6)).toEqual({ok: true, value: 2e6});
		expect(maxSize('10KB').ok).toBe(false);
	});

	it('ascendingTriple wants three strictly ascending non-negative numbers', () => {
		const triple = ascendingTriple([40, 60, 80]);
		expect(triple([1, 2, 3])).toEqual({ok: true, value: [1, 2, 3]});
		for (const bad of [[3, 2, 1], [1, 1, 2], [1, 2], [1, 2, 3, 4], ['1', 2, 3], [-1, 2, 3], 5]) {
			expect(triple(bad)).toEqual({ok: false, expected: 'three ascending numbers like [40, 60, 80]'});
		}
	});

	it('httpUrl accepts only http: and https: with a host', () => {
		expect(httpUrl('https://example.com/health')).toEqual({ok: true, value: 'https://example.com/health'});
		expect(httpUrl('http://127.0.0.1:8080')).toEqual({ok: true, value: 'http://127.0.0.1:8080/'});
		for (const bad of ['ftp://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'example.com', 'http://', 42, undefined]) {
			expect(httpUrl(bad).ok).toBe(false);
		}
	});

	it('httpMethod is GET or HEAD, any case', () => {
		expect(httpMethod('head')).toEqual({ok: true, value: 'HEAD'});
		expect(httpMethod('GET')).toEqual({ok: true, value: 'GET'});
		expect(httpMethod('POST').ok).toBe(false);
	});

	it('expectStatus takes one code or a list of codes 100–599', () => {
		expect(expectStatus(200)).toEqual({ok: true, value: [200]});
		expect(expectStatus([200, 204])).toEqual({ok: true, value: [200, 204]});
		for (const bad of [99, 600, '200', [], [200, 'x'], 200.5]) {
			expect(expectStatus(bad).ok).toBe(false);
		}
	});

	it('probeName refuses the series-key separator and blanks', () => {
		expect(probeName(' api ')).toEqual({ok: true, value: 'api'});
		expect(probeName('checkout v2')).toEqual({ok: true, value: 'checkout v2'});
		for (const bad of ['', '  ', 'a|b', 'x'.repeat(65), 5, 'tab\there']) {
			expect(probeName(bad).ok).toBe(false);
		}
	});

	it('nameList wants a list of non-empty strings', () => {
		expect(nameList(['sda', ' nvme* '])).toEqual({ok: true, value: ['sda', 'nvme*']});
		expect(nameList('sda').ok).toBe(false);
		expect(nameList(['sda', '']).ok).toBe(false);
		expect(nameList([1]).ok).toBe(false);
	});
});
