import {request} from 'node:http';
import {afterEach, describe, expect, it} from 'vitest';
import type {Analysis} from '../../source/analyze/types.js';
import {createPrometheusExporter, type PrometheusExporter} from '../../source/export/prometheus.js';
import type {Sample} from '../../source/metrics/types.js';
import {buildSample} from '../helpers/sample-builder.js';
import {byResource, parseExposition} from './exposition.js';

const quiet: Analysis = {assessments: [], bottlenecks: []};
const open: PrometheusExporter[] = [];

async function start(options: {port?: number; onError?: (error: Error) => void} = {}): Promise<PrometheusExporter> {
	const exporter = await createPrometheusExporter({host: '127.0.0.1', port: options.port ?? 0, hostname: 'db-1', ...(options.onError === undefined ? {} : {onError: options.onError})});
	open.push(exporter);
	return exporter;
}

type Reply = {status: number; headers: Record<string, string | string[] | undefined>; body: string};

// node:http rather than fetch: HEAD and arbitrary methods, and an agent-free connection per call.
function call(exporter: PrometheusExporter, path: string, method = 'GET'): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const outgoing = request({host: exporter.address.host, port: exporter.address.port, path, method, agent: false}, response => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				resolve({status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8')});
			});
			response.on('error', reject);
		});
		outgoing.on('error', reject);
		outgoing.end();
	});
}

afterEach(async () => {
	await Promise.all(open.splice(0).map(exporter => exporter.close()));
});

describe('createPrometheusExporter', () => {
	it('serves the latest tick at GET /metrics in the text format', async () => {
		const exporter = await start();
		expect(exporter.address.host).toBe('127.0.0.1');
		expect(exporter.address.port).toBeGreaterThan(0);

		exporter.update(buildSample({metrics: {'cpu.busy_pct@cpu': 42, 'disk.util_pct@disk:vda': 99, 'memory.swap_used_pct@memory': undefined}}), quiet);
		const reply = await call(exporter, '/metrics');
		expect(reply.status).toBe(200);
		expect(reply.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
		const exposition = parseExposition(reply.body);
		expect(byResource(exposition, 'perftop_cpu_busy_ratio')).toEqual(new Map([['cpu', 0.42]]));
		expect(byResource(exposition, 'perftop_disk_util_ratio')).toEqual(new Map([['vda', 0.99]]));
		expect(exposition.help.get('perftop_disk_util_ratio')).toBe('Share of time the device had I/O in flight (%util). Exported as a 0–1 ratio.');
		expect(exposition.samples.some(sample => sample.name === 'perftop_memory_swap_used_ratio')).toBe(false);
		expect(exposition.samples.find(sample => sample.name === 'perftop_host_info')?.labels).toEqual({hostname: 'db-1'});
	});

	it('reflects series that disappeared between scrapes', async () => {
		const exporter = await start();
		exporter.update(buildSample({metrics: {'net.tx_bytes_per_s@net:eth0': 1, 'net.tx_bytes_per_s@net:wg0': 2}}), quiet);
		expect(byResource(parseExposition((await call(exporter, '/metrics')).body), 'perftop_net_tx_bytes_per_second').size).toBe(2);

		exporter.update(buildSample({metrics: {'net.tx_bytes_per_s@net:eth0': 3}}), quiet);
		expect(byResource(parseExposition((await call(exporter, '/metrics')).body), 'perftop_net_tx_bytes_per_second')).toEqual(new Map([['eth0', 3]]));
	});

	it('ignores a query string on /metrics', async () => {
		const exporter = await start();
		expect((await call(exporter, '/metrics?name[]=perftop_cpu_busy_ratio')).status).toBe(200);
	});

	it.each(['/', '/metric', '/metrics/', '/metrics/extra', '/favicon.ico'])('answers 404 for %s', async path => {
		const exporter = await start();
		const reply = await call(exporter, path);
		expect(reply.status).toBe(404);
		expect(reply.body).not.toContain('perftop_');
	});

	it('answers HEAD without a body and other methods with 405', async () => {
		const exporter = await start();
		const head = await call(exporter, '/metrics', 'HEAD');
		expect(head.status).toBe(200);
		expect(head.body).toBe('');
		const post = await call(exporter, '/metrics', 'POST');
		expect(post.status).toBe(405);
		expect(post.headers['allow']).toBe('GET, HEAD');
	});

	it('rejects with a clear error when the port is in use', async () => {
		const first = await start();
		const {port} = first.address;
		await expect(createPrometheusExporter({host: '127.0.0.1', port, hostname: 'db-1'})).rejects.toThrow(`port ${port} on 127.0.0.1 is in use`);
		// The first exporter is unaffected.
		expect((await call(first, '/metrics')).status).toBe(200);
	});

	it('rejects a port outside 0–65535', async () => {
		await expect(createPrometheusExporter({host: '127.0.0.1', port: 70_000, hostname: 'db-1'})).rejects.toThrow('port 70000 is not a TCP port');
	});

	it('listens on 127.0.0.1 when no host is given', async () => {
		const exporter = await createPrometheusExporter({port: 0, hostname: 'db-1'});
		open.push(exporter);
		expect(exporter.address.host).toBe('127.0.0.1');
		expect((await call(exporter, '/metrics')).status).toBe(200);
	});

	it('answers 500 for a tick it cannot render, reports it, and keeps serving', async () => {
		const errors: Error[] = [];
		const exporter = await start({onError: error => errors.push(error)});
		const broken = {
			...buildSample(),
			get metrics(): Sample['metrics'] {
				throw new Error('corrupt sample');
			},
		} as Sample;
		exporter.update(broken, quiet);
		expect((await call(exporter, '/metrics')).status).toBe(500);
		// A half-applied tick is never served: the next scrape of the same tick fails too.
		expect((await call(exporter, '/metrics')).status).toBe(500);
		expect(errors.map(error => error.message)).toEqual(['corrupt sample', 'corrupt sample']);

		exporter.update(buildSample({metrics: {'cpu.busy_pct@cpu': 1}}), quiet);
		const reply = await call(exporter, '/metrics');
		expect(reply.status).toBe(200);
		expect(byResource(parseExposition(reply.body), 'perftop_cpu_busy_ratio')).toEqual(new Map([['cpu', 0.01]]));
	});

	it('stops listening on close, and close can be called twice', async () => {
		const exporter = await start();
		await call(exporter, '/metrics');
		await exporter.close();
		await exporter.close();
		await expect(call(exporter, '/metrics')).rejects.toMatchObject({code: 'ECONNREFUSED'});
	});
});
