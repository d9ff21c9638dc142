// /proc/<pid>/mountinfo, proc(5):
// 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
// (1)(2)(3)  (4)   (5)   (6)        (7)    (8)(9)  (10)      (11)
// Optional fields (7) end at the lone `-`. Paths escape space, tab, newline and backslash as octal (\040).

export type MountInfoEntry = {
	readonly mountId: number;
	readonly parentId: number;
	/** `major:minor` of the filesystem's device (st_dev): equal for every bind mount of one filesystem. */
	readonly device: string;
	/** The directory of the filesystem this mount shows: `/` unless it is a bind mount of a subtree. */
	readonly root: string;
	readonly mountPoint: string;
	readonly mountOptions: string;
	readonly fsType: string;
	/** The mount source, e.g. `/dev/vda1`, `server:/export`, or `none`. */
	readonly source: string;
	readonly superOptions: string;
};

export function unescapeMountPath(text: string): string {
	if (!text.includes('\\')) {
		return text;
	}

	return text.replaceAll(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export function parseMountInfo(text: string): MountInfoEntry[] {
	const entries: MountInfoEntry[] = [];
	const lines = text.split('\n');
	for (const [index, line] of lines.entries()) {
		if (line.trim() === '') {
			continue;
		}

		const fields = line.split(' ');
		const separator = fields.indexOf('-', 6);
		if (fields.length < 10 || separator === -1 || separator + 3 > fields.length) {
			throw new Error(`mountinfo line ${index + 1}: expected 'id parent major:minor root mountpoint options … - fstype source superoptions', got '${line}'`);
		}

		const mountId = Number(fields[0]);
		const parentId = Number(fields[1]);
		const device = fields[2]!;
		if (!Number.isInteger(mountId) || !Number.isInteger(parentId) || !device.includes(':')) {
			throw new Error(`mountinfo line ${index + 1}: malformed ids or device in '${line}'`);
		}

		const mountPoint = unescapeMountPath(fields[4]!);
		if (mountPoint === '') {
			// Seen in containers' views of a host's mountinfo: nothing to stat, and no place to name.
			continue;
		}

		entries.push({
			mountId,
			parentId,
			device,
			root: unescapeMountPath(fields[3]!),
			mountPoint,
			mountOptions: fields[5]!,
			fsType: fields[separator + 1]!,
			source: unescapeMountPath(fields[separator + 2]!),
			superOptions: fields[separator + 3] ?? '',
		});
	}

	return entries;
}

/**
 * Filesystem types that hold no user data: kernel interfaces, cgroups, in-memory control files,
 * the automounter's trigger points and read-only snap images (squashfs).
 */
export const pseudoFilesystemTypes: ReadonlySet<string> = new Set([
	'autofs',
	'binfmt_misc',
	'bpf',
	'cgroup',
	'cgroup2',
	'configfs',
	'debugfs',
	'devpts',
	'devtmpfs',
	'efivarfs',
	'fuse.gvfsd-fuse',
	'fuse.lxcfs',
	'fuse.portal',
	'fuse.snapfuse',
	'fusectl',
	'hugetlbfs',
	'mqueue',
	'nfsd',
	'nsfs',
	'proc',
	'pstore',
	'ramfs',
	'rpc_pipefs',
	'securityfs',
	'selinuxfs',
	'squashfs',
	'sysfs',
	'tracefs',
]);

/** In-memory filesystems: real capacity, but not storage; left out unless asked for. */
export const memoryFilesystemTypes: ReadonlySet<string> = new Set(['tmpfs']);

// Container runtimes mount one overlay per container under these; the host's own disks show them already.
// The same list node_exporter's filesystem collector leaves out by default.
const ignoredMountPrefixes = ['/var/lib/docker/', '/var/lib/containers/storage/', '/run/credentials/'];

export type MountSelection = {
	/** Keep tmpfs mounts (default false). */
	readonly includeTmpfs?: boolean;
};

/**
 * Real filesystems, one mount each. Bind mounts of one filesystem share its device number and report
 * the same statfs figures, so only one is kept (as coreutils df does): the mount of the filesystem's
 * root if there is one, else the shortest mount point. A mount hidden by a later one on the same point is dropped.
 */
export function selectRealFilesystems(entries: readonly MountInfoEntry[], selection: MountSelection = {}): MountInfoEntry[] {
	// A later mount on the same point hides the earlier one; statfs of that path reaches only the last.
	const visible = new Map<string, MountInfoEntry>();
	for (const entry of entries) {
		visible.set(entry.mountPoint, entry);
	}

	const byDevice = new Map<string, MountInfoEntry>();
	for (const entry of entries) {
		if (visible.get(entry.mountPoint) !== entry) {
			continue;
		}

		if (pseudoFilesystemTypes.has(entry.fsType)) {
			continue;
		}

		if (!selection.includeTmpfs && memoryFilesystemTypes.has(entry.fsType)) {
			continue;
		}

		if (ignoredMountPrefixes.some(prefix => entry.mountPoint.startsWith(prefix))) {
			continue;
		}

		const kept = byDevice.get(entry.device);
		if (kept === undefined || prefer(entry, kept)) {
			byDevice.set(entry.device, entry);
		}
	}

	return [...byDevice.values()];
}

function prefer(candidate: MountInfoEntry, kept: MountInfoEntry): boolean {
	const candidateIsRoot = candidate.root === '/';
	const keptIsRoot = kept.root === '/';
	if (candidateIsRoot !== keptIsRoot) {
		return candidateIsRoot;
	}

	return candidate.mountPoint.length < kept.mountPoint.length;
}
