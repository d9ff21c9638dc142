import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {findCgroupHierarchies} from '../../source/collect/cgroup-mounts.js';
import {parseMountInfo} from '../../source/collect/parse-mountinfo.js';
import {cgroupV2Mountinfo} from '../helpers/cgroup-v2-tree.js';

const roots = {sysfs: '/fixture/sys', rootfs: '/fixture'};

describe('findCgroupHierarchies', () => {
	it('finds this machine\'s hybrid layout: v1 controllers beside a controller-less cgroup2', () => {
		const found = findCgroupHierarchies(parseMountInfo(readFileSync('test/fixtures/proc/vm-2cpu/self/mountinfo', 'utf8')), roots);
		expect(found?.mode).toBe('hybrid');
		expect(found?.unified).toEqual({directory: '/fixture/sys/fs/cgroup/unified', root: '/'});
		expect(Object.fromEntries(found!.v1)).toEqual({
			cpu: {directory: '/fixture/sys/fs/cgroup/cpu', root: '/'},
			cpuacct: {directory: '/fixture/sys/fs/cgroup/cpuacct', root: '/'},
			memory: {directory: '/fixture/sys/fs/cgroup/memory', root: '/'},
			blkio: {directory: '/fixture/sys/fs/cgroup/blkio', root: '/'},
			pids: {directory: '/fixture/sys/fs/cgroup/pids', root: '/'},
		});
	});

	it('finds a unified-only host as v2', () => {
		const found = findCgroupHierarchies(parseMountInfo(cgroupV2Mountinfo), roots);
		expect(found).toEqual({mode: 'v2', unified: {directory: '/fixture/sys/fs/cgroup', root: '/'}, v1: new Map()});
	});

	it('reads joint controllers (cpu,cpuacct) from one mount and keeps a container\'s subtree root', () => {
		const text = '40 31 0:37 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro,nosuid - cgroup cgroup rw,cpu,cpuacct\n';
		const found = findCgroupHierarchies(parseMountInfo(text), roots);
		expect(found?.mode).toBe('v1');
		expect(found?.v1.get('cpu')).toEqual({directory: '/fixture/sys/fs/cgroup/cpu,cpuacct', root: '/docker/abc'});
		expect(found?.v1.get('cpuacct')).toEqual(found?.v1.get('cpu'));
	});

	it('finds nothing without cgroup mounts', () => {
		expect(findCgroupHierarchies(parseMountInfo('27 1 254:1 / / rw - ext4 /dev/vda1 rw\n'), roots)).toBeUndefined();
	});
});
