import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {benchmarkFiles, formatTable, matchesFilter, runBenchmarks, runIsolated} from '../../bench/run.js';

const directory = mkdtempSync(path.join(tmpdir(), 'perftop-bench-run-'));

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

function write(name: string, code: string): string {
	const file = path.join(directory, name);
	writeFileSync(file, code);
	return file;
}

describe('bench/run.ts', () => {
	it('finds the modules that export benchmarks and skips run.ts, types.ts and helpers', () => {
		write('store.ts', 'export const benchmarks = [];\n');
		write('collect.ts', 'export const benchmarks = [];\n');
		write('run.ts', 'export const benchmarks = [];\n');
		write('types.ts', 'export type Benchmark = {};\n');
		write('ui-synthetic.tsx', 'throw new Error("a helper must never be imported");\n');
		expect(benchmarkFiles(directory).map(file => path.basename(file))).toEqual(['collect.ts', 'store.ts']);
	});

	it('filters by benchmark name or file name', () => {
		expect(matchesFilter(undefined, '/b/store.ts', 'store.write')).toBe(true);
		expect(matchesFilter('ui', '/b/ui.ts', 'ui.binary')).toBe(true);
		expect(matchesFilter('render', '/b/ui.ts', 'ui.render')).toBe(true);
		expect(matchesFilter('ui', '/b/store.ts', 'store.write')).toBe(false);
	});

	it('keeps running after a benchmark throws and reports which one crashed', async () => {
		const good = write('good.mjs', 'export const benchmarks = [{name: "good.one", run: async () => [{name: "good.ms", value: 3, unit: "ms", target: "<= 5", pass: true}]}];\n');
		const bad = write('bad.mjs', 'export const benchmarks = [{name: "bad.one", run: async () => { throw new Error("boom"); }}];\n');
		const {results, crashed} = await runBenchmarks([bad, good], undefined, () => {});
		expect(results.map(result => result.name)).toEqual(['good.ms']);
		expect(crashed).toHaveLength(1);
		expect(crashed[0]).toMatch(/^bad\.one: Error: boom/);
	});

	it('runs each file\'s benchmarks in a process of its own and gathers their figures, crashes included', async () => {
		const pidBench = (name: string) => `export const benchmarks = [{name: "${name}", run: async () => [{name: "${name}.pid", value: process.pid, unit: "pid", target: "info", pass: true}]}];\n`;
		const first = write('first.mjs', pidBench('first'));
		const second = write('second.mjs', pidBench('second'));
		const bad = write('crash.mjs', 'process.exit(3);\n');
		const lines: string[] = [];
		const {results, crashed} = await runIsolated([first, bad, second], undefined, line => lines.push(line));
		expect(results.map(result => result.name)).toEqual(['first.pid', 'second.pid']);
		const [firstPid, secondPid] = results.map(result => result.value);
		expect(new Set([firstPid, secondPid, process.pid]).size).toBe(3);
		expect(crashed).toEqual(['crash.mjs: its process exited with 3 before reporting']);
		expect(lines).toContain('running first …');
	});

	it('prints one aligned row per figure with PASS or FAIL', () => {
		const table = formatTable([
			{name: 'ui.cpu_pct', value: 0.8123, unit: '% of a core', target: '<= 1.5', pass: true},
			{name: 'ui.bytes_per_s', value: 10_181.2, unit: 'B/s', target: '<= 3000', pass: false},
		]);
		const lines = table.split('\n');
		expect(lines).toHaveLength(3);
		expect(lines[1]).toMatch(/^ui\.cpu_pct\s+0\.81\s+% of a core\s+<= 1\.5\s+PASS$/);
		expect(lines[2]).toMatch(/^ui\.bytes_per_s\s+10181\s+B\/s\s+<= 3000\s+FAIL$/);
		expect(lines[1]!.indexOf('<=')).toBe(lines[2]!.indexOf('<='));
	});
});
