/**
 * A statistic of a series' recorded values: gaps (NaN, where a tick had no value) are left out, and a
 * series with none left has no statistic.
 */
export function ofRecorded(values: ArrayLike<number> | undefined, statistic: (recorded: number[]) => number): number | undefined {
	const recorded = Array.from(values ?? []).filter(value => Number.isFinite(value));
	return recorded.length === 0 ? undefined : statistic(recorded);
}
