import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const cli = path.resolve('dist/cli.js');
const fixtureProc = path.resolve('test/fixtures/proc/vm-2cpu');
const fixtureSys = path.resolve('test/fixtures/sys/vm-2cpu');

function perftop(...args: string[]) {
	const result = spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, input: ''});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

describe('perftop command line (built dist/cli.js)', () => {
	it('--help lists every command with an example', () => {
		const {code, stdout} = perftop('--help');
		expect(code).toBe(0);
		expect(stdout).toMatch(/Usage/);
		expect(stdout).toMatch(/sample \[--interval 1\] \[--json\]/);
		expect(stdout).toMatch(/\$ perftop sample --json/);
	});

	it('shows ps and htop the command and its arguments, whole, not just "perftop"', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'perftop-title-'));
		const database = path.join(directory, 'title.db');
		const child = spawn(process.execPath, [cli, 'record', '--db', database, '--duration', '30', '--procfs', fixtureProc, '--sysfs', fixtureSys], {stdio: 'ignore'});
		try {
			const wanted = `perftop record --db ${database} --duration 30 --procfs ${fixtureProc} --sysfs ${fixtureSys}`;
			let title = '';
			for (let attempt = 0; attempt < 200 && !title.startsWith('perftop'); attempt++) {
				// eslint-disable-next-line no-await-in-loop
				await new Promise(resolve => {
					setTimeout(resolve, 50);
				});
				title = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
			}

			expect(title).toBe(wanted);
		} finally {
			child.kill();
			rmSync(directory, {recursive: true, force: true});
		}
	});

	it('--no-color is accepted by a command that draws no colour', () => {
		const {code, stderr} = perftop('sample', '--no-color', '--procfs', fixtureProc, '--sysfs', fixtureSys, '--interval', '0.5');
		expect({code, stderr}).toEqual({code: 0, stderr: ''});
	});

	it('serve prints its URL at start-up also when not on a terminal, with the port 0 picked', () => {
		const {code, stdout} = perftop('serve', '--port', '0', '--no-record', '--duration', '1', '--procfs', fixtureProc, '--sysfs', fixtureSys);
		expect(code).toBe(0);
		expect(stdout).toMatch(/^serving http:\/\/127\.0\.0\.1:[1-9]\d*\/metrics every 5 s\n/);
	});

	it('record with nothing readable says so in one line and exits 1', () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'perftop-empty-'));
		try {
			const {code, stderr} = perftop('record', '--procfs', path.join(directory, 'no-proc'), '--sysfs', path.join(directory, 'no-sys'), '--db', path.join(directory, 'p.db'), '--interval', '0.5', '--duration', '5');
			expect(code).toBe(1);
			expect(stderr).toMatch(/^perftop: nothing readable to record \(cannot read .*no-proc\/stat: ENOENT\)\n$/);
		} finally {
			rmSync(directory, {recursive: true, force: true});
		}
	});

	it('--version prints the package version', () => {
		const {code, stdout} = perftop('--version');
		expect(code).toBe(0);
		expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
	});

	it('an unknown flag is one line plus the help hint, exit 2, no stack trace', () => {
		const {code, stderr} = perftop('--frobnicate');
		expect(code).toBe(2);
		expect(stderr).toBe("perftop: unknown option --frobnicate\nRun 'perftop --help' for usage.\n");
	});

	it('a flag given twice is one line plus the help hint, exit 2, no stack trace', () => {
		const {code, stderr} = perftop('--db', '/tmp/perftop-a.db', '--db', '/tmp/perftop-b.db');
		expect(code).toBe(2);
		expect(stderr).toBe("perftop: the flag --db can only be set once.\nRun 'perftop --help' for usage.\n");
	});

	it('an unknown command exits 2 with a one-line message', () => {
		const {code, stderr} = perftop('explode');
		expect(code).toBe(2);
		expect(stderr.split('\n')[0]).toBe("perftop: unknown command 'explode'");
	});

	it('a flag the command does not take is a usage error', () => {
		const {code, stderr} = perftop('sample', '--once');
		expect(code).toBe(2);
		expect(stderr).toMatch(/^perftop: 'sample' does not take --once/);
	});

	it('a flag left without its value is a usage error, not an empty path or duration', () => {
		const {code, stderr} = perftop('record', '--db');
		expect(code).toBe(2);
		expect(stderr).toBe("perftop: --db: needs a value\nRun 'perftop --help' for usage.\n");
		expect(perftop('record', '--duration', '--db', '/tmp/never.db').stderr).toMatch(/^perftop: --duration: needs a value/);
	});

	it('a bad interval names the flag', () => {
		const {code, stderr} = perftop('sample', '--interval', 'soon');
		expect(code).toBe(2);
		expect(stderr).toMatch(/^perftop: --interval: expected a duration/);
	});

	it('sample --json on a fixture tree prints one JSON document with the documented fields', () => {
		const {code, stdout} = perftop('sample', '--json', '--interval', '0.5', '--procfs', fixtureProc, '--sysfs', fixtureSys);
		expect(code).toBe(0);
		const document = JSON.parse(stdout) as Record<string, unknown>;
		expect(Object.keys(document)).toEqual(['timestamp', 'host', 'intervalSeconds', 'metrics', 'unavailable']);
		const metrics = document['metrics'] as Array<{id: string; resource: string; use: string; unit: string; value: number | null}>;
		const memoryTotal = metrics.find(metric => metric.id === 'memory.total_bytes');
		expect(memoryTotal?.resource).toBe('memory');
		expect(memoryTotal?.value).toBeGreaterThan(0);
		// A fixture tree does not change between the two readings: rates are zero, not missing.
		expect(metrics.find(metric => metric.id === 'system.context_switches_per_s')?.value).toBe(0);
	});

	it('sample prints a plain grouped table with no escape codes when piped', () => {
		const {code, stdout} = perftop('sample', '--interval', '0.5', '--procfs', fixtureProc, '--sysfs', fixtureSys);
		expect(code).toBe(0);
		expect(stdout).not.toMatch(/\u001B\[/);
		expect(stdout).toMatch(/^memory$/m);
		expect(stdout).toMatch(/^ {2}used\s+\S+/m);
	});
});
