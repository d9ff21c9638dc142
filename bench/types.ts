/** One figure printed by `npm run bench` and written to bench-results.json. */
export type BenchResult = {
	readonly name: string;
	readonly value: number;
	readonly unit: string;
	/** Human form of the target, e.g. "<= 1.5". */
	readonly target: string;
	readonly pass: boolean;
};

/** A bench/<area>.ts module exports `benchmarks: Benchmark[]`; bench/run.ts runs them all in order. */
export type Benchmark = {
	readonly name: string;
	readonly run: () => Promise<readonly BenchResult[]>;
};

export function atMost(name: string, value: number, unit: string, target: number): BenchResult {
	return {name, value, unit, target: `<= ${target}`, pass: value <= target};
}
