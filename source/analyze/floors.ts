import {formatValue} from '../metrics/format.js';
import type {MetricDefinition, ResourceId, Unit} from '../metrics/types.js';
import {severityRankOf} from './severity.js';
import type {Sustainer} from './sustain.js';
import type {SeverityFloor} from './types.js';

/**
 * Normalised saturation above this for `ticks` consecutive ticks makes a resource at least HIGH, for
 * every resource: the additive score gives saturation at most 3 points, so a process group swapping
 * 746 MiB/s with memory 3 % used would otherwise stay MEDIUM. Twice the bottleneck line, held, is more.
 */
export const SATURATION_FLOOR = {above: 10, ticks: 3, severity: 'HIGH'} as const;

/** A metric whose value is above its catalogue floor's line this tick. */
export type FloorCandidate = {
	readonly definition: MetricDefinition;
	readonly value: number;
};

/**
 * The highest severity floor that holds for a resource now, with its reason: the catalogue's per-metric
 * floors (an OOM kill this tick, PSI full above 10 % for 3 ticks; `aboveFloor` holds the metrics above
 * their line now) and the saturation floor. Undefined when none holds. Ticks are counted by the
 * sustainer (a streak is kept only while its condition holds), so without a memory each value stands alone.
 */
export function severityFloor(resource: ResourceId, aboveFloor: readonly FloorCandidate[] | undefined, saturation: number | undefined, sustainer: Sustainer): SeverityFloor | undefined {
	let floor: SeverityFloor | undefined;
	const consider = (candidate: SeverityFloor) => {
		if (floor === undefined || severityRankOf(candidate.severity) > severityRankOf(floor.severity)) {
			floor = candidate;
		}
	};

	for (const {definition, value} of aboveFloor ?? []) {
		const rule = definition.floor!;
		if (sustainer.held(`floor:${definition.id}|${resource}`, true, rule.ticks)) {
			consider({severity: rule.severity, reason: floorReason(definition.label, definition.unit, value, rule)});
		}
	}

	if (saturation !== undefined && saturation > SATURATION_FLOOR.above && sustainer.held(`floor:saturation|${resource}`, true, SATURATION_FLOOR.ticks)) {
		consider({severity: SATURATION_FLOOR.severity, reason: `saturation above ${SATURATION_FLOOR.above} for ${SATURATION_FLOOR.ticks} ticks`});
	}

	return floor;
}

function floorReason(label: string, unit: Unit, value: number, rule: {readonly above: number; readonly ticks: number}): string {
	if (rule.above === 0 && rule.ticks === 1) {
		return `${label} this tick`;
	}

	return `${label} ${formatValue(value, unit)}, above ${formatValue(rule.above, unit)} for ${rule.ticks} ticks`;
}
