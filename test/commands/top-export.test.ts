import {readFileSync} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPerftopRegistry} from '../../source/export/prometheus-registry.js';
import type {ProcessSample} from '../../source/metrics/types.js';
import {openStore} from '../../source/store/open-store.js';
import {SCHEMA_VERSION} from '../../source/store/schema.js';
import {runCommand} from '../helpers/run-command.js';
import {process} from '../helpers/snapshot-builder.js';
import {sampleAt, tempDatabase} from '../store/temp-db.js';

const START_MS = Date.UTC(2024, 0, 1, 12, 0, 0);
const TICKS = 60;
const iso = (ms: number) => new Date(ms).toISOString();
const temp = tempDatabase();
const bare = tempDatabase();

/** Tick i at 1 s: `postgres` at 50 % CPU growing 1 MiB a tick, `fio` writing 2 MB/s from tick 30, cpu busy i %, vda util 2i %. */
function processesAt(index: number): ProcessSample[] {
	return [
		process(812, {name: 'postgres', user: 'postgres', cpuPct: 50, rssBytes: (100 + index) * 1024 ** 2, startedAtMs: START_MS - 3_600_000}),
		...(index >= 30 ? [process(4242, {name: 'fio', cpuPct: 10, rssBytes: 8 * 1024 ** 2, writeBytesPerSec: 2_000_000, startedAtMs: START_MS + 29_500})] : []),
	];
}

beforeAll(() => {
	const {store} = openStore({path: temp.path, now: () => START_MS, chunkTicks: 16});
	for (let index = 0; index < TICKS; index++) {
		store.write({
			...sampleAt(START_MS + index * 1000, [
				{id: 'cpu.busy_pct', resource: 'cpu', value: index},
				{id: 'disk.util_pct', resource: 'disk:vda', value: index * 2},
				{id: 'memory.used_bytes', resource: 'memory', value: 1e9 + index * 4096},
			]),
			processes: processesAt(index),
		});
	}

	store.close();
	// Metrics only: a database written without process records.
	const {store: old} = openStore({path: bare.path, now: () => START_MS});
	old.write(sampleAt(START_MS, [{id: 'cpu.busy_pct', resource: 'cpu', value: 1}]));
	old.close();
});

afterAll(() => {
	temp.cleanup();
	bare.cleanup();
});

const range = {from: iso(START_MS), to: iso(START_MS + TICKS * 1000)};

describe('perftop top', () => {
	it('sums CPU seconds and I/O bytes over the recorded ticks, with peaks, RSS growth and first/last seen', async () => {
		const {code, stdout} = await runCommand('top', [], {db: temp.path, ...range, json: true});
		expect(code).toBe(0);
		const document = JSON.parse(stdout) as {recordedTicks: number; processes: Array<Record<string, unknown>>};
		expect(document.recordedTicks).toBe(TICKS);
		expect(document.processes).toEqual([
			{
				pid: 812, name: 'postgres', user: 'postgres', command: '/usr/bin/proc812 --flag', startedAt: iso(START_MS - 3_600_000),
				// 59 intervals of 1 s at 50 %: the first tick covers no interval.
				cpuSeconds: 29.5, peakCpuPct: 50, peakRssBytes: 159 * 1024 ** 2, rssGrowthBytes: 59 * 1024 ** 2, readBytes: 0, writeBytes: 0, ioBytes: 0,
				firstSeen: iso(START_MS), lastSeen: iso(START_MS + 59_000), recordedTicks: 60,
			},
			{
				pid: 4242, name: 'fio', user: 'root', command: '/usr/bin/proc4242 --flag', startedAt: iso(START_MS + 29_500),
				cpuSeconds: 3, peakCpuPct: 10, peakRssBytes: 8 * 1024 ** 2, rssGrowthBytes: 0, readBytes: 0, writeBytes: 60_000_000, ioBytes: 60_000_000,
				firstSeen: iso(START_MS + 30_000), lastSeen: iso(START_MS + 59_000), recordedTicks: 30,
			},
		]);
	});

	it('ranks by I/O or memory and prints a table', async () => {
		const {code, stdout} = await runCommand('top', [], {db: temp.path, ...range, by: 'io'});
		expect(code).toBe(0);
		const lines = stdout.trimEnd().split('\n');
		expect(lines[0]).toBe('Top processes by I/O, 2024-01-01 12:00:00 UTC to 2024-01-01 12:01:00 UTC (60 recorded ticks)');
		expect(lines[1]).toBe(' PID  NAME      USER      CPU s  peak CPU  peak RSS  RSS growth     I/O  first seen  last seen');
		expect(lines[2]).toBe('4242  fio       root        3.0       10%   8.0 MiB        +0 B  57 MiB    12:00:30   12:00:59');
		expect(lines).toHaveLength(4);
	});

	it('says in one line why there is nothing, with exit 1 for data and 2 for usage', async () => {
		expect(await runCommand('top', [], {db: temp.path, from: iso(START_MS + 3_600_000), to: iso(START_MS + 7_200_000)})).toMatchObject({
			code: 1,
			stderr: 'perftop: no process records between 2024-01-01 13:00:00 UTC and 2024-01-01 14:00:00 UTC (they cover 2024-01-01 12:00:00 UTC to 2024-01-01 12:00:59 UTC)\n',
		});
		expect(await runCommand('top', [], {db: bare.path, ...range})).toMatchObject({code: 1, stderr: `perftop: no process records in ${bare.path} (written by a perftop that did not keep them)\n`});
		expect(await runCommand('top', [], {db: path.join(path.dirname(temp.path), 'none.db'), ...range})).toMatchObject({code: 1, stderr: expect.stringMatching(/^perftop: no database at .*none\.db\n$/) as string});
		expect(await runCommand('top', [], {db: temp.path, by: 'disk'})).toMatchObject({code: 2, stderr: 'perftop: --by: expected cpu, memory or io, got \'disk\'\n'});
		expect(await runCommand('top', [], {db: temp.path, from: range.to, to: range.from})).toMatchObject({code: 2, stderr: 'perftop: --to must be later than --from\n'});
	});
});

describe('perftop export', () => {
	const output = (name: string) => path.join(path.dirname(temp.path), name);

	it('writes every value of the chosen series as CSV, in the catalogue\'s units', async () => {
		const file = output('out.csv');
		const {code, stderr} = await runCommand('export', [], {db: temp.path, ...range, metric: 'cpu.*', output: file});
		expect(code).toBe(0);
		expect(stderr).toBe(`perftop: wrote 60 values of 1 series to ${file}\n`);
		const rows = readFileSync(file, 'utf8').trimEnd().split('\n');
		expect(rows[0]).toBe('timestamp_ms,metric,resource,unit,value');
		expect(rows.slice(1)).toEqual(Array.from({length: TICKS}, (_, index) => `${START_MS + index * 1000},cpu.busy_pct,cpu,percent,${index}`));
	});

	it('writes JSON that parses back to the recorded points', async () => {
		const file = output('out.json');
		expect((await runCommand('export', [], {db: temp.path, ...range, format: 'json', output: file})).code).toBe(0);
		const document = JSON.parse(readFileSync(file, 'utf8')) as {series: Array<{metric: string; resource: string; points: number[][]}>};
		expect(document.series.map(series => `${series.metric}|${series.resource}`)).toEqual(['cpu.busy_pct|cpu', 'disk.util_pct|disk:vda', 'memory.used_bytes|memory']);
		expect(document.series[2]?.points.at(-1)).toEqual([START_MS + 59_000, 1e9 + 59 * 4096]);
	});

	// npm has no OpenMetrics parser; parse-prometheus-text-format reads the Prometheus text format, which
	// OpenMetrics extends with `# EOF` and timestamps in seconds. It checks the families, types, names,
	// labels and values (keeping one sample per label set); the timestamps and the one-family-at-a-time
	// order promtool needs are checked line by line below. (The same output was loaded for real with
	// `promtool tsdb create-blocks-from openmetrics`, see the README.)
	it('writes OpenMetrics that a Prometheus text parser reads back: one family per metric, base units, labels, a timestamp in seconds on every sample', async () => {
		const file = output('out.om');
		expect((await runCommand('export', [], {db: temp.path, ...range, format: 'openmetrics', output: file})).code).toBe(0);
		const text = readFileSync(file, 'utf8');
		expect(text.endsWith('\n# EOF\n')).toBe(true);
		const families = parsePrometheusTextFormat(text.slice(0, -'# EOF\n'.length));
		expect(families.map(family => [family.name, family.type, family.help.length > 0])).toEqual([
			['perftop_cpu_busy_ratio', 'GAUGE', true],
			['perftop_disk_util_ratio', 'GAUGE', true],
			['perftop_memory_used_bytes', 'GAUGE', true],
		]);
		expect(families.map(family => family.metrics.at(-1))).toEqual([
			{labels: {resource: 'cpu', kind: 'cpu'}, value: '0.59', timestamp_ms: `${(START_MS + 59_000) / 1000}.000`},
			{labels: {resource: 'vda', kind: 'disk'}, value: '1.18', timestamp_ms: `${(START_MS + 59_000) / 1000}.000`},
			{labels: {resource: 'memory', kind: 'memory'}, value: String(1e9 + 59 * 4096), timestamp_ms: `${(START_MS + 59_000) / 1000}.000`},
		]);
		const samples = text.split('\n').filter(line => line !== '' && !line.startsWith('#'));
		expect(samples).toHaveLength(3 * TICKS);
		const name = (line: string) => line.slice(0, line.indexOf('{'));
		const seconds = samples.map(line => /^perftop_[a-z_]+\{resource="[^"]*",kind="[a-z]+"\} \S+ (\d+\.\d{3})$/.exec(line)?.[1]);
		expect(seconds.every(value => value !== undefined)).toBe(true);
		for (let index = 1; index < samples.length; index++) {
			// A family's samples together, each series' in time order.
			expect(name(samples[index]!) === name(samples[index - 1]!) ? Number(seconds[index]) > Number(seconds[index - 1]) : true).toBe(true);
		}

		expect(samples[TICKS + 30]).toBe(`perftop_disk_util_ratio{resource="vda",kind="disk"} 0.6 ${(START_MS + 30_000) / 1000}.000`);
	});

	it('labels a series in OpenMetrics as perftop serve does, a cgroup\'s by `cgroup`, so one PromQL query reads both', async () => {
		const cgroups = tempDatabase();
		const metrics = [
			{id: 'cgroup.memory_bytes', resource: 'cgroup:/system.slice/app.service', value: 1024},
			{id: 'cpu.busy_pct', resource: 'cpu', value: 5},
		] as const;
		const {store} = openStore({path: cgroups.path, now: () => START_MS});
		store.write(sampleAt(START_MS, metrics));
		store.close();
		const file = output('cgroups.om');
		expect((await runCommand('export', [], {db: cgroups.path, from: iso(START_MS), to: iso(START_MS + 1000), format: 'openmetrics', output: file})).code).toBe(0);
		cgroups.cleanup();
		const registry = createPerftopRegistry({hostname: 'host'});
		registry.update(sampleAt(START_MS, metrics), {assessments: [], bottlenecks: []});
		const served = parsePrometheusTextFormat(await registry.render());
		const labelsOf = (families: ReturnType<typeof parsePrometheusTextFormat>, name: string) => families.find(family => family.name === name)?.metrics[0]?.labels;
		const exported = parsePrometheusTextFormat(readFileSync(file, 'utf8').slice(0, -'# EOF\n'.length));
		for (const name of ['perftop_cgroup_memory_bytes', 'perftop_cpu_busy_ratio']) {
			expect(labelsOf(exported, name)).toEqual(labelsOf(served, name));
		}

		expect(labelsOf(exported, 'perftop_cgroup_memory_bytes')).toEqual({cgroup: '/system.slice/app.service'});
	});

	it('refuses a database a newer perftop wrote, in one line', async () => {
		const newer = tempDatabase();
		openStore({path: newer.path}).store.close();
		const db = new Database(newer.path);
		db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
		db.close();
		const refused = `perftop: ${newer.path} was written by a newer perftop (schema v${SCHEMA_VERSION + 1}; this one reads up to v${SCHEMA_VERSION})\n`;
		expect(await runCommand('export', [], {db: newer.path})).toMatchObject({code: 1, stderr: refused});
		expect(await runCommand('top', [], {db: newer.path})).toMatchObject({code: 1, stderr: refused});
		newer.cleanup();
	});

	it('reads only, and says in one line when there is nothing to export', async () => {
		const before = readFileSync(temp.path);
		expect(await runCommand('export', [], {db: temp.path, ...range, metric: 'gpu.*'})).toMatchObject({code: 1, stderr: 'perftop: no recorded metric matches --metric \'gpu.*\'\n'});
		expect(await runCommand('export', [], {db: temp.path, from: iso(START_MS - 7_200_000), to: iso(START_MS - 3_600_000)})).toMatchObject({
			code: 1,
			stderr: 'perftop: nothing recorded between 2024-01-01 10:00:00 UTC and 2024-01-01 11:00:00 UTC (the recording covers 2024-01-01 12:00:00 UTC to 2024-01-01 12:00:59 UTC)\n',
		});
		expect(await runCommand('export', [], {db: temp.path, format: 'xml'})).toMatchObject({code: 2, stderr: 'perftop: --format: expected csv, json or openmetrics, got \'xml\'\n'});
		expect(readFileSync(temp.path).equals(before)).toBe(true);
	});
});
