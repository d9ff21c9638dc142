// `npm run bench [-- filter]`: runs every benchmark in bench/*.ts, prints one table and writes
// bench-results.json. It reports figures, it does not gate: a missed target still exits 0, a benchmark
// that throws exits 1 (after the others have run).
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

function errorMessage(error: unknown): string {
	return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function main(): Promise<number> {
	const filter = process.argv.slice(2).find(argument => !argument.startsWith('-'));
	const log = (line: string) => process.stderr.write(`${line}\n`);
	const {results, crashed} = await runBenchmarks(benchmarkFiles(benchDirectory), filter, log);
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
