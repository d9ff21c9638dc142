import {describe, expect, it} from 'vitest';
import {InvalidResponse, maxHeadBytes, type ReadState, ResponseReader} from '../../source/probe/http-response.js';

type Outcome = {
	readonly state: ReadState | 'invalid' | 'cut short';
	readonly status: number;
	readonly location: string | undefined;
	readonly bodyBytes: number;
	readonly truncated: boolean;
	readonly reusable: boolean;
	readonly message?: string;
};

/** Feeds `text` in reads of the given sizes (the rest in one), through one reused buffer as the connection does, then EOF if `close`. */
function read(text: string, {head = false, cap = 1000, sizes = [] as number[], close = false} = {}): Outcome {
	const bytes = Buffer.from(text, 'latin1');
	const reader = new ResponseReader(head, cap);
	const buffer = Buffer.alloc(bytes.length + 1, 0x7e);
	const outcome = (state: Outcome['state'], message?: string): Outcome => ({
		state, status: reader.status, location: reader.location, bodyBytes: reader.bodyBytes, truncated: reader.truncated, reusable: reader.reusable, ...(message ? {message} : {}),
	});
	let offset = 0;
	let state: ReadState = 'more';
	try {
		for (const size of [...sizes, bytes.length]) {
			if (offset >= bytes.length || state !== 'more') {
				break;
			}

			const length = Math.min(size, bytes.length - offset);
			// Stale bytes after the read, as in a reused buffer: the reader must not look past `length`.
			buffer.fill(0x7e);
			bytes.copy(buffer, 0, offset, offset + length);
			state = reader.push(buffer, length);
			offset += length;
		}
	} catch (error) {
		if (error instanceof InvalidResponse) {
			return outcome('invalid', error.message);
		}

		throw error;
	}

	if (state === 'more' && close) {
		return outcome(reader.end() ?? 'cut short');
	}

	return outcome(state);
}

/** The same response split at every byte position must read the same. */
function everySplit(text: string, options: {head?: boolean; cap?: number; close?: boolean} = {}): Outcome[] {
	return Array.from({length: text.length - 1}, (_, index) => read(text, {...options, sizes: [index + 1]}));
}

const ok = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello';

describe('ResponseReader', () => {
	it('a Content-Length response: status, body size, reusable', () => {
		expect(read(ok)).toEqual({state: 'complete', status: 200, location: undefined, bodyBytes: 5, truncated: false, reusable: true});
		for (const outcome of everySplit(ok)) {
			expect(outcome).toEqual(read(ok));
		}
	});

	it('reads a chunked body with extensions and trailers, split anywhere', () => {
		const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5;name=value\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n';
		expect(read(chunked)).toMatchObject({state: 'complete', status: 200, bodyBytes: 15, reusable: true});
		for (const outcome of everySplit(chunked)) {
			expect(outcome).toEqual(read(chunked));
		}
	});

	it('skips 1xx interim responses', () => {
		const text = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n';
		expect(read(text)).toMatchObject({state: 'complete', status: 204, bodyBytes: 0, reusable: true});
		for (const outcome of everySplit(text)) {
			expect(outcome).toEqual(read(text));
		}
	});

	it('a body without framing ends when the server closes, and the connection is not reusable', () => {
		const text = 'HTTP/1.1 200 OK\r\n\r\nuntil the end';
		expect(read(text)).toMatchObject({state: 'more'});
		expect(read(text, {close: true})).toMatchObject({state: 'complete', bodyBytes: 13, reusable: false});
	});

	it('a close before a framed body ends is a response cut short', () => {
		expect(read('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf', {close: true})).toMatchObject({state: 'cut short'});
		expect(read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel', {close: true})).toMatchObject({state: 'cut short'});
		expect(read('HTTP/1.1 200 OK\r\nContent-', {close: true})).toMatchObject({state: 'cut short'});
	});

	it('connection reuse: HTTP/1.1 unless close, HTTP/1.0 only with keep-alive', () => {
		expect(read('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')).toMatchObject({state: 'complete', reusable: false});
		expect(read('HTTP/1.1 200 OK\r\nconnection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n\r\n')).toMatchObject({reusable: false});
		expect(read('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n')).toMatchObject({state: 'complete', reusable: false});
		expect(read('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n')).toMatchObject({reusable: true});
		// Bytes after the response: the connection is out of step.
		expect(read(`${ok}HTTP/1.1`)).toMatchObject({state: 'complete', bodyBytes: 5, reusable: false});
	});

	it('HEAD, 204 and 304 responses have no body whatever their headers say', () => {
		expect(read('HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n', {head: true})).toMatchObject({state: 'complete', bodyBytes: 0, reusable: true});
		expect(read('HTTP/1.1 304 Not Modified\r\nContent-Length: 5000\r\n\r\n')).toMatchObject({state: 'complete', status: 304, bodyBytes: 0});
	});

	it('counts the body up to the cap: exactly the cap is complete, one more byte is truncated', () => {
		const body = (length: number) => `HTTP/1.1 200 OK\r\nContent-Length: ${length}\r\n\r\n${'x'.repeat(length)}`;
		expect(read(body(10), {cap: 10})).toMatchObject({state: 'complete', bodyBytes: 10, truncated: false});
		expect(read(body(11), {cap: 10})).toMatchObject({state: 'truncated', bodyBytes: 10, truncated: true, reusable: false});
		expect(read(body(11), {cap: 10, sizes: [40, 3, 3, 3]})).toMatchObject({state: 'truncated', bodyBytes: 10});
		expect(read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n', {cap: 10})).toMatchObject({state: 'truncated', bodyBytes: 10});
	});

	it('reads the first Location, field names in any case, values trimmed, obsolete folding as a space', () => {
		expect(read('HTTP/1.1 302 Found\r\nLOCATION:  /next  \r\nLocation: /other\r\nContent-Length: 0\r\n\r\n')).toMatchObject({status: 302, location: '/next'});
		expect(read('HTTP/1.1 302 Found\r\nLocation: /a\r\n  b\r\nContent-Length: 0\r\n\r\n')).toMatchObject({location: '/a b'});
		// Bare LF line ends (RFC 9112 §2.2).
		expect(read('HTTP/1.1 301 Moved\nLocation: /lf\nContent-Length: 2\n\nok')).toMatchObject({state: 'complete', status: 301, location: '/lf', bodyBytes: 2});
	});

	it('repeated Content-Length values must agree', () => {
		expect(read('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok')).toMatchObject({state: 'complete', bodyBytes: 2});
		expect(read('HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok')).toMatchObject({state: 'complete', bodyBytes: 2});
		expect(read('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok')).toMatchObject({state: 'invalid', message: 'bad Content-Length \'2, 3\''});
	});

	it.each([
		['not HTTP', 'SSH-2.0-OpenSSH_9.6\r\n\r\n', 'bad status line \'SSH-2.0-OpenSSH_9.6\''],
		['HTTP/2 status line', 'HTTP/2 200\r\n\r\n', 'bad status line \'HTTP/2 200\''],
		['a two-digit status', 'HTTP/1.1 20 OK\r\n\r\n', 'bad status line \'HTTP/1.1 20 OK\''],
		['a status below 100', 'HTTP/1.1 099 Odd\r\n\r\n', 'bad status line \'HTTP/1.1 099 Odd\''],
		['a field line without a colon', 'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n', 'bad header line \'no colon here\''],
		['space before the colon', 'HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok', 'bad header line \'Content-Length : 2\''],
		['a bad Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', 'bad Content-Length \'-1\''],
		['both Content-Length and Transfer-Encoding', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n', 'both Content-Length and Transfer-Encoding'],
		['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'bad chunk size \'zz\''],
		['chunk data longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n', 'chunk data longer than its size'],
		['a 101 nobody asked for', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n', 'unexpected 101 Switching Protocols'],
	])('rejects %s', (_, text, message) => {
		expect(read(text)).toMatchObject({state: 'invalid', message});
	});

	it('rejects a head longer than the limit, without waiting for its end', () => {
		const long = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(maxHeadBytes)}`;
		expect(read(long)).toMatchObject({state: 'invalid', message: `header section longer than ${maxHeadBytes} bytes`});
		expect(read(long, {sizes: [100, 100, 100, 100]})).toMatchObject({state: 'invalid'});
	});
});
