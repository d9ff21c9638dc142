// `npm run bench [-- filter]`: runs every benchmark in bench/*.ts, prints one table and writes
// bench-results.json. It reports figures, it does not gate: a missed target still exits 0, a benchmark
// that throws exits 1 (after the others have run).
import {spawn} from 'node:child_process';
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type {Benchmark, BenchResult} from './types.js';

const benchDirectory = path.dirname(fileURLToPath(import.meta.url));

/** Benchmark modules in run order: the ones that say they export `benchmarks`, alphabetically. */
export function benchmarkFiles(directory: string): string[] {
	return readdirSync(directory)
		.filter(name => /\.tsx?$/.test(name) && !name.endsWith('.d.ts') && name !== 'run.ts' && name !== 'types.ts')
		// Helper files (entry points that start rendering when imported) must not be imported at all.
		.filter(name => /export\s+const\s+benchmarks\b/.test(readFileSync(path.join(directory, name), 'utf8')))
		.sort()
		.map(name => path.join(directory, name));
}

/** A benchmark runs when the filter is a substring of its name or of its file's name (`ui` runs bench/ui.ts). */
export function matchesFilter(filter: string | undefined, file: string, benchmarkName: string): boolean {
	return filter === undefined || benchmarkName.includes(filter) || path.basename(file, path.extname(file)).includes(filter);
}

export function formatTable(results: readonly BenchResult[]): string {
	const rows = [['figure', 'value', 'unit', 'target', ''], ...results.map(result => [result.name, formatValue(result.value), result.unit, result.target, result.pass ? 'PASS' : 'FAIL'])];
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	return rows.map(row => row.map((cell, column) => (column === 1 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd()).join('\n');
}

function formatValue(value: number): string {
	if (!Number.isFinite(value)) {
		return String(value);
	}

	return Math.abs(value) >= 100 ? value.toFixed(0) : (Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));
}

type Outcome = {readonly results: BenchResult[]; readonly crashed: string[]};

export async function runBenchmarks(files: readonly string[], filter: string | undefined, log: (line: string) => void): Promise<Outcome> {
	const results: BenchResult[] = [];
	const crashed: string[] = [];
	for (const file of files) {
		let benchmarks: readonly Benchmark[];
		try {
			const module = await import(pathToFileURL(file).href) as {benchmarks?: readonly Benchmark[]};
			benchmarks = module.benchmarks ?? [];
		} catch (error) {
			crashed.push(`${path.basename(file)}: ${errorMessage(error)}`);
			continue;
		}

		for (const benchmark of benchmarks.filter(candidate => matchesFilter(filter, file, candidate.name))) {
			log(`running ${benchmark.name} …`);
			try {
				const figures = await benchmark.run();
				results.push(...figures);
				for (const figure of figures) {
					log(`  ${figure.name} = ${formatValue(figure.value)} ${figure.unit} (${figure.target}) ${figure.pass ? 'PASS' : 'FAIL'}`);
				}
			} catch (error) {
				crashed.push(`${benchmark.name}: ${errorMessage(error)}`);
			}
		}
	}

	return {results, crashed};
}

/**
 * Runs the benchmarks of each file in a Node process of its own (this script with `--file`), so no
 * figure carries what an earlier benchmark left behind: after the analyze benchmarks' week of data, the
 * same collector tick measured ~1.5–2 ms slower in the same process than in a fresh one.
 */
export async function runIsolated(files: readonly string[], filter: string | undefined, log: (line: string) => void): Promise<Outcome> {
	const results: BenchResult[] = [];
	const crashed: string[] = [];
	for (const file of files) {
		const {code, stdout} = await runChild(['--import', 'tsx', fileURLToPath(import.meta.url), '--file', file, ...(filter === undefined ? [] : [filter])], log);
		try {
			const outcome = JSON.parse(stdout) as Outcome;
			results.push(...outcome.results);
			crashed.push(...outcome.crashed);
		} catch {
			crashed.push(`${path.basename(file)}: its process exited with ${code} before reporting`);
		}
	}

	return {results, crashed};
}

/** A child Node process: its stderr lines go to `log` as they come, its stdout is collected. */
async function runChild(args: readonly string[], log: (line: string) => void): Promise<{code: number | null; stdout: string}> {
	const child = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let pending = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		const lines = (pending + chunk).split('\n');
		pending = lines.pop()!;
		for (const line of lines) {
			log(line);
		}
	});
	const code = await new Promise<number | null>(resolve => {
		child.on('close', resolve);
	});
	if (pending !== '') {
		log(pending);
	}

	return {code, stdout};
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function main(): Promise<number> {
	const arguments_ = process.argv.slice(2);
	const log = (line: string) => process.stderr.write(`${line}\n`);
	const fileIndex = arguments_.indexOf('--file');
	if (fileIndex !== -1) {
		// A child of runIsolated: one file's benchmarks, the outcome as JSON on stdout.
		const [file = '', filter] = arguments_.slice(fileIndex + 1);
		process.stdout.write(JSON.stringify(await runBenchmarks([file], filter, log)));
		return 0;
	}

	const filter = arguments_.find(argument => !argument.startsWith('-'));
	const {results, crashed} = await runIsolated(benchmarkFiles(benchDirectory), filter, log);
	process.stdout.write(`\n${formatTable(results)}\n`);
	const resultsFile = path.join(benchDirectory, '..', 'bench-results.json');
	writeFileSync(resultsFile, `${JSON.stringify(results.map(({name, value, unit, target, pass}) => ({name, value, unit, target, pass})), null, '\t')}\n`);
	const failed = results.filter(result => !result.pass).length;
	process.stdout.write(`\n${results.length} figures, ${failed} below target; written to bench-results.json\n`);
	if (crashed.length > 0) {
		process.stderr.write(`\n${crashed.length} benchmark(s) crashed:\n${crashed.map(line => `  ${line}`).join('\n')}\n`);
		return 1;
	}

	return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.exitCode = await main();
}
