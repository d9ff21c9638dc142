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

export type MainLayout = {
	/** Lines of each of the two panel rows. */
	readonly panelHeight: number;
	readonly bottleneckHeight: number;
	readonly processHeight: number;
};

const panelTextLines = 4;
const minimumChartLines = 2;
const maximumChartLines = 8;
const maximumBottlenecks = 3;
/** Title rule, column header and three rows. */
const minimumProcessLines = 5;
const maximumProcessRows = 20;

/** Split the body between the 2×2 panels, the bottleneck list and the process table. */
export function mainLayout(body: number, bottleneckCount: number): MainLayout {
	const bottleneckHeight = 1 + Math.min(maximumBottlenecks, Math.max(1, bottleneckCount));
	const forPanels = body - bottleneckHeight - minimumProcessLines;
	const panelHeight = Math.max(
		panelTextLines + Math.min(minimumChartLines, Math.max(0, Math.floor(forPanels / 2) - panelTextLines)),
		Math.min(panelTextLines + maximumChartLines, Math.floor(forPanels / 2)),
	);
	const processHeight = Math.min(2 + maximumProcessRows, Math.max(0, body - bottleneckHeight - 2 * panelHeight));
	return {panelHeight, bottleneckHeight, processHeight};
}
