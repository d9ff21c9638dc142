import {frameLabel, type FoldedProfile, type FrameKind} from './fold-perf-script.js';
import {rootNode, walkTree, type FrameTree} from './frame-tree.js';

export type HotFunction = {
	/** Without its colour annotation (`_[k]`). */
	readonly name: string;
	readonly kind: FrameKind;
	/** The binary or library it is in, as perf named it; undefined when perf did not say. */
	readonly module: string | undefined;
	/** Samples with the function at the top of the stack: time spent in it. */
	readonly selfSamples: number;
	/** Samples with the function anywhere on the stack, a recursive one counted once per stack. */
	readonly totalSamples: number;
	readonly selfPct: number;
	readonly totalPct: number;
};

/**
 * The functions with the most self samples (ties: most total), top `limit`. Thread names, the roots of
 * the folded stacks, are not functions and are left out.
 */
export function hotFunctions(tree: FrameTree, modules: FoldedProfile['modules'], limit = 20): HotFunction[] {
	const samples = tree.total[rootNode]!;
	const self = new Float64Array(tree.names.length);
	const total = new Float64Array(tree.names.length);
	// How many times each name is on the path from the root to the node being visited.
	const onPath = new Int32Array(tree.names.length);
	walkTree(tree, rootNode, node => {
		if (tree.depth[node]! < 2) {
			return;
		}

		const id = tree.name[node]!;
		self[id]! += tree.self[node]!;
		if (onPath[id] === 0) {
			total[id]! += tree.total[node]!;
		}

		onPath[id]!++;
	}, node => {
		if (tree.depth[node]! >= 2) {
			onPath[tree.name[node]!]!--;
		}
	});

	const ids = [...self.keys()].filter(id => total[id]! > 0);
	ids.sort((a, b) => self[b]! - self[a]! || total[b]! - total[a]!);
	return ids.slice(0, limit).map(id => {
		const {label, kind} = frameLabel(tree.names[id]!);
		const module = modules.get(tree.names[id]!);
		return {
			name: label,
			kind,
			module: module === undefined || module === '[unknown]' ? undefined : module,
			selfSamples: self[id]!,
			totalSamples: total[id]!,
			selfPct: samples > 0 ? (self[id]! / samples) * 100 : 0,
			totalPct: samples > 0 ? (total[id]! / samples) * 100 : 0,
		};
	});
}
