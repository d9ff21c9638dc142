// asciichart ships no types; this is the part of its API the dashboard calls.
declare module 'asciichart' {
	export type PlotConfig = {
		readonly height?: number;
		readonly min?: number;
		readonly max?: number;
		readonly offset?: number;
		readonly padding?: string;
		readonly format?: (value: number, index: number) => string;
	};

	export function plot(series: readonly number[] | ReadonlyArray<readonly number[]>, config?: PlotConfig): string;
}
