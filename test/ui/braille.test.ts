import {describe, expect, it} from 'vitest';
import {brailleGraph} from '../../source/ui/braille.js';

const scale = {min: 0, max: 100};

describe('brailleGraph', () => {
	it('puts two values in a cell, left column first, each filled from the bottom', () => {
		// 100 lights the whole left column (dots 1, 2, 3, 7), 0 only the right column's bottom dot (8).
		expect(brailleGraph([100, 0], {...scale, columns: 1, lines: 1}).cells).toEqual([[String.fromCodePoint(0x28_00 + 0x01 + 0x02 + 0x04 + 0x40 + 0x80)]]);
		expect(brailleGraph([100, 100], {...scale, columns: 1, lines: 1}).cells).toEqual([['⣿']]);
	});

	it('draws the newest values at the right edge and leaves missing history empty', () => {
		// One value in four dot columns: the last one, the right column of the second cell (dots 4, 5, 6, 8).
		expect(brailleGraph([100], {...scale, columns: 2, lines: 1}).cells).toEqual([[' ', '⢸']]);
		// Only the newest four of six values fit.
		expect(brailleGraph([100, 100, 0, 0, 100, 100], {...scale, columns: 2, lines: 1}).cells).toEqual([['⣀', '⣿']]);
	});

	it('shows a gap as a hole and a value at the minimum as a dot, so the two never look alike', () => {
		const graph = brailleGraph([0, Number.NaN], {...scale, columns: 1, lines: 1});
		expect(graph.cells).toEqual([['⡀']]);
		expect(brailleGraph([Number.NaN, Number.NaN], {...scale, columns: 1, lines: 1}).cells).toEqual([[' ']]);
	});

	it('stacks lines: four dot rows a line, the top line holding what is above the lower ones', () => {
		// 8 dot rows; 50 % lights 1 + round(0.5 × 7) = 5 rows: the bottom line full, one dot above it.
		const graph = brailleGraph([50, 50], {...scale, columns: 1, lines: 2});
		expect(graph.cells).toEqual([['⣀'], ['⣿']]);
	});

	it('keeps values beyond the scale at its edges', () => {
		expect(brailleGraph([250, -40], {...scale, columns: 1, lines: 1}).cells).toEqual(brailleGraph([100, 0], {...scale, columns: 1, lines: 1}).cells);
	});

	it('gives each cell the highest value its dots stand for, for colouring by severity', () => {
		const graph = brailleGraph([100, 50], {...scale, columns: 1, lines: 2});
		// 8 rows span 0–100: the top dot of the top line stands for 100, the bottom line's top dot for 3/7 of it.
		expect(graph.reached[0]![0]).toBe(100);
		expect(graph.reached[1]![0]).toBeCloseTo(300 / 7);
		expect(brailleGraph([Number.NaN], {...scale, columns: 1, lines: 1}).reached).toEqual([[undefined]]);
	});

	it('draws nothing for no room and survives a flat scale', () => {
		expect(brailleGraph([1, 2], {...scale, columns: 0, lines: 3}).cells).toEqual([[], [], []]);
		expect(brailleGraph([5, 5], {min: 5, max: 5, columns: 1, lines: 1}).cells).toEqual([['⣀']]);
	});
});
