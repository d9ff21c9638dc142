import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

// The layer boundaries of DEVELOPERS.md, checked on every import statement in source/.
// Data flows one way: collect → metrics → store / analyze → engine → ui or report.
const forbidden: Record<string, RegExp[]> = {
	collect: [/\/(metrics\/(?!types)|analyze|store|engine|ui|commands)\//, /^(ink|react|better-sqlite3)$/],
	metrics: [/\/(analyze|store|engine|ui|commands)\//, /^(ink|react|better-sqlite3)$/, /^node:fs/],
	analyze: [/\/(collect|store|engine|ui|commands)\//, /^(ink|react|better-sqlite3)$/, /^node:(fs|child_process|net|http|https)/],
	store: [/\/(collect|analyze|engine|ui|commands)\//, /^(ink|react)$/],
	engine: [/\/(ui|commands)\//, /^(ink|react)$/],
	ui: [/\/(collect|store|commands)\//, /^better-sqlite3$/, /^node:fs/],
	profile: [/\/(metrics|analyze|store|engine|ui|commands)\//, /^(ink|react|better-sqlite3)$/],
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

describe('layer boundaries', () => {
	for (const [layer, rules] of Object.entries(forbidden)) {
		it(`source/${layer}/ imports nothing it must not`, () => {
			const violations: string[] = [];
			for (const file of sourceFiles(path.join('source', layer))) {
				for (const specifier of importsOf(file)) {
					// Resolve relative imports against source/ so '../store/x.js' reads as '/store/'.
					const resolved = specifier.startsWith('.')
						? `/${path.relative('source', path.resolve(path.dirname(file), specifier))}`
						: specifier;
					if (rules.some(rule => rule.test(resolved))) {
						violations.push(`${file}: ${specifier}`);
					}
				}
			}

			expect(violations).toEqual([]);
		});
	}
});
