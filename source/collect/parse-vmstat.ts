import type {VmStatReading} from './types.js';

// /proc/vmstat: one "name value" counter per line, names from mm/vmstat.c (vmstat_text); the file
// is not otherwise documented (proc(5) lists some fields). Counters are events or pages since boot:
//   pswpin, pswpout  pages swapped in / out
//   pgfault          page faults, minor and major
//   pgmajfault       major faults (needed I/O)
//   oom_kill         OOM-killer kills, from kernel 4.13 on

const unsignedInteger = /^\d+$/;

/**
 * Counters of /proc/vmstat, all of them or only `keys`. Malformed lines are skipped. The file has
 * ~200 lines and perftop needs five, so lines are scanned with indexOf and only wanted values parsed.
 */
export function parseVmStatFields(text: string, keys?: ReadonlySet<string>): ReadonlyMap<string, number> {
	const fields = new Map<string, number>();
	let start = 0;
	while (start < text.length) {
		let end = text.indexOf('\n', start);
		if (end === -1) {
			end = text.length;
		}

		const space = text.indexOf(' ', start);
		if (space > start && space < end) {
			const key = text.slice(start, space);
			if (keys === undefined || keys.has(key)) {
				const value = text.slice(space + 1, end).trim();
				if (unsignedInteger.test(value)) {
					fields.set(key, Number(value));
				}
			}
		}

		start = end + 1;
	}

	return fields;
}

const wantedKeys: ReadonlySet<string> = new Set(['pswpin', 'pswpout', 'pgmajfault', 'pgfault', 'oom_kill']);

export function parseVmStat(text: string): VmStatReading {
	const fields = parseVmStatFields(text, wantedKeys);
	const required = (key: string): number => {
		const value = fields.get(key);
		if (value === undefined) {
			throw new Error(`/proc/vmstat: no ${key} counter`);
		}

		return value;
	};

	const reading = {
		pswpin: required('pswpin'),
		pswpout: required('pswpout'),
		pgmajfault: required('pgmajfault'),
		pgfault: required('pgfault'),
	};
	const oomKill = fields.get('oom_kill');
	return oomKill === undefined ? reading : {...reading, oomKill};
}
