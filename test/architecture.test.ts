import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {ESLint} from 'eslint';
import {describe, expect, it} from 'vitest';
import {layerRules as rules} from '../scripts/layers.mjs';

// The layer boundaries (scripts/layers.mjs, which eslint.config.js enforces too), checked on every
// import in source/ and proved able to fail.

function sourceFiles(directory: string): string[] {
	return readdirSync(directory, {withFileTypes: true, recursive: true})
		.filter(entry => entry.isFile() && /\.tsx?$/.test(entry.name))
		.map(entry => path.join(entry.parentPath, entry.name));
}

function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)]
		.map(match => match[1]!);
}

/** Every import in `root`/<layer>/ that its rule forbids, as `file: specifier`. */
function violations(root: string, layer: string): string[] {
	const rule = rules[layer]!;
	const found: string[] = [];
	for (const file of sourceFiles(path.join(root, layer))) {
		for (const specifier of importsOf(file)) {
			if (specifier.startsWith('.')) {
				// Relative to source/: '../store/x.js' from source/analyze/ reads as 'store/x.js'.
				const target = path.relative(root, path.resolve(path.dirname(file), specifier)).split(path.sep).join('/');
				const [targetLayer = ''] = target.split('/');
				if (rule.layers.includes(targetLayer) && !rule.except?.includes(target)) {
					found.push(`${file}: ${specifier}`);
				}
			} else if (rule.packages.some(pattern => new RegExp(pattern).test(specifier))) {
				found.push(`${file}: ${specifier}`);
			}
		}
	}

	return found;
}

describe('layer boundaries', () => {
	it('has a rule for every folder of source/', () => {
		const folders = readdirSync('source', {withFileTypes: true}).filter(entry => entry.isDirectory()).map(entry => entry.name);
		expect(folders.filter(folder => folder !== 'commands' && rules[folder] === undefined)).toEqual([]);
	});

	for (const layer of Object.keys(rules)) {
		it(`source/${layer}/ imports nothing it must not`, () => {
			expect(violations('source', layer)).toEqual([]);
		});
	}

	it('catches a planted forbidden import in every layer, relative or a package, and lets the exceptions through', () => {
		const root = mkdtempSync(path.join(tmpdir(), 'perftop-architecture-'));
		try {
			for (const [layer, rule] of Object.entries(rules)) {
				mkdirSync(path.join(root, layer), {recursive: true});
				const forbiddenLayer = rule.layers[0]!;
				writeFileSync(path.join(root, layer, 'planted.ts'), [
					`import {x} from '../${forbiddenLayer}/thing.js';`,
					`const y = await import('../${forbiddenLayer}/deep/other.js');`,
					...(rule.except ?? []).map(allowed => `import type {T} from '../${allowed}';`),
					`import {z} from './same-layer.js';`,
					`import {errorMessage} from '../errors.js';`,
				].join('\n'));
				expect(violations(root, layer), layer).toEqual([
					`${path.join(root, layer, 'planted.ts')}: ../${forbiddenLayer}/thing.js`,
					`${path.join(root, layer, 'planted.ts')}: ../${forbiddenLayer}/deep/other.js`,
				]);
			}

			writeFileSync(path.join(root, 'analyze', 'planted.ts'), `import {readFileSync} from 'node:fs';\nimport Database from 'better-sqlite3';\n`);
			expect(violations(root, 'analyze')).toHaveLength(2);
		} finally {
			rmSync(root, {recursive: true, force: true});
		}
	});

	it('the linter (eslint.config.js, from the same table) rejects a forbidden layer and package and lets the exceptions through', async () => {
		const eslint = new ESLint();
		const lint = async (file: string, text: string) => (await eslint.lintText(text, {filePath: file}))[0]!.messages
			.filter(message => message.ruleId === 'no-restricted-imports')
			.map(message => message.line);
		expect(await lint('source/analyze/planted.ts', "import type {Store} from '../store/types.js';\nimport {readFileSync} from 'node:fs';\nimport {formatValue} from '../metrics/format.js';\n")).toEqual([1, 2]);
		expect(await lint('source/collect/planted.ts', "import type {MetricValue} from '../metrics/types.js';\nimport {derive} from '../metrics/derive.js';\n")).toEqual([2]);
		expect(await lint('source/ui/components/Planted.tsx', "import {openStore} from '../../store/open-store.js';\nimport {Box} from 'ink';\n")).toEqual([1]);
	});
});
