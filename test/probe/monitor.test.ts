import {describe, expect, it, vi} from 'vitest';
import {createServiceMonitor} from '../../source/probe/monitor.js';
import type {ProbeResult} from '../../source/probe/types.js';
import {closedPort, startTestServer} from './test-server.js';

describe('createServiceMonitor', () => {
	it('probes, fills the RED window and reports metrics per target; no tracing without an endpoint', async () => {
		const server = await startTestServer();
		const results: ProbeResult[] = [];
		const monitor = await createServiceMonitor({
			targets: [
				{name: 'api', url: `${server.baseUrl}/fast`, method: 'GET', intervalSeconds: 60, timeoutSeconds: 5},
				{name: 'broken', url: `${server.baseUrl}/fail`, method: 'GET', intervalSeconds: 60, timeoutSeconds: 5},
			],
			responseTimeThresholdMs: 500,
			tracing: {otlpEndpoint: undefined, serviceName: 'perftop'},
			onResult: result => results.push(result),
			now: () => 1000,
		});
		try {
			monitor.start();
			await vi.waitFor(() => {
				expect(results).toHaveLength(2);
			}, {timeout: 10_000});
			const value = (id: string, resource: string) => monitor.metrics(1000).find(metric => metric.id === id && metric.resource === resource)?.value;
			expect(value('service.error_pct', 'service:api')).toBe(0);
			expect(value('service.error_pct', 'service:broken')).toBe(100);
			expect(value('service.last_status', 'service:broken')).toBe(500);
			expect(value('service.overall_error_pct', 'service')).toBe(50);
			expect(monitor.figures(1000).map(red => [red.target, red.requests, red.lastError])).toEqual([
				['api', 1, undefined],
				['broken', 1, 'HTTP 500, expected < 400'],
			]);
			expect(monitor.exportFailures()).toBeUndefined();
		} finally {
			await monitor.stop();
			await server.close();
		}
	});

	it('calls a target down after 30 s of failed probes, with its last error; a fast HTTP 500 scores 0 (issue 13 item 12)', async () => {
		const server = await startTestServer();
		const port = await closedPort();
		const results: ProbeResult[] = [];
		let clock = 0;
		const monitor = await createServiceMonitor({
			targets: [
				{name: 'dead', url: `http://127.0.0.1:${port}/`, method: 'GET', intervalSeconds: 0.2, timeoutSeconds: 5},
				{name: 'broken', url: `${server.baseUrl}/fail`, method: 'GET', intervalSeconds: 0.2, timeoutSeconds: 5},
			],
			responseTimeThresholdMs: 500,
			onResult: result => results.push(result),
			now: () => clock,
		});
		try {
			monitor.start();
			await vi.waitFor(() => {
				expect(results.filter(result => result.target === 'dead')).toHaveLength(1);
			}, {timeout: 10_000});
			const value = (id: string, resource: string, nowMs: number) => monitor.metrics(nowMs).find(metric => metric.id === id && metric.resource === resource)?.value;
			expect(value('service.failing_s', 'service:dead', 29_000)).toBe(29);
			clock = 31_000;
			await vi.waitFor(() => {
				expect(results.filter(result => result.target === 'dead' && result.timestamp === 31_000).length).toBeGreaterThan(0);
				expect(results.filter(result => result.target === 'broken' && result.timestamp === 31_000).length).toBeGreaterThan(0);
			}, {timeout: 10_000});
			expect(value('service.failing_s', 'service:dead', 31_000)).toBe(31);
			expect(value('service.failing_s', 'service:broken', 31_000)).toBe(31);
			// A fast 500 is a failed request: health 0, not 70.
			expect(value('service.health_score', 'service:broken', 31_000)).toBe(0);
			expect(monitor.lastErrors()).toEqual({
				'service:dead': `connection refused by 127.0.0.1:${port}`,
				'service:broken': 'HTTP 500, expected < 400',
			});
		} finally {
			await monitor.stop();
			await server.close();
		}
	});
});
