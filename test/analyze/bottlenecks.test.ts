import {describe, expect, it} from 'vitest';
import {rankBottlenecks, topProcessesFor} from '../../source/analyze/bottlenecks.js';
import {assessResources} from '../../source/analyze/use.js';
import {buildProcess, buildSample, type SampleSpec} from '../helpers/sample-builder.js';
import {
	cpuBoundMetrics,
	cpuSaturatedMetrics,
	diskSaturatedMetrics,
	idleMetrics,
	java,
	loopbackMetrics,
	postgres,
	sshd,
	stress,
	swappingMetrics,
} from './scenarios.js';

const processes = [sshd, java, postgres, stress];

function rank(metrics: SampleSpec['metrics']) {
	const sample = buildSample({metrics, processes});
	return rankBottlenecks(assessResources(sample), sample.processes);
}

describe('rankBottlenecks', () => {
	it('finds nothing above LOW on an idle machine', () => {
		expect(rank(idleMetrics)).toEqual([]);
	});

	it('ranks a CPU-saturated machine above a merely CPU-bound one', () => {
		const [bound] = rank(cpuBoundMetrics);
		const [saturated] = rank(cpuSaturatedMetrics);
		expect(bound?.resource).toBe('cpu');
		expect(saturated?.resource).toBe('cpu');
		expect(bound?.severity).toBe('MEDIUM');
		expect(saturated?.severity).toBe('HIGH');
		expect(saturated!.score).toBeGreaterThan(bound!.score);
		expect(bound?.topProcesses.map(process => process.name)).toEqual(['stress-ng', 'java', 'postgres']);
	});

	it('puts the saturated disk first and names its top writer', () => {
		const bottlenecks = rank(diskSaturatedMetrics);
		expect(bottlenecks.map(bottleneck => [bottleneck.resource, bottleneck.severity])).toEqual([['disk:vda', 'HIGH'], ['io', 'MEDIUM']]);
		expect(bottlenecks[0]?.topProcesses[0]?.name).toBe('postgres');
		expect(bottlenecks[0]?.recommendation).toMatch(/^vda: .*top writer postgres \(pid 812, /);
	});

	it('puts memory first when the machine swaps, with the largest process', () => {
		const [memory] = rank(swappingMetrics);
		expect(memory?.resource).toBe('memory');
		expect(memory?.severity).toBe('HIGH');
		expect(memory?.topProcesses.map(process => process.name)).toEqual(['java', 'postgres', 'sshd']);
		expect(memory?.recommendation).toContain('the working set exceeds RAM');
	});

	it('does not make loopback traffic a bottleneck: lo has no capacity to measure against', () => {
		const bottlenecks = rank(loopbackMetrics);
		expect(bottlenecks.some(bottleneck => bottleneck.resource === 'net:lo')).toBe(false);
	});

	it('breaks score ties by the bottleneck flag, then by utilization, unknown lowest', () => {
		const bottlenecks = rank({
			// 2 + 1 = 3 points, not a bottleneck (S 2 ≤ 5).
			'cpu.busy_pct@cpu': 70,
			'cpu.psi_some_pct@cpu': 20,
			// 3 points each, all bottlenecks; disk:c's saturation 12 is above the HIGH floor's 10 (a sample
			// judged alone takes each value as held), so it ranks above the other 3-point ones.
			'disk.queue_size@disk:c': 12,
			'disk.util_pct@disk:a': 85,
			'disk.util_pct@disk:b': 90,
			// 3 points: utilization 91, a bottleneck (the filesystem alert threshold is 90 %).
			'fs.used_pct@fs:/': 91,
			// 3 + 3 = 6 points.
			'tcp.retrans_pct@tcp': 20,
			'tcp.udp_errors_per_s@tcp': 100,
			// 3 + 3 + 3 = 9 points.
			'memory.used_pct@memory': 95,
			'memory.swap_pages_per_s@memory': 30_000,
			'memory.oom_kills_per_s@memory': 0.1,
		});
		expect(bottlenecks.map(bottleneck => bottleneck.resource)).toEqual(['memory', 'tcp', 'disk:c', 'fs:/', 'disk:b', 'disk:a', 'cpu']);
		expect(bottlenecks.map(bottleneck => bottleneck.severity)).toEqual(['CRITICAL', 'HIGH', 'HIGH', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'MEDIUM']);
	});

	it('carries evidence and score from the assessment', () => {
		const sample = buildSample({metrics: diskSaturatedMetrics, processes});
		const assessments = assessResources(sample);
		const [disk] = rankBottlenecks(assessments, processes);
		const assessment = assessments.find(candidate => candidate.resource === 'disk:vda');
		expect(disk?.evidence).toEqual(assessment?.evidence);
		expect(disk?.score).toBe(assessment?.score);
	});
});

describe('topProcessesFor', () => {
	const quiet = buildProcess({pid: 1, name: 'init', cpuPct: undefined, readBytesPerSec: undefined, writeBytesPerSec: undefined, rssBytes: 4e6});
	const reader = buildProcess({pid: 2, name: 'backup', readBytesPerSec: 50e6, writeBytesPerSec: undefined, cpuPct: 5});
	const writer = buildProcess({pid: 3, name: 'postgres', readBytesPerSec: 1e6, writeBytesPerSec: 38e6, cpuPct: 40});
	const all = [quiet, reader, writer];

	it('ranks CPU by cpuPct and leaves out processes not yet measured', () => {
		expect(topProcessesFor('cpu', all).map(process => process.pid)).toEqual([3, 2]);
	});

	it('ranks disk and io by read plus write rate, an unreadable direction as none', () => {
		expect(topProcessesFor('disk', all).map(process => process.pid)).toEqual([2, 3]);
		expect(topProcessesFor('io', all).map(process => process.pid)).toEqual([2, 3]);
	});

	it('ranks memory by RSS', () => {
		expect(topProcessesFor('memory', [quiet, java, postgres]).map(process => process.pid)).toEqual([3301, 812, 1]);
	});

	it('names no process for network, TCP or filesystems', () => {
		for (const kind of ['net', 'tcp', 'fs'] as const) {
			expect(topProcessesFor(kind, processes)).toEqual([]);
		}
	});

	it('keeps at most the number asked for', () => {
		expect(topProcessesFor('memory', processes, 2)).toHaveLength(2);
	});
});
