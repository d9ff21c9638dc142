import {readdirSync, readFileSync, readlinkSync} from 'node:fs';
import path from 'node:path';
import {errorReason} from '../errors.js';

/**
 * What the process detail view shows beyond the process table, read for the one process on screen:
 * memory by kind, fault and context-switch counters, descriptors against their limit, I/O counters and
 * TCP sockets by state. Each group is undefined when it could not be read, with the reason once.
 */
export type ProcessDetailReading = {
	readonly pid: number;
	readonly memory: SmapsRollup | undefined;
	readonly faults: {readonly minor: number; readonly major: number} | undefined;
	readonly contextSwitches: {readonly voluntary: number; readonly involuntary: number} | undefined;
	/** The soft limit is Infinity when unlimited, undefined when unreadable. */
	readonly descriptors: {readonly open: number; readonly limit: number | undefined} | undefined;
	readonly io: ProcessIoCounters | undefined;
	/** TCP sockets (IPv4 and IPv6) the process holds, by state name. */
	readonly tcp: ReadonlyMap<string, number> | undefined;
	/** `group: reason` for each group left undefined, e.g. `I/O: EACCES`. */
	readonly unavailable: readonly string[];
};

/** Proportional set sizes by kind (a shared page counts a share to each process mapping it), and swap; bytes. */
export type SmapsRollup = {
	readonly rssBytes: number;
	readonly pssBytes: number;
	readonly anonBytes: number;
	readonly fileBytes: number;
	readonly shmemBytes: number;
	readonly swapBytes: number;
};

/** /proc/<pid>/io (kernel docs, filesystems/proc.rst 3.3): all counters since the process started. */
export type ProcessIoCounters = {
	/** Bytes passed to read()-like and write()-like calls, cache hits included. */
	readonly readChars: number;
	readonly writeChars: number;
	readonly readSyscalls: number;
	readonly writeSyscalls: number;
	/** Bytes fetched from or sent to storage. */
	readonly readBytes: number;
	readonly writeBytes: number;
};

function kilobytesField(text: string, name: string): number | undefined {
	const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
	return match ? Number(match[1]) * 1024 : undefined;
}

function numberField(text: string, name: string, separator = ':'): number | undefined {
	const match = new RegExp(`^${name}${separator}\\s*(\\d+)\\s*$`, 'm').exec(text);
	return match ? Number(match[1]) : undefined;
}

/** /proc/<pid>/smaps_rollup (Linux 4.14+); Pss_Anon, Pss_File and Pss_Shmem since 5.7. */
export function parseSmapsRollup(text: string): SmapsRollup | undefined {
	const fields = ['Rss', 'Pss', 'Pss_Anon', 'Pss_File', 'Pss_Shmem', 'Swap'].map(name => kilobytesField(text, name));
	if (fields.includes(undefined)) {
		return undefined;
	}

	const [rssBytes, pssBytes, anonBytes, fileBytes, shmemBytes, swapBytes] = fields as number[];
	return {rssBytes: rssBytes!, pssBytes: pssBytes!, anonBytes: anonBytes!, fileBytes: fileBytes!, shmemBytes: shmemBytes!, swapBytes: swapBytes!};
}

/** minflt and majflt, fields 10 and 12 of /proc/<pid>/stat (proc(5)), counted after the `)` ending the name. */
export function parseStatFaults(text: string): {minor: number; major: number} | undefined {
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	// Field 3 (state) is the first after the name.
	const minor = Number(fields[10 - 3]);
	const major = Number(fields[12 - 3]);
	return fields.length > 10 && Number.isFinite(minor) && Number.isFinite(major) ? {minor, major} : undefined;
}

/** voluntary_ctxt_switches and nonvoluntary_ctxt_switches of /proc/<pid>/status, summed over its threads. */
export function parseContextSwitches(statusText: string): {voluntary: number; involuntary: number} | undefined {
	const voluntary = numberField(statusText, 'voluntary_ctxt_switches');
	const involuntary = numberField(statusText, 'nonvoluntary_ctxt_switches');
	return voluntary === undefined || involuntary === undefined ? undefined : {voluntary, involuntary};
}

/** The soft `Max open files` of /proc/<pid>/limits; undefined when unlimited or absent. */
export function parseOpenFilesLimit(text: string): number | undefined {
	const match = /^Max open files\s+(\S+)/m.exec(text);
	return match && /^\d+$/.test(match[1]!) ? Number(match[1]) : undefined;
}

export function parseProcessIoCounters(text: string): ProcessIoCounters | undefined {
	const names = ['rchar', 'wchar', 'syscr', 'syscw', 'read_bytes', 'write_bytes'] as const;
	const values = names.map(name => numberField(text, name));
	if (values.includes(undefined)) {
		return undefined;
	}

	const [readChars, writeChars, readSyscalls, writeSyscalls, readBytes, writeBytes] = values as number[];
	return {readChars: readChars!, writeChars: writeChars!, readSyscalls: readSyscalls!, writeSyscalls: writeSyscalls!, readBytes: readBytes!, writeBytes: writeBytes!};
}

/** include/net/tcp_states.h, as /proc/net/tcp prints them (`st`, hexadecimal). */
const tcpStates: readonly string[] = ['', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV'];

/** Socket inode → TCP state name, from /proc/<pid>/net/tcp or tcp6 (the sockets of the process's network namespace). */
export function parseNetTcp(text: string): Map<number, string> {
	const states = new Map<number, string>();
	for (const line of text.split('\n').slice(1)) {
		const fields = line.trim().split(/\s+/);
		const inode = Number(fields[9]);
		const state = tcpStates[Number.parseInt(fields[3] ?? '', 16)];
		if (fields.length > 9 && inode > 0 && state) {
			states.set(inode, state);
		}
	}

	return states;
}

/** `socket:[304680]` → 304680. */
export function socketInode(link: string): number | undefined {
	const match = /^socket:\[(\d+)\]$/.exec(link);
	return match ? Number(match[1]) : undefined;
}

/** Reads the groups for one process; a group the kernel refuses (another user's process) says why. */
export function readProcessDetail(procfs: string, pid: number): ProcessDetailReading {
	const directory = path.join(procfs, String(pid));
	const unavailable: string[] = [];
	const group = <T>(name: string, read: () => T | undefined): T | undefined => {
		try {
			const value = read();
			if (value === undefined) {
				unavailable.push(`${name}: not in this kernel's format`);
			}

			return value;
		} catch (error) {
			unavailable.push(`${name}: ${errorReason(error)}`);
			return undefined;
		}
	};

	const text = (file: string) => readFileSync(path.join(directory, file), 'utf8');
	const memory = group('memory', () => parseSmapsRollup(text('smaps_rollup')));
	const faults = group('faults', () => parseStatFaults(text('stat')));
	const contextSwitches = group('context switches', () => parseContextSwitches(text('status')));
	const links = group('descriptors', () => readdirSync(path.join(directory, 'fd')).map(fd => {
		try {
			return readlinkSync(path.join(directory, 'fd', fd));
		} catch {
			// Closed between the listing and the link.
			return '';
		}
	}));
	const descriptors = links && {open: links.length, limit: group('descriptor limit', () => parseOpenFilesLimit(text('limits')) ?? Number.POSITIVE_INFINITY)};
	const io = group('I/O', () => parseProcessIoCounters(text('io')));
	const tcp = links && group('TCP sockets', () => {
		const states = new Map([...parseNetTcp(text('net/tcp')), ...parseNetTcp(text('net/tcp6'))]);
		const counts = new Map<string, number>();
		for (const inode of links.map(socketInode)) {
			const state = inode === undefined ? undefined : states.get(inode);
			if (state) {
				counts.set(state, (counts.get(state) ?? 0) + 1);
			}
		}

		return counts;
	});
	return {pid, memory, faults, contextSwitches, descriptors, io, tcp, unavailable};
}
