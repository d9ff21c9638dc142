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
});
