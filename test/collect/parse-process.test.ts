import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseCmdline, parseProcessIo, parseProcessStat, parseStatusUid} from '../../source/collect/parse-process.js';

const fixture = (path: string) => readFileSync(`test/fixtures/proc/vm-2cpu/${path}`, 'utf8');
const bytes = (text: string) => Buffer.from(text, 'utf8');
const fixtureBytes = (path: string) => readFileSync(`test/fixtures/proc/vm-2cpu/${path}`);

describe('parseProcessStat', () => {
	it('reads the fields perftop uses from a real stat', () => {
		expect(parseProcessStat(fixtureBytes('1/stat'))).toEqual({
			pid: 1,
			name: 'process_api',
			ppid: 0,
			state: 'S',
			childMinorFaults: 2_063_228,
			utimeTicks: 270,
			stimeTicks: 479,
			threads: 13,
			startTimeTicks: 20,
			rssPages: 3662,
		});
	});

	it('takes comm up to the last parenthesis, spaces and ")" included (a real process named "a b)c")', () => {
		expect(parseProcessStat(fixtureBytes('16916/stat'))).toMatchObject({pid: 16_916, name: 'a b)c', state: 'S', ppid: 16_915, threads: 1, startTimeTicks: 143_016, rssPages: 417});
	});

	it('is not fooled by a comm that looks like the following fields', () => {
		const text = '77 (x) R 1 2 3) Z 1 1 1 0 -1 0 0 0 0 0 12 34 0 0 20 0 5 0 900 1000 8 0\n';
		expect(parseProcessStat(bytes(text))).toMatchObject({name: 'x) R 1 2 3', state: 'Z', utimeTicks: 12, stimeTicks: 34, threads: 5, startTimeTicks: 900, rssPages: 8});
	});

	it('reads the parent and its reaped children\'s faults, and leaves their CPU time out (a script that has reaped fio)', () => {
		const stat = parseProcessStat(readFileSync('test/fixtures/proc/wrapper-fio-t1/30210/stat'));
		// cutime 92 and cstime 88 are fio's CPU time: they must not count as the script's.
		expect(stat).toMatchObject({pid: 30_210, name: 'load.sh', ppid: 30_209, childMinorFaults: 4421, utimeTicks: 0, stimeTicks: 0});
	});

	it('reads a kernel thread', () => {
		expect(parseProcessStat(fixtureBytes('2/stat'))).toMatchObject({name: 'kthreadd', rssPages: 0, threads: 1});
	});

	it.each([
		['no parentheses', '12 bash S 1 2'],
		['truncated', '12 (bash) S 1 2 3'],
		['non-numeric utime', '1 (a) S 0 0 0 0 -1 0 0 0 0 0 x 1 0 0 20 0 1 0 5 100 3'],
		['empty', ''],
	])('throws on %s', (_label, text) => {
		expect(() => parseProcessStat(bytes(text))).toThrow(/malformed process stat/);
	});
});

describe('parseProcessStat on a shared buffer', () => {
	it('decodes a multi-byte comm and reads a line without a newline', () => {
		expect(parseProcessStat(bytes('9 (wörk ✓) R 1 1 1 0 -1 0 0 0 0 0 3 4 0 0 20 0 2 0 77 100 5'))).toMatchObject({name: 'wörk ✓', state: 'R', utimeTicks: 3, stimeTicks: 4, threads: 2, startTimeTicks: 77, rssPages: 5});
	});

	it('gives what Number() gives for a sign or a number too long to sum exactly', () => {
		const parsed = parseProcessStat(bytes('9 (a) S 1 1 1 0 -1 0 0 0 0 0 12345678901234567 4 0 0 20 0 2 0 77 100 -5\n'));
		expect(parsed.utimeTicks).toBe(Number('12345678901234567'));
		expect(parsed.rssPages).toBe(0);
	});

	it('throws on a non-numeric field', () => {
		expect(() => parseProcessStat(bytes('1 (a) S 0 0 0 0 -1 0 0 0 0 0 1x 1 0 0 20 0 1 0 5 100 3'))).toThrow(/malformed process stat: '1 \(a\) S/);
	});

	it('reads only bytes[start, end) of a larger buffer', () => {
		const line = '9 (a) S 1 1 1 0 -1 0 0 0 0 0 3 4 0 0 20 0 2 0 77 100 5\n';
		const next = '8 (b)) R 1 1 1 0 -1 0 0 0 0 0 9 9 0 0 20 0 9 0 99 100 9\n';
		const buffer = bytes(`${line}${next}${line}`);
		expect(parseProcessStat(buffer, 0, line.length)).toMatchObject({pid: 9, name: 'a', state: 'S', rssPages: 5});
		expect(parseProcessStat(buffer, line.length, line.length + next.length)).toMatchObject({pid: 8, name: 'b)', state: 'R', rssPages: 9});
		expect(() => parseProcessStat(buffer, 0, 0)).toThrow(/malformed process stat/);
		expect(() => parseProcessStat(buffer, line.length, line.length)).toThrow(/malformed process stat/);
	});

	it('finds no comm of its own in bytes before `start`', () => {
		const buffer = bytes('1 (a) S 0\n42 S 1 1 1 0 -1 0 0 0 0 0 3 4 0 0 20 0 2 0 77 100 5\n');
		expect(() => parseProcessStat(buffer, 10)).toThrow(/malformed process stat: '42 S/);
	});

	it('returns the known name when comm still spells it, and the new one when it changed', () => {
		const line = bytes('9 (wörk ✓) R 1 1 1 0 -1 0 0 0 0 0 3 4 0 0 20 0 2 0 77 100 5');
		expect(parseProcessStat(bytes('9 (work) R 1 1 1 0 -1 0 0 0 0 0 3 4 0 0 20 0 2 0 77 100 5'), undefined, undefined, 'work').name).toBe('work');
		expect(parseProcessStat(line, undefined, undefined, 'work').name).toBe('wörk ✓');
		expect(parseProcessStat(line, undefined, undefined, 'wörk ✓').name).toBe('wörk ✓');
		expect(parseProcessStat(bytes('9 (worm) R 1 1 1 0 -1 0 0 0 0 0 3 4 0 0 20 0 2 0 77 100 5'), undefined, undefined, 'work').name).toBe('worm');
	});
});

describe('parseStatusUid', () => {
	it('returns the effective uid', () => {
		expect(parseStatusUid(fixture('16973/status'))).toBe(65_534);
		expect(parseStatusUid('Name:\tx\nUid:\t1000\t0\t0\t0\n')).toBe(0);
		expect(parseStatusUid('Uid:\t7\t8\t9\t10')).toBe(8);
	});

	it('is undefined without a Uid line', () => {
		expect(parseStatusUid('Name:\tx\nGid:\t0\t0\t0\t0\n')).toBeUndefined();
	});
});

describe('parseProcessIo', () => {
	it('reads read_bytes and write_bytes, not cancelled_write_bytes', () => {
		expect(parseProcessIo(fixtureBytes('4232/io'))).toEqual({readBytes: 6_557_696, writeBytes: 2_281_472});
	});

	it('reads nothing from an empty value', () => {
		expect(parseProcessIo(bytes('read_bytes: \nwrite_bytes: 5\n'))).toBeUndefined();
	});

	it('reads only bytes[start, end) of a larger buffer', () => {
		const text = 'read_bytes: 7\nwrite_bytes: 8\n';
		const buffer = Buffer.from(`${text}read_bytes: 70\nwrite_bytes: 80\n`);
		expect(parseProcessIo(buffer, 0, text.length)).toEqual({readBytes: 7, writeBytes: 8});
		expect(parseProcessIo(buffer, 0, text.length - 3)).toBeUndefined();
		expect(parseProcessIo(buffer, text.length)).toEqual({readBytes: 70, writeBytes: 80});
		expect(parseProcessIo(buffer, 1, text.length)).toBeUndefined();
	});

	it('is undefined for an empty or foreign file', () => {
		expect(parseProcessIo(bytes(''))).toBeUndefined();
		expect(parseProcessIo(bytes('rchar: 1\n'))).toBeUndefined();
	});
});

describe('parseCmdline', () => {
	it('joins NUL-separated arguments with spaces', () => {
		expect(parseCmdline(fixture('16916/cmdline'), 'a b)c')).toBe('./a b)c 600');
	});

	it('shows a kernel thread as [name]', () => {
		expect(parseCmdline(fixture('2/cmdline'), 'kthreadd')).toBe('[kthreadd]');
	});

	it('drops the padding of a rewritten title', () => {
		expect(parseCmdline('postgres: walwriter   \0\0\0', 'postgres')).toBe('postgres: walwriter');
	});
});
