import path from 'node:path';
import type {MountInfoEntry} from './parse-mountinfo.js';
import type {CgroupMode} from './types.js';

/** The v1 controllers perftop reads; `name=systemd` and the others (cpuset, devices, freezer …) hold no figures it uses. */
export const cgroupV1Controllers = ['cpu', 'cpuacct', 'memory', 'blkio', 'pids'] as const;

export type CgroupV1Controller = (typeof cgroupV1Controllers)[number];

/** One mounted hierarchy: where to read it, and the group path its top directory stands for. */
export type CgroupHierarchy = {
	/** The directory to read, under the collector's sysfs or rootfs parameter. */
	readonly directory: string;
	/** The group path of `directory`: `/` unless the mount shows a subtree (a container's view of the host's hierarchy). */
	readonly root: string;
};

export type CgroupHierarchies = {
	readonly mode: CgroupMode;
	readonly unified?: CgroupHierarchy;
	readonly v1: ReadonlyMap<CgroupV1Controller, CgroupHierarchy>;
};

/**
 * The cgroup hierarchies in a mountinfo listing (containerd/cgroups:cgroup1/utils.go matches type
 * `cgroup` and reads the controllers from the super options; a cgroup2 mount beside v1 ones is systemd's
 * hybrid layout, whose controllers stay on v1). The first mount of a controller wins; bind mounts of it
 * show the same groups. Undefined when none is mounted. Mount points under /sys are read under `sysfs`,
 * others under `rootfs`, so a fixture tree stands in for both.
 */
export function findCgroupHierarchies(entries: readonly MountInfoEntry[], roots: {readonly sysfs: string; readonly rootfs: string}): CgroupHierarchies | undefined {
	let unified: CgroupHierarchy | undefined;
	const v1 = new Map<CgroupV1Controller, CgroupHierarchy>();
	for (const entry of entries) {
		const hierarchy = {directory: localDirectory(entry.mountPoint, roots), root: entry.root};
		if (entry.fsType === 'cgroup2') {
			unified ??= hierarchy;
		} else if (entry.fsType === 'cgroup') {
			const options = new Set(entry.superOptions.split(','));
			for (const controller of cgroupV1Controllers) {
				if (options.has(controller) && !v1.has(controller)) {
					v1.set(controller, hierarchy);
				}
			}
		}
	}

	if (v1.size === 0) {
		return unified && {mode: 'v2', unified, v1};
	}

	return unified ? {mode: 'hybrid', unified, v1} : {mode: 'v1', v1};
}

/**
 * Every mounted hierarchy, whatever its controllers (`name=systemd` and cpuset too), once each (bind
 * mounts of one show the same groups): where a group's processes are listed.
 */
export function everyCgroupHierarchy(entries: readonly MountInfoEntry[], roots: {readonly sysfs: string; readonly rootfs: string}): CgroupHierarchy[] {
	const devices = new Set<string>();
	const hierarchies: CgroupHierarchy[] = [];
	for (const entry of entries) {
		if ((entry.fsType === 'cgroup' || entry.fsType === 'cgroup2') && !devices.has(entry.device)) {
			devices.add(entry.device);
			hierarchies.push({directory: localDirectory(entry.mountPoint, roots), root: entry.root});
		}
	}

	return hierarchies;
}

function localDirectory(mountPoint: string, roots: {readonly sysfs: string; readonly rootfs: string}): string {
	if (mountPoint === '/sys' || mountPoint.startsWith('/sys/')) {
		return path.join(roots.sysfs, mountPoint.slice('/sys'.length));
	}

	return path.join(roots.rootfs, mountPoint);
}
