import {resourceKindOf} from './types.js';

/**
 * The series of a recorded range without per-process ones (`process:<pid>:<user>/<name>`, written
 * before the store kept a process record per tick, schema v4): what baselines, comparisons and the
 * USE view cover.
 */
export function hostSeries<T>(series: ReadonlyMap<string, T>): Map<string, T> {
	return new Map([...series].filter(([key]) => resourceKindOf(key.slice(key.indexOf('|') + 1)) !== 'process'));
}
