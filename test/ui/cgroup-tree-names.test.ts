import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {deriveCgroups} from '../../source/metrics/cgroups.js';
import {cgroupRows, cgroupRowText} from '../../source/ui/cgroup-tree.js';
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
