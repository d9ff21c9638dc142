// Prometheus exporter costs with a large host (~1000 series): the per-tick update the engine pays,
// and the scrape the exporter pays when Prometheus asks (in-process render and over loopback HTTP).
import {request} from 'node:http';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import type {Analysis} from '../source/analyze/types.js';
import {createPrometheusExporter} from '../source/export/prometheus.js';
import {createPerftopRegistry} from '../source/export/prometheus-registry.js';
import {catalogue} from '../source/metrics/catalogue.js';
import type {MetricValue, Sample} from '../source/metrics/types.js';
import {atMost, type Benchmark} from './types.js';

const instances: Record<string, readonly string[]> = {
	cpu: ['cpu', ...Array.from({length: 64}, (_value, index) => `cpu:${index}`)],
	disk: Array.from({length: 20}, (_value, index) => `disk:nvme${index}n1`),
	fs: Array.from({length: 40}, (_value, index) => `fs:/srv/volume-${index}`),
	net: Array.from({length: 40}, (_value, index) => `net:veth${index}`),
};

/** Every catalogue metric on every instance of its kind; core metrics only on cores, whole-CPU ones only on `cpu`. */
function largeSample(tick: number): Sample {
	const metrics: MetricValue[] = [];
	for (const definition of catalogue) {
		const candidates = instances[definition.resourceKind] ?? [definition.resourceKind];
		const resources = definition.resourceKind === 'cpu'
			? candidates.filter(resource => definition.id.startsWith('cpu.core_') === resource.includes(':'))
			: candidates;
		for (const [index, resource] of resources.entries()) {
			metrics.push({id: definition.id, resource, value: ((tick + index) % 97) + 0.5});
		}
	}

	return {timestamp: Date.UTC(2025, 0, 1) + tick * 1000, intervalMs: 1000, metrics, processes: [], unavailable: []};
}

const analysis: Analysis = {assessments: [], bottlenecks: []};

function median(values: number[]): number {
	const sorted = [...values].sort((left, right) => left - right);
	return sorted[Math.floor(sorted.length / 2)]!;
}

function get(port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const outgoing = request({host: '127.0.0.1', port, path: '/metrics', agent: false}, response => {
			let bytes = 0;
			response.on('data', (chunk: Buffer) => {
				bytes += chunk.length;
			});
			response.on('end', () => {
				resolve(bytes);
			});
		});
		outgoing.on('error', reject);
		outgoing.end();
	});
}

export const benchmarks: Benchmark[] = [
	{
		name: 'export.prometheus',
		async run() {
			const samples = Array.from({length: 20}, (_value, tick) => largeSample(tick));
			const series = samples[0]!.metrics.length;

			const registry = createPerftopRegistry({hostname: 'bench'});
			const updates = 100_000;
			const updateStart = performance.now();
			for (let index = 0; index < updates; index++) {
				registry.update(samples[index % samples.length]!, analysis);
			}

			const updateUs = ((performance.now() - updateStart) * 1000) / updates;

			// Enough rounds for the median to be past JIT warm-up, few enough to stay well under a second.
			// CPU time rather than wall time: the machine is shared, and CPU is what a scrape costs the host.
			const renderCpuMs: number[] = [];
			for (let round = 0; round < 60; round++) {
				registry.update(samples[round % samples.length]!, analysis);
				const start = process.cpuUsage();
				await registry.render();
				const used = process.cpuUsage(start);
				renderCpuMs.push((used.user + used.system) / 1000);
			}

			const exporter = await createPrometheusExporter({host: '127.0.0.1', port: 0, hostname: 'bench'});
			const scrapeMs: number[] = [];
			let bytes = 0;
			try {
				for (let round = 0; round < 40; round++) {
					exporter.update(samples[round % samples.length]!, analysis);
					const start = performance.now();
					bytes = await get(exporter.address.port);
					scrapeMs.push(performance.now() - start);
				}
			} finally {
				await exporter.close();
			}

			return [
				atMost(`export.update_us (${series} series)`, updateUs, 'µs', 1),
				atMost(`export.render_cpu_ms (${series} series)`, median(renderCpuMs), 'ms CPU', 8),
				// Wall time, as Prometheus sees it; its default scrape timeout is 10 s, so this is a regression guard.
				atMost(`export.http_scrape_ms (${series} series)`, median(scrapeMs), 'ms', 50),
				atMost('export.scrape_kb', bytes / 1024, 'KB', 200),
			];
		},
	},
];
