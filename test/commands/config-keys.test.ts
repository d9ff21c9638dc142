import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runCommand} from '../helpers/run-command.js';

let directory: string | undefined;
afterEach(() => {
	if (directory !== undefined) {
		rmSync(directory, {recursive: true, force: true});
	}
});

function configFile(text: string): string {
	directory = mkdtempSync(path.join(tmpdir(), 'perftop-keys-'));
	const file = path.join(directory, 'config.yaml');
	writeFileSync(file, text);
	return file;
}

describe('config check: keys', () => {
	it('reports unknown commands, unknown key names and conflicts with exit 2', async () => {
		const file = configFile('keys:\n  quit: [q, ctlr+c]\n  report: o\n  frobnicate: x\n');
		const {code, stderr} = await runCommand('config', ['check', file], {});
		expect(code).toBe(2);
		expect(stderr).toContain(`${file}: keys.quit: unknown key name 'ctlr+c'`);
		expect(stderr).toContain(`${file}: keys.report: o is also cycleSort's key`);
		expect(stderr).toContain(`${file}: keys.frobnicate: unknown command`);
	});

	it('accepts a keymap that moves keys around without a clash', async () => {
		const file = configFile('keys:\n  quit: [q, ctrl+c]\n  report: S\n  snapshotReport: W\n  signalMenu: k\n  selectUp: up\n');
		const {code, stdout} = await runCommand('config', ['check', file], {});
		expect(code).toBe(0);
		expect(stdout).toContain(`${file}: valid`);
	});

	it('the dashboard refuses the same file before drawing anything', async () => {
		const file = configFile('keys:\n  report: o\n');
		const {code, stderr} = await runCommand('', [], {config: file, once: true});
		expect(code).toBe(2);
		expect(stderr).toContain('keys.report: o is also cycleSort\'s key');
	});
});
