import {digitsValue, fieldEnd, fieldStart} from './fields.js';
import type {CpuTimes, StatReading} from './types.js';

// /proc/stat, as documented in proc(5) and Documentation/filesystems/proc.rst §1.7
// ("Miscellaneous kernel statistics in /proc/stat"). CPU times are in USER_HZ ticks.
//
// `cpu` sums every *possible* CPU, `cpuN` lines appear only for *online* CPUs, so an offline core
// has no line while its frozen ticks stay in the total. Guest time is already counted in user
// (and guest_nice in nice): consumers must not add guest on top of user.

/** Column order of a cpu line. The first four exist on every kernel; later columns were added over time. */
const cpuColumns = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestNice'] as const;

// iowait, irq and softirq arrived in 2.5/2.6.0, steal in 2.6.11, guest in 2.6.24, guest_nice in 2.6.33:
// on a kernel without a column that time was never accounted separately, so 0 is the true value.
const requiredCpuColumns = 4;

type Scalars = {
	contextSwitches?: number;
	forks?: number;
	procsRunning?: number;
	procsBlocked?: number;
	bootTimeSec?: number;
};

const scalarKeys: ReadonlyMap<string, keyof Scalars> = new Map([
	['ctxt', 'contextSwitches'],
	['processes', 'forks'],
	['procs_running', 'procsRunning'],
	['procs_blocked', 'procsBlocked'],
	['btime', 'bootTimeSec'],
]);

/**
 * The tick columns of one cpu line, from `start` (just after its key) to the end; undefined when
 * the line is malformed. Columns past the ones perftop knows are neither checked nor read.
 */
function parseCpuTimes(line: string, start: number): CpuTimes | undefined {
	const values = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
	let count = 0;
	for (let at = fieldStart(line, start); at < line.length;) {
		const end = fieldEnd(line, at);
		if (count < cpuColumns.length) {
			const value = digitsValue(line, at, end);
			if (Number.isNaN(value)) {
				return undefined;
			}

			values[count] = value;
		}

		count++;
		at = fieldStart(line, end);
	}

	if (count < requiredCpuColumns) {
		return undefined;
	}

	const [user, nice, system, idle, iowait, irq, softirq, steal, guest, guestNice] = values as [
		number, number, number, number, number, number, number, number, number, number,
	];
	return {user, nice, system, idle, iowait, irq, softirq, steal, guest, guestNice};
}

/**
 * Parses /proc/stat. A malformed `cpuN` or unrecognised line is skipped; a missing or malformed
 * `cpu` total line or scheduler counter throws, since the reading would be meaningless without it.
 * Lines perftop does not use (`intr` has a field per interrupt, thousands on a large machine) are
 * skipped by their key without being split.
 */
export function parseStat(text: string): StatReading {
	let total: CpuTimes | undefined;
	let sawTotalLine = false;
	const cores = new Map<string, CpuTimes>();
	const scalars: Scalars = {};

	for (const line of text.split('\n')) {
		// The key decides whether the rest of the line is read at all.
		const keyStart = fieldStart(line, 0);
		const end = fieldEnd(line, keyStart);
		const key = line.slice(keyStart, end);
		if (key === '') {
			continue;
		}

		if (key === 'cpu') {
			sawTotalLine = true;
			total = parseCpuTimes(line, end);
			continue;
		}

		if (/^cpu\d+$/.test(key)) {
			const times = parseCpuTimes(line, end);
			if (times !== undefined) {
				cores.set(key, times);
			}

			continue;
		}

		const scalarKey = scalarKeys.get(key);
		if (scalarKey === undefined) {
			continue;
		}

		// Exactly one more field, all digits.
		const valueStart = fieldStart(line, end);
		const valueEnd = fieldEnd(line, valueStart);
		const value = digitsValue(line, valueStart, valueEnd);
		if (!Number.isNaN(value) && fieldStart(line, valueEnd) === line.length) {
			scalars[scalarKey] = value;
		}
	}

	if (total === undefined) {
		throw new Error(sawTotalLine ? '/proc/stat: malformed cpu line' : '/proc/stat: no cpu line');
	}

	return {
		total,
		cores,
		contextSwitches: requireScalar(scalars.contextSwitches, 'ctxt'),
		forks: requireScalar(scalars.forks, 'processes'),
		procsRunning: requireScalar(scalars.procsRunning, 'procs_running'),
		procsBlocked: requireScalar(scalars.procsBlocked, 'procs_blocked'),
		bootTimeSec: requireScalar(scalars.bootTimeSec, 'btime'),
	};
}

function requireScalar(value: number | undefined, key: string): number {
	if (value === undefined) {
		throw new Error(`/proc/stat: no ${key} line`);
	}

	return value;
}
