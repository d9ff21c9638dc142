// Replaces ink 6.8.0 build/wrap-text.js in the bundle (see scripts/build.mjs). Same logic as the
// original, including its cache key, but the cache is bounded: the original object grows forever (ink#986).
import cliTruncate from 'cli-truncate';
import wrapAnsi from 'wrap-ansi';
import {createBoundedCache} from './bounded-cache.js';

/** Distinct (text, width, wrap) triples per cache generation. */
export const wrapTextCacheGeneration = 1000;

const cache = createBoundedCache<string>(wrapTextCacheGeneration);

export function wrapTextCacheSize(): number {
	return cache.size();
}

const wrapText = (text: string, maxWidth: number, wrapType: string): string => {
	// The original's key, kept as is so that output stays identical to stock Ink.
	const cacheKey = text + String(maxWidth) + String(wrapType);
	const cachedText = cache.get(cacheKey);
	if (cachedText) {
		return cachedText;
	}

	let wrappedText = text;
	if (wrapType === 'wrap') {
		wrappedText = wrapAnsi(text, maxWidth, {
			trim: false,
			hard: true,
		});
	}

	if (wrapType.startsWith('truncate')) {
		let position: 'end' | 'middle' | 'start' = 'end';
		if (wrapType === 'truncate-middle') {
			position = 'middle';
		}

		if (wrapType === 'truncate-start') {
			position = 'start';
		}

		wrappedText = cliTruncate(text, maxWidth, {position});
	}

	cache.set(cacheKey, wrappedText);
	return wrappedText;
};

export default wrapText;
