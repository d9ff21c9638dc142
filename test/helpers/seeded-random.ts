/**
 * A deterministic generator in [0, 1) (a linear congruential one), so a test or benchmark sees the same
 * numbers every run. Tests, their fixtures and the benchmarks share this one.
 */
export function seededRandom(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}
