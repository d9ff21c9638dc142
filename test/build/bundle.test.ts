import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {build} from 'esbuild';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {bundleOptions} from '../../scripts/ink/bundle-options.mjs';
import {createTerminalModel} from './terminal-model.js';

const entryPoint = path.resolve('bench/ui-synthetic.tsx');
const directory = mkdtempSync(path.join(tmpdir(), 'perftop-bundle-test-'));
const stock = path.join(directory, 'stock.js');
const patched = path.join(directory, 'patched.js');

function shown(text: string, lines: number): string[] {
	const terminal = createTerminalModel(160, lines + 1);
	terminal.write(text);
	return terminal.screen();
}

/** Every frame of the synthetic dashboard as Ink wrote it, colours forced on. */
function frames(bundle: string, count: number): string {
	const env: NodeJS.ProcessEnv = {...process.env, FORCE_COLOR: '1'};
	delete env['CI'];
	const result = spawnSync(process.execPath, [bundle, 'stream', String(count)], {encoding: 'utf8', env});
	expect(result.status, result.stderr).toBe(0);
	return (JSON.parse(result.stdout.split('\n')[0]!) as {text: string}).text;
}

beforeAll(async () => {
	await build(bundleOptions({entryPoint, outfile: stock, inkPatches: {boundedCaches: false, fastStringWidth: false, lightAnsiTokenize: false, diffingLogUpdate: false, segmentOutput: false, fastSanitize: false, yogaWithoutFetch: false, lazyUnicode: false}}));
	await build(bundleOptions({entryPoint, outfile: patched}));
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

describe('the patched Ink bundle', () => {
	it('writes frames that show the same cells as stock Ink on a changing 160x48 dashboard', () => {
		const stockFrames = frames(stock, 40);
		expect(stockFrames.length).toBeGreaterThan(100_000);
		expect(stockFrames).toMatch(/\u001B\[3\dm/);
		// The output patch may spell a row's SGR codes differently (it does not re-encode the texts Ink
		// wrote), so the frames are compared as a terminal shows them, all 40 one below the other.
		const patchedFrames = frames(patched, 40);
		const lines = stockFrames.split('\n').length;
		expect(patchedFrames.split('\n')).toHaveLength(lines);
		expect(shown(patchedFrames, lines)).toEqual(shown(stockFrames, lines));
	});

	it('contains the replacements instead of the originals', () => {
		const patchedCode = readFileSync(patched, 'utf8');
		const stockCode = readFileSync(stock, 'utf8');
		for (const marker of ['createBoundedCache', 'createFastStringWidth', 'sameStyles', 'diffFrame', 'modelledWidth', 'notOnlySgr', '__perftopNoFetch', 'lazySegmenter']) {
			expect(patchedCode).toContain(marker);
			expect(stockCode).not.toContain(marker);
		}
	});

	it('is one ESM file with a require shim, production React and no devtools', () => {
		const patchedCode = readFileSync(patched, 'utf8');
		expect(patchedCode).toMatch(/^import \{createRequire as __perftopCreateRequire\} from 'node:module';/);
		// The stub's body, minified; the real package is never imported.
		expect(patchedCode).toContain('{initialize(){},connectToDevTools(){}}');
		expect(patchedCode).not.toMatch(/from\s*"react-devtools-core"/);
		expect(patchedCode).not.toContain('react-reconciler.development');
	});

	it('dist/cli.js runs meow\'s normalize-package-data code only when it is called', () => {
		const cli = readFileSync(path.resolve('dist/cli.js'), 'utf8');
		expect(cli).toContain('getDefaultExportFromCjs(requireNormalize())(...args)');
		expect(cli).not.toMatch(/normalizeExports\s*=\s*requireNormalize\(\)/);
	});
});
