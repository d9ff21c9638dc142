import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runCommand} from '../helpers/run-command.js';

const directory = mkdtempSync(path.join(tmpdir(), 'perftop-missing-'));
const missing = path.join(directory, 'nope.db');

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

describe('reading commands on a database that does not exist', () => {
	it.each([
		['episodes', []],
		['report', []],
		['baseline', ['list']],
		['baseline', ['show', 'web']],
		['db', ['info']],
		['top', []],
		['export', []],
		['replay', []],
	])('%s %j: one line, exit 1', async (name, args) => {
		expect(await runCommand(name, args, {db: missing})).toEqual({code: 1, stdout: '', stderr: `perftop: no database at ${missing}\n`});
	});

	it('compare says the same line, with the monitoring exit code for "cannot judge" (3 UNKNOWN)', async () => {
		expect(await runCommand('compare', ['web'], {db: missing})).toEqual({code: 3, stdout: '', stderr: `perftop: no database at ${missing}\n`});
	});
});
