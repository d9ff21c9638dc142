import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {analyzeTick} from '../../source/analyze/analyze.js';
import {cgroupsToName, withCgroupMembers} from '../../source/analyze/bottlenecks.js';
import {defaultThresholds} from '../../source/analyze/severity.js';
import {type AnalysisMemory, emptyMemory} from '../../source/analyze/sustain.js';
import type {Analysis} from '../../source/analyze/types.js';
import {deriveCgroups, emitCgroupMetrics} from '../../source/metrics/cgroups.js';
import type {MetricValue, Sample} from '../../source/metrics/types.js';
import {createPerftopRegistry} from '../../source/export/prometheus-registry.js';
import {bottleneckLines} from '../../source/ui/sections.js';
import {containerId, dockerId, dockerThrottled, kubernetesNodeRoot, kubernetesOom, podUid, readTwoTicks, systemdHost, type TwoTicks} from '../helpers/cgroup-scenarios.js';
import {buildProcess, buildSample} from '../helpers/sample-builder.js';
import {buildSnapshot} from '../helpers/snapshot-builder.js';
import {idleMetrics} from './scenarios.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'perftop-cgroup-judge-'));
afterAll(() => {
	rmSync(scratch, {recursive: true, force: true});
});

type Metrics = Readonly<Record<string, number | undefined>>;

/** The host's idle figures plus the scenario's groups, derived from their two ticks and judged. */
function judgeScenario(scenario: TwoTicks): Analysis {
	const [before, after] = readTwoTicks(scratch, scenario);
	const {top} = deriveCgroups(before, after, {elapsedMs: 1000, cores: 2, memoryTotalBytes: 24 * 1024 ** 3, limit: 10});
	const metrics: MetricValue[] = [];
	emitCgroupMetrics(top, (id, resource, value) => metrics.push({id, resource, value}));
	const idle = buildSample({metrics: idleMetrics});
	return judgeTicks([{...idle, metrics: [...idle.metrics, ...metrics]}]);
}

function judgeTicks(samples: readonly Sample[]): Analysis {
	let memory: AnalysisMemory = emptyMemory;
	let analysis: Analysis | undefined;
	for (const sample of samples) {
		const judged = analyzeTick(sample, defaultThresholds, memory);
		memory = judged.memory;
		analysis = judged.analysis;
	}

	return analysis!;
}

describe('cgroups judged by the USE method', () => {
	it('makes a service at 95 % of its memory limit with OOM kills a bottleneck with the issue\'s evidence', () => {
		const analysis = judgeScenario(systemdHost);
		const postgres = analysis.bottlenecks.find(bottleneck => bottleneck.resource === 'cgroup:/system.slice/postgres.service');
		expect(postgres?.evidence.slice(0, 2)).toEqual(['memory 243 MiB of 256 MiB limit (95%)', '12 OOM kills in the last interval']);
		expect(postgres?.recommendation).toBe('cgroup /system.slice/postgres.service: memory 243 MiB of 256 MiB limit (95%), 12 OOM kills in the last interval — raise memory.max (v1: memory.limit_in_bytes) or find the leak');
		// U 3 + S 3 (2,000 limit hits/s) + E 3 (kills) points.
		expect(postgres?.severity).toBe('CRITICAL');
		expect(analysis.assessments.find(assessment => assessment.resource === 'cgroup:/system.slice/postgres.service')?.bottleneck).toBe(true);
	});

	it('leaves quiet groups out of the bottleneck list', () => {
		const analysis = judgeScenario(systemdHost);
		expect(analysis.bottlenecks.map(bottleneck => bottleneck.resource)).not.toContain('cgroup:/user.slice/user-1000.slice/session-3.scope');
		expect(analysis.bottlenecks.map(bottleneck => bottleneck.resource)).not.toContain('cgroup:/system.slice/nginx.service');
	});

	it('makes a container throttled in 60 % of its periods a bottleneck even on an idle machine', () => {
		const analysis = judgeScenario(dockerThrottled);
		const container = analysis.bottlenecks.find(bottleneck => bottleneck.resource === `cgroup:/system.slice/docker-${dockerId}.scope`);
		expect(container?.evidence.slice(0, 2)).toEqual(['CPU 0.49 of 0.5 cores quota (98%)', 'throttled in 60% of periods']);
		expect(container?.recommendation).toMatch(/^cgroup \/system\.slice\/docker-3f8a.*: CPU 0\.49 of 0\.5 cores quota \(98%\), throttled in 60% of periods — raise cpu\.max \(v1: cpu\.cfs_quota_us\) or make its work cheaper$/);
		expect(analysis.bottlenecks.map(bottleneck => bottleneck.resource)).not.toContain('cpu');
	});

	it('calls a Kubernetes container by its pod and name in the bottleneck, its advice and the list, where the runtime\'s records are readable', async () => {
		const [before, after] = readTwoTicks(scratch, kubernetesOom, kubernetesNodeRoot);
		const {all, top} = deriveCgroups(before, after, {elapsedMs: 1000, cores: 2, memoryTotalBytes: 24 * 1024 ** 3, limit: 10, names: after.names});
		const metrics: MetricValue[] = [];
		emitCgroupMetrics(top, (id, resource, value) => metrics.push({id, resource, value}));
		const idle = buildSample({metrics: idleMetrics});
		const sample: Sample = {...idle, metrics: [...idle.metrics, ...metrics], cgroups: all};
		const analysis = judgeTicks([sample]);
		const container = analysis.bottlenecks.find(bottleneck => bottleneck.resource.endsWith(`cri-containerd-${containerId}.scope`));
		expect(container?.name).toBe('pod default/nginx-7c5ddbdf54-x2x8k · nginx');
		expect(container?.recommendation).toMatch(/^cgroup pod default\/nginx-7c5ddbdf54-x2x8k · nginx: /);
		const line = bottleneckLines(buildSnapshot({bottlenecks: analysis.bottlenecks})).find(entry => entry.resource === container?.resource);
		expect(line?.text).toMatch(/^cgroup pod default\/nginx-7c5ddbdf54-x2x8k · nginx {2}/);
		// The pod's own slice says its name too; a systemd unit keeps its path, which says where it sits.
		expect(analysis.assessments.find(assessment => assessment.resource.endsWith(`pod${podUid.replaceAll('-', '_')}.slice`))?.name).toBe('pod default/nginx-7c5ddbdf54-x2x8k');
		expect(analysis.assessments.find(assessment => assessment.resource === 'cgroup:/kubepods.slice')?.name).toBeUndefined();
		const registry = createPerftopRegistry({hostname: 'node-1'});
		registry.update(sample, analysis);
		expect(await registry.render()).toContain(`perftop_cgroup_memory_bytes{cgroup="${container?.resource.slice('cgroup:'.length)}",name="pod default/nginx-7c5ddbdf54-x2x8k · nginx"}`);
	});

	it('makes an OOM-killed container HIGH with its kill as evidence, at 44 % of its limit', () => {
		const analysis = judgeScenario(kubernetesOom);
		const container = analysis.bottlenecks.find(bottleneck => bottleneck.resource.endsWith('.scope'));
		expect(container?.severity).toBe('HIGH');
		expect(container?.evidence).toContain('1 OOM kill in the last interval');
	});
});

describe('a v1 memory cgroup at its limit while the machine swaps for it', () => {
	// Issue 14's recipe: 256 MiB limit, stress-ng --vm-bytes 400M inside, zram swap: the host's memory is 3 %
	// used, its PSI full ~40 %, swap ~190,000 pages/s; the group is at its limit with ~96,000 major faults/s.
	const host: Metrics = {...idleMetrics, 'memory.used_pct@memory': 3, 'memory.swap_pages_per_s@memory': 191_000, 'memory.major_faults_per_s@memory': 96_000, 'memory.psi_some_pct@memory': 45, 'memory.psi_full_pct@memory': 40};
	const group: Metrics = {
		'cgroup.memory_pct@cgroup:/test': 99.6, 'cgroup.memory_bytes@cgroup:/test': 267_300_000, 'cgroup.memory_limit_bytes@cgroup:/test': 268_435_456,
		'cgroup.major_faults_per_s@cgroup:/test': 96_000, 'cgroup.memory_limit_hits_per_s@cgroup:/test': 40_000, 'cgroup.oom_kills_per_s@cgroup:/test': 0,
	};
	const ticks = (count: number) => Array.from({length: count}, (_, index) => buildSample({timestamp: Date.UTC(2025, 0, 1) + index * 1000, metrics: {...host, ...group}}));

	it('ranks the group first, above the host memory it spills onto, once it has held for 3 ticks', () => {
		const analysis = judgeTicks(ticks(3));
		expect(analysis.bottlenecks.map(bottleneck => bottleneck.resource).slice(0, 2)).toEqual(['cgroup:/test', 'memory']);
		expect(analysis.bottlenecks[0]?.severity).toBe('CRITICAL');
		expect(analysis.bottlenecks[0]?.floor?.reason).toBe('at 100% of its memory limit and reclaiming (saturation above 10) for 3 ticks');
		expect(analysis.bottlenecks[0]?.evidence[0]).toBe('memory 255 MiB of 256 MiB limit (100%)');
	});

	it('does not lift a group on one tick', () => {
		const analysis = judgeTicks(ticks(1));
		expect(analysis.bottlenecks.find(bottleneck => bottleneck.resource === 'cgroup:/test')?.floor).toBeUndefined();
	});
});

describe('a cgroup bottleneck\'s processes', () => {
	it('names the heaviest process in the group or below it, by the resource in trouble', () => {
		const sample = buildSample({
			metrics: {...idleMetrics, 'cgroup.cpu_pct@cgroup:/web.slice': 98, 'cgroup.throttled_pct@cgroup:/web.slice': 60, 'cgroup.cpu_quota_cores@cgroup:/web.slice': 0.5},
			processes: [
				buildProcess({pid: 10, name: 'outside', cpuPct: 90, cgroups: ['/other.slice']}),
				buildProcess({pid: 11, name: 'worker', cpuPct: 30, cgroups: ['/other.slice/x', '/web.slice/app.service']}),
				buildProcess({pid: 12, name: 'nginx', cpuPct: 20, cgroups: ['/web.slice']}),
				buildProcess({pid: 13, name: 'unknown', cpuPct: 99}),
			],
		});
		const bottleneck = judgeTicks([sample]).bottlenecks.find(entry => entry.resource === 'cgroup:/web.slice');
		expect(bottleneck?.topProcesses.map(process => process.name)).toEqual(['worker', 'nginx']);
	});

	it('names the members read for it by the resource in trouble: resident memory for a group at its memory limit, in its line and advice', () => {
		const analysis = judgeTicks([buildSample({metrics: {
			...idleMetrics,
			'cgroup.memory_pct@cgroup:/db.slice': 99, 'cgroup.memory_bytes@cgroup:/db.slice': 254 * 1024 ** 2, 'cgroup.memory_limit_bytes@cgroup:/db.slice': 256 * 1024 ** 2,
			'cgroup.cpu_pct@cgroup:/db.slice': 40,
		}})]);
		expect(cgroupsToName(analysis)).toEqual(['/db.slice']);
		const members = [
			buildProcess({pid: 21, name: 'postgres', cpuPct: 1, rssBytes: 200 * 1024 ** 2}),
			buildProcess({pid: 22, name: 'pgbench', cpuPct: 39, rssBytes: 10 * 1024 ** 2}),
		];
		const [group] = withCgroupMembers(analysis, new Map([['/db.slice', members]])).bottlenecks;
		expect(group?.topProcesses.map(process => process.name)).toEqual(['postgres', 'pgbench']);
		expect(group?.recommendation).toMatch(/ — raise memory\.max \(v1: memory\.limit_in_bytes\) or find the leak; largest postgres \(pid 21, 200 MiB\)$/);
		expect(bottleneckLines(buildSnapshot({bottlenecks: [group!]}))[0]?.text).toMatch(/ — top: postgres \(21\)$/);
	});

	it('reads the members of the three highest ranked groups only', () => {
		const metrics: Record<string, number | undefined> = {...idleMetrics};
		for (const name of ['a', 'b', 'c', 'd']) {
			metrics[`cgroup.memory_pct@cgroup:/${name}`] = 95;
		}

		expect(cgroupsToName(judgeTicks([buildSample({metrics})]))).toHaveLength(3);
	});
});
