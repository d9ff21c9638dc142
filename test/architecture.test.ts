import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

// The layer boundaries of the README's Development section, checked on every import in source/.
// Data flows one way: collect → metrics → store / analyze → engine → ui; config, probe, export and
// profile are leaves the commands wire in; commands and cli.tsx sit on top and nothing imports them.
// The top-level modules (errors.ts, options.ts) import nothing of a layer, so every layer may use them.
type Rule = {
	/** Layers (folders of source/) this one must not import. */
	readonly layers: readonly string[];
	/** Files of a forbidden layer that may be imported all the same (types shared across the boundary). */
	readonly except?: readonly string[];
	/** Packages and builtins this layer must not import. */
	readonly packages?: RegExp;
};

const views = /^(ink|react|asciichart)$/;
const sqlite = /^better-sqlite3$/;
const either = (...patterns: RegExp[]) => new RegExp(patterns.map(pattern => pattern.source).join('|'));

const rules: Readonly<Record<string, Rule>> = {
	collect: {layers: ['metrics', 'analyze', 'store', 'engine', 'ui', 'commands', 'config', 'probe', 'export', 'profile'], except: ['metrics/types.js'], packages: either(views, sqlite)},
	metrics: {layers: ['analyze', 'store', 'engine', 'ui', 'commands', 'config', 'probe', 'export', 'profile'], packages: either(views, sqlite, /^node:fs/)},
	analyze: {layers: ['collect', 'store', 'engine', 'ui', 'commands', 'config', 'probe', 'export', 'profile'], packages: either(views, sqlite, /^node:(fs|child_process|net|http|https)/)},
	store: {layers: ['collect', 'analyze', 'engine', 'ui', 'commands', 'config', 'probe', 'export', 'profile'], packages: views},
	engine: {layers: ['ui', 'commands', 'config', 'export', 'profile'], packages: views},
	ui: {layers: ['collect', 'store', 'commands', 'config', 'probe', 'export', 'profile'], packages: either(sqlite, /^node:(fs|child_process|net|http|https)/)},
	probe: {layers: ['collect', 'analyze', 'store', 'engine', 'ui', 'commands', 'config', 'export', 'profile'], packages: either(views, sqlite)},
	export: {layers: ['collect', 'store', 'engine', 'ui', 'commands', 'config', 'probe', 'profile'], packages: either(views, sqlite)},
	config: {layers: ['engine', 'ui', 'commands', 'export', 'profile'], packages: either(views, sqlite)},
	profile: {layers: ['analyze', 'store', 'engine', 'ui', 'commands', 'config', 'probe', 'export'], packages: either(views, sqlite)},
};

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
			} else if (rule.packages?.test(specifier)) {
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
});
