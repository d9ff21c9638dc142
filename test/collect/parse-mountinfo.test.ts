import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseMountInfo, selectRealFilesystems, unescapeMountPath} from '../../source/collect/parse-mountinfo.js';

const fixture = (path: string) => readFileSync(`test/fixtures/${path}`, 'utf8');

describe('parseMountInfo', () => {
	it('parses every field of a real line', () => {
		const entries = parseMountInfo(fixture('proc/vm-2cpu/self/mountinfo'));
		expect(entries).toHaveLength(20);
		expect(entries.find(entry => entry.mountPoint === '/')).toEqual({
			mountId: 26,
			parentId: 1,
			device: '254:0',
			root: '/',
			mountPoint: '/',
			mountOptions: 'rw,relatime',
			fsType: 'ext4',
			source: '/dev/vda',
			superOptions: 'rw,discard,resv_strict,resuid=65534,resgid=65534',
		});
	});

	it('skips any number of optional fields before the separator', () => {
		const [entry] = parseMountInfo('45 1 259:2 / /home rw,relatime shared:30 master:2 propagate_from:1 - xfs /dev/nvme0n1p2 rw\n');
		expect(entry).toMatchObject({fsType: 'xfs', source: '/dev/nvme0n1p2', superOptions: 'rw'});
	});

	it('unescapes octal escapes in paths', () => {
		const entries = parseMountInfo(fixture('proc/nvme-virtio/self/mountinfo'));
		expect(entries.map(entry => entry.mountPoint)).toContain('/mnt/backup disk');
		expect(entries.map(entry => entry.mountPoint)).toContain('/mnt/tab\tand\\slash');
		expect(unescapeMountPath('/a\\012b')).toBe('/a\nb');
		expect(unescapeMountPath('/plain')).toBe('/plain');
	});

	it('leaves out a line whose mount point is empty instead of handing statfs an empty path', () => {
		const entries = parseMountInfo('26 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n612 26 0:51 /  rw,nosuid - overlay overlay rw\n');
		expect(entries.map(entry => entry.mountPoint)).toEqual(['/']);
	});

	it('throws on a line without the separator, naming the line', () => {
		expect(() => parseMountInfo(fixture('proc/malformed-disks/self/mountinfo'))).toThrow(/mountinfo line 2/);
		expect(() => parseMountInfo('x 1 8:1 / / rw - ext4 /dev/sda1 rw\n')).toThrow(/malformed ids/);
	});
});

describe('selectRealFilesystems', () => {
	it('keeps only the root disk of the captured VM (cgroups, proc, sysfs, devpts, tmpfs dropped)', () => {
		const selected = selectRealFilesystems(parseMountInfo(fixture('proc/vm-2cpu/self/mountinfo')));
		expect(selected.map(entry => [entry.mountPoint, entry.fsType])).toEqual([['/', 'ext4']]);
	});

	const entries = parseMountInfo(fixture('proc/nvme-virtio/self/mountinfo'));

	it('drops pseudo filesystems, snaps, container overlays and bind mounts; keeps network mounts', () => {
		expect(selectRealFilesystems(entries).map(entry => entry.mountPoint)).toEqual([
			'/',
			'/home',
			'/boot/efi',
			'/mnt/backup disk',
			'/mnt/tab\tand\\slash',
			'/mnt/nfs',
		]);
	});

	it('keeps the mount of a filesystem root over a bind mount of a subtree, and the later of two mounts on one point', () => {
		const selected = selectRealFilesystems(entries);
		expect(selected.find(entry => entry.device === '259:2')?.mountPoint).toBe('/home');
		expect(selected.find(entry => entry.mountPoint === '/mnt/nfs')?.source).toBe('otherserver:/export');
		expect(selected.some(entry => entry.mountPoint === '/mnt/backup-again')).toBe(false);
	});

	it('keeps tmpfs when asked', () => {
		const mountPoints = selectRealFilesystems(entries, {includeTmpfs: true}).map(entry => entry.mountPoint);
		expect(mountPoints).toContain('/run');
		expect(mountPoints).toContain('/run/user/1000');
	});

	it('keeps an overlay root, as inside a container', () => {
		const [entry] = selectRealFilesystems(parseMountInfo('600 500 0:52 / / rw,relatime - overlay overlay rw,lowerdir=/l\n'));
		expect(entry?.fsType).toBe('overlay');
	});
});
