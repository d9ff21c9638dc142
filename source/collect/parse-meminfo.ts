import type {MemInfoReading} from './types.js';

// /proc/meminfo, proc(5) and Documentation/filesystems/proc.rst §1.2 ("meminfo"): one
// "Key:   value kB" per line. Despite the "kB" label the unit is KiB (the kernel shifts page
// counts by PAGE_SHIFT - 10), so values are multiplied by 1024. A few keys (HugePages_*) are
// plain counts without a unit and are kept as they are.

const bytesPerKiB = 1024;
const line = /^([^:\s]+):\s*(\d+)(\s+kB)?$/;

/** Every "Key: value" of /proc/meminfo in bytes (counts for unit-less keys). Malformed lines are skipped. */
export function parseMemInfoFields(text: string): ReadonlyMap<string, number> {
	const fields = new Map<string, number>();
	for (const row of text.split('\n')) {
		const match = line.exec(row.trim());
		if (match === null) {
			continue;
		}

		const [, key, value, unit] = match as unknown as [string, string, string, string | undefined];
		fields.set(key, unit === undefined ? Number(value) : Number(value) * bytesPerKiB);
	}

	return fields;
}

/**
 * Parses /proc/meminfo. Fields present since 2.6 are required (a file without them is not meminfo);
 * SReclaimable (2.6.19) and Shmem (2.6.32) read as 0 when the kernel predates them, as procps does.
 */
export function parseMemInfo(text: string): MemInfoReading {
	const fields = parseMemInfoFields(text);
	const required = (key: string): number => {
		const value = fields.get(key);
		if (value === undefined) {
			throw new Error(`/proc/meminfo: no ${key} line`);
		}

		return value;
	};

	const totalBytes = required('MemTotal');
	const freeBytes = required('MemFree');
	const buffersBytes = required('Buffers');
	const cachedBytes = required('Cached');
	// MemAvailable appeared in 3.14. Before it, estimate it the way free(1) did then: free + buffers
	// + page cache. That overstates what can be reclaimed (shmem and dirty pages sit in Cached), but it
	// is the figure users of those kernels are used to, and the best this file alone can give.
	const availableBytes = fields.get('MemAvailable') ?? freeBytes + buffersBytes + cachedBytes;

	return {
		totalBytes,
		freeBytes,
		availableBytes,
		buffersBytes,
		cachedBytes,
		sReclaimableBytes: fields.get('SReclaimable') ?? 0,
		shmemBytes: fields.get('Shmem') ?? 0,
		dirtyBytes: required('Dirty'),
		writebackBytes: required('Writeback'),
		swapTotalBytes: required('SwapTotal'),
		swapFreeBytes: required('SwapFree'),
	};
}
