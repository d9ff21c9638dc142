import {describe, expect, it, vi} from 'vitest';
import {createServiceMonitor} from '../../source/probe/monitor.js';
import type {ProbeResult} from '../../source/probe/types.js';
import {startTestServer} from './test-server.js';

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
				['broken', 1, 'status 500, expected < 400'],
			]);
			expect(monitor.exportFailures()).toBeUndefined();
		} finally {
			await monitor.stop();
			await server.close();
		}
	});
});
