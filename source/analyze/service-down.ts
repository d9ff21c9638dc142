import {formatValue} from '../metrics/format.js';
import type {SeverityFloor} from './types.js';

/**
 * A probed target that has failed every probe for this long is down: CRITICAL and a bottleneck, whatever
 * its score arithmetic says (methodology.md, Service probes). A failed probe has no duration, so a dead
 * target's latency budget is unknown and its errors alone score only 3 points (MEDIUM).
 */
export const DOWN_AFTER_SECONDS = 30;

/** Whether `service.failing_s` says the target is down. */
export function isDown(failingSeconds: number | undefined): boolean {
	return failingSeconds !== undefined && failingSeconds >= DOWN_AFTER_SECONDS;
}

/** The floor a down target stands on: CRITICAL, because every probe failed for 30 s. Undefined while it is not down. */
export function downFloor(values: ReadonlyMap<string, number>): SeverityFloor | undefined {
	const failing = values.get('service.failing_s');
	return isDown(failing) ? {severity: 'CRITICAL', reason: `down: every probe failed for ${formatValue(failing, 'seconds')}`} : undefined;
}
