// Parsers for /proc/<pid>/{stat,status,io,cmdline}, proc(5). They run once per process per tick,
// so they scan the text by hand instead of splitting it into arrays or matching regexes.

/** What one tick needs from /proc/<pid>/stat. Times in jiffies (USER_HZ). */
export type ProcessStat = {
	readonly pid: number;
	/** `comm`: the executable name, at most 15 bytes, may hold spaces and parentheses. */
	readonly name: string;
	readonly state: string;
	/** The parent's pid; 0 for init and kthreadd, whose parent is outside the namespace. */
	readonly ppid: number;
	/**
	 * `cminflt`: minor faults of the children it has waited for. Every process that ran faults,
	 * so this grows exactly when the process reaps a child.
	 */
	readonly childMinorFaults: number;
	/** Its own CPU time; `cutime` and `cstime` (its reaped children's) are deliberately not read. */
	readonly utimeTicks: number;
	readonly stimeTicks: number;
	readonly threads: number;
	readonly startTimeTicks: number;
	readonly rssPages: number;
};

// Field numbers of proc(5), counted from 1; field 3 (state) is the first after the closing parenthesis.
const ppidField = 4;
const childMinorFaultsField = 11;
const utimeField = 14;
const stimeField = 15;
const threadsField = 20;
const startTimeField = 22;
const rssField = 24;

// The per-tick path parses the kernel's bytes where they were read: no string of the whole file is
// made, only of comm and the state letter. '(' , ')', ' ' and digits are single bytes that never
// occur inside a multi-byte UTF-8 sequence, so byte offsets split the text exactly as characters do.

/** One-letter strings by byte, so the state field costs no allocation. */
const letters: readonly string[] = Array.from({length: 128}, (_, code) => String.fromCharCode(code));

/**
 * The number in bytes[start, end): digits are summed directly; anything else (a sign, an empty
 * field, more digits than a double holds exactly) goes through Number() on the text, so the result
 * is always what Number() would give.
 */
function numberIn(bytes: Buffer, start: number, end: number): number {
	if (end > start && end - start <= 15) {
		let value = 0;
		let index = start;
		for (; index < end; index++) {
			const digit = bytes[index]! - 48;
			if (digit < 0 || digit > 9) {
				break;
			}

			value = (value * 10) + digit;
		}

		if (index === end) {
			return value;
		}
	}

	return Number(bytes.toString('utf8', start, end));
}

/** The first `byte` in bytes[start, end), or -1; a plain loop, as the lines are short and a native call per field costs more. */
function find(bytes: Buffer, end: number, byte: number, start: number): number {
	for (let index = start; index < end; index++) {
		if (bytes[index] === byte) {
			return index;
		}
	}

	return -1;
}

/** True when bytes[start, end) spell `text` and `text` is ASCII (one byte a character). */
function isAsciiText(bytes: Buffer, start: number, end: number, text: string): boolean {
	if (end - start !== text.length) {
		return false;
	}

	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code >= 128 || bytes[start + index] !== code) {
			return false;
		}
	}

	return true;
}

function malformedStat(bytes: Buffer, start: number, end: number): Error {
	return new Error(`malformed process stat: '${bytes.toString('utf8', start, Math.min(end, start + 320)).slice(0, 80)}'`);
}

/**
 * `pid (comm) state ppid …` from the raw bytes of /proc/<pid>/stat, bytes[start, end). comm may
 * contain spaces and ')', so it ends at the LAST ')' of the line, and every field after it is a plain
 * number or the one-letter state. A reader parses its shared buffer in place instead of making a
 * view of it per file. A comm equal to `knownName` (the name this process had last time) is returned
 * as that same string, so an unchanged name costs a comparison instead of a decode.
 */
export function parseProcessStat(bytes: Buffer, start = 0, end = bytes.length, knownName?: string): ProcessStat {
	const open = find(bytes, end, 40, start);
	// Native: the last ')' is near the start, so a backward loop would walk nearly the whole line.
	const close = end === start ? -1 : bytes.lastIndexOf(41, end - 1);
	if (open <= start || close < open || close + 1 >= end || bytes[close + 1] !== 32) {
		throw malformedStat(bytes, start, end);
	}

	const pid = numberIn(bytes, start, open - 1);
	const name = knownName !== undefined && isAsciiText(bytes, open + 1, close, knownName) ? knownName : bytes.toString('utf8', open + 1, close);
	let ppid = Number.NaN;
	let childMinorFaults = Number.NaN;
	let utimeTicks = Number.NaN;
	let stimeTicks = Number.NaN;
	let threads = Number.NaN;
	let startTimeTicks = Number.NaN;
	let rssPages = Number.NaN;
	let state = '';
	let field = 3;
	let fieldStart = close + 2;
	while (fieldStart < end && field <= rssField) {
		let fieldEnd = find(bytes, end, 32, fieldStart);
		if (fieldEnd === -1) {
			fieldEnd = bytes[end - 1] === 10 ? end - 1 : end;
		}

		switch (field) {
			case 3: {
				state = fieldEnd === fieldStart + 1 && bytes[fieldStart]! < 128 ? letters[bytes[fieldStart]!]! : bytes.toString('utf8', fieldStart, fieldEnd);
				break;
			}

			case ppidField: {
				ppid = numberIn(bytes, fieldStart, fieldEnd);
				break;
			}

			case childMinorFaultsField: {
				childMinorFaults = numberIn(bytes, fieldStart, fieldEnd);
				break;
			}

			case utimeField: {
				utimeTicks = numberIn(bytes, fieldStart, fieldEnd);
				break;
			}

			case stimeField: {
				stimeTicks = numberIn(bytes, fieldStart, fieldEnd);
				break;
			}

			case threadsField: {
				threads = numberIn(bytes, fieldStart, fieldEnd);
				break;
			}

			case startTimeField: {
				startTimeTicks = numberIn(bytes, fieldStart, fieldEnd);
				break;
			}

			case rssField: {
				rssPages = numberIn(bytes, fieldStart, fieldEnd);
				break;
			}

			default:
		}

		field++;
		fieldStart = fieldEnd + 1;
	}

	if (
		!Number.isInteger(pid)
		|| state.length === 0
		|| !Number.isInteger(ppid)
		|| !Number.isFinite(childMinorFaults)
		|| !Number.isFinite(utimeTicks)
		|| !Number.isFinite(stimeTicks)
		|| !Number.isFinite(threads)
		|| !Number.isFinite(startTimeTicks)
		|| !Number.isFinite(rssPages)
	) {
		throw malformedStat(bytes, start, end);
	}

	// A kernel thread's rss is 0; a negative rss never appears in a sane kernel, but clamp anyway.
	return {pid, name, state, ppid, childMinorFaults, utimeTicks, stimeTicks, threads, startTimeTicks, rssPages: Math.max(0, rssPages)};
}

/** Effective uid from the `Uid:` line of /proc/<pid>/status (real, effective, saved, filesystem), as ps shows. */
export function parseStatusUid(text: string): number | undefined {
	const at = text.startsWith('Uid:') ? 0 : text.indexOf('\nUid:');
	if (at === -1) {
		return undefined;
	}

	const start = at === 0 ? 4 : at + 5;
	const end = text.indexOf('\n', start);
	const fields = text.slice(start, end === -1 ? text.length : end).trim().split('\t');
	const uid = Number(fields[1] ?? fields[0]);
	return fields[0] !== '' && Number.isInteger(uid) ? uid : undefined;
}

export type ProcessIo = {
	readonly readBytes: number;
	readonly writeBytes: number;
};

const readBytesLabel = Buffer.from('read_bytes: ');
const writeBytesLabel = Buffer.from('\nwrite_bytes: ');

/**
 * `read_bytes` and `write_bytes` of /proc/<pid>/io, from its raw bytes[start, end): bytes the process
 * caused to be fetched from or sent to storage.
 */
export function parseProcessIo(bytes: Buffer, start = 0, end = bytes.length): ProcessIo | undefined {
	const readBytes = numberAfter(bytes, start, end, readBytesLabel);
	const writeBytes = numberAfter(bytes, start, end, writeBytesLabel);
	if (readBytes === undefined || writeBytes === undefined) {
		return undefined;
	}

	return {readBytes, writeBytes};
}

function numberAfter(bytes: Buffer, start: number, end: number, label: Buffer): number | undefined {
	const at = indexOf(bytes, start, end, label);
	if (at === -1) {
		return undefined;
	}

	const valueStart = at + label.length;
	let valueEnd = find(bytes, end, 10, valueStart);
	if (valueEnd === -1) {
		valueEnd = end;
	}

	const value = numberIn(bytes, valueStart, valueEnd);
	return Number.isFinite(value) && valueEnd > valueStart ? value : undefined;
}

/** Buffer.indexOf within bytes[start, end), as a plain loop: the file is short, and the native call costs more than the scan. */
function indexOf(bytes: Buffer, start: number, end: number, label: Buffer): number {
	const last = end - label.length;
	for (let at = start; at <= last; at++) {
		if (bytes[at] === label[0] && startsAt(bytes, at, label)) {
			return at;
		}
	}

	return -1;
}

function startsAt(bytes: Buffer, at: number, label: Buffer): boolean {
	for (let index = 1; index < label.length; index++) {
		if (bytes[at + index] !== label[index]) {
			return false;
		}
	}

	return true;
}

/**
 * /proc/<pid>/cmdline: arguments separated (and usually ended) by NUL. Empty for kernel threads and
 * zombies, which ps shows as `[name]`.
 */
export function parseCmdline(text: string, name: string): string {
	let end = text.length;
	while (end > 0 && text.charCodeAt(end - 1) === 0) {
		end--;
	}

	// Programs that rewrite their title (postgres, nginx) pad it with spaces or NULs.
	const command = text.slice(0, end).replaceAll('\0', ' ').trimEnd();
	return command === '' ? `[${name}]` : command;
}
