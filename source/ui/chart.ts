import {plot} from 'asciichart';
import {fit} from './text.js';

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
};

const minimumPoints = 2;

/**
 * An asciichart line chart of the newest values that fit, exactly `height` lines of exactly `width` cells.
 * asciichart cannot take NaN (it indexes rows with it and throws), so a gap is plotted with the last
 * known value and its columns are blanked afterwards: a gap shows as a hole, never as a drop to 0.
 * Returns no lines when the space is too small for a chart.
 */
export function sparkline(values: readonly number[], options: ChartOptions): string[] {
	const {width, height, min} = options;
	if (height < 1 || width < 1) {
		return [];
	}

	const shown = values.filter(value => Number.isFinite(value));
	const top = scaleTop(shown, options);
	const labelWidth = Math.max(options.label(top).length, options.label(min).length);
	// asciichart puts the whole label in one cell of its grid: with offset 2 the label is cell 0, the
	// axis cell 1, so on screen the axis sits at column labelWidth and segment x at labelWidth + 1 + x.
	// n points make n − 1 segments, so width − labelWidth points fill the line.
	const points = width - labelWidth;
	if (points < minimumPoints) {
		return [];
	}

	if (shown.length === 0) {
		return [fit('no data yet', width), ...Array.from({length: height - 1}, () => ' '.repeat(width))];
	}

	const window = lastWindow(values, points);
	const {filled, gaps} = fillGaps(window, min, top);
	const text = plot(filled, {
		height: height - 1,
		min,
		max: top,
		offset: 2,
		format: (value: number) => fit(options.label(value), labelWidth, 'right'),
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
	const lines = rows.map(row => fit(row.slice(0, width).join(''), width));
	while (lines.length < height) {
		lines.push(' '.repeat(width));
	}

	return lines.slice(0, height);
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
	for (const index of gaps) {
		for (const column of [first + index - 1, first + index]) {
			if (column < first) {
				continue;
			}

			for (const row of rows) {
				if (column < row.length) {
					row[column] = ' ';
				}
			}
		}
	}
}
