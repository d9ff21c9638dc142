import {describe, expect, it} from 'vitest';
import {prometheusMetric} from '../../source/export/prometheus-names.js';
import {catalogue, metricDefinition} from '../../source/metrics/catalogue.js';
import type {MetricDefinition, MetricId} from '../../source/metrics/types.js';

function exported(id: string) {
	const definition = metricDefinition(id);
	if (definition === undefined) {
		throw new Error(`${id} is not in the catalogue`);
	}

	return prometheusMetric(definition);
}

describe('prometheusMetric names', () => {
	it.each([
		['cpu.busy_pct', 'perftop_cpu_busy_ratio'],
		['cpu.core_busy_pct', 'perftop_cpu_core_busy_ratio'],
		['fs.used_pct', 'perftop_fs_used_ratio'],
		['disk.await_ms', 'perftop_disk_await_seconds'],
		['disk.read_await_ms', 'perftop_disk_read_await_seconds'],
		['system.uptime_s', 'perftop_system_uptime_seconds'],
		['memory.used_bytes', 'perftop_memory_used_bytes'],
		['disk.read_bytes_per_s', 'perftop_disk_read_bytes_per_second'],
		['net.tx_bytes_per_s', 'perftop_net_tx_bytes_per_second'],
		['system.forks_per_s', 'perftop_system_forks_per_second'],
		['memory.swap_in_pages_per_s', 'perftop_memory_swap_in_pages_per_second'],
		['disk.read_iops', 'perftop_disk_read_ops_per_second'],
		['disk.write_iops', 'perftop_disk_write_ops_per_second'],
		['disk.queue_size', 'perftop_disk_queue_size'],
		['system.load1', 'perftop_system_load1'],
		['cpu.runqueue_excess_per_core', 'perftop_cpu_runqueue_excess_per_core'],
		['net.speed_mbps', 'perftop_net_speed_bits_per_second'],
	])('%s is exported as %s', (id, name) => {
		expect(exported(id).name).toBe(name);
	});

	it('appends the unit when the id carries none', () => {
		const definition: MetricDefinition = {id: 'service.availability' as MetricId, label: 'up', unit: 'percent', resourceKind: 'service', use: 'info', harmful: 'up', description: 'Up.'};
		expect(prometheusMetric(definition).name).toBe('perftop_service_availability_ratio');
		expect(prometheusMetric({...definition, id: 'service.latency' as MetricId, unit: 'milliseconds'}).name).toBe('perftop_service_latency_seconds');
		expect(prometheusMetric({...definition, id: 'service.body' as MetricId, unit: 'bytes'}).name).toBe('perftop_service_body_bytes');
		expect(prometheusMetric({...definition, id: 'service.requests' as MetricId, unit: 'per_second'}).name).toBe('perftop_service_requests_per_second');
	});

	it('gives every catalogue entry a distinct, valid name in base units', () => {
		const names = catalogue.map(definition => prometheusMetric(definition).name);
		expect(new Set(names).size).toBe(catalogue.length);
		for (const name of names) {
			expect(name).toMatch(/^perftop_[a-z][a-z0-9_]*$/);
			expect(name).not.toMatch(/_(pct|ms|per_s|iops|mbps)$/);
		}
	});
});

describe('prometheusMetric values', () => {
	it('turns percentages into 0–1 ratios', () => {
		expect(exported('cpu.busy_pct').toBase(97)).toBeCloseTo(0.97, 12);
		expect(exported('fs.used_pct').toBase(100)).toBe(1);
		expect(exported('fs.used_pct').toBase(0)).toBe(0);
	});

	it('turns milliseconds into seconds and Mbit/s into bit/s', () => {
		expect(exported('disk.await_ms').toBase(41)).toBeCloseTo(0.041, 12);
		// Printed as a reader expects, not as the nearest float of a division.
		expect(String(exported('disk.await_ms').toBase(4.1))).toBe('0.0041');
		expect(String(exported('cpu.busy_pct').toBase(7))).toBe('0.07');
		expect(exported('net.speed_mbps').toBase(1000)).toBe(1e9);
	});

	it('leaves base units and dimensionless values alone', () => {
		expect(exported('memory.used_bytes').toBase(123_456_789)).toBe(123_456_789);
		expect(exported('disk.read_iops').toBase(12.5)).toBe(12.5);
		expect(exported('system.uptime_s').toBase(3600)).toBe(3600);
		expect(exported('cpu.runqueue_excess_per_core').toBase(1.5)).toBe(1.5);
	});
});

describe('prometheusMetric help', () => {
	it('is the catalogue description, with a note where the unit changed', () => {
		expect(exported('memory.used_bytes').help).toBe(metricDefinition('memory.used_bytes')?.description);
		expect(exported('cpu.busy_pct').help).toBe(`${metricDefinition('cpu.busy_pct')?.description} Exported as a 0–1 ratio.`);
		expect(exported('disk.await_ms').help).toBe(`${metricDefinition('disk.await_ms')?.description} Exported in seconds.`);
	});
});
