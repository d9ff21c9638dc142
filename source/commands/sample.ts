import process from 'node:process';
import {setTimeout as sleep} from 'node:timers/promises';
import {catalogue, metricDefinition} from '../metrics/catalogue.js';
import {derive} from '../metrics/derive.js';
import {formatValue} from '../metrics/format.js';
import type {Inventory, Sample} from '../metrics/types.js';
import {parseInterval, parseTopProcesses} from '../options.js';
import {createCollector, loadInventory} from './machine.js';
import type {CommandContext} from './types.js';

export async function run({flags}: CommandContext): Promise<number> {
	const intervalSeconds = parseInterval(flags.interval ?? '1');
	const topProcesses = parseTopProcesses(flags.top);
	const collector = await createCollector(flags);
	const inventory = await loadInventory(flags);
	const first = await collector.read();
	await sleep(intervalSeconds * 1000);
	const sample = derive(first, await collector.read(), {topProcesses});
	process.stdout.write(flags.json ? sampleJson(sample, inventory) : sampleTable(sample, inventory));
	return 0;
}

export function sampleJson(sample: Sample, inventory: Inventory): string {
	const document = {
		timestamp: new Date(sample.timestamp).toISOString(),
		host: inventory.hostname,
		intervalSeconds: sample.intervalMs === undefined ? null : Math.round(sample.intervalMs) / 1000,
		metrics: sample.metrics.map(metric => {
			const definition = metricDefinition(metric.id);
			return {
				id: metric.id,
				resource: metric.resource,
				use: definition?.use ?? 'info',
				unit: definition?.unit ?? 'count',
				value: metric.value ?? null,
			};
		}),
		unavailable: sample.unavailable,
	};
	return `${JSON.stringify(document, null, 2)}\n`;
}

const catalogueOrder = new Map(catalogue.map((definition, index) => [definition.id, index]));

/** Readable table grouped by resource, catalogue order within each; plain text, no colour codes. */
export function sampleTable(sample: Sample, inventory: Inventory): string {
	const byResource = new Map<string, Sample['metrics'][number][]>();
	for (const metric of sample.metrics) {
		const group = byResource.get(metric.resource) ?? [];
		group.push(metric);
		byResource.set(metric.resource, group);
	}

	const lines = [`${inventory.hostname}  ${new Date(sample.timestamp).toISOString()}  interval ${sample.intervalMs === undefined ? '—' : `${(sample.intervalMs / 1000).toFixed(2)} s`}`];
	for (const [resource, metrics] of byResource) {
		lines.push('', resource);
		metrics.sort((a, b) => (catalogueOrder.get(a.id) ?? 0) - (catalogueOrder.get(b.id) ?? 0));
		for (const metric of metrics) {
			const definition = metricDefinition(metric.id);
			const label = definition?.label ?? metric.id;
			const use = definition?.use === 'info' || definition === undefined ? '' : definition.use;
			lines.push(`  ${label.padEnd(18)}${formatValue(metric.value, definition?.unit ?? 'count').padStart(14)}  ${use.padEnd(12)}${metric.id}`);
		}
	}

	for (const {group, reason} of sample.unavailable) {
		lines.push('', `unavailable: ${group}: ${reason}`);
	}

	return `${lines.join('\n')}\n`;
}
