import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {maxBodyBytes, probeTarget} from '../../source/probe/http-probe.js';
import type {ProbeTarget} from '../../source/probe/types.js';
import {closedPort, startTestServer, type TestServer} from './test-server.js';

let server: TestServer;

beforeAll(async () => {
	server = await startTestServer();
});

afterAll(async () => {
	await server.close();
});

function target(path: string, fields: Partial<ProbeTarget> = {}): ProbeTarget {
	return {name: 't', url: `${server.baseUrl}${path}`, method: 'GET', intervalSeconds: 10, timeoutSeconds: 5, ...fields};
}

describe('probeTarget against a loopback server', () => {
	it('a fast endpoint: status, body size, ok, a timestamp from the injected clock', async () => {
		const result = await probeTarget(target('/fast'), {now: () => 1234});
		expect(result).toMatchObject({target: 't', timestamp: 1234, status: 200, bodyBytes: 2, truncated: false, redirects: 0, ok: true});
		expect(result.error).toBeUndefined();
		expect(result.durationMs).toBeGreaterThan(0);
	});

	it('a slow endpoint within the deadline is ok', async () => {
		expect(await probeTarget(target('/slow?ms=120'))).toMatchObject({status: 200, ok: true, bodyBytes: 4});
	});

	it('a 500 is a response, but not ok', async () => {
		expect(await probeTarget(target('/fail'))).toMatchObject({status: 500, ok: false, bodyBytes: 6, error: 'status 500, expected < 400'});
	});

	it('expectStatus decides what is ok', async () => {
		expect(await probeTarget(target('/status/404', {expectStatus: [404]}))).toMatchObject({status: 404, ok: true});
		expect(await probeTarget(target('/fast', {expectStatus: [204]}))).toMatchObject({status: 200, ok: false, error: 'status 200, expected 204'});
	});

	it('follows a chain of 3 relative redirects', async () => {
		expect(await probeTarget(target('/redirect/3'))).toMatchObject({status: 200, redirects: 3, ok: true, bodyBytes: 2});
	});

	it('follows 5 hops, and a 6th is "too many redirects"', async () => {
		expect(await probeTarget(target('/redirect/5'))).toMatchObject({status: 200, redirects: 5, ok: true});
		const before = server.hits.get('/fast') ?? 0;
		expect(await probeTarget(target('/redirect/6'))).toMatchObject({ok: false, redirects: 5, error: 'too many redirects (more than 5)'});
		expect(server.hits.get('/fast') ?? 0).toBe(before);
	});

	it('follows an absolute redirect, and does not follow one it is told to expect', async () => {
		expect(await probeTarget(target('/absolute-redirect'))).toMatchObject({status: 200, redirects: 1, ok: true});
		expect(await probeTarget(target('/absolute-redirect', {expectStatus: [301]}))).toMatchObject({status: 301, redirects: 0, ok: true});
	});

	it('refuses to follow a redirect to another scheme', async () => {
		expect(await probeTarget(target('/to-ftp'))).toMatchObject({ok: false, error: 'redirect to unsupported URL scheme \'ftp:\''});
	});

	it('reads a 5 MB body only up to the 1 MB cap, then drops the connection', async () => {
		const result = await probeTarget(target('/huge'));
		expect(result).toMatchObject({status: 200, ok: true, bodyBytes: maxBodyBytes, truncated: true});
		expect(maxBodyBytes).toBe(1_048_576);
	});

	it('a body of exactly the cap is not truncated', async () => {
		expect(await probeTarget(target('/exact'))).toMatchObject({bodyBytes: maxBodyBytes, truncated: false});
	});

	it('HEAD reads no body', async () => {
		expect(await probeTarget(target('/huge', {method: 'HEAD'}))).toMatchObject({status: 200, bodyBytes: 0, truncated: false, ok: true});
	});

	it('a hanging endpoint ends at the deadline', async () => {
		const result = await probeTarget(target('/hang', {timeoutSeconds: 0.2}));
		expect(result).toMatchObject({ok: false, error: 'timed out after 0.2 s', bodyBytes: 0});
		expect(result.status).toBeUndefined();
	});

	it('the deadline covers the whole probe, a slow body included', async () => {
		expect(await probeTarget(target('/slow?ms=2000', {timeoutSeconds: 0.2}))).toMatchObject({ok: false, error: 'timed out after 0.2 s'});
	});

	it('a closed port is "connection refused"', async () => {
		const port = await closedPort();
		expect(await probeTarget({...target('/'), url: `http://127.0.0.1:${port}/`})).toMatchObject({ok: false, error: `connection refused by 127.0.0.1:${port}`});
	});

	it('a .invalid name fails as a DNS failure without asking any resolver', async () => {
		expect(await probeTarget({...target('/'), url: 'http://perftop-probe.invalid/health'})).toMatchObject({ok: false, error: 'DNS lookup failed for perftop-probe.invalid'});
	});

	it('TLS spoken to a plain HTTP server is a TLS failure', async () => {
		const result = await probeTarget({...target('/'), url: `https://127.0.0.1:${server.port}/fast`});
		expect(result.ok).toBe(false);
		expect(result.error).toMatch(new RegExp(`^TLS failure with 127\\.0\\.0\\.1:${server.port}: `));
	});

	it('an external abort is reported as stopped, not as a timeout', async () => {
		const controller = new AbortController();
		const pending = probeTarget(target('/hang', {timeoutSeconds: 5}), {signal: controller.signal});
		setTimeout(() => {
			controller.abort();
		}, 20);
		expect(await pending).toMatchObject({ok: false, error: 'stopped'});
	});
});
