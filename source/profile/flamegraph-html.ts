import {frameLabel, type FoldedProfile} from './fold-perf-script.js';
import {rootNode, walkTree, type FrameTree} from './frame-tree.js';

export type FlameGraphPage = {
	readonly title: string;
	/** One line under the title: samples, duration, on-CPU share. */
	readonly subtitle: string;
	readonly tree: FrameTree;
	readonly modules: FoldedProfile['modules'];
};

/** Frames under 0.1 px at 1,200 px are pruned, as flamegraph.pl's default minimum width does. */
const minimumShare = 0.1 / 1200;
const rowHeight = 16;
/** Browsers fail on canvases taller than 32,767 px (async-profiler/async-profiler#418). */
const maximumRows = Math.floor(32_767 / rowHeight) - 1;

/** What the page's script reads: the kept frames in depth-first order, and a names table. */
type PageData = {
	readonly names: string[];
	readonly kinds: string[];
	readonly modules: string[];
	readonly name: number[];
	readonly parent: number[];
	readonly depth: number[];
	readonly total: number[];
	readonly self: number[];
	readonly samples: number;
	readonly cutRows: boolean;
};

/**
 * A single-file interactive flame graph (icicle: the root on top, as in the terminal): the frames as
 * embedded JSON drawn on a canvas, click to zoom, a regular-expression search that highlights matches
 * and says what share of samples they cover, a tooltip per frame. Works offline; no text is fitted to
 * each frame (jonhoo/inferno#256), labels are cut by an average character width.
 */
export function renderFlameGraphHtml(page: FlameGraphPage): string {
	const data = pageData(page.tree, page.modules);
	const json = JSON.stringify(data).replaceAll('<', String.raw`\u003c`);
	const note = data.cutRows ? `<p class="note">Stacks deeper than ${maximumRows} frames are cut at that depth (a browser cannot draw a taller canvas).</p>` : '';
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(page.title)}</title>
<style>
body { font: 13px system-ui, sans-serif; margin: 12px; color: #222; background: #fff; }
h1 { font-size: 16px; margin: 0 0 4px; }
.bar { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
.bar input { width: 260px; font: 12px monospace; }
#details { font: 12px monospace; min-height: 16px; white-space: pre; overflow: hidden; }
#matched { font: 12px monospace; color: #a0a; }
canvas { display: block; cursor: pointer; }
.note { color: #a60; }
</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<div>${escapeHtml(page.subtitle)} · icicle: callers above callees, width = share of samples, x-axis alphabetical (not time). Click a frame to zoom.</div>
${note}
<div class="bar"><button id="reset">Reset zoom</button><input id="search" placeholder="Search (regular expression)" aria-label="search"><button id="clear">Clear</button><span id="matched"></span></div>
<div id="details"></div>
<canvas id="flame"></canvas>
<script type="application/json" id="data">${json}</script>
<script>
${pageScript}
</script>
</body>
</html>
`;
}

function pageData(tree: FrameTree, modules: FoldedProfile['modules']): PageData {
	const samples = tree.total[rootNode]!;
	const minimum = samples * minimumShare;
	const data: PageData = {names: [], kinds: [], modules: [], name: [], parent: [], depth: [], total: [], self: [], samples, cutRows: false};
	const nameIndex = new Map<number, number>();
	// Kept index of each tree node; -1 for a pruned one, whose subtree is skipped too.
	const kept = new Int32Array(tree.name.length).fill(-1);
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
			data.kinds.push(label.startsWith('[') && label.endsWith(']') ? 'unknown' : kind);
			data.modules.push(modules.get(raw) ?? '');
		}

		kept[node] = data.name.length;
		data.name.push(index);
		data.parent.push(parent >= 0 ? kept[parent]! : -1);
		data.depth.push(tree.depth[node]!);
		data.total.push(tree.total[node]!);
		data.self.push(tree.self[node]!);
	});
	return {...data, cutRows};
}

function escapeHtml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** The page's script, plain ES2019 so any current browser runs it from a file. */
const pageScript = String.raw`'use strict';
const d = JSON.parse(document.getElementById('data').textContent);
const n = d.name.length;
const rowHeight = ${rowHeight};
// Each frame's left edge and width as shares of all samples; a subtree is the range [i, end[i]).
const left = new Float64Array(n), end = new Int32Array(n), nextLeft = new Float64Array(n);
for (let i = 0; i < n; i++) {
	const p = d.parent[i];
	left[i] = p < 0 ? 0 : nextLeft[p];
	nextLeft[i] = left[i];
	if (p >= 0) nextLeft[p] += d.total[i];
}
for (let i = n - 1; i >= 0; i--) {
	end[i] = Math.max(end[i], i + 1);
	const p = d.parent[i];
	if (p >= 0) end[p] = Math.max(end[p], end[i]);
}
let maxDepth = 0;
for (let i = 0; i < n; i++) maxDepth = Math.max(maxDepth, d.depth[i]);
const canvas = document.getElementById('flame');
const context = canvas.getContext('2d');
const details = document.getElementById('details');
const matchedLabel = document.getElementById('matched');
let zoom = 0;
let pattern = null;
let drawn = [];
function colour(i) {
	const id = d.name[i];
	if (pattern && pattern.test(d.names[id])) return '#e040e0';
	const kind = d.kinds[id];
	let hash = 0;
	const text = d.names[id];
	for (let c = 0; c < text.length && c < 12; c++) hash = (hash * 31 + text.charCodeAt(c)) >>> 0;
	const v = (hash % 1000) / 1000;
	if (kind === 'kernel') return 'rgb(230,' + Math.round(140 + 50 * v) + ',70)';
	if (kind === 'jit') return 'rgb(' + Math.round(80 + 60 * v) + ',190,90)';
	if (kind === 'inlined') return 'rgb(80,' + Math.round(170 + 40 * v) + ',200)';
	if (kind === 'unknown') return 'rgb(' + Math.round(170 + 30 * v) + ',170,170)';
	return 'rgb(' + Math.round(205 + 50 * v) + ',' + Math.round(80 + 110 * v) + ',50)';
}
function isAncestorOfZoom(i) { return i < zoom && end[i] >= end[zoom]; }
function draw() {
	const ratio = window.devicePixelRatio || 1;
	const width = Math.max(200, document.body.clientWidth);
	const rows = maxDepth + 1;
	canvas.style.width = width + 'px';
	canvas.style.height = rows * rowHeight + 'px';
	canvas.width = Math.round(width * ratio);
	canvas.height = Math.round(rows * rowHeight * ratio);
	context.setTransform(ratio, 0, 0, ratio, 0, 0);
	context.font = '11px monospace';
	const charWidth = context.measureText('m').width;
	const zoomLeft = left[zoom];
	const zoomShare = d.total[zoom];
	drawn = [];
	for (let i = 0; i < n; i++) {
		let x, w;
		if (i >= zoom && i < end[zoom]) {
			x = ((left[i] - zoomLeft) / zoomShare) * width;
			w = (d.total[i] / zoomShare) * width;
		} else if (isAncestorOfZoom(i)) {
			x = 0;
			w = width;
		} else {
			continue;
		}
		if (w < 0.5) continue;
		const y = d.depth[i] * rowHeight;
		context.globalAlpha = i < zoom ? 0.5 : 1;
		context.fillStyle = colour(i);
		context.fillRect(x, y, Math.max(w - 0.5, 0.5), rowHeight - 1);
		const chars = Math.floor((w - 4) / charWidth);
		if (chars >= 3) {
			const label = d.names[d.name[i]];
			context.fillStyle = '#000';
			context.fillText(label.length > chars ? label.slice(0, chars - 2) + '..' : label, x + 2, y + 12);
		}
		drawn.push([i, x, y, w]);
	}
	context.globalAlpha = 1;
}
function frameAt(event) {
	const box = canvas.getBoundingClientRect();
	const x = event.clientX - box.left, y = event.clientY - box.top;
	for (const [i, fx, fy, fw] of drawn) {
		if (x >= fx && x < fx + fw && y >= fy && y < fy + rowHeight) return i;
	}
	return -1;
}
function describe(i) {
	const id = d.name[i];
	const share = (100 * d.total[i] / d.samples).toFixed(2);
	const self = (100 * d.self[i] / d.samples).toFixed(2);
	const module = d.modules[id] ? ' (' + d.modules[id] + ')' : '';
	return d.names[id] + module + ': ' + d.total[i] + ' samples, ' + share + ' % total, ' + self + ' % self';
}
function search(text) {
	pattern = null;
	matchedLabel.textContent = '';
	if (text) {
		try { pattern = new RegExp(text); } catch (error) { matchedLabel.textContent = 'invalid regular expression'; }
	}
	if (pattern) {
		// Matched share: samples under a matching frame, each counted once (a match below a match is inside it).
		let matched = 0;
		for (let i = 1; i < n; ) {
			if (pattern.test(d.names[d.name[i]])) { matched += d.total[i]; i = end[i]; } else i++;
		}
		matchedLabel.textContent = 'Matched: ' + (100 * matched / d.samples).toFixed(2) + ' %';
	}
	draw();
}
canvas.addEventListener('mousemove', event => {
	const i = frameAt(event);
	details.textContent = i >= 0 ? describe(i) : '';
	canvas.title = i >= 0 ? describe(i) : '';
});
canvas.addEventListener('click', event => {
	const i = frameAt(event);
	if (i >= 0) { zoom = i; draw(); }
});
document.getElementById('reset').addEventListener('click', () => { zoom = 0; draw(); });
document.getElementById('search').addEventListener('input', event => search(event.target.value));
document.getElementById('clear').addEventListener('click', () => { document.getElementById('search').value = ''; search(''); });
window.addEventListener('resize', draw);
draw();
`;
