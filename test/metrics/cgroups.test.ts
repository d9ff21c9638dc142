import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {cgroupName} from '../../source/metrics/cgroup-names.js';
import {deriveCgroups, emitCgroupMetrics, recordedCgroups} from '../../source/metrics/cgroups.js';
import type {MetricValue} from '../../source/metrics/types.js';
import {brokenPod, containerId, dockerId, dockerThrottled, kubernetesNodePaths, kubernetesNodeRoot, nodeIds, podUid, readCgroups, readTwoTicks, redisPod} from '../helpers/cgroup-scenarios.js';
import {writeCgroupV2Tree, writeMountinfo} from '../helpers/cgroup-v2-tree.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'perftop-cgroup-derive-'));
afterAll(() => {
	rmSync(scratch, {recursive: true, force: true});
});

const read = (procfs: string, sysfs: string) => readCgroups(procfs, sysfs, scratch);

const options = {elapsedMs: 1000, cores: 2, memoryTotalBytes: 24 * 1024 ** 3, limit: 10};

describe('deriveCgroups on this machine\'s v1 tree, two captures one second apart', () => {
	const before = read('test/fixtures/proc/vm-2cpu', 'test/fixtures/sys/vm-2cpu');
	const after = read('test/fixtures/proc/vm-2cpu', 'test/fixtures/sys/vm-2cpu-t1');
	// 16 CFS periods of 100 ms passed between the two captures (nr_periods 215 → 231 in a group busy throughout).
	const {all} = deriveCgroups(before, after, {...options, elapsedMs: 1600});
	const byPath = new Map(all.map(sample => [sample.path, sample]));

	it('judges the quota-bound group against its 20 % quota and counts its throttled periods', () => {
		const web = byPath.get('/perftop-capture/web.service')!;
		expect(web.cpuQuotaCores).toBe(0.2);
		// cpuacct.usage 4297188674 → 4623993774 ns: 0.204 cores of 0.2 (the quota is enforced per period, which
		// the interval's edges cut), shown as 100 % of the quota.
		expect(web.cpuCores).toBeCloseTo(0.204_253, 5);
		expect(web.cpuPct).toBe(100);
		// nr_periods 215 → 231, nr_throttled 208 → 221: 13 of 16.
		expect(web.throttledPct).toBeCloseTo(81.25, 2);
	});

	it('reads the OOM loop as kills and limit hits per second, against its 64 MiB limit', () => {
		const cache = byPath.get('/perftop-capture/cache.service')!;
		expect(cache.memoryLimitBytes).toBe(64 * 1024 * 1024);
		expect(cache.oomKillsPerSec).toBe(25);
		expect(cache.memoryLimitHitsPerSec).toBeGreaterThan(0);
		expect(cache.memoryPct).toBeGreaterThan(0);
	});

	it('gives an unlimited group its share of the machine and I/O per second', () => {
		const writer = byPath.get('/perftop-capture/writer.service')!;
		expect(writer.memoryLimitBytes).toBeUndefined();
		expect(writer.cpuQuotaCores).toBeUndefined();
		expect(writer.ioBytesPerSec).toBeGreaterThan(100 * 1024 * 1024);
	});
});

describe('deriveCgroups on a v2 Docker host', () => {
	const [before, after] = readTwoTicks(scratch, dockerThrottled);
	const {all, top} = deriveCgroups(before, after, options);

	it('derives quota share, throttling and PSI, and names the container', () => {
		const container = all.find(sample => sample.path.includes(dockerId))!;
		expect(container).toMatchObject({name: 'docker 3f8a1c2b9d7e', cpuQuotaCores: 0.5, throttledPct: 60});
		expect(container.cpuPct).toBeCloseTo(98, 5);
		expect(container.cpuPsiSomePct).toBeCloseTo(40, 5);
		expect(top).toContain(container);
	});

	it('has no rates on the first reading', () => {
		const first = deriveCgroups(undefined, before, options).all.find(sample => sample.path.includes(dockerId))!;
		expect(first.cpuPct).toBeUndefined();
		expect(first.throttledPct).toBeUndefined();
		expect(first.memoryBytes).toBe(60 * 1024 * 1024);
	});

	it('keeps only the top groups of each ranking', () => {
		expect(deriveCgroups(before, after, {...options, limit: 1}).top.map(sample => sample.path)).toEqual(['/system.slice', `/system.slice/docker-${dockerId}.scope`]);
	});
});

describe('cgroupName', () => {
	it.each([
		['/system.slice/nginx.service', 'nginx.service'],
		['/system.slice/system-getty.slice/getty@tty1.service', 'getty@tty1.service'],
		['/system.slice/sys-devices-virtual-misc-rfkill.device', 'sys-devices-virtual-misc-rfkill.device'],
		['/user.slice/user-1000.slice/session-3.scope', 'session-3.scope'],
		['/system.slice/run-r1a2\\x2db3.scope', 'run-r1a2-b3.scope'],
		[`/system.slice/docker-${dockerId}.scope`, 'docker 3f8a1c2b9d7e'],
		[`/docker/${dockerId}`, 'docker 3f8a1c2b9d7e'],
		[`/machine.slice/libpod-${dockerId}.scope`, 'podman 3f8a1c2b9d7e'],
		[`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${podUid.replaceAll('-', '_')}.slice`, `pod ${podUid}`],
		[`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${podUid.replaceAll('-', '_')}.slice/cri-containerd-${containerId}.scope`, `pod ${podUid} · containerd c1d2e3f4a5b6`],
		[`/kubepods/besteffort/pod${podUid}/${containerId}`, `pod ${podUid} · container c1d2e3f4a5b6`],
		['/', '/'],
	])('%s → %s', (cgroupPath, name) => {
		expect(cgroupName(cgroupPath)).toBe(name);
	});

	it('adds the runtime\'s own name for a container when it is known', () => {
		expect(cgroupName(`/system.slice/docker-${dockerId}.scope`, {containers: new Map([[dockerId, {name: 'web'}]]), pods: new Map()})).toBe('docker 3f8a1c2b9d7e (web)');
	});
});

describe('deriveCgroups names the pods and containers of a Kubernetes node from their records', () => {
	const reading = readCgroups(writeMountinfo(path.join(scratch, 'node-proc')), writeCgroupV2Tree(path.join(scratch, 'node-sys'), kubernetesNodePaths.map(groupPath => ({path: groupPath, usageUsec: 1}))), kubernetesNodeRoot);
	const names = new Map(deriveCgroups(undefined, reading, {...options, names: reading.names}).all.map(sample => [sample.path.split('/').at(-1), sample.name]));
	const podSlice = (qos: string, uid: string) => `kubepods-${qos}-pod${uid.replaceAll('-', '_')}.slice`;

	it.each([
		[podSlice('burstable', podUid), 'pod default/nginx-7c5ddbdf54-x2x8k'],
		[`cri-containerd-${nodeIds.nginx}.scope`, 'pod default/nginx-7c5ddbdf54-x2x8k · nginx'],
		[`cri-containerd-${nodeIds.sandbox}.scope`, 'pod default/nginx-7c5ddbdf54-x2x8k · sandbox'],
		[podSlice('besteffort', redisPod), 'pod cache/redis-0'],
		[`crio-${nodeIds.redis}.scope`, 'pod cache/redis-0 · redis'],
		[`cri-containerd-${nodeIds.coredns}.scope`, 'pod kube-system/coredns-5d78c9869d-q7w2x · coredns'],
		// A corrupt config.json: the uid and the short id, as without any record.
		[`cri-containerd-${nodeIds.broken}.scope`, `pod ${brokenPod} · containerd f526795c9539`],
	])('%s → %s', (component, name) => {
		expect(names.get(component)).toBe(name);
	});

	it('names nerdctl\'s containers, bare (cgroupfs, under their namespace) or in their scope', () => {
		const nerdctl = {containers: new Map([[nodeIds.web, {name: 'web'}]]), pods: new Map()};
		expect(cgroupName(`/system.slice/nerdctl-${nodeIds.web}.scope`, nerdctl)).toBe('nerdctl cd07f357feb0 (web)');
		expect(cgroupName(`/default/${nodeIds.web}`, nerdctl)).toBe('container cd07f357feb0 (web)');
	});
});

describe('recordedCgroups', () => {
	it('rebuilds the groups of a tick from their recorded metrics: every figure but pids.max, named from the path', () => {
		const [before, after] = readTwoTicks(scratch, dockerThrottled);
		const {top} = deriveCgroups(before, after, options);
		const metrics: MetricValue[] = [{id: 'cpu.busy_pct', resource: 'cpu', value: 12}];
		emitCgroupMetrics(top, (id, resource, value) => metrics.push({id, resource, value}));
		expect(recordedCgroups(metrics)).toEqual(top.map(sample => ({...sample, pidsMax: undefined})));
	});
});
