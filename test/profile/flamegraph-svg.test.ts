import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {renderFlameGraphSvg} from '../../source/profile/flamegraph-svg.js';
import {foldPerfScript} from '../../source/profile/fold-perf-script.js';
import {buildFrameTreeFromFolded} from '../../source/profile/frame-tree.js';

type Frame = {label: string; x: number; width: number; fill: string; hidden: boolean};

/** The unzoomed frames as the file places them, by their group's rect and text. */
function placed(svg: string): Frame[] {
	return [...svg.matchAll(/<g class="frame" data-i="\d+"><title>[^<]*<\/title><rect x="([\d.]+)" y="\d+" width="([\d.]+)" height="\d+" fill="([^"]+)"\/><text [^>]*>([^<]*)<\/text><\/g>/g)]
		.map(match => ({x: Number(match[1]), width: Number(match[2]), fill: match[3]!, label: match[4]!, hidden: false}));
}

describe('renderFlameGraphSvg', () => {
	it('places every frame in the file, so it shows without a script, and embeds a script that parses', () => {
		const tree = buildFrameTreeFromFolded('app;main;parse;lex 6\napp;main;eval 3\napp;gc 1\n');
		const svg = renderFlameGraphSvg({title: 't', subtitle: '10 samples', tree, modules: new Map()});
		const frames = placed(svg);
		expect(frames.map(frame => frame.label)).toEqual(['all', 'app', 'gc', 'main', 'eval', 'parse', 'lex']);
		const parse = frames.find(frame => frame.label === 'parse')!;
		expect(parse.width).toBeCloseTo(0.6 * 1200 - 0.5, 1);
		expect(parse.x).toBeCloseTo(0.4 * 1200, 1);
		expect(frames.find(frame => frame.label === 'gc')!.x).toBe(0);
		const script = /<script type="text\/ecmascript"><!\[CDATA\[\n(.*?)\]\]><\/script>/s.exec(svg)![1]!;
		expect(() => new Function(script)).not.toThrow();
		expect(svg).not.toMatch(/<script [^>]*src=|<link /);
	});

	it('keeps names that could end the data or inject markup inside their section', () => {
		const tree = buildFrameTreeFromFolded('app;]]></script><svg onload=x> 1\n');
		const svg = renderFlameGraphSvg({title: '<b>x</b>', subtitle: '', tree, modules: new Map()});
		expect(svg).not.toContain('</script><svg');
		expect(svg.match(/]]>/g)).toHaveLength(2);
		expect(svg).toContain('&lt;b&gt;x&lt;/b&gt;');
		const json = /<script type="application\/json" id="data"><!\[CDATA\[(.*?)\]\]><\/script>/s.exec(svg)![1]!;
		expect((JSON.parse(json) as {names: string[]}).names).toContain(']]></script><svg onload=x>');
	});

	it('colours kernel and JIT frames of a captured Node profile by kind', () => {
		const profile = foldPerfScript(readFileSync(new URL('../fixtures/perf/node-perf-basic-prof.txt', import.meta.url), 'utf8'));
		const svg = renderFlameGraphSvg({title: 'node', subtitle: '', tree: profile.tree, modules: profile.modules});
		const fills = new Set(placed(svg).filter(frame => frame.label.startsWith('JS:')).map(frame => frame.fill));
		expect([...fills].every(fill => /^rgb\(\d+,190,90\)$/.test(fill))).toBe(true);
	});

	it('zooms on a click and highlights search matches, offline, in a stand-in SVG document', () => {
		const tree = buildFrameTreeFromFolded('app;main;parse;lex 6\napp;main;eval 3\napp;gc 1\n');
		const page = runSvg(renderFlameGraphSvg({title: 't', subtitle: '', tree, modules: new Map()}));
		const widthOf = (label: string) => page.frames().find(frame => frame.label.startsWith(label) && !frame.hidden)?.width;
		page.click('parse');
		expect(widthOf('parse')).toBeCloseTo(1199.5, 1);
		expect(widthOf('lex')).toBeCloseTo(1199.5, 1);
		expect(widthOf('eval')).toBeUndefined();
		page.elements.reset!.fire('click');
		expect(widthOf('eval')).toBeCloseTo(0.3 * 1200 - 0.5, 1);
		page.answer('lex|gc');
		page.elements.search!.fire('click');
		expect(page.elements.matched!.textContent).toBe('Matched: 70.00 %');
		expect(page.frames().filter(frame => frame.fill === '#e040e0').map(frame => frame.label)).toEqual(['gc', 'lex']);
	});
});

type Element = {textContent: string; attributes: Map<string, string>; handlers: Record<string, () => void>; fire: (type: string) => void; children: Element[]};

/** The SVG's script run against a stand-in document holding its frame groups. */
function runSvg(svg: string) {
	const element = (textContent = '', children: Element[] = []): Element => {
		const handlers: Element['handlers'] = {};
		return {textContent, attributes: new Map(), handlers, children, fire(type) {
			handlers[type]!();
		}};
	};

	const api = (node: Element) => Object.assign(node, {
		addEventListener(type: string, handler: () => void) {
			node.handlers[type] = handler;
		},
		getAttribute: (name: string) => node.attributes.get(name),
		setAttribute(name: string, value: string) {
			node.attributes.set(name, value);
		},
		removeAttribute(name: string) {
			node.attributes.delete(name);
		},
		querySelector: (selector: string) => node.children.find(child => child.attributes.get('tag') === selector),
	});
	const frames = [...svg.matchAll(/<g class="frame" data-i="(\d+)">.*?<text [^>]*>([^<]*)<\/text><\/g>/g)].map(match => {
		const rect = api(element());
		rect.attributes.set('tag', 'rect');
		const text = api(element(match[2]!));
		text.attributes.set('tag', 'text');
		const group = api(element('', [rect, text]));
		group.attributes.set('data-i', match[1]!);
		return group;
	});
	const elements: Record<string, ReturnType<typeof api>> = Object.fromEntries(['reset', 'search', 'matched', 'details', 'data'].map(id => [id, api(element())]));
	elements.data!.textContent = /<script type="application\/json" id="data"><!\[CDATA\[(.*?)\]\]><\/script>/s.exec(svg)![1]!;
	let answer: string | null = null;
	const document = {getElementById: (id: string) => elements[id], querySelectorAll: () => frames};
	const window = {prompt: () => answer, addEventListener() {}};
	const script = /<script type="text\/ecmascript"><!\[CDATA\[\n(.*?)\]\]><\/script>/s.exec(svg)![1]!;
	new Function('document', 'window', script)(document, window);
	return {
		elements,
		frames: () => frames.map(group => ({
			label: group.children[1]!.textContent,
			x: Number(group.children[0]!.attributes.get('x')),
			width: Number(group.children[0]!.attributes.get('width')),
			fill: group.children[0]!.attributes.get('fill') ?? '',
			hidden: group.attributes.get('display') === 'none',
		})),
		click(label: string) {
			frames.find(group => group.children[1]!.textContent === label)!.fire('click');
		},
		answer(text: string) {
			answer = text;
		},
	};
}
