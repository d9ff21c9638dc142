import {describe, expect, it} from 'vitest';
import {rankBottlenecks, topProcessesFor} from '../../source/analyze/bottlenecks.js';
import {groupWorkers} from '../../source/analyze/process-groups.js';
import {recommend, topRecommendations} from '../../source/analyze/recommend.js';
import type {Bottleneck, UseAssessment} from '../../source/analyze/types.js';
import {assessResources} from '../../source/analyze/use.js';
import {formatValue} from '../../source/metrics/format.js';
import type {ProcessSample} from '../../source/metrics/types.js';
import {buildProcess, buildSample, type SampleSpec} from '../helpers/sample-builder.js';
import {cpuBoundMetrics, cpuSaturatedMetrics, diskSaturatedMetrics, java, postgres, sshd, stress, swappingMetrics} from './scenarios.js';

const pct = (value: number): string => formatValue(value, 'percent');
const processes = [sshd, java, postgres, stress];

/** The recommendation for one resource of a hand-built sample, with its top processes by kind. */
function adviceFor(resource: string, metrics: SampleSpec['metrics'], candidates: readonly ProcessSample[] = processes): string {
	const assessment = assessResources(buildSample({metrics})).find(candidate => candidate.resource === resource);
	if (!assessment) {
		throw new Error(`no assessment for ${resource}`);
	}

	return recommend(assessment, topProcessesFor(assessment.kind, candidates));
}

describe('recommend', () => {
	it('tells a CPU-saturated machine it has more runnable threads than cores, naming the consumer', () => {
		expect(adviceFor('cpu', cpuSaturatedMetrics)).toBe(`cpu: run queue 4× cores, PSI some ${pct(90)} — more runnable threads than cores; top consumer stress-ng (pid 4411, ${pct(99)}) — reduce its parallelism or add cores`);
	});

	it('tells a CPU-bound machine that busy without queueing is fine for throughput', () => {
		expect(adviceFor('cpu', cpuBoundMetrics)).toBe(`cpu: busy ${pct(100)} but not queueing — fine for throughput work; top consumer stress-ng (pid 4411, ${pct(99)}) — profile it if latency matters`);
		expect(adviceFor('cpu', cpuBoundMetrics, [])).toBe(`cpu: busy ${pct(100)} but not queueing — fine for throughput work; profile the hot process if latency matters`);
	});

	it('points at a single pegged thread', () => {
		const advice = adviceFor('cpu', {'cpu.busy_pct@cpu': 55, 'cpu.psi_some_pct@cpu': 0, 'cpu.core_busy_pct@cpu:0': 100, 'cpu.core_busy_pct@cpu:1': 10});
		expect(advice).toContain(`one core at ${pct(100)} while the average is ${pct(55)} — a single thread is the limit`);
	});

	it('blames a contended hypervisor when steal is high', () => {
		expect(adviceFor('cpu', {'cpu.busy_pct@cpu': 85, 'cpu.steal_pct@cpu': 30})).toContain('the hypervisor gives these cores to other guests');
	});

	it('names the disk, its numbers and its top writer', () => {
		const rate = formatValue(38e6, 'bytes_per_second');
		expect(adviceFor('disk:vda', diskSaturatedMetrics)).toBe(`vda: ${pct(98)} busy, await ${formatValue(45, 'milliseconds')}, aqu-sz ${formatValue(12, 'ratio')}; top writer postgres (pid 812, ${rate}) — spread or reduce its writes, check for fsync storms`);
	});

	it('tells a reader from a writer, and says when per-process I/O is unreadable', () => {
		const backup = buildProcess({pid: 9, name: 'backup', readBytesPerSec: 90e6, writeBytesPerSec: 0});
		expect(adviceFor('disk:vda', diskSaturatedMetrics, [backup])).toContain('top reader backup (pid 9, ');
		expect(adviceFor('disk:vda', diskSaturatedMetrics, [])).toContain('find the writer (per-process I/O needs privilege');
	});

	it('does not call a busy disk without a queue saturated', () => {
		const advice = adviceFor('disk:nvme0n1', {'disk.util_pct@disk:nvme0n1': 99, 'disk.queue_size@disk:nvme0n1': 0.9});
		expect(advice).toContain('but not queueing');
		expect(advice.startsWith('nvme0n1: ')).toBe(true);
	});

	it('says the working set exceeds RAM when the machine swaps', () => {
		const swap = formatValue(30_000 * 4096, 'bytes_per_second');
		expect(adviceFor('memory', swappingMetrics)).toBe(`memory: swap ${swap}, major faults ${formatValue(900, 'per_second')} — the working set exceeds RAM; largest java (pid 3301, ${formatValue(3.5e9, 'bytes')}) — shrink or cap it (cgroup memory.max) or add RAM`);
	});

	it('tells major faults without swap from reclaim stalls and from plain high use', () => {
		expect(adviceFor('memory', {'memory.used_pct@memory': 50, 'memory.swap_pages_per_s@memory': 0, 'memory.major_faults_per_s@memory': 8000})).toContain('the page cache is too small');
		expect(adviceFor('memory', {'memory.used_pct@memory': 50, 'memory.psi_some_pct@memory': 60})).toContain('tasks stall on memory reclaim');
		expect(adviceFor('memory', {'memory.used_pct@memory': 93, 'memory.psi_some_pct@memory': 0})).toBe(`memory: used ${pct(93)} with no swapping or stalls — fine for now; watch the largest java (pid 3301, ${formatValue(3.5e9, 'bytes')}) for growth`);
		expect(adviceFor('memory', {'memory.used_pct@memory': 90, 'memory.oom_kills_per_s@memory': 1})).toContain('the OOM killer fired');
	});

	it('tells a filling filesystem to free space, and inode exhaustion apart', () => {
		expect(adviceFor('fs:/', {'fs.used_pct@fs:/': 97, 'fs.available_bytes@fs:/': 1.2 * 1024 ** 3})).toBe(`/: ${pct(97)} full, ${formatValue(1.2 * 1024 ** 3, 'bytes')} free — delete or move data, rotate and compress logs, or grow the filesystem`);
		expect(adviceFor('fs:/var', {'fs.used_pct@fs:/var': 40, 'fs.inodes_used_pct@fs:/var': 99})).toContain('/var: inodes');
	});

	it('tells NIC drops from NIC errors, and a full link from both', () => {
		const base = {'net.util_pct@net:eth0': 5, 'net.speed_mbps@net:eth0': 1000, 'net.error_pct@net:eth0': 3};
		expect(adviceFor('net:eth0', {...base, 'net.drops_per_s@net:eth0': 50, 'net.errors_per_s@net:eth0': 0})).toContain('enlarge the NIC ring buffers');
		expect(adviceFor('net:eth0', {...base, 'net.drops_per_s@net:eth0': 0, 'net.errors_per_s@net:eth0': 20})).toContain('check the cable, duplex and driver (ethtool -S eth0)');
		expect(adviceFor('net:eth0', {'net.util_pct@net:eth0': 94, 'net.speed_mbps@net:eth0': 1000, 'net.tx_bytes_per_s@net:eth0': 117.5e6, 'net.rx_bytes_per_s@net:eth0': 1e6}))
			.toBe('eth0: tx 940 Mbit/s of 1000 Mbit/s — the link is near capacity: find the heavy flows (ss, iftop), compress or batch, or move to a faster link');
	});

	it('tells listen drops from retransmits from UDP buffer overruns', () => {
		expect(adviceFor('tcp', {'tcp.retrans_pct@tcp': 1, 'tcp.listen_drops_per_s@tcp': 12})).toContain('raise the listen backlog / accept faster');
		expect(adviceFor('tcp', {'tcp.retrans_pct@tcp': 6, 'tcp.listen_drops_per_s@tcp': 0})).toBe(`tcp: retransmits ${pct(6)} — segments are lost or delayed on the path: check NIC errors and drops on both ends, and congestion`);
		expect(adviceFor('tcp', {'tcp.retrans_pct@tcp': 0, 'tcp.udp_errors_per_s@tcp': 40})).toContain('receive buffers overflow');
	});

	it('falls back to the methodology\'s generic advice when the values are not there', () => {
		const bare: UseAssessment = {
			resource: 'cpu',
			kind: 'cpu',
			utilizationPct: 95,
			saturation: undefined,
			errorPct: undefined,
			score: 3,
			severity: 'MEDIUM',
			bottleneck: true,
			evidence: ['busy 95 %'],
		};
		expect(recommend(bare, groupWorkers([stress]))).toBe('cpu: busy 95 % — profile the hot processes, scale out or pin them');
		expect(recommend({...bare, resource: 'service:api', kind: 'service', evidence: []}, [])).toBe('api: under load — check the service\'s slowest endpoints and the host that serves it');
	});
});

describe('topRecommendations', () => {
	function bottleneck(resource: string, recommendation: string): Bottleneck {
		return {resource, severity: 'HIGH', score: 5, evidence: [], topProcesses: [], recommendation};
	}

	it('keeps the first of each distinct recommendation, in rank order, at most max', () => {
		const list = [
			bottleneck('disk:a', 'one'),
			bottleneck('disk:b', 'two'),
			bottleneck('disk:c', 'one'),
			bottleneck('fs:/', 'three'),
			bottleneck('fs:/a', 'four'),
			bottleneck('fs:/b', 'five'),
			bottleneck('fs:/c', 'six'),
		];
		expect(topRecommendations(list)).toEqual(['one', 'two', 'three', 'four', 'five']);
		expect(topRecommendations(list, 2)).toEqual(['one', 'two']);
		expect(topRecommendations([])).toEqual([]);
	});

	it('ranks a real sample\'s advice most severe first', () => {
		const sample = buildSample({metrics: {...diskSaturatedMetrics, 'fs.used_pct@fs:/': 97}, processes});
		const advice = topRecommendations(rankBottlenecks(assessResources(sample), processes));
		expect(advice).toHaveLength(3);
		expect(advice[0]).toMatch(/^vda: /);
		// The full filesystem (3 points) outranks the I/O stall (2 points).
		expect(advice[1]).toMatch(/^\/: /);
		expect(advice[2]).toMatch(/^io: /);
	});
});
