import {describe, expect, it} from 'vitest';
import {afterReaping, nothingReaped, readThreadsIo} from '../../source/collect/reaped-io.js';

const io = (readBytes: number, writeBytes: number) => ({readBytes, writeBytes});

describe('afterReaping', () => {
	it('takes out all the growth its threads did not do (the first check: all they did in their lives)', () => {
		const state = afterReaping(nothingReaped, io(0, 0), io(53_485_568, 15_512_662_016), io(4096, 0));
		expect(state.fromChildren).toEqual(io(53_481_472, 15_512_662_016));
		expect(state.own).toEqual(io(4096, 0));
	});

	it('counts what the process was credited with since the last check against its threads\' growth', () => {
		// Checked at 100 own bytes; since then 50 more were credited at ticks without reaping, and now a child brings 1,000.
		const checked = {fromChildren: io(0, 500), threads: io(0, 100), own: io(0, 100)};
		const state = afterReaping(checked, io(0, 650), io(0, 1660), io(0, 160));
		// Its threads grew 60 since the check, 50 of them credited already: 10 of this tick's 1,010 are its own.
		expect(state.fromChildren.writeBytes).toBe(500 + 1000);
		expect(state.own).toEqual(io(0, 160));
	});

	it('never takes out more than the growth, nor anything when the counters did not grow', () => {
		expect(afterReaping(nothingReaped, io(10, 10), io(10, 15), io(999, 999)).fromChildren).toEqual(io(0, 0));
		expect(afterReaping(nothingReaped, io(10, 10), io(10, 15), io(0, 0)).fromChildren).toEqual(io(0, 5));
	});
});

describe('readThreadsIo', () => {
	it('sums the io of every thread', () => {
		expect(readThreadsIo('test/fixtures/proc/wrapper-fio/30211')).toEqual(io(53_477_376, 20_480));
		expect(readThreadsIo('test/fixtures/proc/wrapper-fio-t1/30210')).toEqual(io(4096, 0));
	});

	it('gives nothing for a process that is gone', () => {
		expect(readThreadsIo('test/fixtures/proc/wrapper-fio/1')).toBeUndefined();
	});
});
