import {mkdtempSync, rmSync, writeFileSync, mkdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {parseContextSwitches, parseNetTcp, parseOpenFilesLimit, parseSmapsRollup, parseStatFaults, readProcessDetail, socketInode} from '../../source/collect/read-process-detail.js';

// A Node echo server on this machine (PID 6975): three client connections to itself on 127.0.0.1, a
// listener on 127.0.0.1 and one on ::1, allocating a MB every 200 ms; read twice, a second apart.
const fixture = (tick: string) => path.resolve(`test/fixtures/proc/process-detail/${tick}`);
const scratch = mkdtempSync(path.join(os.tmpdir(), 'perftop-detail-'));
afterAll(() => {
	rmSync(scratch, {recursive: true, force: true});
});

describe('readProcessDetail on a captured process', () => {
	it('reads memory by kind, faults, context switches, descriptors, I/O and its own TCP sockets by state', () => {
		const reading = readProcessDetail(fixture('tick1'), 6975);
		expect(reading.memory).toEqual({rssBytes: 52_652 * 1024, pssBytes: 16_867 * 1024, anonBytes: 15_512 * 1024, fileBytes: 1355 * 1024, shmemBytes: 0, swapBytes: 0});
		expect(reading.faults).toEqual({minor: 4833, major: 0});
		expect(reading.contextSwitches).toEqual({voluntary: 41, involuntary: 29});
		expect(reading.descriptors).toEqual({open: 28, limit: 20_000});
		expect(reading.io).toEqual({readChars: 407_052, writeChars: 156_041, readSyscalls: 249, writeSyscalls: 162, readBytes: 0, writeBytes: 0});
		// /proc/<pid>/net/tcp lists the namespace's sockets (port 2024 is another process's): only this one's count.
		expect(Object.fromEntries(reading.tcp!)).toEqual({ESTABLISHED: 6, LISTEN: 2});
		expect(reading.unavailable).toEqual([]);
	});

	it('says which group could not be read and why, once each', () => {
		const reading = readProcessDetail(fixture('tick1'), 1);
		expect(reading.memory).toBeUndefined();
		expect(reading.unavailable).toEqual(['memory: ENOENT', 'faults: ENOENT', 'context switches: ENOENT', 'descriptors: ENOENT', 'I/O: ENOENT']);
	});

	it('leaves a file in an older format out with that reason', () => {
		mkdirSync(path.join(scratch, '9', 'fd'), {recursive: true});
		writeFileSync(path.join(scratch, '9', 'smaps_rollup'), 'Rss: 10 kB\nPss: 5 kB\n');
		expect(readProcessDetail(scratch, 9).unavailable[0]).toBe("memory: not in this kernel's format");
	});
});

describe('process detail parsers', () => {
	it('reads fields whatever the process name holds', () => {
		expect(parseStatFaults('42 (a) b) c) S 1 42 42 0 -1 4194560 77 0 3 0 5 6 0 0 20 0 1 0 100 0 0')).toEqual({minor: 77, major: 3});
		expect(parseStatFaults('42 (x) S 1')).toBeUndefined();
		expect(parseContextSwitches('Name:\tx\n')).toBeUndefined();
		expect(parseOpenFilesLimit('Max open files            unlimited            unlimited            files\n')).toBeUndefined();
		expect(parseSmapsRollup('')).toBeUndefined();
		expect(socketInode('socket:[304680]')).toBe(304_680);
		expect(socketInode('pipe:[304680]')).toBeUndefined();
		expect(parseNetTcp('  sl  local\n   0: 0100007F:9623 00000000:0000 06 0:0 00:0 0 0 0 12 1\n').get(12)).toBe('TIME_WAIT');
	});
});
