import type {ProcessSample} from '../metrics/types.js';
import {flatRow, keyText, processKey, type ProcessRow} from './process-rows.js';

type Node = {
	readonly process: ProcessSample;
	readonly key: string;
	readonly children: Node[];
};

/**
 * The parent of a process among `byPid`: the one with its ppid that started no later than it did. A
 * parent that started later holds a reused pid (the real parent exited), so the child is an orphan.
 */
function parentOf(process: ProcessSample, byPid: ReadonlyMap<number, readonly Node[]>): Node | undefined {
	if (process.ppid === undefined || process.ppid === 0 || process.ppid === process.pid) {
		return undefined;
	}

	return byPid.get(process.ppid)?.find(candidate => (candidate.process.startTimeTicks ?? 0) <= (process.startTimeTicks ?? 0));
}

/**
 * Processes under their parents, each level sorted by `compare`, as rows with tree glyphs. A process
 * whose parent is not among `processes` (filtered out, exited, a reused pid) is a root. A cycle, which
 * a reading racing with pid reuse could produce, is broken so that every process appears exactly once.
 */
export function nestProcesses(processes: readonly ProcessSample[], compare: (a: ProcessSample, b: ProcessSample) => number, collapsed: ReadonlySet<string>): ProcessRow[] {
	const nodes = [...processes].sort(compare).map((process): Node => ({process, key: keyText(processKey(process)), children: []}));
	const byPid = new Map<number, Node[]>();
	for (const node of nodes) {
		const same = byPid.get(node.process.pid);
		if (same) {
			same.push(node);
		} else {
			byPid.set(node.process.pid, [node]);
		}
	}

	const roots: Node[] = [];
	const hasParent = new Set<Node>();
	for (const node of nodes) {
		const parent = parentOf(node.process, byPid);
		if (parent === undefined || parent === node) {
			roots.push(node);
		} else {
			// Nodes are in sort order, so each parent's children are too.
			parent.children.push(node);
			hasParent.add(node);
		}
	}

	const rows: ProcessRow[] = [];
	const placed = new Set<Node>();
	const walk = (root: Node) => {
		// Depth-first without recursion: a deep chain of shells cannot overflow the stack.
		// A folded branch is still walked (hidden), so what it holds is not taken for a cycle below.
		const stack: Array<{readonly node: Node; readonly indent: string; readonly last: boolean; readonly depth: number; readonly hidden: boolean}> = [{node: root, indent: '', last: true, depth: 0, hidden: false}];
		while (stack.length > 0) {
			const {node, indent, last, depth, hidden} = stack.pop()!;
			if (placed.has(node)) {
				continue;
			}

			placed.add(node);
			const folded = hidden || (collapsed.has(node.key) && node.children.length > 0);
			if (!hidden) {
				const glyph = depth === 0 ? '' : (last ? '└─ ' : '├─ ');
				rows.push({...flatRow(node.process), prefix: indent + glyph, parent: node.children.length > 0, collapsed: folded});
			}

			const childIndent = depth === 0 ? '' : indent + (last ? '   ' : '│  ');
			const children = node.children.filter(child => !placed.has(child));
			for (let index = children.length - 1; index >= 0; index--) {
				stack.push({node: children[index]!, indent: childIndent, last: index === children.length - 1, depth: depth + 1, hidden: folded});
			}
		}
	};

	for (const root of roots) {
		walk(root);
	}

	// What is left is a cycle or hangs from one: the first such process in sort order becomes a root, and so on.
	for (const node of nodes) {
		if (!placed.has(node) && hasParent.has(node)) {
			walk(node);
		}
	}

	return rows;
}
