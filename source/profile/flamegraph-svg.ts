import {embeddedJson, escapeMarkup, flameCoreScript, flameData, type FlameData, type FlameGraphPage, maximumRows, rowHeight} from './flamegraph-data.js';

/** flamegraph.pl's default width; the SVG scales to its viewer's width. */
const width = 1200;
const headerHeight = 64;
const footerHeight = 24;
/** An average character of 11 px monospace, to cut labels without measuring text (as flamegraph.pl does). */
const charWidth = 6.6;

/**
 * A self-contained interactive SVG flame graph, as flamegraph.pl writes one: every frame is an element
 * placed in the file, so the graph shows in any viewer, even one that runs no script; in a browser,
 * clicking a frame zooms into it, `Reset zoom` zooms out, and `Search` (or Ctrl-F) asks for a regular
 * expression, highlights the frames it matches and says what share of samples they cover. The frames
 * kept, their places and the zoom and search logic are the HTML page's (flamegraph-data.ts).
 */
export function renderFlameGraphSvg(page: FlameGraphPage): string {
	const data = flameData(page.tree, page.modules);
	let maxDepth = 0;
	for (const depth of data.depth) {
		maxDepth = Math.max(maxDepth, depth);
	}

	const height = headerHeight + (maxDepth + 1) * rowHeight + footerHeight;
	const note = data.cutRows ? ` · stacks deeper than ${maximumRows} frames are cut` : '';
	return `<?xml version="1.0" encoding="utf-8" standalone="no"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="11">
<style>
text { fill: #000; }
.frame text { pointer-events: none; }
.frame:hover rect { stroke: #000; stroke-width: 0.5; }
.button { cursor: pointer; fill: #06c; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="6" y="18" font-size="14" font-family="sans-serif">${escapeMarkup(page.title)}</text>
<text x="6" y="34" font-family="sans-serif">${escapeMarkup(page.subtitle + note)} · icicle: callers above callees, width = share of samples, x-axis alphabetical (not time)</text>
<text id="reset" class="button" x="6" y="54">Reset zoom</text>
<text id="search" class="button" x="96" y="54">Search</text>
<text id="matched" x="160" y="54" fill="#a0a"></text>
<text id="details" x="6" y="${height - 8}"></text>
<g id="frames" transform="translate(0,${headerHeight})">
${frameElements(data)}</g>
<script type="application/json" id="data"><![CDATA[${embeddedJson(data)}]]></script>
<script type="text/ecmascript"><![CDATA[
${svgScript}]]></script>
</svg>
`;
}

/** The unzoomed graph: one group a frame with its place, colour, label and tooltip. */
function frameElements(data: FlameData): string {
	const parts: string[] = [];
	for (let index = 0; index < data.name.length; index++) {
		const x = (data.left[index]! / data.samples) * width;
		const w = (data.total[index]! / data.samples) * width;
		const y = data.depth[index]! * rowHeight;
		const label = data.names[data.name[index]!]!;
		const chars = Math.floor((w - 4) / charWidth);
		const shown = chars < 3 ? '' : (label.length > chars ? `${label.slice(0, chars - 2)}..` : label);
		const share = ((100 * data.total[index]!) / data.samples).toFixed(2);
		parts.push(`<g class="frame" data-i="${index}"><title>${escapeMarkup(`${label}: ${data.total[index]} samples, ${share} %`)}</title><rect x="${x.toFixed(2)}" y="${y}" width="${Math.max(w - 0.5, 0.5).toFixed(2)}" height="${rowHeight - 1}" fill="${data.colours[data.name[index]!]}"/><text x="${(x + 2).toFixed(2)}" y="${y + 12}">${escapeMarkup(shown)}</text></g>\n`);
	}

	return parts.join('');
}

/** The SVG's own part of the script: place, colour and label each frame's element, and the buttons. */
const svgScript = String.raw`const d = JSON.parse(document.getElementById('data').textContent);
${flameCoreScript}
const width = ${width};
const charWidth = ${charWidth};
const frames = Array.from(document.querySelectorAll('.frame'));
const details = document.getElementById('details');
const matchedLabel = document.getElementById('matched');
function draw() {
	for (const frame of frames) {
		const i = Number(frame.getAttribute('data-i'));
		const box = frameBox(i, width);
		if (box === null || box[1] < 0.5) { frame.setAttribute('display', 'none'); continue; }
		frame.removeAttribute('display');
		const [x, w] = box;
		const rect = frame.querySelector('rect');
		rect.setAttribute('x', x.toFixed(2));
		rect.setAttribute('width', Math.max(w - 0.5, 0.5).toFixed(2));
		rect.setAttribute('fill', colour(i));
		rect.setAttribute('fill-opacity', i < zoom ? '0.5' : '1');
		const text = frame.querySelector('text');
		text.setAttribute('x', (x + 2).toFixed(2));
		text.textContent = fittedLabel(i, w, charWidth);
	}
}
function search() {
	const text = window.prompt('Search for frames matching (a regular expression):', pattern ? pattern.source : '');
	if (text === null) return;
	matchedLabel.textContent = setSearch(text);
	draw();
}
for (const frame of frames) {
	const i = Number(frame.getAttribute('data-i'));
	frame.addEventListener('click', () => { zoom = i; draw(); });
	frame.addEventListener('mouseover', () => { details.textContent = describe(i); });
	frame.addEventListener('mouseout', () => { details.textContent = ''; });
}
document.getElementById('reset').addEventListener('click', () => { zoom = 0; draw(); });
document.getElementById('search').addEventListener('click', search);
window.addEventListener('keydown', event => {
	if ((event.ctrlKey || event.metaKey) && event.key === 'f') { event.preventDefault(); search(); }
});
draw();
`;
