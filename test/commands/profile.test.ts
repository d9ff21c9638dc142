import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeEach, describe, expect, it} from 'vitest';
import {createFakePerf} from '../helpers/fake-perf.js';

// `perftop profile` end to end through the built CLI, with the fake perf on PATH and a fake procfs.
const cli = path.resolve('dist/cli.js');
const fake = createFakePerf();
const output = mkdtempSync(path.join(os.tmpdir(), 'perftop-profile-out-'));

function perftop(mode: string, ...args: string[]) {
	const result = spawnSync(process.execPath, [cli, 'profile', ...args, '--procfs', fake.procfs], {encoding: 'utf8', env: {...fake.env(mode), NO_COLOR: '1'}, cwd: output, input: ''});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

beforeEach(() => {
	fake.reset();
	rmSync(output, {recursive: true, force: true});
	mkdirSync(output);
});

afterAll(() => {
	fake.remove();
	rmSync(output, {recursive: true, force: true});
});

describe('perftop profile (built dist/cli.js, fake perf)', () => {
	it('profiles a process found by name, prints its hot functions and writes the flame graph and folded stacks next to the reports', () => {
		const {code, stdout, stderr} = perftop('record', 'busy', '--duration', '0.5s');
		expect(stderr).toBe('');
		expect(code).toBe(0);
		expect(stdout).toMatch(/^busy \(PID 4242\): 208 samples in 0\.5 s at 99 Hz: on CPU \d+ % of the time\n/);
		expect(stdout).toMatch(/SELF % {2}TOTAL % {2}FUNCTION +MODULE\n +74\.0 +78\.8 {2}\[dash\] +dash\n/);
		const files = readdirSync(output).sort();
		expect(files).toHaveLength(2);
		expect(files[0]).toMatch(/^perftop-profile-busy-4242-\d{8}-\d{6}\.folded$/);
		expect(files[1]).toMatch(/^perftop-profile-busy-4242-\d{8}-\d{6}\.html$/);
		expect(readFileSync(path.join(output, files[0]!), 'utf8')).toContain('sh;[unknown];[dash];[dash] 17\n');
		expect(stdout).toContain(`wrote ${path.join(output, files[1]!)}`);
	});

	it('writes JSON to --output and folded stacks to stdout with --output -', () => {
		expect(perftop('record', '4242', '--duration', '0.5', '--format', 'json', '--output', 'p.json').code).toBe(0);
		const json = JSON.parse(readFileSync(path.join(output, 'p.json'), 'utf8')) as {samples: number; hotFunctions: Array<{name: string; module: string | null}>};
		expect(json.samples).toBe(208);
		expect(json.hotFunctions[0]).toMatchObject({name: '[dash]', module: 'dash'});
		expect(existsSync(path.join(output, 'p.folded'))).toBe(true);
		const piped = perftop('record', '4242', '--duration', '0.5', '--format', 'folded', '--output', '-');
		expect(piped.stdout.split('\n')[0]).toMatch(/^sh;\S+ \d+$/);
		expect(piped.stderr).toMatch(/^perftop: busy \(PID 4242\): 208 samples/);
	});

	it('lists the processes a name matches and exits 2', () => {
		fake.writeProc('5151/comm', 'busy\n');
		fake.writeProc('5151/cmdline', '/opt/busy\0--other\0');
		const {code, stderr} = perftop('record', 'busy');
		expect(code).toBe(2);
		expect(stderr).toBe("perftop: 'busy' matches 2 processes; profile one by its PID:\n     4242  busy --forever\n     5151  /opt/busy --other\n");
		expect(existsSync(fake.argsFile)).toBe(false);
	});

	it('fails with one line naming the fix, and bad flags are usage errors', () => {
		expect(perftop('gone', '4242', '--duration', '1')).toEqual({code: 1, stdout: '', stderr: 'perftop: PID 4242 exited before perf could attach\n'});
		expect(perftop('record', 'nothing-called-this').stderr).toMatch(/^perftop: profile: no process is called 'nothing-called-this'; give its PID\n/);
		expect(perftop('record', '4242', '--duration', '2h').stderr).toMatch(/^perftop: --duration: must be between 0\.5 s and 1 h/);
		expect(perftop('record', '4242', '--frequency', '99x').code).toBe(2);
		expect(perftop('record', '4242', '--format', 'png').stderr).toMatch(/^perftop: --format: expected html, svg, folded, json, got 'png'/);
		expect(perftop('record').code).toBe(2);
	});
});
