import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {deriveCgroups} from '../../source/metrics/cgroups.js';
import {cgroupRows, cgroupRowText} from '../../source/ui/cgroup-tree.js';
import {bottleneckLines} from '../../source/ui/sections.js';
import {buildSnapshot} from '../helpers/snapshot-builder.js';
import {kubernetesNodePaths, kubernetesNodeRoot, readCgroups} from '../helpers/cgroup-scenarios.js';
import {writeCgroupV2Tree, writeMountinfo} from '../helpers/cgroup-v2-tree.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'perftop-cgroup-tree-names-'));
afterAll(() => {
	rmSync(scratch, {recursive: true, force: true});
});

describe('the cgroup view on a Kubernetes node whose runtime records are readable', () => {
	const reading = readCgroups(writeMountinfo(path.join(scratch, 'proc')), writeCgroupV2Tree(path.join(scratch, 'sys'), kubernetesNodePaths.map(groupPath => ({path: groupPath, usageUsec: 1}))), kubernetesNodeRoot);
	const {all} = deriveCgroups(undefined, reading, {elapsedMs: undefined, cores: 2, memoryTotalBytes: 24 * 1024 ** 3, limit: 10, names: reading.names});
	const names = cgroupRows(all, 'cpu', new Set()).map(row => cgroupRowText(row, 200).split('  ').at(-1)?.trim());

	it('shows each pod by namespace and name with its containers under it, not uids', () => {
		expect(names).toEqual(expect.arrayContaining([
			'▾ pod default/nginx-7c5ddbdf54-x2x8k',
			'pod default/nginx-7c5ddbdf54-x2x8k · nginx',
			'pod default/nginx-7c5ddbdf54-x2x8k · sandbox',
			'▾ pod cache/redis-0',
			'pod cache/redis-0 · redis',
			'pod kube-system/coredns-5d78c9869d-q7w2x · coredns',
		]));
	});
});

describe('a group named by whoever made its directory (a delegated subtree)', () => {
	const evil = '/user.slice/user-1000.slice/user@1000.service/app\u001B]0;owned\u0007\u001B[2J';
	const reading = readCgroups(writeMountinfo(path.join(scratch, 'evil/proc')), writeCgroupV2Tree(path.join(scratch, 'evil/sys'), [{path: evil, usageUsec: 1}]), path.join(scratch, 'evil'));
	const {all} = deriveCgroups(undefined, reading, {elapsedMs: undefined, cores: 2, memoryTotalBytes: 24 * 1024 ** 3, limit: 10});
	// eslint-disable-next-line no-control-regex
	const control = /[\u0000-\u001F\u007F-\u009F]/;

	it('reaches the terminal without its control characters: the tree\'s rows and the bottleneck list', () => {
		const rows = cgroupRows(all, 'cpu', new Set()).map(row => cgroupRowText(row, 200));
		expect(rows.some(row => row.includes('app?]0;owned??[2J'))).toBe(true);
		expect(rows.filter(row => control.test(row))).toEqual([]);
		const bottleneck = {resource: `cgroup:${evil}`, severity: 'HIGH', score: 6, evidence: ['throttled in 60% of periods'], topProcesses: [], recommendation: `cgroup ${evil}: raise cpu.max`} as const;
		const [line] = bottleneckLines(buildSnapshot({bottlenecks: [bottleneck]}));
		expect(control.test(line!.text)).toBe(false);
		expect(control.test(line!.recommendation)).toBe(false);
	});
});
