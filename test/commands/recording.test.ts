import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {SCHEMA_VERSION} from '../../source/store/schema.js';

// The recording commands end to end: record on a fixture tree, then db info, baselines, compare, report.
const cli = path.resolve('dist/cli.js');
const fixture = ['--procfs', path.resolve('test/fixtures/proc/vm-2cpu'), '--sysfs', path.resolve('test/fixtures/sys/vm-2cpu')];
let directory: string;

function perftop(...args: string[]) {
	const result = spawnSync(process.execPath, [cli, ...args], {
		encoding: 'utf8',
		cwd: directory,
		env: {...process.env, PERFTOP_DB: path.join(directory, 'perftop.db'), NO_COLOR: '1'},
		input: '',
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

describe('recording commands', () => {
	beforeAll(() => {
		directory = mkdtempSync(path.join(tmpdir(), 'perftop-cli-'));
		const recorded = perftop('record', '--interval', '0.5', '--duration', '6', ...fixture);
		expect(recorded).toMatchObject({code: 0, stderr: ''});
	});

	afterAll(() => {
		rmSync(directory, {recursive: true, force: true});
	});

	it('db info reports what was recorded', () => {
		const {code, stdout} = perftop('db', 'info', '--json');
		expect(code).toBe(0);
		const info = JSON.parse(stdout) as {path: string; schemaVersion: number; raw: {ticks: number; samples: number}; sessions: number};
		expect(info.path).toBe(path.join(directory, 'perftop.db'));
		expect(info.schemaVersion).toBe(SCHEMA_VERSION);
		expect(info.raw.ticks).toBeGreaterThanOrEqual(10);
		expect(info.raw.samples).toBeGreaterThan(info.raw.ticks);
		expect(info.sessions).toBe(1);
	});

	it('db with anything but info is a usage error', () => {
		expect(perftop('db', 'drop')).toMatchObject({code: 2});
	});

	it('saves, lists and shows a baseline', () => {
		const saved = perftop('baseline', 'save', 'fixture', '--since', '1h');
		expect(saved.code).toBe(0);
		expect(saved.stdout).toMatch(/^baseline 'fixture' saved: \d+ metrics/);
		expect(saved.stdout).toMatch(/^ {2}covers \S+ → \S+ \(\d+s?\S*, \d+ samples\)$/m);
		// The span the recorded ticks cover (about 6 s), not the hour asked for.
		expect(perftop('baseline', 'list').stdout).toMatch(/^fixture\s+\S+ → \S+ \([4-7]\.?\d*s, 1\d samples\)$/m);
		const shown = JSON.parse(perftop('baseline', 'show', 'fixture', '--json').stdout) as {name: string; metrics: Record<string, {median: number; count: number}>};
		expect(shown.name).toBe('fixture');
		expect(shown.metrics['memory.total_bytes|memory']?.count).toBeGreaterThanOrEqual(10);
	});

	it('baseline save over an existing name needs --force', () => {
		const refused = perftop('baseline', 'save', 'fixture', '--since', '1h');
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/^perftop: baseline 'fixture' exists \(\S+ → \S+ \(.*samples\)\); --force replaces it\n$/);
		expect(perftop('baseline', 'save', 'fixture', '--since', '1h', '--force').code).toBe(0);
	});

	it('compare exits 0 when the window matches the baseline', () => {
		const {code, stdout} = perftop('compare', 'fixture', '--since', '1h');
		expect(stdout).toMatch(/^OK: 0 critical, 0 warning of \d+ metrics vs baseline 'fixture'/);
		// The value compared is the window's median, and the column says so (it said "now").
		expect(stdout).toMatch(/^band +metric +resource +window p50 +baseline p50 +σ/m);
		expect(code).toBe(0);
	});

	it('compare exits 3 (UNKNOWN) with no data in the window or no such baseline', () => {
		const empty = perftop('compare', 'fixture', '--from', '2001-01-01T00:00:00Z', '--to', '2001-01-02T00:00:00Z');
		expect(empty.code).toBe(3);
		expect(empty.stdout).toMatch(/^UNKNOWN: no recorded samples/);
		const missing = perftop('compare', 'nope');
		expect(missing.code).toBe(3);
		expect(missing.stderr).toBe("perftop: no baseline named 'nope' (saved: fixture)\n");
	});

	it('report writes a JSON report with the documented schema version', () => {
		const {code, stdout} = perftop('report', '--since', '1h', '--format', 'json', '--baseline', 'fixture', '--output', 'r.json');
		expect(code).toBe(0);
		expect(stdout.trim()).toBe(path.join(directory, 'r.json'));
		const report = JSON.parse(readFileSync(path.join(directory, 'r.json'), 'utf8')) as {schemaVersion: number; status: string; baseline: {name: string}; use: unknown[]};
		expect(report.schemaVersion).toBe(3);
		expect(report.status).toBe('HEALTHY');
		expect(report.baseline.name).toBe('fixture');
		expect(report.use.length).toBeGreaterThan(3);
	});

	it('report --output - writes the report itself to stdout, with the recorded users of its processes', () => {
		const {code, stdout, stderr} = perftop('report', '--since', '1h', '--format', 'json', '--output', '-');
		expect({code, stderr}).toEqual({code: 0, stderr: ''});
		const report = JSON.parse(stdout) as {topProcesses: {memory: Array<{user: string | null}>}};
		expect(report.topProcesses.memory.length).toBeGreaterThan(0);
		for (const process of report.topProcesses.memory) {
			expect(process.user).toMatch(/^\w+$/);
		}

		expect(existsSync(path.join(directory, '-'))).toBe(false);
	});

	it('report names its default file after host and time, and rejects an unknown format', () => {
		const {code, stdout} = perftop('report', '--since', '1h', '--format', 'html');
		expect(code).toBe(0);
		expect(path.basename(stdout.trim())).toMatch(/^perftop-report-.+-\d{8}-\d{6}\.html$/);
		expect(readFileSync(stdout.trim(), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
		expect(perftop('report', '--format', 'pdf')).toMatchObject({code: 2, stderr: "perftop: --format: expected md, json or html, got 'pdf'\nRun 'perftop --help' for usage.\n"});
	});

	it('removes a baseline, and says so when there is none', () => {
		expect(perftop('baseline', 'rm', 'fixture')).toMatchObject({code: 0, stdout: "baseline 'fixture' removed\n"});
		expect(perftop('baseline', 'rm', 'fixture')).toMatchObject({code: 1, stderr: "perftop: no baseline named 'fixture'\n"});
	});

	it('reading commands fail on a damaged database instead of reporting an empty one, and leave it alone', () => {
		const damaged = path.join(directory, 'damaged.db');
		writeFileSync(damaged, readFileSync(path.join(directory, 'perftop.db')).subarray(0, 40_000));
		const before = readFileSync(damaged);
		for (const command of [['db', 'info'], ['baseline', 'list']]) {
			const {code, stdout, stderr} = perftop(...command, '--db', damaged);
			expect(code).toBe(1);
			expect(stdout).toBe('');
			expect(stderr).toMatch(/^perftop: .*damaged\.db is damaged \(.*\); showing nothing\n$/);
		}

		expect(perftop('compare', 'fixture', '--db', damaged).code).toBe(3);
		expect(readFileSync(damaged).equals(before)).toBe(true);
	});

	it('db info on a missing database is one line and exit 1, and a directory is called a directory', () => {
		const missing = path.join(directory, 'missing.db');
		expect(perftop('db', 'info', '--db', missing)).toEqual({code: 1, stdout: '', stderr: `perftop: no database at ${missing}\n`});
		expect(perftop('db', 'info', '--db', directory)).toEqual({code: 1, stdout: '', stderr: `perftop: ${directory} is a directory, not a database file\n`});
	});
});

describe('beside a running recorder (two processes, one database)', () => {
	it('baseline save and rm work while record runs, and a second record says who records', async () => {
		const database = path.join(directory, 'shared.db');
		const recorder = spawn(process.execPath, [cli, 'record', '--db', database, '--interval', '0.5', '--duration', '120', ...fixture], {stdio: 'ignore'});
		try {
			// Wait until the recorder holds a few ticks (it opens, takes the lock, then records every 0.5 s).
			for (let attempt = 0; attempt < 100; attempt++) {
				const info = perftop('db', 'info', '--json', '--db', database);
				if (info.code === 0 && (JSON.parse(info.stdout) as {raw: {ticks: number}}).raw.ticks >= 12) {
					break;
				}

				await delay(200);
			}

			const saved = perftop('baseline', 'save', 'before-deploy', '--since', '1h', '--db', database);
			expect(saved).toMatchObject({code: 0, stderr: ''});
			expect(saved.stdout).toMatch(/^baseline 'before-deploy' saved: \d+ metrics/);
			expect(perftop('baseline', 'list', '--db', database).stdout).toMatch(/^before-deploy\s/m);
			expect(perftop('baseline', 'rm', 'before-deploy', '--db', database)).toMatchObject({code: 0, stdout: "baseline 'before-deploy' removed\n"});
			expect(perftop('record', '--db', database, '--duration', '1', ...fixture)).toMatchObject({
				code: 1,
				stderr: `perftop: another perftop (pid ${recorder.pid}) is recording to ${database}; not recording\n`,
			});
			// Still recording: the saves did not take its lock or start a session.
			const info = JSON.parse(perftop('db', 'info', '--json', '--db', database).stdout) as {sessions: number};
			expect(info.sessions).toBe(1);
		} finally {
			recorder.kill('SIGTERM');
			await new Promise(resolve => recorder.on('exit', resolve));
		}
	});
});
