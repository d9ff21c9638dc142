// The probes' health score (the README's Services section), as pure functions over probe results.
// Per request: 0.7 × time score + 0.3 × availability, time score = max(0, 100 − 100 × seconds),
// availability 100 when the status was the expected one (by default: below 400, as the methodology says), else 0.
// A failed request scores 0: one that got no response at all (DNS, refused, TLS, timeout), and one whose
// status was not the expected one. The plain formula would give a fast HTTP 500 70 of 100, which an
// operator reads as "mostly healthy".
import type {ProbeResult} from './types.js';

const timeWeight = 0.7;
const availabilityWeight = 0.3;

/** 100 for an instant answer, falling linearly to 0 at one second. */
export function timeScore(durationMs: number): number {
	return Math.max(0, 100 - (100 * durationMs) / 1000);
}

export function requestScore(result: Pick<ProbeResult, 'ok' | 'durationMs'>): number {
	// Only an ok request has availability 100; every other scores 0 whole.
	return result.ok ? (timeWeight * timeScore(result.durationMs)) + (availabilityWeight * 100) : 0;
}

function mean(values: readonly number[]): number | undefined {
	if (values.length === 0) {
		return undefined;
	}

	// A loop rather than reduce: it runs for every target every tick, mostly unoptimised at that rate.
	let sum = 0;
	for (let index = 0; index < values.length; index++) {
		sum += values[index]!;
	}

	return sum / values.length;
}

/** Mean request score over the window (the scores of its results); undefined when there are none. */
export function targetHealth(scores: readonly number[]): number | undefined {
	return mean(scores);
}

/** Mean over the targets that have a score; a target not yet probed is left out rather than counted as 0. */
export function serviceHealth(targetScores: ReadonlyArray<number | undefined>): number | undefined {
	return mean(targetScores.filter((score): score is number => score !== undefined));
}
