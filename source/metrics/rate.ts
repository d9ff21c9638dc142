/**
 * Per-second rate of a monotonically increasing counter.
 * Undefined when there is no previous value, no time has passed, or the counter went backwards
 * (reboot, hot-plug, driver reset): that interval is dropped for the series rather than reported
 * as a negative or huge rate.
 */
export function rate(previous: number | undefined, current: number | undefined, elapsedMs: number): number | undefined {
	if (previous === undefined || current === undefined || !(elapsedMs > 0) || current < previous) {
		return undefined;
	}

	return ((current - previous) * 1000) / elapsedMs;
}

/** Counter difference, with the same guards as `rate`. */
export function delta(previous: number | undefined, current: number | undefined): number | undefined {
	if (previous === undefined || current === undefined || current < previous) {
		return undefined;
	}

	return current - previous;
}
