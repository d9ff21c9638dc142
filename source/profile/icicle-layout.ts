import {pathTo, type FrameTree} from './frame-tree.js';

/** One frame drawn in a row of terminal cells. */
export type IcicleCell = {
	readonly node: number;
	readonly x: number;
	readonly width: number;
	/** An ancestor of the zoomed frame: drawn full width and dimmed. */
	readonly ancestor: boolean;
};

/**
 * The rows of a top-down flame graph (icicle) `width` cells wide, row r holding the frames at depth r.
 * The zoomed frame and its ancestors fill the width; below it a child's cells are its parent's times its
 * share, by cumulative rounding so siblings tile exactly and the parent's self time is the gap at the
 * right. A frame under one cell is neither drawn nor selectable, nor is anything below it (flamelens does
 * the same), so a row holds at most `width` cells whatever the profile's size.
 */
export function layoutIcicle(tree: FrameTree, zoom: number, width: number): IcicleCell[][] {
	const rows: IcicleCell[][] = pathTo(tree, zoom).map(node => [{node, x: 0, width, ancestor: node !== zoom}]);
	let current = rows.at(-1)!;
	while (current.length > 0) {
		const next: IcicleCell[] = [];
		for (const cell of current) {
			const parentTotal = tree.total[cell.node]!;
			let cumulative = 0;
			for (const child of tree.children[cell.node]!) {
				const start = cell.x + Math.round((cumulative / parentTotal) * cell.width);
				cumulative += tree.total[child]!;
				const end = cell.x + Math.round((cumulative / parentTotal) * cell.width);
				if (end - start >= 1) {
					next.push({node: child, x: start, width: end - start, ancestor: false});
				}
			}
		}

		if (next.length > 0) {
			rows.push(next);
		}

		current = next;
	}

	return rows;
}

/** The cell of `node` in the layout, or undefined when it is too narrow to draw. */
export function findCell(rows: readonly IcicleCell[][], tree: FrameTree, node: number): IcicleCell | undefined {
	return rows[tree.depth[node]!]?.find(cell => cell.node === node);
}
