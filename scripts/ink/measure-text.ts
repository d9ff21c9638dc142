// Replaces ink 6.8.0 build/measure-text.js in the bundle (see scripts/build.mjs). Same logic as the
// original, but its cache is bounded: the original keeps every distinct text forever (ink#986).
import widestLine from 'widest-line';
import {createBoundedCache} from './bounded-cache.js';

export type Dimensions = {width: number; height: number};

/** Distinct texts per cache generation; a 160x48 dashboard lays out one to two hundred per frame. */
export const measureTextCacheGeneration = 1000;

const cache = createBoundedCache<Dimensions>(measureTextCacheGeneration);

export function measureTextCacheSize(): number {
	return cache.size();
}

const measureText = (text: string): Dimensions => {
	if (text.length === 0) {
		return {
			width: 0,
			height: 0,
		};
	}

	const cachedDimensions = cache.get(text);
	if (cachedDimensions) {
		return cachedDimensions;
	}

	const width = widestLine(text);
	const height = text.split('\n').length;
	const dimensions = {width, height};
	cache.set(text, dimensions);
	return dimensions;
};

export default measureText;
