import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {openStore} from '../../source/store/open-store.js';
import {runCommand} from '../helpers/run-command.js';
import {sampleAt, tempDatabase} from '../store/temp-db.js';

// The commands that read and write the database, run in-process on a database written through the store.
// `record` would turn TurboFan off for the rest of this test process.
vi.mock('../../source/commands/long-run.js', () => ({tuneForLongRun: () => undefined}));
const startMs = Date.now() - 120_000;
const ticks = 60;
let database: ReturnType<typeof tempDatabase>;

beforeAll(() => {
	database = tempDatabase();
	const {store} = openStore({path: database.path, host: 'box', bootId: 'boot-a', version: '0.1.0'});
	for (let index = 0; index < ticks; index++) {
		store.write(sampleAt(startMs + index * 1000, [
			{id: 'cpu.busy_pct', resource: 'cpu', value: 40 + (index % 7)},
			{id: 'memory.used_pct', resource: 'memory', value: 30 + (index % 3)},
		]));
	}

	store.close();
});

afterAll(() => {
	database.cleanup();
});

describe('commands in-process', () => {
	it('db info --json counts what was written', async () => {
		const {code, stdout} = await runCommand('db', ['info'], {db: database.path, json: true});
		expect(code).toBe(0);
		expect(JSON.parse(stdout)).toMatchObject({path: database.path, raw: {ticks}, series: 2, sessions: 1});
	});

	it('db with another action is a usage error', async () => {
		expect(await runCommand('db', ['drop'], {db: database.path})).toMatchObject({code: 2, stderr: "perftop: db: expected 'perftop db info', got 'perftop db drop'\n"});
	});

	it('baseline save, show and compare agree on the recorded medians', async () => {
		expect(await runCommand('baseline', ['save', 'normal'], {db: database.path, since: '1h'})).toMatchObject({code: 0, stderr: ''});
		const shown = JSON.parse((await runCommand('baseline', ['show', 'normal'], {db: database.path, json: true})).stdout) as {metrics: Record<string, {median: number; count: number}>};
		expect(shown.metrics['cpu.busy_pct|cpu']).toMatchObject({median: 43, count: ticks});
		const compared = await runCommand('compare', ['normal'], {db: database.path, since: '1h'});
		expect(compared.code).toBe(0);
	});

	it('report --output - writes the JSON report to stdout', async () => {
		const {code, stdout} = await runCommand('report', [], {db: database.path, since: '1h', format: 'json', output: '-'});
		expect(code).toBe(0);
		const report = JSON.parse(stdout) as {host: string; series: Array<{key: string; values: number[]}>};
		expect(report.series.find(series => series.key === 'cpu.busy_pct|cpu')?.values).toHaveLength(ticks);
	});

	it('record refuses a database another perftop is recording to, with the reason', async () => {
		const {store} = openStore({path: database.path, host: 'box', bootId: 'boot-a', version: '0.1.0'});
		try {
			const {code, stderr} = await runCommand('record', [], {db: database.path, duration: '1', interval: '0.5', procfs: 'test/fixtures/proc/vm-2cpu', sysfs: 'test/fixtures/sys/vm-2cpu'});
			expect(code).toBe(1);
			expect(stderr).toBe(`perftop: another perftop (pid ${process.pid}) is recording to ${database.path}; not recording\n`);
		} finally {
			store.close();
		}
	});
});
