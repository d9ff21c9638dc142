import {describe, expect, it} from 'vitest';
import {resolveThresholds} from '../../source/analyze/severity.js';
import type {UseAssessment} from '../../source/analyze/types.js';
import {assessResources} from '../../source/analyze/use.js';
import {formatValue} from '../../source/metrics/format.js';
import {buildSample} from '../helpers/sample-builder.js';
import {idleMetrics} from './scenarios.js';

const pct = (value: number): string => formatValue(value, 'percent');

function assessmentOf(assessments: readonly UseAssessment[], resource: string): UseAssessment {
	const found = assessments.find(assessment => assessment.resource === resource);
	if (!found) {
		throw new Error(`no assessment for ${resource}; have ${assessments.map(assessment => assessment.resource).join(', ')}`);
	}

	return found;
}

describe('assessResources', () => {
	it('judges every resource of an idle machine LOW and skips per-core and system resources', () => {
		const assessments = assessResources(buildSample({metrics: idleMetrics}));
		expect(assessments.map(assessment => assessment.resource)).toEqual(['cpu', 'memory', 'io', 'disk:vda', 'fs:/', 'net:eth0', 'net:lo', 'tcp']);
		for (const assessment of assessments) {
			expect(assessment.severity, assessment.resource).toBe('LOW');
			expect(assessment.bottleneck, assessment.resource).toBe(false);
		}
	});

	it('takes U, S and E from the catalogue USE kinds and scales, never from metric names', () => {
		const [cpu] = assessResources(buildSample({metrics: {
			'cpu.busy_pct@cpu': 50,
			// Info metrics, however alarming, are not utilization or saturation.
			'cpu.idle_pct@cpu': 99,
			'cpu.iowait_pct@cpu': 99,
			'cpu.runnable@cpu': 40,
			// Saturation: excess 0.4 × 5 = 2; PSI 60 % × 0.1 = 6 → the highest, 6.
			'cpu.runqueue_excess_per_core@cpu': 0.4,
			'cpu.psi_some_pct@cpu': 60,
		}}));
		expect(cpu?.utilizationPct).toBe(50);
		expect(cpu?.saturation).toBeCloseTo(6, 10);
		expect(cpu?.errorPct).toBeUndefined();
		// U 50 → 1, S 6 → 2.
		expect(cpu?.score).toBe(3);
		expect(cpu?.severity).toBe('MEDIUM');
		expect(cpu?.bottleneck).toBe(true);
	});

	it('scales error metrics to an error-rate %', () => {
		const assessments = assessResources(buildSample({metrics: {
			'memory.used_pct@memory': 70,
			'memory.oom_kills_per_s@memory': 0.1,
			'tcp.udp_errors_per_s@tcp': 30,
		}}));
		// One OOM kill in 10 s: 0.1/s × 1000 = 100 %.
		expect(assessmentOf(assessments, 'memory').errorPct).toBeCloseTo(100, 10);
		// 30/s × 0.1 = 3 %.
		expect(assessmentOf(assessments, 'tcp').errorPct).toBeCloseTo(3, 10);
		expect(assessmentOf(assessments, 'memory').score).toBe(2 + 3);
	});

	it('takes the highest utilization of a resource with several', () => {
		const [fs] = assessResources(buildSample({metrics: {'fs.used_pct@fs:/data': 30, 'fs.inodes_used_pct@fs:/data': 92}}));
		expect(fs?.utilizationPct).toBe(92);
		expect(fs?.bottleneck).toBe(true);
		expect(fs?.evidence).toContain(`inodes ${pct(92)} used`);
	});

	it('keeps unknown values unknown: no crash, no zero, no points', () => {
		const assessments = assessResources(buildSample({
			intervalMs: undefined,
			metrics: {
				'cpu.busy_pct@cpu': undefined,
				'cpu.runnable@cpu': undefined,
				'cpu.core_busy_pct@cpu:0': undefined,
				'memory.used_pct@memory': undefined,
				'memory.oom_kills_per_s@memory': undefined,
				'disk.util_pct@disk:vda': undefined,
				'disk.queue_size@disk:vda': 7,
				'net.util_pct@net:eth0': Number.NaN,
				'net.rx_bytes_per_s@net:eth0': undefined,
				'fs.used_pct@fs:/': undefined,
				'tcp.retrans_pct@tcp': undefined,
			},
		}));
		const cpu = assessmentOf(assessments, 'cpu');
		expect(cpu.utilizationPct).toBeUndefined();
		expect(cpu.saturation).toBeUndefined();
		expect(cpu.score).toBe(0);
		expect(cpu.evidence).toEqual([]);
		expect(cpu.values?.size).toBe(0);
		const disk = assessmentOf(assessments, 'disk:vda');
		expect(disk.utilizationPct).toBeUndefined();
		expect(disk.saturation).toBe(7);
		expect(disk.bottleneck).toBe(true);
		expect(disk.evidence).toEqual([`aqu-sz ${formatValue(7, 'ratio')}`]);
		const eth0 = assessmentOf(assessments, 'net:eth0');
		expect(eth0.utilizationPct).toBeUndefined();
		expect(eth0.evidence).toEqual(['eth0 has no link speed: utilization not defined']);
		expect(assessmentOf(assessments, 'memory').errorPct).toBeUndefined();
		expect(assessmentOf(assessments, 'fs:/').severity).toBe('LOW');
	});

	it('ignores metrics the catalogue does not know', () => {
		const [cpu] = assessResources(buildSample({metrics: {'cpu.busy_pct@cpu': 10, 'cpu.mystery_pct@cpu': 100}}));
		expect(cpu?.utilizationPct).toBe(10);
		expect(cpu?.severity).toBe('LOW');
	});

	it('applies the thresholds it is given', () => {
		const metrics = {'memory.used_pct@memory': 86};
		expect(assessResources(buildSample({metrics}))[0]?.bottleneck).toBe(true);
		const relaxed = resolveThresholds({bottleneck: {alertPctByKind: {memory: 90}}, utilizationPct: {three: 90}});
		const [memory] = assessResources(buildSample({metrics}), relaxed);
		expect(memory?.bottleneck).toBe(false);
		expect(memory?.score).toBe(2);
	});

	it('uses the per-resource alert thresholds: memory 85 %, filesystem 90 %, others 80 %', () => {
		const bottleneckAt = (metric: string, value: number) => assessResources(buildSample({metrics: {[metric]: value}}))[0]?.bottleneck;
		expect(bottleneckAt('memory.used_pct@memory', 85)).toBe(false);
		expect(bottleneckAt('memory.used_pct@memory', 85.5)).toBe(true);
		expect(bottleneckAt('fs.used_pct@fs:/', 89)).toBe(false);
		expect(bottleneckAt('fs.used_pct@fs:/', 91)).toBe(true);
		expect(bottleneckAt('disk.util_pct@disk:vda', 81)).toBe(true);
	});
});

describe('evidence', () => {
	it('names the disk, its busy time, await and queue, most telling first', () => {
		const [disk] = assessResources(buildSample({metrics: {
			'disk.util_pct@disk:vda': 97,
			'disk.read_bytes_per_s@disk:vda': 0,
			'disk.write_bytes_per_s@disk:vda': 38e6,
			'disk.await_ms@disk:vda': 41,
			'disk.queue_size@disk:vda': 6.2,
		}}));
		expect(disk?.evidence).toEqual([
			`vda busy ${pct(97)}`,
			`await ${formatValue(41, 'milliseconds')}`,
			`aqu-sz ${formatValue(6.2, 'ratio')}`,
			`write ${formatValue(38e6, 'bytes_per_second')}`,
		]);
		expect(disk?.evidence[0]).toMatch(/^vda busy 97\s?%$/);
	});

	it('puts the run queue against the core count and adds PSI', () => {
		const [cpu] = assessResources(buildSample({metrics: {
			'cpu.busy_pct@cpu': 98,
			'cpu.runnable@cpu': 7,
			'cpu.runqueue_excess_per_core@cpu': 2.5,
			'cpu.psi_some_pct@cpu': 88,
			'cpu.core_busy_pct@cpu:0': 97,
			'cpu.core_busy_pct@cpu:1': 99,
		}}));
		expect(cpu?.evidence).toEqual([`busy ${pct(98)}`, `run queue ${formatValue(7, 'count')} for 2 cores`, `PSI some ${pct(88)}`]);
		expect(cpu?.values?.get('cpu.core_busy_pct')).toBe(99);
	});

	it('points at one pegged core when the average hides it', () => {
		const metrics = {
			'cpu.busy_pct@cpu': 52,
			'cpu.core_busy_pct@cpu:0': 4,
			'cpu.core_busy_pct@cpu:1': 100,
		};
		const [cpu] = assessResources(buildSample({metrics}));
		expect(cpu?.evidence).toEqual([`busy ${pct(52)}`, `cpu1 at ${pct(100)} — single-threaded?`]);
		const [busier] = assessResources(buildSample({metrics: {...metrics, 'cpu.busy_pct@cpu': 60}}));
		expect(busier?.evidence.some(line => line.includes('single-threaded'))).toBe(false);
		const [cooler] = assessResources(buildSample({metrics: {...metrics, 'cpu.core_busy_pct@cpu:1': 90}}));
		expect(cooler?.evidence.some(line => line.includes('single-threaded'))).toBe(false);
	});

	it('says how many cores a one-core machine has, in the singular', () => {
		const [cpu] = assessResources(buildSample({metrics: {'cpu.runnable@cpu': 3, 'cpu.core_busy_pct@cpu:0': 100}}));
		expect(cpu?.evidence).toContain(`run queue ${formatValue(3, 'count')} for 1 core`);
	});

	it('leads memory evidence with swapping when swapping scores more than used %', () => {
		const [memory] = assessResources(buildSample({metrics: {
			'memory.used_pct@memory': 55,
			'memory.swap_pages_per_s@memory': 30_000,
			'memory.major_faults_per_s@memory': 900,
			'memory.psi_some_pct@memory': 45,
		}}));
		expect(memory?.evidence).toEqual([
			`swap ${formatValue(30_000 * 4096, 'bytes_per_second')}`,
			`used ${pct(55)}`,
			`PSI some ${pct(45)}`,
			`major faults ${formatValue(900, 'per_second')}`,
		]);
		expect(memory?.saturation).toBeCloseTo(30, 10);
		expect(memory?.severity).toBe('HIGH');
	});

	it('leaves zero swap and fault rates out and counts OOM kills over the interval', () => {
		const [memory] = assessResources(buildSample({intervalMs: 2000, metrics: {
			'memory.used_pct@memory': 93,
			'memory.swap_pages_per_s@memory': 0,
			'memory.major_faults_per_s@memory': 0,
			'memory.oom_kills_per_s@memory': 1,
		}}));
		expect(memory?.evidence).toEqual([`used ${pct(93)}`, '2 OOM kills in the last interval']);
	});

	it('gives a link with a speed its busier direction in Mbit/s', () => {
		const [eth0] = assessResources(buildSample({metrics: {
			'net.util_pct@net:eth0': 94,
			'net.rx_bytes_per_s@net:eth0': 117.5e6,
			'net.tx_bytes_per_s@net:eth0': 2e6,
			'net.speed_mbps@net:eth0': 1000,
			'net.error_pct@net:eth0': 0,
		}}));
		expect(eth0?.evidence).toEqual(['eth0 rx 940 Mbit/s of 1000']);
	});

	it('says lo has no speed and shows its throughput instead', () => {
		const [lo] = assessResources(buildSample({metrics: {
			'net.util_pct@net:lo': undefined,
			'net.rx_bytes_per_s@net:lo': 850e6,
			'net.tx_bytes_per_s@net:lo': 850e6,
			'net.error_pct@net:lo': 0,
		}}));
		expect(lo?.utilizationPct).toBeUndefined();
		expect(lo?.severity).toBe('LOW');
		expect(lo?.evidence).toEqual([`lo has no link speed: throughput ${formatValue(850e6, 'bytes_per_second')}, utilization not defined`]);
	});

	it('reports NIC errors and drops', () => {
		const [eth0] = assessResources(buildSample({metrics: {
			'net.util_pct@net:eth0': 10,
			'net.rx_bytes_per_s@net:eth0': 12.5e6,
			'net.tx_bytes_per_s@net:eth0': 1e6,
			'net.speed_mbps@net:eth0': 1000,
			'net.error_pct@net:eth0': 2,
			'net.drops_per_s@net:eth0': 30,
			'net.errors_per_s@net:eth0': 0,
		}}));
		expect(eth0?.evidence).toEqual([`error rate ${pct(2)}`, `drops ${formatValue(30, 'per_second')}`, 'eth0 rx 100 Mbit/s of 1000']);
		expect(eth0?.errorPct).toBe(2);
	});

	it('shows a filesystem as full and free', () => {
		const [fs] = assessResources(buildSample({metrics: {
			'fs.used_pct@fs:/': 97,
			'fs.inodes_used_pct@fs:/': 12,
			'fs.available_bytes@fs:/': 1.2 * 1024 ** 3,
		}}));
		expect(fs?.evidence).toEqual([`/ ${pct(97)} full, ${formatValue(1.2 * 1024 ** 3, 'bytes')} free`]);
	});

	it('shows TCP retransmits and listen drops', () => {
		const [tcp] = assessResources(buildSample({metrics: {
			'tcp.retrans_pct@tcp': 6,
			'tcp.listen_drops_per_s@tcp': 12,
			'tcp.udp_errors_per_s@tcp': 0,
		}}));
		expect(tcp?.evidence).toEqual([`listen drops ${formatValue(12, 'per_second')}`, `retransmits ${pct(6)}`]);
		expect(tcp?.saturation).toBe(12);
		expect(tcp?.bottleneck).toBe(true);
	});
});
