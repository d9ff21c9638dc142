import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createRandom} from '../build/random-text.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/perf');

/** The samples of a captured `perf script` fixture, each its event line and frame lines. */
export function perfSamples(name: string): string[] {
	return readFileSync(path.join(fixtures, `${name}.txt`), 'utf8').split(/\n\n+/).filter(block => block.trim() !== '');
}

/**
 * `count` samples of `perf script` text drawn from this machine's captured profiles (a busy shell,
 * dd in the kernel, Node with JIT frames), deterministic for a seed. One sample in four gets a leaf of
 * its own from a pool of 2,000 names, so the profile has thousands of distinct stacks, as a long
 * profile of a large program does.
 */
export function syntheticPerfScript(count: number, seed = 7): string {
	const pool = [...perfSamples('busy-shell'), ...perfSamples('dd-urandom-kernel'), ...perfSamples('node-perf-basic-prof')];
	const next = createRandom(seed);
	const parts: string[] = [];
	for (let index = 0; index < count; index++) {
		const sample = pool[Math.floor(next() * pool.length)]!;
		if (next() < 0.25) {
			const newline = sample.indexOf('\n');
			const leaf = `\t    7f00${(index % 65_536).toString(16)} synthetic_${Math.floor(next() * 2000)}+0x${(index % 255).toString(16)} (/usr/lib/libsynthetic.so)`;
			parts.push(`${sample.slice(0, newline)}\n${leaf}${sample.slice(newline)}`);
		} else {
			parts.push(sample);
		}
	}

	return `${parts.join('\n\n')}\n\n`;
}
