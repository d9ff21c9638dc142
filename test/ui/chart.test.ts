import {describe, expect, it} from 'vitest';
import {sparkline} from '../../source/ui/chart.js';

const label = (value: number) => String(Math.round(value));

describe('sparkline', () => {
	it('returns exactly height lines of exactly width cells', () => {
		const lines = sparkline([10, 50, 90, 40], {width: 30, height: 5, min: 0, max: 100, label});
		expect(lines).toHaveLength(5);
		for (const line of lines) {
			expect(line).toHaveLength(30);
		}

		expect(lines[0]).toMatch(/^100┤/);
		expect(lines.at(-1)).toMatch(/^ {2}0┤/);
	});

	it('draws the newest values at the right edge', () => {
		const lines = sparkline([100, 100], {width: 12, height: 3, min: 0, max: 100, label});
		// Two points make one segment, in the last column; the columns before it are empty history.
		expect(lines[0]!.endsWith('─')).toBe(true);
		expect(lines[0]!.slice(4, -1).trim()).toBe('');
		expect(lines[0]!.slice(0, 4)).toBe('100┤');
	});

	it('turns NaN gaps into holes instead of throwing or dropping to zero', () => {
		const values = [50, 50, Number.NaN, Number.NaN, Number.NaN, 50, 50];
		const lines = sparkline(values, {width: 4 + values.length - 1, height: 3, min: 0, max: 100, label});
		const middle = lines[1]!;
		// Columns after the axis: segment 0→1 drawn, segments touching the gap blank, segment 5→6 drawn.
		expect(middle.slice(4)).toBe('─    ─');
		// Nothing drawn on the zero line where the gap is.
		expect(lines[2]!.slice(4).trim()).toBe('');
	});

	it('says so when there is no data at all', () => {
		const lines = sparkline([Number.NaN, Number.NaN], {width: 20, height: 3, min: 0, max: 100, label});
		expect(lines[0]!.trim()).toBe('no data yet');
		expect(lines).toHaveLength(3);
	});

	it('scales to the largest value when there is no fixed top, and survives a flat zero series', () => {
		const scaled = sparkline([0, 2048, 4096], {width: 20, height: 4, min: 0, max: undefined, label});
		expect(scaled[0]).toMatch(/^4096┤/);
		const flat = sparkline([0, 0, 0], {width: 20, height: 4, min: 0, max: undefined, label});
		expect(flat).toHaveLength(4);
	});

	it('scales to what is in view, not to a spike that has scrolled out of it', () => {
		const values = [28e6, ...Array.from({length: 100}, (_value, index) => index % 10)];
		const lines = sparkline(values, {width: 30, height: 4, min: 0, max: undefined, label});
		expect(lines[0]).toMatch(/^ 9[┤┼]/);
		expect(lines.at(-1)).toMatch(/^ 0[┤┼]/);
	});

	it('labels the bottom row 0, never -0', () => {
		// A top of 0.2061… over three rows leaves the bottom row at −2.8e-17 in asciichart's arithmetic.
		const lines = sparkline([0.1, 20 / 97], {width: 20, height: 4, min: 0, max: undefined, label: value => value.toFixed(1)});
		expect(lines.at(-1)).toMatch(/^0\.0[┤┼]/);
	});

	it('clamps values beyond a fixed scale to its edge', () => {
		const lines = sparkline([150, 150], {width: 10, height: 3, min: 0, max: 100, label});
		expect(lines[0]!.endsWith('─')).toBe(true);
	});

	it('returns nothing when there is no room for a chart', () => {
		expect(sparkline([1, 2], {width: 4, height: 3, min: 0, max: 100, label})).toEqual([]);
		expect(sparkline([1, 2], {width: 20, height: 0, min: 0, max: 100, label})).toEqual([]);
	});
});

describe('sparkline: baseline band', () => {
	const percentLabel = (value: number) => String(Math.round(value));

	it('draws the band edges as dotted rows behind the live line', () => {
		// 0–100 over 10 grid rows: 10 per row, so p5 20 and p95 60 land on the rows labelled 20 and 60.
		const lines = sparkline([90, 90, 90, 90], {width: 20, height: 11, min: 0, max: 100, label: percentLabel, band: {low: 20, high: 60}});
		const row = (label: string) => lines.find(line => line.startsWith(`${label.padStart(3)}┤`))!;
		expect(row('60').slice(4)).toMatch(/^┄+$/);
		expect(row('20').slice(4)).toMatch(/^┄+$/);
		expect(row('40').slice(4).trim()).toBe('');
		// The live line wins where it crosses: the 90 row keeps its segments.
		expect(row('90')).toContain('─');
		expect(row('90')).not.toContain('┄');
	});

	it('is not drawn without a band, or on a chart too short for it', () => {
		const without = sparkline([50, 50], {width: 20, height: 6, min: 0, max: 100, label: percentLabel});
		expect(without.join('\n')).not.toContain('┄');
		const short = sparkline([50, 50], {width: 20, height: 2, min: 0, max: 100, label: percentLabel, band: {low: 10, high: 90}});
		expect(short.join('\n')).not.toContain('┄');
	});

	it('raises an auto-scaled top so a band above the live values stays on the chart', () => {
		const lines = sparkline([1, 2, 1], {width: 20, height: 5, min: 0, max: undefined, label: percentLabel, band: {low: 10, high: 40}});
		expect(lines[0]).toMatch(/^40┤┄+$/);
	});

	it('paints band cells with the given paint and keeps every line its width in cells', () => {
		const paint = (text: string) => (text === '' ? text : `<${text}>`);
		const lines = sparkline([90, 90, 90], {width: 16, height: 11, min: 0, max: 100, label: percentLabel, band: {low: 20, high: 60}, bandPaint: paint});
		const banded = lines.find(line => line.startsWith(' 60┤'))!;
		expect(banded).toBe(` 60┤<${'┄'.repeat(12)}>`);
		for (const line of lines) {
			expect(line.replaceAll(/[<>]/g, '')).toHaveLength(16);
		}
	});

	it('keeps a one-character label visible instead of letting the axis overwrite it', () => {
		const lines = sparkline([0, 0], {width: 10, height: 1, min: 0, max: 100, label: value => (value === 0 ? '0' : String(value))});
		expect(lines[0]).toMatch(/^ 0┤/);
	});
});

describe('sparkline styles and value colours', () => {
	const percentLabel = (value: number) => `${Math.round(value)}`;
	const hot = (text: string) => `<${text}>`;
	const aboveEighty = (value: number) => (value >= 80 ? hot : undefined);

	it('draws braille dots right of an axis labelled at the top and bottom, each line its width', () => {
		const lines = sparkline([100, 0, 50, 50], {width: 10, height: 3, min: 0, max: 100, label: percentLabel, style: 'braille'});
		expect(lines).toHaveLength(3);
		for (const line of lines) {
			expect([...line]).toHaveLength(10);
		}

		expect(lines[0]).toMatch(/^100┤/);
		expect(lines[1]).toMatch(/^ {3}│/);
		expect(lines[2]).toMatch(/^ {2}0┤/);
		// The newest four values in the last two cells: 100 then 0, then 50 and 50 (7 of 12 dot rows).
		expect(lines[2]!.slice(-2)).toBe('⣇⣿');
		expect(lines[1]!.slice(-2)).toBe('⡇⣶');
		expect(lines[0]!.slice(-2)).toBe('⡇ ');
	});

	it('fits twice the points of a line chart in the same width', () => {
		const values = Array.from({length: 30}, (_value, index) => index);
		const line = sparkline(values, {width: 12, height: 2, min: 0, max: 100, label: percentLabel});
		const braille = sparkline(values, {width: 12, height: 2, min: 0, max: 100, label: percentLabel, style: 'braille'});
		// The line chart shows the last 9 points (width − label − axis + 1); braille the last 16, no empty cell.
		expect(braille[1]!.slice(4)).not.toContain(' ');
		expect(line[1]!.slice(4).trim()).not.toBe('');
	});

	it('paints the cells above an alert threshold, and only those, in both styles', () => {
		// asciichart draws 90 on the 100 row, its rise through the 80 row: those two rows are painted.
		const line = sparkline([50, 90, 90], {width: 8, height: 6, min: 0, max: 100, label: percentLabel, valuePaint: aboveEighty});
		expect(line.map(line => line.includes('<'))).toEqual([true, true, false, false, false, false]);
		const braille = sparkline([50, 90, 90, 10], {width: 7, height: 4, min: 0, max: 100, label: percentLabel, style: 'braille', valuePaint: aboveEighty});
		// 16 dot rows over 0–100: 90 reaches the top line (its dots stand for 80 and above), 50 does not.
		expect(braille[0]).toContain('<');
		expect(braille.slice(1).join('')).not.toContain('<');
	});

	it('gives the value paint each cell\'s fraction of the scale, for a gradient', () => {
		const fractions: number[] = [];
		sparkline([0, 100], {width: 5, height: 2, min: 0, max: 100, label: percentLabel, style: 'braille', valuePaint(_value, fraction) {
			fractions.push(fraction);
			return undefined;
		}});
		// One cell a line: the top line's highest dot is the top of the scale, the bottom line's 3 of 7 rows up.
		expect(fractions.sort()).toEqual([3 / 7, 1]);
	});

	it('draws a baseline band in the empty cells of a braille chart', () => {
		const lines = sparkline([10, 10], {width: 10, height: 4, min: 0, max: 100, label: percentLabel, style: 'braille', band: {low: 40, high: 90}});
		expect(lines[0]).toContain('┄');
		expect(lines[2]).toContain('┄');
		expect(lines[3]).not.toContain('┄');
	});
});
