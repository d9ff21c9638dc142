import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, describe, expect, it} from 'vitest';
import {createCgroupProcsReader, parseCgroupProcs} from '../../source/collect/read-cgroup-procs.js';
import {cgroupV2Mountinfo, writeMountinfo} from '../helpers/cgroup-v2-tree.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'perftop-cgroup-procs-'));
afterAll(() => {
	rmSync(scratch, {recursive: true, force: true});
});

/** A captured tree under test/fixtures/cgroup/<name>: its proc/ and sys/, with rootfs where nothing lives. */
function captured(name: string) {
	const root = path.resolve('test/fixtures/cgroup', name);
	return createCgroupProcsReader({procfs: path.join(root, 'proc'), sysfs: path.join(root, 'sys'), rootfs: scratch});
}

/** A tree written for one case: `procs` maps a directory under <sysfs>/fs/cgroup to its cgroup.procs. */
function written(procs: Readonly<Record<string, string>>, mountinfo = cgroupV2Mountinfo) {
	const directory = mkdtempSync(path.join(scratch, 'tree-'));
	for (const [group, text] of Object.entries(procs)) {
		mkdirSync(path.join(directory, 'sys/fs/cgroup', group), {recursive: true});
		writeFileSync(path.join(directory, 'sys/fs/cgroup', group, 'cgroup.procs'), text);
	}

	const roots = {procfs: writeMountinfo(path.join(directory, 'proc'), mountinfo), sysfs: path.join(directory, 'sys'), rootfs: directory};
	return {directory, read: createCgroupProcsReader(roots)};
}

describe('parseCgroupProcs', () => {
	it('reads one pid a line, in the kernel\'s order', () => {
		expect(parseCgroupProcs('812\n77\n812\n')).toEqual([812, 77, 812]);
		expect(parseCgroupProcs('')).toEqual([]);
	});

	it('rejects anything but pids', () => {
		expect(() => parseCgroupProcs('812\nabc\n')).toThrow('expected a pid a line, got \'abc\'');
	});
});

describe('createCgroupProcsReader on written trees', () => {
	it('lists the group\'s own processes and its descendants\', each once, by pid, with the group each is in', () => {
		const {read} = written({'/app.service': '30\n10\n', '/app.service/workers': '20\n10\n', '/app.service/workers/a': '40\n', '/other.service': '50\n'});
		expect(read('/app.service')).toEqual({
			path: '/app.service',
			members: [{pid: 10, group: '/app.service'}, {pid: 20, group: '/app.service/workers'}, {pid: 30, group: '/app.service'}, {pid: 40, group: '/app.service/workers/a'}],
		});
	});

	it('finds a group under a hierarchy that shows a subtree (a container\'s view of the host\'s)', () => {
		const mountinfo = cgroupV2Mountinfo.replace('0:26 / /sys/fs/cgroup', '0:26 /docker/abc /sys/fs/cgroup');
		const {read} = written({'/app': '7\n'}, mountinfo);
		expect(read('/docker/abc/app').members).toEqual([{pid: 7, group: '/docker/abc/app'}]);
		expect(read('/elsewhere').failure).toBe('the group is gone');
	});

	it('says the group is gone when no hierarchy has it, and finds a hierarchy mounted since', () => {
		const {directory, read} = written({'/app.service': '7\n'});
		expect(read('/later.service')).toEqual({path: '/later.service', members: [], failure: 'the group is gone'});
		const later = path.join(directory, 'later');
		mkdirSync(path.join(later, 'later.service'), {recursive: true});
		writeFileSync(path.join(later, 'later.service', 'cgroup.procs'), '9\n');
		writeMountinfo(path.join(directory, 'proc'), `${cgroupV2Mountinfo}40 29 0:40 / /srv/cg rw - cgroup cgroup rw,name=later\n`.replace('/srv/cg', later.slice(directory.length)));
		expect(read('/later.service').members).toEqual([{pid: 9, group: '/later.service'}]);
	});

	it.skipIf(process.getuid?.() === 0)('says why a group\'s processes cannot be read', () => {
		const {directory, read} = written({'/app.service': '7\n'});
		chmodSync(path.join(directory, 'sys/fs/cgroup/app.service/cgroup.procs'), 0);
		expect(read('/app.service').failure).toMatch(/^cannot read .*app\.service\/cgroup\.procs: EACCES$/);
	});

	it('says which file could not be parsed', () => {
		const {read} = written({'/app.service': '7\nseven\n'});
		expect(read('/app.service').failure).toMatch(/^cannot parse .*app\.service\/cgroup\.procs: expected a pid a line, got 'seven'$/);
	});
});

describe('createCgroupProcsReader on trees captured from this machine', () => {
	// /cgprocs-test with two sleeps, and two more in its child group `worker`, made in the cpu, cpuacct,
	// pids and name=systemd hierarchies and the hybrid layout's unified one (not memory: there the
	// processes stay in the root).
	const service = [{pid: 14_713, group: '/cgprocs-test'}, {pid: 14_714, group: '/cgprocs-test'}, {pid: 14_715, group: '/cgprocs-test/worker'}, {pid: 14_716, group: '/cgprocs-test/worker'}];

	it('hybrid v1: the service\'s processes and its child group\'s, from the hierarchies that have it', () => {
		const read = captured('hybrid-service');
		expect(read('/cgprocs-test')).toEqual({path: '/cgprocs-test', members: service});
		expect(read('/cgprocs-test/worker').members).toEqual(service.slice(2));
	});

	it('v2: the same from the unified hierarchy alone', () => {
		const read = captured('v2-service');
		expect(read('/cgprocs-test')).toEqual({path: '/cgprocs-test', members: service});
		expect(read('/cgprocs-test/gone')).toEqual({path: '/cgprocs-test/gone', members: [], failure: 'the group is gone'});
	});
});
