import {mkdtempSync} from 'node:fs';
import path from 'node:path';
import {createHeldFiles} from '../../source/collect/held-files.js';
import {createCgroupReader} from '../../source/collect/read-cgroups.js';
import type {CgroupsReading} from '../../source/collect/types.js';
import {type CgroupV2Figures, writeCgroupV2Tree, writeMountinfo} from './cgroup-v2-tree.js';

// Two ticks, one second apart, of the v2 hosts the cgroup tests judge. Figures are what such hosts show
// under the named trouble; formats come from cgroup-v2-tree.ts.

const mib = 1024 * 1024;
export const dockerId = '3f8a1c2b9d7e4f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718';
export const podUid = '6f0b8a2e-9c1d-4e3f-8a7b-1c2d3e4f5a6b';
export const containerId = 'c1d2e3f4a5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

/**
 * The records of test/fixtures/container-names/kubernetes-node: `kubernetesOom`'s pod (`podUid`) is
 * default/nginx-7c5ddbdf54-x2x8k there and its container (`containerId`) `nginx`; the pods and
 * containers below are the fixture's others.
 */
export const kubernetesNodeRoot = 'test/fixtures/container-names/kubernetes-node';

export const redisPod = '2b7c4d9e-1f3a-4b5c-9d6e-7f8a9b0c1d2e';
export const corednsPod = '8d9e0f1a-2b3c-4d5e-8f9a-0b1c2d3e4f5a';
export const brokenPod = '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f';
export const nodeIds = {
	sandbox: '6b86927d2eb7aca342f9ae2a5e192df1c0a3296f958ca8d00e27d1e9d0b7cdd3',
	nginx: containerId,
	redis: '34fb46c847bb9df96e5205a39d382f648a6e8dce1e014cd85b4ca6a88d88ed03',
	coredns: '8a32e516d7415be524a7fcec482ad2918f2b6ef2a7f4cb8e2e232b361436b20b',
	broken: 'f526795c95399cea27c055c842c3d6ab018ed0fa4f66f701c28ab22dec28237b',
	web: 'cd07f357feb0541cde79c4fdc326bdbe089644e9cda4a15440624b8e6bdc3b2b',
};

const podSlice = (qos: string, uid: string): string => `/kubepods.slice/kubepods-${qos}.slice/kubepods-${qos}-pod${uid.replaceAll('-', '_')}.slice`;

/** The groups of the Kubernetes node fixture: a containerd pod, a CRI-O pod, a pod kubelet's logs name, a corrupt record. */
export const kubernetesNodePaths = [
	podSlice('burstable', podUid),
	`${podSlice('burstable', podUid)}/cri-containerd-${nodeIds.sandbox}.scope`,
	`${podSlice('burstable', podUid)}/cri-containerd-${nodeIds.nginx}.scope`,
	podSlice('besteffort', redisPod),
	`${podSlice('besteffort', redisPod)}/crio-${nodeIds.redis}.scope`,
	`${podSlice('besteffort', redisPod)}/crio-conmon-${nodeIds.redis}.scope`,
	`${podSlice('burstable', corednsPod)}/cri-containerd-${nodeIds.coredns}.scope`,
	`${podSlice('burstable', brokenPod)}/cri-containerd-${nodeIds.broken}.scope`,
];

export type TwoTicks = readonly [readonly CgroupV2Figures[], readonly CgroupV2Figures[]];

/** A systemd host: nginx busy without a quota, postgres at 95 % of a 256 MiB limit with 12 OOM kills in the second. */
export const systemdHost: TwoTicks = [
	[
		{path: '/system.slice', usageUsec: 90_000_000, memoryCurrent: 400 * mib},
		{path: '/system.slice/nginx.service', usageUsec: 50_000_000, memoryCurrent: 40 * mib, rbytes: 1_000_000, wbytes: 2_000_000, pids: 5},
		{path: '/system.slice/postgres.service', usageUsec: 30_000_000, memoryCurrent: 240 * mib, memoryMax: 256 * mib, inactiveFile: 0, pgmajfault: 1000, events: {max: 500, oom: 3, oomKill: 3}, psi: {memory: {some: 1_000_000, full: 400_000}}},
		{path: '/user.slice/user-1000.slice/session-3.scope', usageUsec: 1_000_000, memoryCurrent: 20 * mib},
	],
	[
		{path: '/system.slice', usageUsec: 91_200_000, memoryCurrent: 410 * mib},
		{path: '/system.slice/nginx.service', usageUsec: 50_900_000, memoryCurrent: 40 * mib, rbytes: 1_000_000, wbytes: 12_485_760, pids: 5},
		{path: '/system.slice/postgres.service', usageUsec: 30_300_000, memoryCurrent: 243 * mib, memoryMax: 256 * mib, inactiveFile: 0, pgmajfault: 3000, events: {max: 2500, oom: 15, oomKill: 15}, psi: {memory: {some: 1_400_000, full: 600_000}}},
		{path: '/user.slice/user-1000.slice/session-3.scope', usageUsec: 1_010_000, memoryCurrent: 20 * mib},
	],
];

/** A Docker host (systemd driver): one container throttled by a half-core quota in 60 % of its periods. */
export const dockerThrottled: TwoTicks = [
	[
		{path: '/system.slice', usageUsec: 10_000_000, memoryCurrent: 100 * mib},
		{path: `/system.slice/docker-${dockerId}.scope`, usageUsec: 5_000_000, cpuMax: '50000 100000', periods: 100, throttled: 50, throttledUsec: 2_000_000, memoryCurrent: 60 * mib, psi: {cpu: {some: 100_000, full: 50_000}}},
	],
	[
		{path: '/system.slice', usageUsec: 10_500_000, memoryCurrent: 100 * mib},
		{path: `/system.slice/docker-${dockerId}.scope`, usageUsec: 5_490_000, cpuMax: '50000 100000', periods: 110, throttled: 56, throttledUsec: 2_300_000, memoryCurrent: 60 * mib, psi: {cpu: {some: 500_000, full: 250_000}}},
	],
];

/** A Kubernetes node: one pod's container OOM-killed in the second tick. */
export const kubernetesOom: TwoTicks = [
	[
		{path: '/kubepods.slice', usageUsec: 20_000_000, memoryCurrent: 300 * mib},
		{path: `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${podUid.replaceAll('-', '_')}.slice`, usageUsec: 8_000_000, memoryCurrent: 120 * mib, memoryMax: 128 * mib},
		{path: `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${podUid.replaceAll('-', '_')}.slice/cri-containerd-${containerId}.scope`, usageUsec: 7_900_000, memoryCurrent: 118 * mib, memoryMax: 128 * mib, inactiveFile: 1 * mib, events: {max: 40, oom: 0, oomKill: 0}},
	],
	[
		{path: '/kubepods.slice', usageUsec: 20_300_000, memoryCurrent: 250 * mib},
		{path: `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${podUid.replaceAll('-', '_')}.slice`, usageUsec: 8_250_000, memoryCurrent: 60 * mib, memoryMax: 128 * mib},
		{path: `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${podUid.replaceAll('-', '_')}.slice/cri-containerd-${containerId}.scope`, usageUsec: 8_140_000, memoryCurrent: 58 * mib, memoryMax: 128 * mib, inactiveFile: 1 * mib, events: {max: 95, oom: 1, oomKill: 1}},
	],
];

/** One reading of the groups under `procfs`'s mountinfo and `sysfs`; throws when there is none. */
export function readCgroups(procfs: string, sysfs: string, rootfs: string): CgroupsReading {
	const reading = createCgroupReader({procfs, sysfs, rootfs, files: createHeldFiles(false)}).read().reading;
	if (reading === undefined) {
		throw new Error(`no cgroups under ${sysfs}`);
	}

	return reading;
}

/**
 * Both ticks of a v2 scenario, read from trees written for each in a new directory under `scratch`; the
 * runtimes' records under `rootfs` (none by default).
 */
export function readTwoTicks(scratch: string, ticks: TwoTicks, rootfs?: string): [CgroupsReading, CgroupsReading] {
	const directory = mkdtempSync(path.join(scratch, 'two-ticks-'));
	const procfs = writeMountinfo(path.join(directory, 'proc'));
	return [
		readCgroups(procfs, writeCgroupV2Tree(path.join(directory, 'tick-0'), ticks[0]), rootfs ?? directory),
		readCgroups(procfs, writeCgroupV2Tree(path.join(directory, 'tick-1'), ticks[1]), rootfs ?? directory),
	];
}
