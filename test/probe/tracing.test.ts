import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {createProber} from '../../source/probe/prober.js';
import {createProbeTracing, redactUrl, tracesUrl} from '../../source/probe/tracing.js';
import type {ProbeResult, ProbeTarget} from '../../source/probe/types.js';
import {closedPort, startTestServer} from './test-server.js';

type OtlpValue = {stringValue?: string; intValue?: number | string};
type OtlpSpan = {
	name: string;
	kind: number;
	startTimeUnixNano: string;
	endTimeUnixNano: string;
	attributes: Array<{key: string; value: OtlpValue}>;
	status?: {code?: number; message?: string};
};
type OtlpRequest = {resourceSpans: Array<{resource: {attributes: Array<{key: string; value: OtlpValue}>}; scopeSpans: Array<{spans: OtlpSpan[]}>}>};

/** A minimal OTLP/HTTP receiver on loopback: keeps every JSON body POSTed to /v1/traces. */
async function startReceiver() {
	const requests: OtlpRequest[] = [];
	const paths: string[] = [];
	const server = http.createServer((request, response) => {
		let body = '';
		request.setEncoding('utf8');
		request.on('data', (chunk: string) => {
			body += chunk;
		});
		request.on('end', () => {
			paths.push(`${request.method} ${request.url} ${request.headers['content-type']}`);
			requests.push(JSON.parse(body) as OtlpRequest);
			response.writeHead(200, {'content-type': 'application/json'});
			response.end('{}');
		});
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	return {
		endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		paths,
		spans: () => requests.flatMap(request => request.resourceSpans.flatMap(resourceSpans => resourceSpans.scopeSpans.flatMap(scope => scope.spans))),
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}

function attribute(span: OtlpSpan, key: string): string | number | undefined {
	const value = span.attributes.find(entry => entry.key === key)?.value;
	return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
}

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) {
		await cleanup();
	}
});

describe('helpers', () => {
	it.each([
		['http://127.0.0.1:4318', 'http://127.0.0.1:4318/v1/traces'],
		['http://127.0.0.1:4318/', 'http://127.0.0.1:4318/v1/traces'],
		['https://otel.example.com/base/', 'https://otel.example.com/base/v1/traces'],
		['http://127.0.0.1:4318/v1/traces', 'http://127.0.0.1:4318/v1/traces'],
	])('tracesUrl(%s) = %s', (endpoint, url) => {
		expect(tracesUrl(endpoint)).toBe(url);
	});

	it('redactUrl hides credentials and leaves other URLs alone', () => {
		expect(redactUrl('https://user:secret@example.com/health')).toBe('https://REDACTED:REDACTED@example.com/health');
		expect(redactUrl('https://example.com/health?x=1')).toBe('https://example.com/health?x=1');
	});
});

describe('probe spans over OTLP/HTTP JSON', () => {
	it('every probe arrives as a client span with method, URL, status, duration and error status', async () => {
		const receiver = await startReceiver();
		cleanups.push(receiver.close);
		const server = await startTestServer();
		cleanups.push(server.close);
		const tracing = createProbeTracing({endpoint: receiver.endpoint, serviceName: 'perftop-test', scheduledDelayMs: 20});
		const targets: ProbeTarget[] = [
			{name: 'ok', url: `${server.baseUrl}/fast`, method: 'GET', intervalSeconds: 60, timeoutSeconds: 5},
			{name: 'broken', url: `${server.baseUrl}/fail`, method: 'HEAD', intervalSeconds: 60, timeoutSeconds: 5},
		];
		const results: ProbeResult[] = [];
		const prober = createProber(targets, {onResult: result => results.push(result), tracer: tracing});
		prober.start();
		await vi.waitFor(() => {
			expect(results).toHaveLength(2);
		}, {timeout: 10_000});
		await prober.stop();
		await tracing.shutdown(5000);

		expect(receiver.paths.every(line => line === 'POST /v1/traces application/json')).toBe(true);
		expect(receiver.requests[0]!.resourceSpans[0]!.resource.attributes).toContainEqual({key: 'service.name', value: {stringValue: 'perftop-test'}});
		const spans = receiver.spans();
		expect(spans).toHaveLength(2);
		const ok = spans.find(span => attribute(span, 'perftop.probe.name') === 'ok')!;
		const broken = spans.find(span => attribute(span, 'perftop.probe.name') === 'broken')!;
		expect(ok.name).toBe('GET');
		expect(ok.kind).toBe(3);
		expect(attribute(ok, 'http.request.method')).toBe('GET');
		expect(attribute(ok, 'url.full')).toBe(`${server.baseUrl}/fast`);
		expect(attribute(ok, 'http.response.status_code')).toBe(200);
		expect(attribute(ok, 'server.address')).toBe('127.0.0.1');
		expect(attribute(ok, 'server.port')).toBe(server.port);
		expect(ok.status?.code ?? 0).not.toBe(2);
		const okResult = results.find(result => result.target === 'ok')!;
		// The span covers the probe: start at its timestamp, duration its durationMs (to the microsecond).
		expect(BigInt(ok.startTimeUnixNano) / 1_000_000n).toBe(BigInt(okResult.timestamp));
		expect(Number(BigInt(ok.endTimeUnixNano) - BigInt(ok.startTimeUnixNano)) / 1e6).toBeCloseTo(okResult.durationMs, 3);
		expect(attribute(broken, 'http.request.method')).toBe('HEAD');
		expect(attribute(broken, 'http.response.status_code')).toBe(500);
		expect(attribute(broken, 'error.type')).toBe('500');
		expect(broken.status).toEqual({code: 2, message: 'HTTP 500, expected < 400'});
	});

	it('a dead endpoint counts export failures, says so once, and the probe loop goes on', async () => {
		const port = await closedPort();
		const messages: string[] = [];
		const tracing = createProbeTracing({endpoint: `http://127.0.0.1:${port}`, serviceName: 'perftop-test', scheduledDelayMs: 20, exportTimeoutMs: 300, onMessage: message => messages.push(message)});
		const results: ProbeResult[] = [];
		const probe = async (target: ProbeTarget): Promise<ProbeResult> => ({target: target.name, timestamp: Date.now(), status: 200, durationMs: 1, bodyBytes: 0, truncated: false, redirects: 0, ok: true});
		const prober = createProber([{name: 'a', url: 'http://127.0.0.1:1/', method: 'GET', intervalSeconds: 1, timeoutSeconds: 1}], {onResult: result => results.push(result), tracer: tracing, probe});
		prober.start();
		await vi.waitFor(() => {
			expect(tracing.exportFailures()).toBeGreaterThanOrEqual(2);
		}, {timeout: 15_000, interval: 50});
		await prober.stop();
		await tracing.shutdown(500);
		expect(results.length).toBeGreaterThanOrEqual(2);
		expect(messages).toEqual([`tracing: could not export spans to http://127.0.0.1:${port}/v1/traces (connect ECONNREFUSED 127.0.0.1:${port}); further failures are counted, not shown`]);
	});

	it('shutdown with a dead endpoint resolves', async () => {
		const port = await closedPort();
		const tracing = createProbeTracing({endpoint: `http://127.0.0.1:${port}`, serviceName: 'perftop-test', scheduledDelayMs: 60_000, exportTimeoutMs: 60_000});
		tracing.recordProbe({name: 'a', url: 'http://127.0.0.1:1/', method: 'GET', intervalSeconds: 1, timeoutSeconds: 1}, {target: 'a', timestamp: Date.now(), status: 200, durationMs: 1, bodyBytes: 0, truncated: false, redirects: 0, ok: true});
		await expect(tracing.shutdown(200)).resolves.toBeUndefined();
	});
});
