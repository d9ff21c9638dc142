import StockOutput from '../../node_modules/ink/build/output.js';
import {describe, expect, it} from 'vitest';
import Output from '../../scripts/ink/output.js';
import {createRandom, pick, randomText, type Random} from './random-text.js';
import {createTerminalModel} from './terminal-model.js';

type Transformer = (line: string, index: number) => string;

type Operation =
	| {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]}
	| {type: 'clip'; clip: {x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined}}
	| {type: 'unclip'};

type Frame = {readonly width: number; readonly height: number; readonly operations: readonly Operation[]};

type OutputLike = {
	write: (x: number, y: number, text: string, options: {transformers: Transformer[]}) => void;
	clip: (clip: {x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined}) => void;
	unclip: () => void;
	get: () => {output: string; height: number};
};

function render(output: OutputLike, frame: Frame): {output: string; height: number} {
	for (const operation of frame.operations) {
		if (operation.type === 'write') {
			output.write(operation.x, operation.y, operation.text, {transformers: operation.transformers});
		} else if (operation.type === 'clip') {
			output.clip(operation.clip);
		} else {
			output.unclip();
		}
	}

	return output.get();
}

const colour = (line: string) => `\u001B[36m${line}\u001B[39m`;
const indexed = (line: string, index: number) => `${index}${line}`;

/** A dashboard-like text: words, numbers, box drawing and chart glyphs, some of it coloured. */
function dashboardText(random: Random): string {
	let text = '';
	for (let count = 1 + Math.floor(random() * 4); count > 0; count--) {
		const word = pick(random, ['cpu', ' busy 12.5%', 'load 0.42', '│', '────', '╭─╯', '┤', '●', '…', '▼ 2.1σ', '   ', 'sda']);
		text += random() < 0.4 ? `\u001B[${pick(random, ['31', '1', '2', '38;5;208', '44'])}m${word}\u001B[0m` : word;
	}

	return text;
}

function randomFrame(random: Random): Frame {
	const width = 8 + Math.floor(random() * 40);
	const height = 2 + Math.floor(random() * 8);
	const operations: Operation[] = [];
	let clips = 0;
	for (let count = Math.floor(random() * 14); count > 0; count--) {
		const roll = random();
		if (roll < 0.08) {
			const bound = (limit: number) => (random() < 0.2 ? undefined : Math.floor(random() * (limit + 4)) - 2);
			operations.push({type: 'clip', clip: {x1: bound(width), x2: bound(width), y1: bound(height), y2: bound(height)}});
			clips++;
		} else if (roll < 0.12 && clips > 0) {
			operations.push({type: 'unclip'});
			clips--;
		} else {
			const lines = Array.from({length: 1 + Math.floor(random() * 3)}, () => (random() < 0.6 ? dashboardText(random) : randomText(random, 10)));
			const transformers = random() < 0.15 ? [pick(random, [colour, indexed])] : [];
			operations.push({type: 'write', x: Math.floor(random() * (width + 4)) - 2, y: Math.floor(random() * (height + 2)) - 1, text: lines.join('\n'), transformers});
		}
	}

	return {width, height, operations};
}

/** What a terminal shows for one output row. */
function shown(row: string, width: number): string[] {
	const terminal = createTerminalModel(width + 40, 1);
	terminal.write(row);
	return terminal.screen();
}

// 13 s alone on a 2-core VM (December 2026); the default 30 s timeout failed it when the machine was loaded.
const randomEquivalenceTimeoutMs = 120_000;

describe('segment output (ink/build/output.js replacement)', () => {
	it('shows the same rows as stock Ink for 20,000 random frames of writes, clips and transformers', () => {
		const random = createRandom(21);
		const mismatches: string[] = [];
		for (let index = 0; index < 20_000 && mismatches.length < 5; index++) {
			const frame = randomFrame(random);
			const stock = render(new StockOutput({width: frame.width, height: frame.height}), frame);
			const ours = render(new Output({width: frame.width, height: frame.height}), frame);
			expect(ours.height).toBe(stock.height);
			const stockRows = stock.output.split('\n');
			const ourRows = ours.output.split('\n');
			expect(ourRows.length).toBe(stockRows.length);
			for (const [row, text] of ourRows.entries()) {
				// Equal bytes, or (for a row joined from segments) different SGR spellings of the same cells.
				if (text !== stockRows[row] && JSON.stringify(shown(text, frame.width)) !== JSON.stringify(shown(stockRows[row]!, frame.width))) {
					mismatches.push(JSON.stringify({frame, row, ours: text, stock: stockRows[row]}));
				}
			}
		}

		expect(mismatches).toEqual([]);
	}, randomEquivalenceTimeoutMs);

	it('joins the rows of a dashboard-shaped frame without building cells, and writes them as stock Ink would show them', () => {
		const frame: Frame = {
			width: 40,
			height: 4,
			operations: [
				{type: 'write', x: 0, y: 0, text: '── CPU ──────────', transformers: []},
				{type: 'write', x: 20, y: 0, text: '── Memory ───────', transformers: []},
				{type: 'write', x: 0, y: 1, text: 'busy \u001B[31m97%\u001B[39m', transformers: []},
				{type: 'write', x: 20, y: 1, text: 'used 1.2 GiB', transformers: []},
				{type: 'write', x: 11, y: 1, text: '\u001B[1mHIGH\u001B[22m', transformers: []},
				{type: 'write', x: 0, y: 2, text: ' 86┤    ╭─╯', transformers: []},
			],
		};
		const output = new Output({width: frame.width, height: frame.height});
		const ours = render(output, frame);
		expect(ours.output.split('\n')).toEqual([
			'── CPU ──────────   ── Memory ───────',
			'busy \u001B[31m97%\u001B[39m   \u001B[1mHIGH\u001B[22m     used 1.2 GiB',
			' 86┤    ╭─╯',
			'',
		]);
		// No row fell back to stock Ink's grid, which would have tokenized its texts into styled cells.
		expect(output.caches.styledChars.size).toBe(0);
	});

	it('falls back to cells for a row where a write overlaps another, and shows what stock Ink shows', () => {
		const frame: Frame = {
			width: 20,
			height: 1,
			operations: [
				{type: 'write', x: 0, y: 0, text: '\u001B[31mabcdefgh\u001B[39m', transformers: []},
				{type: 'write', x: 3, y: 0, text: 'XY', transformers: []},
			],
		};
		const output = new Output({width: frame.width, height: frame.height});
		const stock = render(new StockOutput({width: frame.width, height: frame.height}), frame);
		expect(render(output, frame).output).toBe(stock.output);
		expect(output.caches.styledChars.size).toBeGreaterThan(0);
	});
});
