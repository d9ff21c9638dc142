import process from 'node:process';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {logTickErrors, tickErrorCounter, type TickError} from '../../source/commands/tick-errors.js';

describe('tickErrorCounter', () => {
	it('tells a new error as it is and counts the same one again instead of telling it afresh', () => {
		const told: TickError[] = [];
		const onError = tickErrorCounter(error => told.push(error));
		onError(new Error('EMFILE: too many open files'));
		onError(new Error('EMFILE: too many open files'));
		onError(new Error('EMFILE: too many open files'));
		onError('a string was thrown');
		onError(new Error('EMFILE: too many open files'));
		expect(told).toEqual([
			{line: 'tick failed: EMFILE: too many open files', count: 1},
			{line: 'tick failed: EMFILE: too many open files (2 times)', count: 2},
			{line: 'tick failed: EMFILE: too many open files (3 times)', count: 3},
			{line: 'tick failed: a string was thrown', count: 1},
			{line: 'tick failed: EMFILE: too many open files', count: 1},
		]);
	});
});

describe('logTickErrors', () => {
	afterEach(() => {
		vi.restoreAllMocks();
	});

	it('writes one stderr line for a new error and again at its 10th and 100th repeat', () => {
		const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
		const onError = logTickErrors();
		for (let index = 0; index < 120; index++) {
			onError(new Error('disk gone'));
		}

		expect(write.mock.calls.map(call => call[0])).toEqual([
			'perftop: tick failed: disk gone\n',
			'perftop: tick failed: disk gone (10 times)\n',
			'perftop: tick failed: disk gone (100 times)\n',
		]);
	});
});
