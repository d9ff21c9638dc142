import {describe, expect, it} from 'vitest';
import type {Analysis, Bottleneck} from '../../source/analyze/types.js';
import {createPerftopRegistry} from '../../source/export/prometheus-registry.js';
import type {MetricDefinition, MetricId} from '../../source/metrics/types.js';
import {buildSample} from '../helpers/sample-builder.js';
import {assessment} from '../helpers/snapshot-builder.js';
import {byResource, parseExposition} from './exposition.js';

const quiet: Analysis = {assessments: [], bottlenecks: []};

function bottleneck(resource: string, severity: Bottleneck['severity']): Bottleneck {
	return {resource, severity, score: 5, evidence: [], topProcesses: [], recommendation: 'look'};
}

async function scrape(metrics: Record<string, number | undefined>, analysis: Analysis = quiet) {
	const registry = createPerftopRegistry({hostname: 'db-1'});
	registry.update(buildSample({metrics}), analysis);
	return parseExposition(await registry.render());
}

describe('createPerftopRegistry', () => {
	it('exports catalogue metrics with resource and kind labels in base units', async () => {
		const exposition = await scrape({
			'cpu.busy_pct@cpu': 97,
			'cpu.core_busy_pct@cpu:1': 55,
			'disk.util_pct@disk:vda': 99,
			'disk.await_ms@disk:vda': 41,
			'fs.available_bytes@fs:/': 5_000_000_000,
			'net.rx_bytes_per_s@net:eth0': 1250,
		});
		const find = (name: string) => exposition.samples.find(sample => sample.name === name);
		expect(find('perftop_cpu_busy_ratio')).toEqual({name: 'perftop_cpu_busy_ratio', labels: {resource: 'cpu', kind: 'cpu'}, value: 0.97});
		expect(find('perftop_cpu_core_busy_ratio')).toEqual({name: 'perftop_cpu_core_busy_ratio', labels: {resource: '1', kind: 'cpu'}, value: 0.55});
		expect(find('perftop_disk_util_ratio')?.labels).toEqual({resource: 'vda', kind: 'disk'});
		expect(find('perftop_disk_util_ratio')?.value).toBe(0.99);
		expect(find('perftop_disk_await_seconds')?.value).toBeCloseTo(0.041, 12);
		expect(find('perftop_fs_available_bytes')).toEqual({name: 'perftop_fs_available_bytes', labels: {resource: '/', kind: 'fs'}, value: 5_000_000_000});
		expect(find('perftop_net_rx_bytes_per_second')?.labels).toEqual({resource: 'eth0', kind: 'net'});
	});

	it('exports a cgroup\'s metrics as perftop_cgroup_* with a cgroup label, not resource and kind', async () => {
		const exposition = await scrape({
			'cgroup.memory_pct@cgroup:/system.slice/postgres.service': 95,
			'cgroup.memory_bytes@cgroup:/system.slice/postgres.service': 254_803_968,
			'cgroup.throttled_pct@cgroup:/system.slice/docker-3f8a.scope': 60,
		});
		const find = (name: string) => exposition.samples.filter(sample => sample.name === name);
		expect(find('perftop_cgroup_memory_ratio')).toEqual([{name: 'perftop_cgroup_memory_ratio', labels: {cgroup: '/system.slice/postgres.service'}, value: 0.95}]);
		expect(find('perftop_cgroup_memory_bytes')[0]?.labels).toEqual({cgroup: '/system.slice/postgres.service'});
		expect(find('perftop_cgroup_throttled_ratio')).toEqual([{name: 'perftop_cgroup_throttled_ratio', labels: {cgroup: '/system.slice/docker-3f8a.scope'}, value: 0.6}]);
	});

	it('writes HELP from the catalogue and TYPE gauge', async () => {
		const exposition = await scrape({'memory.used_bytes@memory': 1024, 'cpu.busy_pct@cpu': 10});
		expect(exposition.help.get('perftop_memory_used_bytes')).toBe('MemTotal − MemAvailable.');
		expect(exposition.help.get('perftop_cpu_busy_ratio')).toBe('Share of CPU time not idle or waiting for I/O (user + nice + system + irq + softirq + steal). Exported as a 0–1 ratio.');
		expect(exposition.type.get('perftop_cpu_busy_ratio')).toBe('gauge');
		expect(exposition.type.get('perftop_memory_used_bytes')).toBe('gauge');
	});

	it('never exports an unknown value, not even as 0', async () => {
		const exposition = await scrape({'memory.swap_used_pct@memory': undefined, 'net.util_pct@net:lo': undefined, 'net.util_pct@net:eth0': 12, 'disk.await_ms@disk:vda': Number.NaN});
		expect(byResource(exposition, 'perftop_net_util_ratio')).toEqual(new Map([['eth0', 0.12]]));
		expect(exposition.samples.some(sample => sample.name === 'perftop_memory_swap_used_ratio')).toBe(false);
		expect(exposition.help.has('perftop_memory_swap_used_ratio')).toBe(false);
		expect(exposition.help.has('perftop_disk_await_seconds')).toBe(false);
	});

	it('skips ids the catalogue does not know', async () => {
		const exposition = await scrape({'made.up_pct@cpu': 5, 'cpu.busy_pct@cpu': 5});
		expect(exposition.samples.map(sample => sample.name).filter(name => name.startsWith('perftop_made'))).toEqual([]);
		expect(byResource(exposition, 'perftop_cpu_busy_ratio').get('cpu')).toBe(0.05);
	});

	it('removes series that turn unknown or disappear on a later tick', async () => {
		const registry = createPerftopRegistry({hostname: 'db-1'});
		registry.update(buildSample({metrics: {'net.rx_bytes_per_s@net:eth0': 10, 'net.rx_bytes_per_s@net:eth1': 20, 'disk.util_pct@disk:vda': 50}}), quiet);
		const first = parseExposition(await registry.render());
		expect(byResource(first, 'perftop_net_rx_bytes_per_second')).toEqual(new Map([['eth0', 10], ['eth1', 20]]));

		registry.update(buildSample({metrics: {'net.rx_bytes_per_s@net:eth0': 30, 'disk.util_pct@disk:vda': undefined}}), quiet);
		const second = parseExposition(await registry.render());
		expect(byResource(second, 'perftop_net_rx_bytes_per_second')).toEqual(new Map([['eth0', 30]]));
		expect(second.help.has('perftop_disk_util_ratio')).toBe(false);

		registry.update(buildSample({metrics: {'disk.util_pct@disk:vda': 70}}), quiet);
		const third = parseExposition(await registry.render());
		expect(byResource(third, 'perftop_disk_util_ratio')).toEqual(new Map([['vda', 0.7]]));
		expect(third.help.has('perftop_net_rx_bytes_per_second')).toBe(false);
	});

	it('exports severity scores and bottlenecks from the analysis, and drops a bottleneck that cleared', async () => {
		const registry = createPerftopRegistry({hostname: 'db-1'});
		const sample = buildSample({metrics: {'disk.util_pct@disk:vda': 99}});
		registry.update(sample, {
			assessments: [assessment('disk:vda', 'CRITICAL', {score: 8}), assessment('cpu', 'LOW', {score: 0})],
			bottlenecks: [bottleneck('disk:vda', 'CRITICAL')],
		});
		const first = parseExposition(await registry.render());
		const scores = first.samples.filter(entry => entry.name === 'perftop_resource_severity_score');
		expect(scores).toEqual([
			{name: 'perftop_resource_severity_score', labels: {resource: 'vda', kind: 'disk'}, value: 8},
			{name: 'perftop_resource_severity_score', labels: {resource: 'cpu', kind: 'cpu'}, value: 0},
		]);
		expect(first.samples.filter(entry => entry.name === 'perftop_bottleneck')).toEqual([
			{name: 'perftop_bottleneck', labels: {resource: 'vda', kind: 'disk', severity: 'CRITICAL'}, value: 1},
		]);

		registry.update(sample, {assessments: [assessment('disk:vda', 'HIGH', {score: 5})], bottlenecks: [bottleneck('disk:vda', 'HIGH')]});
		const second = parseExposition(await registry.render());
		expect(second.samples.filter(entry => entry.name === 'perftop_bottleneck').map(entry => entry.labels['severity'])).toEqual(['HIGH']);
		expect(byResource(second, 'perftop_resource_severity_score')).toEqual(new Map([['vda', 5]]));

		registry.update(sample, {assessments: [assessment('disk:vda', 'LOW', {score: 1})], bottlenecks: []});
		const third = parseExposition(await registry.render());
		expect(third.samples.some(entry => entry.name === 'perftop_bottleneck')).toBe(false);
	});

	it('exports the host and the sample time, and nothing invented before the first tick', async () => {
		const registry = createPerftopRegistry({hostname: 'db-1'});
		const empty = parseExposition(await registry.render());
		expect(empty.samples).toEqual([{name: 'perftop_host_info', labels: {hostname: 'db-1'}, value: 1}]);

		registry.update(buildSample({timestamp: Date.UTC(2025, 0, 1, 12), metrics: {}}), quiet);
		const later = parseExposition(await registry.render());
		expect(later.samples.find(sample => sample.name === 'perftop_last_sample_timestamp_seconds')?.value).toBe(Date.UTC(2025, 0, 1, 12) / 1000);
	});

	it('escapes label values such as odd mount points', async () => {
		const exposition = await scrape({'fs.used_pct@fs:/mnt/a "b"\\c': 50});
		expect(byResource(exposition, 'perftop_fs_used_ratio')).toEqual(new Map([['/mnt/a "b"\\c', 0.5]]));
	});

	it('shows only the latest tick when several arrive between scrapes', async () => {
		const registry = createPerftopRegistry({hostname: 'db-1'});
		registry.update(buildSample({metrics: {'net.rx_bytes_per_s@net:eth9': 1}}), quiet);
		registry.update(buildSample({metrics: {'net.rx_bytes_per_s@net:eth0': 2}}), quiet);
		expect(byResource(parseExposition(await registry.render()), 'perftop_net_rx_bytes_per_second')).toEqual(new Map([['eth0', 2]]));
	});

	it('keeps catalogue order in the exposition whatever order the sample has', async () => {
		const exposition = await scrape({'tcp.established@tcp': 3, 'disk.util_pct@disk:vda': 1, 'cpu.busy_pct@cpu': 1});
		const names = exposition.samples.map(sample => sample.name).filter(name => !['perftop_host_info', 'perftop_last_sample_timestamp_seconds'].includes(name));
		expect(names).toEqual(['perftop_cpu_busy_ratio', 'perftop_disk_util_ratio', 'perftop_tcp_established']);
	});

	it('refuses definitions that would share an exported name', () => {
		const definition: MetricDefinition = {id: 'disk.busy_pct' as MetricId, label: 'busy', unit: 'percent', resourceKind: 'disk', use: 'info', harmful: 'up', description: 'Busy.'};
		expect(() => createPerftopRegistry({hostname: 'h', definitions: [definition, {...definition, id: 'disk.busy_ratio' as MetricId, unit: 'ratio'}]})).toThrow(
			'metrics disk.busy_pct and disk.busy_ratio would both be exported as perftop_disk_busy_ratio',
		);
	});

	it('uses its own registry, so two exporters do not see each other', async () => {
		const one = createPerftopRegistry({hostname: 'one'});
		const two = createPerftopRegistry({hostname: 'two'});
		one.update(buildSample({metrics: {'cpu.busy_pct@cpu': 10}}), quiet);
		const exposition = parseExposition(await two.render());
		expect(exposition.samples).toEqual([{name: 'perftop_host_info', labels: {hostname: 'two'}, value: 1}]);
	});
});
