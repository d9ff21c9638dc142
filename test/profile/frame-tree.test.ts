import {describe, expect, it} from 'vitest';
import {buildFrameTreeFromFolded, foldedText, pathTo, rootNode} from '../../source/profile/frame-tree.js';
import {hotFunctions} from '../../source/profile/hot-functions.js';

const folded = 'app;main;parse;lex 5\napp;main;parse 2\napp;main;eval 3\napp;gc 1\n';

describe('frame tree', () => {
	it('adds totals and self counts and sorts children by name', () => {
		const tree = buildFrameTreeFromFolded(folded);
		const nameOf = (node: number) => tree.names[tree.name[node]!];
		expect(tree.total[rootNode]).toBe(11);
		const app = tree.children[rootNode]![0]!;
		expect(tree.children[app]!.map(nameOf)).toEqual(['gc', 'main']);
		const main = tree.children[app]![1]!;
		expect(tree.children[main]!.map(nameOf)).toEqual(['eval', 'parse']);
		const parse = tree.children[main]![1]!;
		expect([tree.total[parse], tree.self[parse]]).toEqual([7, 2]);
		expect(pathTo(tree, parse).map(nameOf)).toEqual(['all', 'app', 'main', 'parse']);
	});

	it('writes folded stacks back in tree order', () => {
		expect(foldedText(buildFrameTreeFromFolded(folded))).toBe('app;gc 1\napp;main;eval 3\napp;main;parse 2\napp;main;parse;lex 5\n');
	});

	it('builds, walks and writes a stack 100,000 frames deep', () => {
		const frames = Array.from({length: 100_000}, (_, index) => `f${index % 3}`);
		const tree = buildFrameTreeFromFolded(`app;${frames.join(';')} 4\n`);
		expect(tree.maxDepth).toBe(100_001);
		expect(foldedText(tree).length).toBeGreaterThan(300_000);
		// Recursion counted once per stack: f0 is on every one of the 4 samples' stack 33,334 times.
		expect(hotFunctions(tree, new Map()).find(hot => hot.name === 'f0')).toMatchObject({totalSamples: 4, totalPct: 100});
	});
});

describe('hotFunctions', () => {
	it('ranks by self samples, counts recursion once per stack, and gives the module', () => {
		const tree = buildFrameTreeFromFolded('app;a;b;a;b 3\napp;a 1\napp;read;vfs_read_[k] 2\n');
		const hot = hotFunctions(tree, new Map([['vfs_read_[k]', '[kernel.kallsyms]'], ['b', 'libb.so']]));
		expect(hot.map(entry => [entry.name, entry.selfSamples, entry.totalSamples])).toEqual([
			['b', 3, 3],
			['vfs_read', 2, 2],
			['a', 1, 4],
			['read', 0, 2],
		]);
		expect(hot[0]).toMatchObject({module: 'libb.so', kind: 'user', selfPct: 50});
		expect(hot[1]).toMatchObject({module: '[kernel.kallsyms]', kind: 'kernel'});
		expect(hot[2]!.module).toBeUndefined();
	});

	it('keeps the top 20 and leaves thread names out', () => {
		const stacks = Array.from({length: 30}, (_, index) => `app;f${index} ${index + 1}`).join('\n');
		const hot = hotFunctions(buildFrameTreeFromFolded(stacks), new Map());
		expect(hot).toHaveLength(20);
		expect(hot[0]!.name).toBe('f29');
		expect(hot.some(entry => entry.name === 'app')).toBe(false);
	});
});
