// Pure parsers for cgroup files, one a file format (Documentation/admin-guide/cgroup-v2.rst,
// "Interface Files / Format"; cgroup-v1/{cpuacct,memory,blkio-controller,pids}.rst).
// Values are normalised here: µs and bytes; "no limit" is undefined, whichever way the kernel spells it.

/**
 * v1 writes an unlimited memory limit as PAGE_COUNTER_MAX × page size (9223372036854771712 on 4 KiB
 * pages), never -1: anything from 2^62 up is no limit (google/cadvisor#685 reported it as memory).
 */
const unlimitedBytes = 2 ** 62;

/** A single unsigned number (memory.current, memory.usage_in_bytes, cpuacct.usage, pids.current). Throws on anything else. */
export function parseSingleValue(text: string): number {
	const trimmed = text.trim();
	if (!/^\d+$/.test(trimmed)) {
		throw new Error(`expected a number, got '${trimmed.slice(0, 40)}'`);
	}

	return Number(trimmed);
}

/**
 * A limit: `max` (v2) or -1 (v1 cfs_quota_us) is none, and so is v1's near-2^63 memory limit. Throws on
 * anything else.
 */
export function parseLimit(text: string): number | undefined {
	const trimmed = text.trim();
	if (trimmed === 'max' || trimmed === '-1') {
		return undefined;
	}

	const value = parseSingleValue(trimmed);
	return value >= unlimitedBytes ? undefined : value;
}

/**
 * The "flat keyed" format, `key value` a line (cpu.stat, memory.events, memory.stat, v1 memory.oom_control).
 * Unknown keys are kept: callers pick theirs, and a kernel may add more. A line that is not `key number` throws.
 */
export function parseFlatKeyed(text: string): Map<string, number> {
	// indexOf and Number rather than split and a pattern a line: memory.stat has ~50 lines, read for every limited group each tick.
	const values = new Map<string, number>();
	let start = 0;
	while (start < text.length) {
		let end = text.indexOf('\n', start);
		if (end === -1) {
			end = text.length;
		}

		if (end > start) {
			const space = text.indexOf(' ', start);
			const value = space === -1 || space > end ? Number.NaN : Number(text.slice(space + 1, end));
			if (space <= start || space >= end - 1 || !Number.isInteger(value) || value < 0) {
				throw new Error(`expected 'key number', got '${text.slice(start, Math.min(end, start + 60))}'`);
			}

			values.set(text.slice(start, space), value);
		}

		start = end + 1;
	}

	return values;
}

/** v2 cpu.max: `$MAX $PERIOD`, `max 100000` without a quota. Both in µs. */
export function parseCpuMax(text: string): {readonly quotaUs?: number; readonly periodUs: number} {
	const [quota, period, extra] = text.trim().split(' ');
	if (quota === undefined || period === undefined || extra !== undefined) {
		throw new Error(`cpu.max: expected '$MAX $PERIOD', got '${text.trim()}'`);
	}

	const periodUs = parseSingleValue(period);
	const quotaUs = parseLimit(quota);
	return quotaUs === undefined ? {periodUs} : {quotaUs, periodUs};
}

export type IoBytes = {readonly readBytes: number; readonly writeBytes: number};

/**
 * v2 io.stat, "nested keyed": `8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0` a device, summed
 * over devices. Unknown keys are skipped (containerd/cgroups:cgroup2/utils.go); a device line without
 * rbytes and wbytes adds nothing.
 */
export function parseIoStat(text: string): IoBytes {
	let readBytes = 0;
	let writeBytes = 0;
	for (const line of text.split('\n')) {
		if (line === '') {
			continue;
		}

		const fields = line.split(' ');
		const device = fields[0]!;
		const colon = device.indexOf(':');
		if (fields.length < 2 || colon <= 0 || !Number.isInteger(Number(device.slice(0, colon))) || !Number.isInteger(Number(device.slice(colon + 1)))) {
			throw new Error(`io.stat: expected 'major:minor key=value …', got '${line.slice(0, 60)}'`);
		}

		for (let index = 1; index < fields.length; index++) {
			const field = fields[index]!;
			if (field.startsWith('rbytes=')) {
				readBytes += Number(field.slice(7));
			} else if (field.startsWith('wbytes=')) {
				writeBytes += Number(field.slice(7));
			}
		}
	}

	if (!Number.isFinite(readBytes) || !Number.isFinite(writeBytes)) {
		throw new Error('io.stat: rbytes or wbytes is not a number');
	}

	return {readBytes, writeBytes};
}

/**
 * v1 blkio.throttle.io_service_bytes(_recursive): `8:0 Read 4096` a device and operation, then a
 * `Total N` line. Read and Write are summed over devices (Sync/Async/Discard/Total split the same bytes).
 */
export function parseBlkioServiceBytes(text: string): IoBytes {
	let readBytes = 0;
	let writeBytes = 0;
	for (const line of text.split('\n')) {
		const fields = line.trim().split(' ');
		if (fields.length === 3) {
			const bytes = Number(fields[2]);
			if (!Number.isFinite(bytes)) {
				throw new Error(`blkio: expected 'major:minor Operation bytes', got '${line.slice(0, 60)}'`);
			}

			if (fields[1] === 'Read') {
				readBytes += bytes;
			} else if (fields[1] === 'Write') {
				writeBytes += bytes;
			}
		} else if (fields.length === 2 && fields[0] !== 'Total') {
			throw new Error(`blkio: unexpected line '${line.slice(0, 60)}'`);
		}
	}

	return {readBytes, writeBytes};
}
