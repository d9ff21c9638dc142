import {embeddedJson, escapeMarkup, flameCoreScript, flameData, type FlameGraphPage, maximumRows} from './flamegraph-data.js';

/**
 * A single-file interactive flame graph (icicle: the root on top, as in the terminal): the frames as
 * embedded JSON drawn on a canvas, click to zoom, a regular-expression search that highlights matches
 * and says what share of samples they cover, a tooltip per frame. Works offline; no text is fitted to
 * each frame (jonhoo/inferno#256), labels are cut by an average character width.
 */
export function renderFlameGraphHtml(page: FlameGraphPage): string {
	const data = flameData(page.tree, page.modules);
	const json = embeddedJson(data);
	const note = data.cutRows ? `<p class="note">Stacks deeper than ${maximumRows} frames are cut at that depth (a browser cannot draw a taller canvas).</p>` : '';
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeMarkup(page.title)}</title>
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
<h1>${escapeMarkup(page.title)}</h1>
<div>${escapeMarkup(page.subtitle)} · icicle: callers above callees, width = share of samples, x-axis alphabetical (not time). Click a frame to zoom.</div>
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

/** The page's script, plain ES2019 so any current browser runs it from a file. */
const pageScript = String.raw`const d = JSON.parse(document.getElementById('data').textContent);
${flameCoreScript}
const canvas = document.getElementById('flame');
const context = canvas.getContext('2d');
const details = document.getElementById('details');
const matchedLabel = document.getElementById('matched');
let drawn = [];
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
	drawn = [];
	for (let i = 0; i < n; i++) {
		const box = frameBox(i, width);
		if (box === null || box[1] < 0.5) continue;
		const [x, w] = box;
		const y = d.depth[i] * rowHeight;
		context.globalAlpha = i < zoom ? 0.5 : 1;
		context.fillStyle = colour(i);
		context.fillRect(x, y, Math.max(w - 0.5, 0.5), rowHeight - 1);
		const label = fittedLabel(i, w, charWidth);
		if (label) {
			context.fillStyle = '#000';
			context.fillText(label, x + 2, y + 12);
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
function search(text) {
	matchedLabel.textContent = setSearch(text);
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
