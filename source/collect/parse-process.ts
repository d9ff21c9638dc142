// Parsers for /proc/<pid>/{stat,status,io,cmdline}, proc(5). They run once per process per tick,
// so they scan the text by hand instead of splitting it into arrays or matching regexes.

/** What one tick needs from /proc/<pid>/stat. Times in jiffies (USER_HZ). */
export type ProcessStat = {
	readonly pid: number;
	/** `comm`: the executable name, at most 15 bytes, may hold spaces and parentheses. */
	readonly name: string;
	readonly state: string;
	readonly utimeTicks: number;
	readonly stimeTicks: number;
	readonly threads: number;
	readonly startTimeTicks: number;
	readonly rssPages: number;
};

// Field numbers of proc(5), counted from 1; field 3 (state) is the first after the closing parenthesis.
const utimeField = 14;
const stimeField = 15;
const threadsField = 20;
const startTimeField = 22;
const rssField = 24;

/**
 * `pid (comm) state ppid …`. comm may contain spaces and ')', so it ends at the LAST ')' of the line,
 * and every field after it is a plain number or the one-letter state.
 */
export function parseProcessStat(text: string): ProcessStat {
	const open = text.indexOf('(');
	const close = text.lastIndexOf(')');
	if (open <= 0 || close < open || text.charCodeAt(close + 1) !== 32) {
		throw new Error(`malformed process stat: '${text.slice(0, 80)}'`);
	}

	const pid = Number(text.slice(0, open - 1));
	const name = text.slice(open + 1, close);
	let utimeTicks = Number.NaN;
	let stimeTicks = Number.NaN;
	let threads = Number.NaN;
	let startTimeTicks = Number.NaN;
	let rssPages = Number.NaN;
	let state = '';
	let field = 3;
	let start = close + 2;
	while (start < text.length && field <= rssField) {
		let end = text.indexOf(' ', start);
		if (end === -1) {
			end = text.charCodeAt(text.length - 1) === 10 ? text.length - 1 : text.length;
		}

		switch (field) {
			case 3: {
				state = text.slice(start, end);
				break;
			}

			case utimeField: {
				utimeTicks = Number(text.slice(start, end));
				break;
			}

			case stimeField: {
				stimeTicks = Number(text.slice(start, end));
				break;
			}

			case threadsField: {
				threads = Number(text.slice(start, end));
				break;
			}

			case startTimeField: {
				startTimeTicks = Number(text.slice(start, end));
				break;
			}

			case rssField: {
				rssPages = Number(text.slice(start, end));
				break;
			}

			default:
		}

		field++;
		start = end + 1;
	}

	if (
		!Number.isInteger(pid)
		|| state.length === 0
		|| !Number.isFinite(utimeTicks)
		|| !Number.isFinite(stimeTicks)
		|| !Number.isFinite(threads)
		|| !Number.isFinite(startTimeTicks)
		|| !Number.isFinite(rssPages)
	) {
		throw new Error(`malformed process stat: '${text.slice(0, 80)}'`);
	}

	// A kernel thread's rss is 0; a negative rss never appears in a sane kernel, but clamp anyway.
	return {pid, name, state, utimeTicks, stimeTicks, threads, startTimeTicks, rssPages: Math.max(0, rssPages)};
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

/** `read_bytes` and `write_bytes` of /proc/<pid>/io: bytes the process caused to be fetched from or sent to storage. */
export function parseProcessIo(text: string): ProcessIo | undefined {
	const readBytes = numberAfter(text, 'read_bytes: ');
	const writeBytes = numberAfter(text, '\nwrite_bytes: ');
	if (readBytes === undefined || writeBytes === undefined) {
		return undefined;
	}

	return {readBytes, writeBytes};
}

function numberAfter(text: string, label: string): number | undefined {
	const at = text.indexOf(label);
	if (at === -1) {
		return undefined;
	}

	const start = at + label.length;
	let end = text.indexOf('\n', start);
	if (end === -1) {
		end = text.length;
	}

	const value = Number(text.slice(start, end));
	return Number.isFinite(value) && end > start ? value : undefined;
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
