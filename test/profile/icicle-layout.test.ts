import {describe, expect, it} from 'vitest';
import {buildFrameTreeFromFolded, rootNode} from '../../source/profile/frame-tree.js';
import {findCell, layoutIcicle} from '../../source/profile/icicle-layout.js';

describe('layoutIcicle', () => {
	const tree = buildFrameTreeFromFolded('app;a 1\napp;b 1\napp;c 1\napp;tiny 0.01\n');
	const nameOf = (node: number) => tree.names[tree.name[node]!];

	it('tiles siblings exactly by cumulative rounding and leaves out frames under one cell', () => {
		const rows = layoutIcicle(tree, rootNode, 10);
		expect(rows[0]).toEqual([{node: rootNode, x: 0, width: 10, ancestor: false}]);
		const children = rows[2]!.map(cell => [nameOf(cell.node), cell.x, cell.width]);
		expect(children).toEqual([['a', 0, 3], ['b', 3, 4], ['c', 7, 3]]);
	});

	it('draws the zoomed frame full width with its ancestors above it', () => {
		const app = tree.children[rootNode]![0]!;
		const b = tree.children[app]!.find(node => nameOf(node) === 'b')!;
		const rows = layoutIcicle(tree, b, 10);
		expect(rows.map(row => row.map(cell => [nameOf(cell.node), cell.width, cell.ancestor]))).toEqual([
			[['all', 10, true]],
			[['app', 10, true]],
			[['b', 10, false]],
		]);
		expect(findCell(rows, tree, b)).toMatchObject({x: 0, width: 10});
		expect(findCell(rows, tree, tree.children[app]![0]!)).toBeUndefined();
	});

	it('lays out a very deep stack without recursion', () => {
		const deep = buildFrameTreeFromFolded(`app;${Array.from({length: 50_000}, () => 'f').join(';')} 1\n`);
		expect(layoutIcicle(deep, rootNode, 80)).toHaveLength(50_002);
	});
});
