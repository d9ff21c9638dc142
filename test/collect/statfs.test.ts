import type {StatsFs} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {MountInfoEntry} from '../../source/collect/parse-mountinfo.js';
import {createStatfsState, readFilesystems, toReading} from '../../source/collect/statfs.js';

function mount(mountPoint: string, source = '/dev/vda1', fsType = 'ext4'): MountInfoEntry {
	return {mountId: 1, parentId: 0, device: '8:1', root: '/', mountPoint, mountOptions: 'rw', fsType, source, superOptions: 'rw'};
}

function stats(blocks: number, bfree: number, bavail: number, files = 1000, ffree = 400): StatsFs {
	return {type: 0xEF53, bsize: 4096, blocks, bfree, bavail, files, ffree};
}

describe('readFilesystems', () => {
	it('turns statfs block counts into bytes', async () => {
		const outcome = await readFilesystems([mount('/')], createStatfsState(), 250, async () => stats(1000, 300, 250));
		expect(outcome).toEqual({
			filesystems: [{
				mountPoint: '/',
				device: '/dev/vda1',
				fsType: 'ext4',
				sizeBytes: 4_096_000,
				availableBytes: 1_024_000,
				freeBytes: 1_228_800,
				inodes: 1000,
				inodesFree: 400,
			}],
			failures: [],
		});
	});

	it('marks a mount that misses its deadline unavailable and does not ask it again while the call hangs', async () => {
		const state = createStatfsState();
		let release: ((value: StatsFs) => void) | undefined;
		const calls: string[] = [];
		let hung = true;
		const statfs = (path: string): Promise<StatsFs> => {
			calls.push(path);
			if (path === '/mnt/nfs' && hung) {
				return new Promise(resolve => {
					release = resolve;
				});
			}

			return Promise.resolve(stats(10, 5, 5));
		};

		const mounts = [mount('/'), mount('/mnt/nfs', 'server:/export', 'nfs4')];
		const first = await readFilesystems(mounts, state, 20, statfs);
		expect(first.filesystems.map(filesystem => filesystem.mountPoint)).toEqual(['/']);
		expect(first.failures).toEqual(['statfs /mnt/nfs timed out after 20 ms']);

		const second = await readFilesystems(mounts, state, 20, statfs);
		expect(second.failures).toEqual(['statfs /mnt/nfs still pending from an earlier tick']);
		expect(calls).toEqual(['/', '/mnt/nfs', '/']);

		hung = false;
		release!(stats(10, 5, 5));
		await Promise.resolve();
		await Promise.resolve();
		expect(state.pending.size).toBe(0);
		const third = await readFilesystems(mounts, state, 20, statfs);
		expect(third.failures).toEqual([]);
		expect(calls.filter(path => path === '/mnt/nfs')).toHaveLength(2);
	});

	it('reports a failing statfs by its errno code and keeps the others', async () => {
		const statfs = async (path: string): Promise<StatsFs> => {
			if (path === '/secret') {
				throw Object.assign(new Error('EACCES: permission denied'), {code: 'EACCES'});
			}

			return stats(10, 5, 5);
		};

		const outcome = await readFilesystems([mount('/secret'), mount('/')], createStatfsState(), 250, statfs);
		expect(outcome.failures).toEqual(['statfs /secret: EACCES']);
		expect(outcome.filesystems.map(filesystem => filesystem.mountPoint)).toEqual(['/']);
	});

	it('leaves out filesystems of no size, as df does', () => {
		expect(toReading(mount('/x'), stats(0, 0, 0))).toBeUndefined();
	});

	it('reads the real root filesystem with the default statfs', async () => {
		const outcome = await readFilesystems([mount('/')], createStatfsState());
		expect(outcome.failures).toEqual([]);
		expect(outcome.filesystems[0]!.sizeBytes).toBeGreaterThan(0);
	});
});

describe('readFilesystems under --rootfs', () => {
	it('stats each mount point under the monitored root and names it as the host does', async () => {
		const asked: string[] = [];
		const outcome = await readFilesystems([mount('/'), mount('/var')], createStatfsState(), 250, async path => {
			asked.push(path);
			return stats(1000, 300, 250);
		}, '/host');
		expect(asked).toEqual(['/host', '/host/var']);
		expect(outcome.filesystems.map(filesystem => filesystem.mountPoint)).toEqual(['/', '/var']);
	});
});
