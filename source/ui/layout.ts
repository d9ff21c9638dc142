/** The smallest terminal the full grid is laid out for; below it the compact one-column view. */
export const fullLayoutColumns = 80;
export const fullLayoutRows = 24;

export type ScreenLayout = {
	readonly compact: boolean;
	readonly header: boolean;
	readonly footer: boolean;
	/** Lines between header and footer. */
	readonly body: number;
};

/**
 * Ink clears the whole screen and redraws every frame once the output is as tall as the terminal,
 * so the screen uses at most rows − 1 lines. Header and footer go first when lines are scarce.
 */
export function screenLayout(columns: number, rows: number): ScreenLayout {
	const lines = Math.max(1, rows - 1);
	const header = lines >= 2;
	const footer = lines >= 3;
	return {
		compact: columns < fullLayoutColumns || rows < fullLayoutRows,
		header,
		footer,
		body: lines - (header ? 1 : 0) - (footer ? 1 : 0),
	};
}

/**
 * Where the "vs baseline" section goes: beside the process table on a wide screen, between the bottleneck
 * list and the process table ('below' the bottlenecks) when only the height has room, or nowhere.
 */
export type ComparisonPlacement = 'beside' | 'below' | 'none';

export type MainLayout = {
	/** Lines of each of the two panel rows. */
	readonly panelHeight: number;
	/** Lines of the Services row (title and one a target); 0 without services. */
	readonly servicesHeight: number;
	readonly bottleneckHeight: number;
	readonly processHeight: number;
	readonly comparison: {
		readonly placement: ComparisonPlacement;
		/** Lines, title included; equals processHeight when beside. */
		readonly height: number;
		/** Cells; the process table gets the rest of the width (less a gutter) when beside. */
		readonly width: number;
	};
};

export type MainLayoutOptions = {
	/** Probed targets; 0 or absent without services. */
	readonly serviceTargets?: number;
	/** Deviations the comparison could list; absent without a baseline comparison. */
	readonly deviations?: number;
	/** Body width in cells, which decides whether the comparison fits beside the processes. */
	readonly width?: number;
	/** Processes the table has to list; absent: as many rows as fit. */
	readonly processRows?: number;
};

const panelTextLines = 4;
const minimumChartLines = 2;
const maximumChartLines = 8;
const maximumBottlenecks = 3;
/** From this body height the bottleneck list shows three entries besides the first one's recommendation. */
const tallBody = 40;
/** Title rule, column header and three rows. */
const minimumProcessLines = 5;
/** Targets listed in the grid; more are counted on the last line and all are in the detail view. */
export const maximumServiceRows = 8;
/** Title, anomalies line, column header, at least one deviation. */
const minimumComparisonLines = 4;
const maximumComparisonRows = 8;
/** From this width the comparison sits beside the process table, which keeps a usable command column. */
export const comparisonBesideColumns = 150;
const comparisonBesideWidth = 80;

/**
 * Split the body between the 2×2 panels, the Services row (as tall as its targets need), the bottleneck
 * list, the process table and, with a baseline active, the "vs baseline" section. The parts never add up
 * to more than `body` lines: charts shrink first, then the process table. On a tall screen the process
 * table takes what is left; lines it has no processes for go to the charts.
 */
export function mainLayout(body: number, bottleneckCount: number, options: MainLayoutOptions = {}): MainLayout {
	// Title, then the entries with the first one's recommendation under it (or, with only anomalies, the
	// line saying nothing is ranked above them). That line takes the third entry's on a short screen (it
	// is counted in "+N more"); a tall one has room for both.
	const listLines = Math.min(body >= tallBody ? maximumBottlenecks + 1 : maximumBottlenecks, bottleneckCount + (bottleneckCount > 0 ? 1 : 0));
	const bottleneckHeight = 1 + Math.max(1, listLines);
	const targets = Math.max(0, options.serviceTargets ?? 0);
	const servicesHeight = targets > 0 ? 1 + Math.min(maximumServiceRows, targets) : 0;
	const forPanels = body - bottleneckHeight - servicesHeight - minimumProcessLines;
	let panelHeight = Math.max(
		panelTextLines + Math.min(minimumChartLines, Math.max(0, Math.floor(forPanels / 2) - panelTextLines)),
		Math.min(panelTextLines + maximumChartLines, Math.floor(forPanels / 2)),
	);
	let rest = Math.max(0, body - bottleneckHeight - servicesHeight - 2 * panelHeight);
	const none = {placement: 'none' as const, height: 0, width: 0};
	if (options.deviations === undefined) {
		const spare = Math.floor(Math.max(0, rest - 2 - (options.processRows ?? rest)) / 2);
		panelHeight += spare;
		rest -= 2 * spare;
		return {panelHeight, servicesHeight, bottleneckHeight, processHeight: rest, comparison: none};
	}

	const processHeight = rest;

	const width = options.width ?? 0;
	if (width >= comparisonBesideColumns && processHeight >= minimumComparisonLines) {
		return {panelHeight, servicesHeight, bottleneckHeight, processHeight, comparison: {placement: 'beside', height: processHeight, width: comparisonBesideWidth}};
	}

	const wanted = minimumComparisonLines - 1 + Math.min(maximumComparisonRows, Math.max(1, options.deviations));
	const below = Math.min(wanted, rest - minimumProcessLines);
	if (below < minimumComparisonLines) {
		return {panelHeight, servicesHeight, bottleneckHeight, processHeight, comparison: none};
	}

	return {
		panelHeight,
		servicesHeight,
		bottleneckHeight,
		processHeight: rest - below,
		comparison: {placement: 'below', height: below, width},
	};
}
