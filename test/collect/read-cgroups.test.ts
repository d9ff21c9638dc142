import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {createHeldFiles} from '../../source/collect/held-files.js';
import {createCgroupReader} from '../../source/collect/read-cgroups.js';
import {containerId, dockerId, dockerThrottled, kubernetesNodePaths, kubernetesNodeRoot, podUid, systemdHost} from '../helpers/cgroup-scenarios.js';
import {writeCgroupV2Tree, writeMountinfo} from '../helpers/cgroup-v2-tree.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'perftop-cgroups-'));
afterAll(() => {
	rmSync(scratch, {recursive: true, force: true});
});

function reader(procfs: string, sysfs: string) {
	return createCgroupReader({procfs, sysfs, rootfs: scratch, files: createHeldFiles(false)});
}

describe('createCgroupReader on this machine\'s v1 hierarchies (captured under load)', () => {
	const outcome = reader('test/fixtures/proc/vm-2cpu', 'test/fixtures/sys/vm-2cpu').read();

	it('joins each group across cpu, cpuacct, memory, blkio and pids by its path', () => {
		expect(outcome.failures).toEqual([]);
		expect(outcome.reading?.mode).toBe('hybrid');
		expect(outcome.reading?.groups.map(group => group.path)).toEqual(['/perftop-capture', '/perftop-capture/cache.service', '/perftop-capture/web.service', '/perftop-capture/writer.service']);
	});

	it('normalises v1 units: ns to µs, unlimited memory to none', () => {
		const web = outcome.reading?.groups.find(group => group.path === '/perftop-capture/web.service');
		expect(web).toMatchObject({cpuQuotaUs: 20_000, cpuPeriodUs: 100_000, cpuPeriods: 215, cpuThrottledPeriods: 208, cpuThrottledUs: 8_778_743.653, cpuUsageUs: 4_297_188.674, pids: 2, pidsMax: 512});
		expect(web?.memoryLimitBytes).toBeUndefined();
		// memory.stat is read only for a limited group.
		expect(web?.memoryMajorFaults).toBeUndefined();
	});

	it('reads the OOM-killed group\'s limit, failcnt, OOM kills and memory.stat', () => {
		const cache = outcome.reading?.groups.find(group => group.path === '/perftop-capture/cache.service');
		expect(cache).toMatchObject({memoryBytes: 67_108_864, memoryLimitBytes: 67_108_864, memoryLimitHits: 56_271, memoryOomKills: 670, memoryInactiveFileBytes: 684_032, memoryMajorFaults: 682});
		const writer = outcome.reading?.groups.find(group => group.path === '/perftop-capture/writer.service');
		expect(writer).toMatchObject({ioReadBytes: 36_864, ioWriteBytes: 1_408_237_568});
	});
});

describe('createCgroupReader on a v2 systemd host', () => {
	const procfs = writeMountinfo(path.join(scratch, 'v2-proc'));
	const sysfs = writeCgroupV2Tree(path.join(scratch, 'v2-sys'), systemdHost[0]);
	const outcome = reader(procfs, sysfs).read();

	it('reads every group below the root with v2 figures', () => {
		expect(outcome.failures).toEqual([]);
		expect(outcome.reading?.mode).toBe('v2');
		expect(outcome.reading?.groups.map(group => group.path)).toEqual(['/system.slice', '/system.slice/nginx.service', '/system.slice/postgres.service', '/user.slice/user-1000.slice/session-3.scope']);
		const postgres = outcome.reading?.groups.find(group => group.path === '/system.slice/postgres.service');
		expect(postgres).toMatchObject({
			cpuUsageUs: 30_000_000, memoryBytes: 251_658_240, memoryLimitBytes: 268_435_456, memoryLimitHits: 500, memoryOomKills: 3,
			memoryInactiveFileBytes: 0, memoryMajorFaults: 1000, pids: 1,
		});
		expect(postgres?.cpuQuotaUs).toBeUndefined();
		expect(postgres?.pressure?.memory?.full?.totalUs).toBe(400_000);
		const nginx = outcome.reading?.groups.find(group => group.path === '/system.slice/nginx.service');
		expect(nginx).toMatchObject({ioReadBytes: 1_000_000, ioWriteBytes: 2_000_000, pids: 5});
	});
});

describe('createCgroupReader on a limited group far from its limits', () => {
	it('keeps reading its limit counters every tick, and its PSI and memory.stat only while it nears a limit', () => {
		const procfs = writeMountinfo(path.join(scratch, 'far-proc'));
		const sysfs = path.join(scratch, 'far-sys');
		const mebibytes = 1024 ** 2;
		const far = {path: '/far.service', cpuMax: '50000 100000', memoryMax: 256 * mebibytes, memoryCurrent: 10 * mebibytes, inactiveFile: 1000, psi: {memory: {some: 1000, full: 0}}};
		writeCgroupV2Tree(sysfs, [far]);
		// No top groups, so what is read in depth is read for the limits alone.
		const cgroups = createCgroupReader({procfs, sysfs, rootfs: scratch, files: createHeldFiles(false), focusGroups: 0});
		const group = () => cgroups.read().reading?.groups.find(entry => entry.path === far.path);
		// Its first two ticks are read whole: a quota's use needs two readings.
		expect(group()?.pressure?.memory?.some?.totalUs).toBe(1000);
		expect(group()?.memoryInactiveFileBytes).toBe(1000);
		// Idle and at 4 % of its memory limit: PSI and memory.stat wait, the limit counters do not.
		writeCgroupV2Tree(sysfs, [{...far, memoryCurrent: 200 * mebibytes, events: {max: 40, oomKill: 2}, psi: {memory: {some: 5000, full: 100}}}]);
		const nearing = group();
		expect(nearing?.pressure).toBeUndefined();
		expect(nearing?.memoryInactiveFileBytes).toBeUndefined();
		expect(nearing).toMatchObject({memoryBytes: 200 * mebibytes, memoryOomKills: 2, memoryLimitHits: 40});
		// At 78 % of the limit: read in full from the next tick.
		expect(group()?.pressure?.memory?.some?.totalUs).toBe(5000);
	});

	it('counts a group throttled or using half its quota as near its limit', () => {
		const procfs = writeMountinfo(path.join(scratch, 'quota-proc'));
		const sysfs = path.join(scratch, 'quota-sys');
		const busy = {path: '/busy.service', cpuMax: '50000 100000', usageUsec: 1_000_000, periods: 100, throttled: 0, psi: {cpu: {some: 700, full: 0}}};
		writeCgroupV2Tree(sysfs, [busy]);
		const cgroups = createCgroupReader({procfs, sysfs, rootfs: scratch, files: createHeldFiles(false), focusGroups: 0});
		cgroups.read();
		// 10 periods, 300 ms used of 500 ms allowed: over half its quota, so its CPU PSI is read on.
		writeCgroupV2Tree(sysfs, [{...busy, usageUsec: 1_300_000, periods: 110}]);
		cgroups.read();
		expect(cgroups.read().reading?.groups[0]?.pressure?.cpu?.some?.totalUs).toBe(700);
	});
});

describe('createCgroupReader when things go wrong', () => {
	it('says why when no hierarchy is mounted', () => {
		const procfs = writeMountinfo(path.join(scratch, 'none-proc'), '27 1 254:1 / / rw,relatime - ext4 /dev/vda1 rw\n');
		expect(reader(procfs, path.join(scratch, 'none-sys')).read()).toEqual({failures: ['no cgroup hierarchy is mounted']});
	});

	it('marks an unreadable hierarchy with its reason', () => {
		const procfs = writeMountinfo(path.join(scratch, 'gone-proc'));
		const outcome = reader(procfs, path.join(scratch, 'gone-sys')).read();
		expect(outcome.reading).toBeUndefined();
		expect(outcome.failures).toEqual([`cannot read ${path.join(scratch, 'gone-sys', 'fs', 'cgroup')}: ENOENT`]);
	});

	it('reports one parse failure a hierarchy and keeps the other groups', () => {
		const procfs = writeMountinfo(path.join(scratch, 'bad-proc'));
		const sysfs = writeCgroupV2Tree(path.join(scratch, 'bad-sys'), [{path: '/a.service', usageUsec: 5}, {path: '/b.service', usageUsec: 7}]);
		writeFileSync(path.join(sysfs, 'fs', 'cgroup', 'a.service', 'memory.current'), 'lots\n');
		const outcome = reader(procfs, sysfs).read();
		expect(outcome.failures).toEqual([`cannot parse ${path.join(sysfs, 'fs', 'cgroup', 'a.service', 'memory.current')}: expected a number, got 'lots'`]);
		expect(outcome.reading?.groups.map(group => [group.path, group.cpuUsageUs])).toEqual([['/a.service', 5], ['/b.service', 7]]);
	});

	it('leaves out a group removed since the walk, and finds it gone at the next walk', () => {
		const procfs = writeMountinfo(path.join(scratch, 'rm-proc'));
		const sysfs = writeCgroupV2Tree(path.join(scratch, 'rm-sys'), [{path: '/a.service', usageUsec: 5}, {path: '/b.service', usageUsec: 7}]);
		const cgroups = reader(procfs, sysfs);
		expect(cgroups.read().reading?.groups).toHaveLength(2);
		rmSync(path.join(sysfs, 'fs', 'cgroup', 'a.service'), {recursive: true});
		expect(cgroups.read()).toEqual({reading: {mode: 'v2', groups: [expect.objectContaining({path: '/b.service'})]}, failures: []});
		expect(cgroups.read().reading?.groups.map(group => group.path)).toEqual(['/b.service']);
	});
});

describe('container names from the runtime\'s own records', () => {
	it('reads Docker\'s name for a container once its record is readable, and nothing without one', () => {
		const procfs = writeMountinfo(path.join(scratch, 'names-proc'));
		const sysfs = writeCgroupV2Tree(path.join(scratch, 'names-sys'), dockerThrottled[0]);
		const rootfs = path.join(scratch, 'names-root');
		expect(createCgroupReader({procfs, sysfs, rootfs, files: createHeldFiles(false)}).read().reading?.names).toBeUndefined();
		const record = path.join(rootfs, 'var', 'lib', 'docker', 'containers', dockerId);
		mkdirSync(record, {recursive: true});
		writeFileSync(path.join(record, 'config.v2.json'), `{"ID":"${dockerId}","Created":"2026-12-01T10:00:00Z","Name":"/web","Driver":"overlay2"}`);
		expect(createCgroupReader({procfs, sysfs, rootfs, files: createHeldFiles(false)}).read().reading?.names?.containers).toEqual(new Map([[dockerId, {name: 'web'}]]));
	});

	it('names the pods and containers of a Kubernetes node at the walk that finds them', () => {
		const procfs = writeMountinfo(path.join(scratch, 'node-proc'));
		const sysfs = writeCgroupV2Tree(path.join(scratch, 'node-sys'), kubernetesNodePaths.map(groupPath => ({path: groupPath, usageUsec: 1})));
		const names = createCgroupReader({procfs, sysfs, rootfs: kubernetesNodeRoot, files: createHeldFiles(false)}).read().reading?.names;
		expect(names?.pods.get(podUid)).toEqual({namespace: 'default', name: 'nginx-7c5ddbdf54-x2x8k'});
		expect(names?.containers.get(containerId)?.name).toBe('nginx');
	});
});
