/**
 * A cache that holds at most `2 * generationSize` entries. Two generations: hits in the old one are
 * promoted, and when the young one fills up the old one is dropped whole. Unlike an LRU list this costs
 * one Map lookup per hit and nothing per eviction, which matters in Ink's per-frame measure path.
 */
export type BoundedCache<V> = {
	readonly get: (key: string) => V | undefined;
	readonly set: (key: string, value: V) => void;
	readonly size: () => number;
};

export function createBoundedCache<V>(generationSize: number): BoundedCache<V> {
	let young = new Map<string, V>();
	let old = new Map<string, V>();

	const set = (key: string, value: V): void => {
		if (young.size >= generationSize) {
			old = young;
			young = new Map();
		}

		young.set(key, value);
	};

	return {
		get(key) {
			const hit = young.get(key);
			if (hit !== undefined) {
				return hit;
			}

			const promoted = old.get(key);
			if (promoted !== undefined) {
				old.delete(key);
				set(key, promoted);
			}

			return promoted;
		},
		set,
		size: () => young.size + old.size,
	};
}
