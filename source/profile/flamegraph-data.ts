import {frameLabel, type FoldedProfile} from './fold-perf-script.js';
import {rootNode, walkTree, type FrameTree} from './frame-tree.js';

/**
 * What the two interactive flame graphs (the HTML page, flamegraph-html.ts, and the SVG,
 * flamegraph-svg.ts) share: the frames they keep and where each sits, and the script that zooms,
 * colours, describes and searches them. Each file adds only how it draws (a canvas, SVG elements).
 */

export type FlameGraphPage = {
	readonly title: string;
	/** One line under the title: samples, duration, on-CPU share. */
	readonly subtitle: string;
	readonly tree: FrameTree;
	readonly modules: FoldedProfile['modules'];
};

/** Frames under 0.1 px at 1,200 px are pruned, as flamegraph.pl's default minimum width does. */
const minimumShare = 0.1 / 1200;
export const rowHeight = 16;
/** Browsers fail on canvases taller than 32,767 px (async-profiler/async-profiler#418). */
export const maximumRows = Math.floor(32_767 / rowHeight) - 1;

/** What the scripts read: the kept frames in depth-first order, and a names table. */
export type FlameData = {
	readonly names: string[];
	readonly kinds: string[];
	/** The fill of each name: a warm hue for user code, orange for the kernel, green for JIT, blue for inlined, grey for unknown. */
	readonly colours: string[];
	readonly modules: string[];
	readonly name: number[];
	readonly parent: number[];
	readonly depth: number[];
	/** Samples left of the frame, counted from the left edge of the whole graph. */
	readonly left: number[];
	readonly total: number[];
	readonly self: number[];
	readonly samples: number;
	readonly cutRows: boolean;
};

export function flameData(tree: FrameTree, modules: FoldedProfile['modules']): FlameData {
	const samples = tree.total[rootNode]!;
	const minimum = samples * minimumShare;
	const data: FlameData = {names: [], kinds: [], colours: [], modules: [], name: [], parent: [], depth: [], left: [], total: [], self: [], samples, cutRows: false};
	const nameIndex = new Map<number, number>();
	// Kept index of each tree node; -1 for a pruned one, whose subtree is skipped too.
	const kept = new Int32Array(tree.name.length).fill(-1);
	// Where the next child of each kept frame starts, in samples.
	const nextLeft: number[] = [];
	let cutRows = false;
	walkTree(tree, rootNode, node => {
		const parent = tree.parent[node]!;
		if ((parent >= 0 && kept[parent] === -1) || tree.total[node]! < minimum) {
			return;
		}

		if (tree.depth[node]! > maximumRows) {
			cutRows = true;
			return;
		}

		let index = nameIndex.get(tree.name[node]!);
		if (index === undefined) {
			const raw = tree.names[tree.name[node]!]!;
			const {label, kind} = frameLabel(raw);
			index = data.names.length;
			nameIndex.set(tree.name[node]!, index);
			data.names.push(label);
			const shownKind = label.startsWith('[') && label.endsWith(']') ? 'unknown' : kind;
			data.kinds.push(shownKind);
			data.colours.push(frameColour(label, shownKind));
			data.modules.push(modules.get(raw) ?? '');
		}

		const keptParent = parent >= 0 ? kept[parent]! : -1;
		const left = keptParent < 0 ? 0 : nextLeft[keptParent]!;
		if (keptParent >= 0) {
			nextLeft[keptParent]! += tree.total[node]!;
		}

		kept[node] = data.name.length;
		nextLeft.push(left);
		data.name.push(index);
		data.parent.push(keptParent);
		data.depth.push(tree.depth[node]!);
		data.left.push(left);
		data.total.push(tree.total[node]!);
		data.self.push(tree.self[node]!);
	});
	return {...data, cutRows};
}

/** A frame's fill: its kind's hue, varied by a hash of the first characters of its name so neighbours differ. */
function frameColour(label: string, kind: string): string {
	let hash = 0;
	for (let index = 0; index < label.length && index < 12; index++) {
		hash = ((hash * 31) + label.charCodeAt(index)) >>> 0;
	}

	const v = (hash % 1000) / 1000;
	switch (kind) {
		case 'kernel': {
			return `rgb(230,${Math.round(140 + (50 * v))},70)`;
		}

		case 'jit': {
			return `rgb(${Math.round(80 + (60 * v))},190,90)`;
		}

		case 'inlined': {
			return `rgb(80,${Math.round(170 + (40 * v))},200)`;
		}

		case 'unknown': {
			return `rgb(${Math.round(170 + (30 * v))},170,170)`;
		}

		default: {
			return `rgb(${Math.round(205 + (50 * v))},${Math.round(80 + (110 * v))},50)`;
		}
	}
}

/** The data as JSON that can sit inside an HTML `<script>` or an SVG CDATA section: no `<` or `>` is left to end either. */
export function embeddedJson(data: FlameData): string {
	return JSON.stringify(data).replaceAll('<', String.raw`\u003c`).replaceAll('>', String.raw`\u003e`);
}

export function escapeMarkup(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/**
 * The script both files run after `d` holds the data (plain ES2019, so any current browser runs it
 * from a file): subtree ranges, the zoom, frame colours by kind, the description of a frame, and the
 * search with the share of samples it matched.
 */
export const flameCoreScript = String.raw`'use strict';
const n = d.name.length;
const rowHeight = ${rowHeight};
// A subtree is the range [i, end[i]) of the depth-first order.
const end = new Int32Array(n);
for (let i = n - 1; i >= 0; i--) {
	end[i] = Math.max(end[i], i + 1);
	const p = d.parent[i];
	if (p >= 0) end[p] = Math.max(end[p], end[i]);
}
let maxDepth = 0;
for (let i = 0; i < n; i++) maxDepth = Math.max(maxDepth, d.depth[i]);
let zoom = 0;
let pattern = null;
function colour(i) {
	const id = d.name[i];
	return pattern && pattern.test(d.names[id]) ? '#e040e0' : d.colours[id];
}
function isAncestorOfZoom(i) { return i < zoom && end[i] >= end[zoom]; }
// Where frame i is drawn in a graph 'width' wide at the current zoom: [x, w], or null when it is not.
function frameBox(i, width) {
	if (i >= zoom && i < end[zoom]) {
		return [((d.left[i] - d.left[zoom]) / d.total[zoom]) * width, (d.total[i] / d.total[zoom]) * width];
	}
	return isAncestorOfZoom(i) ? [0, width] : null;
}
function fittedLabel(i, w, charWidth) {
	const chars = Math.floor((w - 4) / charWidth);
	if (chars < 3) return '';
	const label = d.names[d.name[i]];
	return label.length > chars ? label.slice(0, chars - 2) + '..' : label;
}
function describe(i) {
	const id = d.name[i];
	const share = (100 * d.total[i] / d.samples).toFixed(2);
	const self = (100 * d.self[i] / d.samples).toFixed(2);
	const module = d.modules[id] ? ' (' + d.modules[id] + ')' : '';
	return d.names[id] + module + ': ' + d.total[i] + ' samples, ' + share + ' % total, ' + self + ' % self';
}
// Sets the search and returns what to show beside it.
function setSearch(text) {
	pattern = null;
	if (!text) return '';
	try { pattern = new RegExp(text); } catch (error) { return 'invalid regular expression'; }
	// Matched share: samples under a matching frame, each counted once (a match below a match is inside it).
	let matched = 0;
	for (let i = 1; i < n; ) {
		if (pattern.test(d.names[d.name[i]])) { matched += d.total[i]; i = end[i]; } else i++;
	}
	return 'Matched: ' + (100 * matched / d.samples).toFixed(2) + ' %';
}
`;
