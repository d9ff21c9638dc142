import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {MetricValue, Sample} from '../../source/metrics/types.js';

/** A fresh temporary folder per test; `cleanup` removes it. */
export function tempDatabase(): {directory: string; path: string; cleanup: () => void} {
	const directory = mkdtempSync(path.join(tmpdir(), 'perftop-store-'));
	return {directory, path: path.join(directory, 'perftop.db'), cleanup: () => rmSync(directory, {recursive: true, force: true})};
}

export function sampleAt(timestamp: number, metrics: readonly MetricValue[]): Sample {
	return {timestamp, intervalMs: 1000, metrics, processes: [], unavailable: []};
}

/** A settable clock for retention and lock tests. */
export function fakeClock(startMs: number): {now: () => number; set: (ms: number) => void; advance: (ms: number) => void} {
	let current = startMs;
	return {now: () => current, set(ms) {
		current = ms;
	}, advance(ms) {
		current += ms;
	}};
}
