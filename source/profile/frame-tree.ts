/**
 * The call tree of a profile, flat: node i has a name (interned), a parent, a depth, its total samples
 * (itself and below) and its self samples. Built and walked with loops, never recursion, so a stack
 * 100,000 frames deep does not overflow JavaScript's call stack (jlfwong/speedscope#386). Node 0 is the
 * root, `all`; its children are the threads' names, as in folded stacks.
 */
export type FrameTree = {
	readonly names: readonly string[];
	/** Index into `names`. */
	readonly name: readonly number[];
	/** -1 for the root. */
	readonly parent: readonly number[];
	readonly depth: readonly number[];
	readonly total: readonly number[];
	readonly self: readonly number[];
	/** Sorted by name, as flamegraph.pl does: the x-axis is alphabetical, not time. */
	readonly children: ReadonlyArray<readonly number[]>;
	readonly maxDepth: number;
};

export const rootNode = 0;

export type FrameTreeBuilder = {
	/** The id of a frame name, the same for the same name. */
	intern(name: string): number;
	/** One stack of interned names, leaf first (as perf prints it), `count` times. */
	add(leafFirst: readonly number[], count: number): void;
	build(): FrameTree;
};

export function createFrameTreeBuilder(): FrameTreeBuilder {
	const names: string[] = ['all'];
	const nameIds = new Map<string, number>([['all', 0]]);
	const name = [0];
	const parent = [-1];
	const depth = [0];
	const total = [0];
	const self = [0];
	const children: number[][] = [[]];
	const childByName: Array<Map<number, number>> = [new Map()];
	let maxDepth = 0;

	return {
		intern(text) {
			let id = nameIds.get(text);
			if (id === undefined) {
				id = names.length;
				names.push(text);
				nameIds.set(text, id);
			}

			return id;
		},
		add(leafFirst, count) {
			let node = rootNode;
			total[rootNode]! += count;
			for (let index = leafFirst.length - 1; index >= 0; index--) {
				const id = leafFirst[index]!;
				let child = childByName[node]!.get(id);
				if (child === undefined) {
					child = name.length;
					name.push(id);
					parent.push(node);
					depth.push(depth[node]! + 1);
					total.push(0);
					self.push(0);
					children.push([]);
					childByName.push(new Map());
					childByName[node]!.set(id, child);
					children[node]!.push(child);
					maxDepth = Math.max(maxDepth, depth[child]!);
				}

				total[child]! += count;
				node = child;
			}

			self[node]! += count;
		},
		build() {
			for (const list of children) {
				list.sort((a, b) => compareText(names[name[a]!]!, names[name[b]!]!));
			}

			return {names, name, parent, depth, total, self, children, maxDepth};
		},
	};
}

/** A tree from folded stacks (`a;b;c 12` lines, root first), as flamegraph.pl reads them. */
export function buildFrameTreeFromFolded(text: string): FrameTree {
	const builder = createFrameTreeBuilder();
	for (const line of text.split('\n')) {
		const space = line.lastIndexOf(' ');
		const count = Number(line.slice(space + 1));
		if (space > 0 && Number.isFinite(count) && count > 0) {
			builder.add(line.slice(0, space).split(';').map(frame => builder.intern(frame)).reverse(), count);
		}
	}

	return builder.build();
}

/** Folded stacks, one `root;…;leaf count` line for each stack that ended somewhere, in tree order. */
export function foldedText(tree: FrameTree): string {
	const lines: string[] = [];
	const path: string[] = [];
	walkTree(tree, rootNode, node => {
		if (node !== rootNode) {
			path.push(tree.names[tree.name[node]!]!);
		}

		if (tree.self[node]! > 0 && node !== rootNode) {
			lines.push(`${path.join(';')} ${tree.self[node]!}`);
		}
	}, node => {
		if (node !== rootNode) {
			path.pop();
		}
	});
	return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : (a > b ? 1 : 0);
}

/** The nodes from the root down to `node`, root first. */
export function pathTo(tree: FrameTree, node: number): number[] {
	const path: number[] = [];
	for (let current = node; current >= 0; current = tree.parent[current]!) {
		path.push(current);
	}

	return path.reverse();
}

/**
 * Visits every node below `from` in depth-first order (children in name order), with an explicit
 * stack; `leave` runs after a node's subtree.
 */
export function walkTree(tree: FrameTree, from: number, enter: (node: number) => void, leave?: (node: number) => void): void {
	// A negative entry marks "leave this node" (node ids are ≥ 0; ~node is negative).
	const pending = [from];
	while (pending.length > 0) {
		const entry = pending.pop()!;
		if (entry < 0) {
			leave!(~entry);
			continue;
		}

		enter(entry);
		if (leave) {
			pending.push(~entry);
		}

		const list = tree.children[entry]!;
		for (let index = list.length - 1; index >= 0; index--) {
			pending.push(list[index]!);
		}
	}
}
