import type {ProcessDetailReading, SmapsRollup} from '../collect/read-process-detail.js';
import {rate} from './rate.js';

/** The process detail's depth for one tick: counters turned into rates over the interval since the last reading. */
export type ProcessDetail = {
	readonly pid: number;
	readonly memory: SmapsRollup | undefined;
	readonly minorFaultsPerSec: number | undefined;
	readonly majorFaultsPerSec: number | undefined;
	readonly voluntarySwitchesPerSec: number | undefined;
	/** Preempted while runnable: a sign of CPU saturation. */
	readonly involuntarySwitchesPerSec: number | undefined;
	readonly descriptors: ProcessDetailReading['descriptors'];
	/** Bytes through read()- and write()-like calls, cache hits included. */
	readonly readCharsPerSec: number | undefined;
	readonly writeCharsPerSec: number | undefined;
	readonly syscallsPerSec: number | undefined;
	/** Bytes from and to storage. */
	readonly readBytesPerSec: number | undefined;
	readonly writeBytesPerSec: number | undefined;
	readonly tcp: ProcessDetailReading['tcp'];
	readonly unavailable: readonly string[];
};

/** Rates need a previous reading of the same process; the first tick (or a new pid) has none. */
export function deriveProcessDetail(previous: ProcessDetailReading | undefined, current: ProcessDetailReading, elapsedMs: number): ProcessDetail {
	const before = previous?.pid === current.pid ? previous : undefined;
	const per = <T>(pick: (reading: ProcessDetailReading) => T | undefined, value: (group: T) => number) => {
		const old = before && pick(before);
		const now = pick(current);
		return old === undefined || now === undefined ? undefined : rate(value(old), value(now), elapsedMs);
	};

	return {
		pid: current.pid,
		memory: current.memory,
		minorFaultsPerSec: per(reading => reading.faults, faults => faults.minor),
		majorFaultsPerSec: per(reading => reading.faults, faults => faults.major),
		voluntarySwitchesPerSec: per(reading => reading.contextSwitches, switches => switches.voluntary),
		involuntarySwitchesPerSec: per(reading => reading.contextSwitches, switches => switches.involuntary),
		descriptors: current.descriptors,
		readCharsPerSec: per(reading => reading.io, io => io.readChars),
		writeCharsPerSec: per(reading => reading.io, io => io.writeChars),
		syscallsPerSec: per(reading => reading.io, io => io.readSyscalls + io.writeSyscalls),
		readBytesPerSec: per(reading => reading.io, io => io.readBytes),
		writeBytesPerSec: per(reading => reading.io, io => io.writeBytes),
		tcp: current.tcp,
		unavailable: current.unavailable,
	};
}
