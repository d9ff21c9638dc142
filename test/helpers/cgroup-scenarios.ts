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

/** Both ticks of a v2 scenario, read from trees written for each in a new directory under `scratch`. */
export function readTwoTicks(scratch: string, ticks: TwoTicks): [CgroupsReading, CgroupsReading] {
	const directory = mkdtempSync(path.join(scratch, 'two-ticks-'));
	const procfs = writeMountinfo(path.join(directory, 'proc'));
	return [
		readCgroups(procfs, writeCgroupV2Tree(path.join(directory, 'tick-0'), ticks[0]), directory),
		readCgroups(procfs, writeCgroupV2Tree(path.join(directory, 'tick-1'), ticks[1]), directory),
	];
}
