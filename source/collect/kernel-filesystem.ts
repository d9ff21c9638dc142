import {statfsSync} from 'node:fs';

/** PROC_SUPER_MAGIC, include/uapi/linux/magic.h. */
const procSuperMagic = 0x9F_A0;

/**
 * True when `procfs` is the kernel's procfs, whose files may be held open and reread: procfs
 * regenerates a file's text on every read from offset 0. A fixture tree of regular files is not,
 * so rewriting or deleting its files between reads behaves as it would on disk.
 */
export function isKernelFilesystem(procfs: string): boolean {
	try {
		return statfsSync(procfs).type === procSuperMagic;
	} catch {
		return false;
	}
}
