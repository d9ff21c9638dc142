import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {renderFlameGraphHtml} from '../../source/profile/flamegraph-html.js';
import {foldPerfScript} from '../../source/profile/fold-perf-script.js';
import {buildFrameTreeFromFolded} from '../../source/profile/frame-tree.js';

type PageData = {names: string[]; kinds: string[]; modules: string[]; name: number[]; parent: number[]; depth: number[]; total: number[]; samples: number; cutRows: boolean};

function embedded(html: string): PageData {
	const json = /<script type="application\/json" id="data">(.*?)<\/script>/s.exec(html)![1]!;
	return JSON.parse(json) as PageData;
}

function script(html: string): string {
	return /<script>\n(.*?)<\/script>/s.exec(html)![1]!;
}

describe('renderFlameGraphHtml', () => {
	it('embeds the frames of a captured Node profile with their kinds and modules, and a script that parses', () => {
		const profile = foldPerfScript(readFileSync(new URL('../fixtures/perf/node-perf-basic-prof.txt', import.meta.url), 'utf8'));
		const html = renderFlameGraphHtml({title: 'node (pid 10198)', subtitle: '120 samples', tree: profile.tree, modules: profile.modules});
		const data = embedded(html);
		expect(data.samples).toBe(120);
		const jit = data.names.indexOf('JS:*sortArrays /tmp/profiling/busy.js:3:20');
		expect(data.kinds[jit]).toBe('jit');
		expect(data.modules[jit]).toBe('perf-10198.map');
		expect(data.parent[0]).toBe(-1);
		expect(() => new Function(script(html))).not.toThrow();
		expect(html).not.toMatch(/<script src|<link /);
	});

	it('escapes names that could end the script or inject markup', () => {
		const tree = buildFrameTreeFromFolded('app;</script><img src=x> 1\n');
		const html = renderFlameGraphHtml({title: '<b>x</b>', subtitle: '', tree, modules: new Map()});
		expect(html).not.toContain('</script><img');
		expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
		expect(embedded(html).names).toContain('</script><img src=x>');
	});

	it('prunes frames under 0.1 px at 1,200 px and cuts stacks deeper than a browser can draw', () => {
		const deep = Array.from({length: 3000}, () => 'f').join(';');
		const tree = buildFrameTreeFromFolded(`app;big 100000\napp;small 1\napp;${deep} 100\n`);
		const data = embedded(renderFlameGraphHtml({title: 't', subtitle: '', tree, modules: new Map()}));
		expect(data.names).not.toContain('small');
		expect(Math.max(...data.depth)).toBeLessThan(2048);
		expect(data.cutRows).toBe(true);
	});

	it('zooms on a click and highlights search matches, offline, in a stand-in browser', () => {
		const tree = buildFrameTreeFromFolded('app;main;parse;lex 6\napp;main;eval 3\napp;gc 1\n');
		const page = runPage(renderFlameGraphHtml({title: 't', subtitle: '', tree, modules: new Map()}));
		const widthOf = (label: string) => page.frames().find(frame => frame.label.startsWith(label))?.width;
		expect(widthOf('all')).toBe(1000);
		expect(widthOf('parse')).toBeCloseTo(600, 0);
		// Click on `parse` (row 3): it fills the width, its ancestors stay full width above it.
		page.click(700, 3 * 16 + 8);
		expect(widthOf('parse')).toBe(1000);
		expect(widthOf('lex')).toBe(1000);
		expect(widthOf('eval')).toBeUndefined();
		page.elements.reset!.fire('click');
		page.elements.search!.value = 'lex|gc';
		page.elements.search!.fire('input', {target: page.elements.search});
		expect(page.elements.matched!.textContent).toBe('Matched: 70.00 %');
		expect(page.frames().filter(frame => frame.fill === '#e040e0').map(frame => frame.label)).toEqual(['gc', 'lex']);
	});
});

type Element = {value?: string; textContent: string; title?: string; style: Record<string, string>; width?: number; height?: number; handlers: Record<string, (event: unknown) => void>; fire: (type: string, event?: unknown) => void; [key: string]: unknown};

/** The page's script run against a stand-in DOM and canvas 1,000 px wide that record what is drawn. */
function runPage(html: string) {
	const drawn: Array<{x: number; y: number; width: number; fill: string; label: string}> = [];
	let fill = '';
	const context = {
		setTransform() {},
		measureText: () => ({width: 7}),
		fillRect(x: number, y: number, width: number) {
			drawn.push({x, y, width: Math.round(width + 0.5), fill, label: ''});
		},
		fillText(text: string) {
			drawn.at(-1)!.label = text;
		},
		set fillStyle(value: string) {
			if (value !== '#000') {
				fill = value;
			}
		},
		font: '',
		globalAlpha: 1,
	};
	const element = (): Element => {
		const handlers: Element['handlers'] = {};
		return {textContent: '', style: {}, handlers, addEventListener(type: string, handler: (event: unknown) => void) {
			handlers[type] = handler;
		}, fire(type: string, event?: unknown) {
			handlers[type]!(event);
		}};
	};

	const elements: Record<string, Element> = {flame: element(), details: element(), matched: element(), reset: element(), search: element(), clear: element(), data: element()};
	elements.data!.textContent = /<script type="application\/json" id="data">(.*?)<\/script>/s.exec(html)![1]!;
	elements.flame!['getContext'] = () => context;
	elements.flame!['getBoundingClientRect'] = () => ({left: 0, top: 0});
	const document = {getElementById: (id: string) => elements[id], body: {clientWidth: 1000}};
	const window = {devicePixelRatio: 1, addEventListener() {}};
	const script = /<script>\n(.*?)<\/script>/s.exec(html)![1]!;
	// Each draw starts afresh: keep only the last one.
	const run = new Function('document', 'window', script.replace('function draw() {', 'function draw() { globalThis.__clear();'));
	(globalThis as Record<string, unknown>)['__clear'] = () => {
		drawn.length = 0;
	};

	run(document, window);
	return {
		elements,
		frames: () => drawn,
		click(x: number, y: number) {
			elements.flame!.fire('click', {clientX: x, clientY: y});
		},
	};
}
