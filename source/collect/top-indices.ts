// Ranking without sorting, shared by the process scan (whose command lines to read) and the
// derived sample (which processes to keep): both choose the top N of thousands every tick.

/**
 * Indices of the `limit` largest positive values, largest first; NaN never qualifies.
 * A bounded insertion list: one pass over all values, and only a value beating the current
 * last place costs more than a comparison — far cheaper than sorting 2,000 processes three times.
 */
export function topIndices(values: Float64Array, limit: number): number[] {
	const best: number[] = [];
	if (limit <= 0) {
		return best;
	}

	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		// `!(value > 0)` also rejects NaN.
		if (!(value > 0) || (best.length === limit && value <= values[best[limit - 1]!]!)) {
			continue;
		}

		// `best` is in descending order: the first place holding a smaller value, by binary search (input
		// that rises, like memory sizes along pids, would otherwise walk the whole list every time). Ties
		// keep the earlier process ahead, so the selection is stable for equal figures.
		let low = 0;
		let high = best.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (values[best[middle]!]! < value) {
				high = middle;
			} else {
				low = middle + 1;
			}
		}

		if (best.length === limit) {
			best.pop();
		}

		best.splice(low, 0, index);
	}

	return best;
}
