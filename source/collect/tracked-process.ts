import type {HeldFile} from './held-files.js';
import type {ProcessIo, ProcessStat} from './parse-process.js';
import {nothingReaped, type ReapedState} from './reaped-io.js';
import type {ProcessReading} from './types.js';

// What the process scan keeps of one process between ticks. One flat object a process (a field
// read is a load, not a chase through nested objects), typed in parts so each field's role is
// plain. A new per-process fact read now and then belongs with `CachedFacts`; a counter turned
// into a change per tick, with `PreviousCounters` and `ScanChanges`. What the rest of perftop sees
// is the `ProcessReading` made of it (types.ts).

/** Who it is: fixed while the pid directory stands. */
type Identity = {
	readonly pid: number;
	/** The name of its pid directory in procfs, and the directory's path. */
	readonly entry: string;
	readonly directory: string;
	readonly statFile: HeldFile;
	readonly ioFile: HeldFile;
};

/** Facts kept while the same process runs: dropped when its start time changes. */
type CachedFacts = {
	/** comm at the last read: parsing returns this same string while it is unchanged. */
	name: string | undefined;
	startTimeTicks: number | undefined;
	uid: number | undefined;
	uidReadAtMs: number;
	command: string | undefined;
	commandReadAtMs: number;
	/** Its control groups, read with the command line (empty: at the root, or unreadable). */
	cgroups: readonly string[] | undefined;
	/** Its io file cannot be read (another user's process, no I/O accounting): not asked again. */
	ioUnreadable: boolean;
};

/** Counters at the previous scan, for this scan's changes. */
type PreviousCounters = {
	/** utime + stime. */
	cpuTicks: number | undefined;
	/** read + write bytes, its own (less what reaped children brought). */
	ioBytes: number | undefined;
};

/** Its reaped children's share of its I/O counters (reaped-io.ts). */
type Reaping = {
	/** `cminflt` at the previous scan: it grows when the process reaps a child. */
	childMinorFaults: number | undefined;
	reaping: ReapedState;
};

/** Where this tick's stat and io texts lie in the shared buffer; ioEnd is -1 when io was not read. */
type TextSpans = {
	statStart: number;
	statEnd: number;
	ioStart: number;
	ioEnd: number;
};

/**
 * What was parsed in scan `parsedInScan`, from the bytes that scan left at the `previous…` places in
 * the reader's copy of it; previousIoEnd is -1 when io was not read. Bytes equal to those parse to
 * the same values, so the objects are taken again instead of parsing.
 */
type ParseCache = {
	parsedInScan: number;
	stat: ProcessStat | undefined;
	io: ProcessIo | undefined;
	previousStatStart: number;
	previousStatEnd: number;
	previousIoStart: number;
	previousIoEnd: number;
	/** The reading made of them, returned again while they, the uid and the command are unchanged. */
	reading: ProcessReading | undefined;
};

/** This scan's outcome: when it was last found, its changes since the last scan, whether it ran, whether its stat and io bytes are the same. */
type ScanChanges = {
	seenInScan: number;
	cpuDelta: number | undefined;
	ioDelta: number | undefined;
	ran: boolean;
	unchanged: boolean;
};

export type Tracked = Identity & CachedFacts & PreviousCounters & Reaping & TextSpans & ParseCache & ScanChanges;

/** A tracked process once this scan has read it: its stat and uid are this scan's. */
export type Scanned = Tracked & {readonly stat: ProcessStat; readonly uid: number};

/** A process seen for the first time, in scan `scan`: nothing known of it but where it lives. */
export function newTracked(pid: number, entry: string, directory: string, statFile: HeldFile, ioFile: HeldFile, scan: number): Tracked {
	return {
		pid,
		entry,
		directory,
		statFile,
		ioFile,
		name: undefined,
		startTimeTicks: undefined,
		uid: undefined,
		uidReadAtMs: 0,
		command: undefined,
		commandReadAtMs: 0,
		cgroups: undefined,
		ioUnreadable: false,
		cpuTicks: undefined,
		ioBytes: undefined,
		childMinorFaults: undefined,
		reaping: nothingReaped,
		statStart: 0,
		statEnd: 0,
		ioStart: 0,
		ioEnd: -1,
		parsedInScan: 0,
		stat: undefined,
		io: undefined,
		previousStatStart: 0,
		previousStatEnd: 0,
		previousIoStart: 0,
		previousIoEnd: -1,
		reading: undefined,
		seenInScan: scan,
		cpuDelta: undefined,
		ioDelta: undefined,
		ran: false,
		unchanged: false,
	};
}

/** Forgets what was cached of the process before: another one is behind the same files now. */
export function resetFacts(tracked: Tracked, startTimeTicks: number): void {
	tracked.startTimeTicks = startTimeTicks;
	tracked.uid = undefined;
	tracked.command = undefined;
	tracked.cgroups = undefined;
	tracked.cpuTicks = undefined;
	tracked.ioBytes = undefined;
	tracked.childMinorFaults = undefined;
	tracked.reaping = nothingReaped;
	tracked.ioUnreadable = false;
}
