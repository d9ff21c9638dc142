import {plot} from 'asciichart';
import type {GraphStyle} from '../options.js';
import {brailleGraph} from './braille.js';
import type {Paint} from './theme.js';
import {fit} from './text.js';

/** A range drawn behind the live line, e.g. a baseline's normal band. */
export type ChartBand = {
	readonly low: number;
	readonly high: number;
};

/**
 * The colour of a drawn cell by the value it reaches (`fraction` of the scale, 0 at the bottom, 1 at
 * the top): severity bands above an alert threshold, or a theme's gradient. Undefined leaves it plain.
 */
export type ValuePaint = (value: number, fraction: number) => Paint | undefined;

export type ChartOptions = {
	/** Cells per line, axis labels included. */
	readonly width: number;
	/** Lines. */
	readonly height: number;
	readonly min: number;
	/** Fixed top of the scale (100 for percentages); undefined scales to the largest value shown. */
	readonly max: number | undefined;
	/** Axis label for a value; kept short, it is repeated on every line. */
	readonly label: (value: number) => string;
	/** Drawn as two dotted lines behind the live line when the chart has at least `bandNeedsLines` lines. */
	readonly band?: ChartBand;
	/** Colour for the band's cells (dim); the band's own character keeps it visible without colour. */
	readonly bandPaint?: Paint;
	/** asciichart's line (the default) or braille dots (2×4 a cell) filled from the bottom. */
	readonly style?: GraphStyle;
	readonly valuePaint?: ValuePaint;
};

const minimumPoints = 2;
/** With fewer lines the band's two edges would cover most of the chart and hide the live line's shape. */
export const bandNeedsLines = 3;
export const bandCell = '┄';

/**
 * An asciichart line chart of the newest values that fit, exactly `height` lines of exactly `width` cells.
 * asciichart cannot take NaN (it indexes rows with it and throws), so a gap is plotted with the last
 * known value and its columns are blanked afterwards: a gap shows as a hole, never as a drop to 0.
 * Every axis label is measured before the label column's width is chosen, so no label is ever cut.
 * Returns no lines when the space is too small for a chart.
 */
export function sparkline(values: readonly number[], options: ChartOptions): string[] {
	const {width, height, min} = options;
	if (height < 1 || width < 1) {
		return [];
	}

	// The scale follows the newest values that can be drawn (labels take two cells at least), not the
	// whole history: a spike that has scrolled out of view must not flatten the line that is in view.
	const shown = values.slice(-(width - 2) * (options.style === 'braille' ? 2 : 1)).filter(value => Number.isFinite(value));
	const band = height >= bandNeedsLines ? validBand(options.band) : undefined;
	const top = scaleTop(band ? [...shown, band.high] : shown, options);
	const grid = gridOf(min, top, height - 1);
	// asciichart puts the whole label in one cell of its grid: with offset 2 the label is cell 0, the
	// axis cell 1, so on screen the axis sits at column labelWidth and segment x at labelWidth + 1 + x.
	// A one-character label would land in cell 1 and be overwritten by the axis, hence at least two.
	const labelWidth = Math.max(2, ...grid.labelValues.map(value => options.label(value).length));
	// n points make n − 1 segments, so width − labelWidth points fill the line.
	const points = width - labelWidth;
	if (points < minimumPoints) {
		return [];
	}

	if (shown.length === 0) {
		return [fit('no data yet', width), ...Array.from({length: height - 1}, () => ' '.repeat(width))];
	}

	const drawn = options.style === 'braille'
		? brailleCells(values, labelWidth, {width, height, min, top, label: options.label})
		: lineCells(values, grid, labelWidth, {width, height, min, top, label: options.label});
	const {cells} = drawn;
	const bandCells = band ? drawBand(cells, band, value => drawn.rowOf(clampTo(value, min, top)), labelWidth + 1) : new Set<number>();
	const range = top - min;
	const paintOf = (row: number, column: number): Paint | undefined => {
		if (bandCells.size > 0 && bandCells.has((row * width) + column)) {
			return options.bandPaint;
		}

		const reached = drawn.reached(row, column);
		return reached === undefined || options.valuePaint === undefined ? undefined : options.valuePaint(reached, range > 0 ? (reached - min) / range : 0);
	};

	const lines = cells.map((row, index) => paintRuns(row, row.map((_cell, column) => paintOf(index, column))));
	while (lines.length < height) {
		lines.push(' '.repeat(width));
	}

	return lines.slice(0, height);
}

/** A chart's cells (axis labels included), which row a value is drawn on, and what value a drawn cell reaches. */
type DrawnChart = {
	readonly cells: string[][];
	readonly rowOf: (value: number) => number;
	readonly reached: (row: number, column: number) => number | undefined;
};

type Frame = {
	readonly width: number;
	readonly height: number;
	readonly min: number;
	readonly top: number;
	readonly label: (value: number) => string;
};

function clampTo(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}

function lineCells(values: readonly number[], grid: Grid, labelWidth: number, {width, height, min, top, label}: Frame): DrawnChart {
	const window = lastWindow(values, width - labelWidth);
	const {filled, gaps} = fillGaps(window, min, top);
	const text = plot(filled, {
		height: height - 1,
		min,
		max: top,
		offset: 2,
		format: (value: number) => fit(label(labelled(value, top - min)), labelWidth, 'right'),
	});
	const rows = text.split('\n').map(row => [...row]);
	blankGaps(rows, gaps, labelWidth + 1);
	if (gaps[0] === 0) {
		// asciichart marks the first point on the axis; a gap there would read as a real value.
		for (const row of rows) {
			row[labelWidth] = '┤';
		}
	}

	// The grid's last cell is always blank (no segment starts at the last point): cut, don't mark it.
	const cells = rows.map(row => padCells(row.slice(0, width), width));
	return {
		cells,
		rowOf: value => grid.rows - (Math.round(value * grid.ratio) - grid.bottom),
		reached: (row, column) => (column > labelWidth && cells[row]?.[column] !== ' ' ? grid.labelValues[row] : undefined),
	};
}

/** Braille dots right of an axis labelled at its top and bottom line, as btop's graphs are. */
function brailleCells(values: readonly number[], labelWidth: number, {width, height, min, top, label}: Frame): DrawnChart {
	const first = labelWidth + 1;
	const graph = brailleGraph(values, {columns: width - first, lines: height, min, max: top});
	const axis = (line: number): string => {
		if (line === 0 || line === height - 1) {
			return `${fit(label(line === 0 ? top : min), labelWidth, 'right')}┤`;
		}

		return `${' '.repeat(labelWidth)}│`;
	};

	const cells = graph.cells.map((row, line) => [...axis(line), ...row]);
	return {
		cells,
		rowOf: value => height - 1 - Math.min(height - 1, Math.floor(((value - min) / (top - min || 1)) * height)),
		reached: (row, column) => (column >= first ? graph.reached[row]?.[column - first] : undefined),
	};
}

function padCells(line: string[], width: number): string[] {
	while (line.length < width) {
		line.push(' ');
	}

	return line;
}

type Grid = {
	readonly ratio: number;
	readonly bottom: number;
	readonly rows: number;
	/** The value asciichart labels each grid row with, top row first. */
	readonly labelValues: readonly number[];
};

/** A row's value as labelled: rounding can leave the bottom row a hair below zero, which reads "-0". */
function labelled(value: number, range: number): number {
	return Math.abs(value) <= Math.abs(range) * 1e-9 ? 0 : value;
}

/** asciichart's own row arithmetic (plot(), v1.5), so labels and band rows land where it draws. */
function gridOf(min: number, max: number, height: number): Grid {
	const range = Math.abs(max - min);
	const ratio = range === 0 ? 1 : height / range;
	const bottom = Math.round(min * ratio);
	const rows = Math.abs(Math.round(max * ratio) - bottom);
	const labelValues = Array.from({length: rows + 1}, (_value, y) => labelled(rows > 0 ? max - (y * range) / rows : bottom + y, range));
	return {ratio, bottom, rows, labelValues};
}

function validBand(band: ChartBand | undefined): ChartBand | undefined {
	return band && Number.isFinite(band.low) && Number.isFinite(band.high) && band.high >= band.low ? band : undefined;
}

/** Dotted lines on the band's two edges, in cells the chart left empty; returns the cells drawn (row × width + column). */
function drawBand(cells: string[][], band: ChartBand, rowOf: (value: number) => number, first: number): Set<number> {
	const drawn = new Set<number>();
	for (const row of new Set([rowOf(band.high), rowOf(band.low)])) {
		const line = cells[row];
		if (line === undefined) {
			continue;
		}

		for (let column = first; column < line.length; column++) {
			if (line[column] === ' ') {
				line[column] = bandCell;
				drawn.add((row * line.length) + column);
			}
		}
	}

	return drawn;
}

/** Joins one row's cells, painting each run of cells that share a paint with one escape pair. */
function paintRuns(row: readonly string[], paints: ReadonlyArray<Paint | undefined>): string {
	let line = '';
	for (let start = 0; start < row.length;) {
		const paint = paints[start];
		let end = start + 1;
		while (end < row.length && paints[end] === paint) {
			end++;
		}

		const run = row.slice(start, end).join('');
		line += paint === undefined ? run : paint(run);
		start = end;
	}

	return line;
}

function scaleTop(shown: readonly number[], options: ChartOptions): number {
	if (options.max !== undefined) {
		return options.max;
	}

	// A flat series still needs a range, or asciichart collapses the chart to a single line.
	const largest = shown.reduce((a, b) => Math.max(a, b), options.min);
	return largest > options.min ? largest : options.min + 1;
}

/** The newest `points` values, right-aligned: a short history leaves a gap on the left, not a stretched line. */
function lastWindow(values: readonly number[], points: number): number[] {
	const window = values.slice(-points);
	const padding = Array.from({length: points - window.length}, () => Number.NaN);
	return [...padding, ...window];
}

function fillGaps(window: readonly number[], min: number, max: number): {filled: number[]; gaps: number[]} {
	const gaps: number[] = [];
	const clamp = (value: number) => Math.min(max, Math.max(min, value));
	let previous = clamp(window.find(value => Number.isFinite(value)) ?? min);
	const filled = window.map((value, index) => {
		if (!Number.isFinite(value)) {
			gaps.push(index);
			return previous;
		}

		// A value beyond a fixed scale (a busy % rounding over 100) is drawn at the edge, not off the chart.
		previous = clamp(value);
		return previous;
	});
	return {filled, gaps};
}

/** Point i is drawn in the columns of the segments i−1→i and i→i+1; segment x is at column `first` + x. */
function blankGaps(rows: string[][], gaps: readonly number[], first: number): void {
	for (const row of rows) {
		for (const index of gaps) {
			const end = Math.min(row.length, first + index + 1);
			for (let column = Math.max(first, first + index - 1); column < end; column++) {
				row[column] = ' ';
			}
		}
	}
}
