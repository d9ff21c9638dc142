import {formatValue} from '../metrics/format.js';
import {metricDefinition} from '../metrics/catalogue.js';
import type {MetricDefinition, MetricId, ResourceId, Unit} from '../metrics/types.js';
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

/**
 * A control group at 90 % or more of its own memory limit whose memory saturation (limit hits, major
 * faults, memory PSI) stays above 10 for 3 ticks is CRITICAL: its processes wait on their own limit, which
 * no free memory elsewhere on the machine relieves, while the host's memory shows only the spill-over (its
 * PSI and swap traffic, with the machine 3 % used). The group is the cause, so it ranks above the host's
 * memory, which the PSI full floor may already hold at CRITICAL with a lower score.
 */
export const CGROUP_LIMIT_FLOOR = {memoryPct: 90, above: 10, ticks: 3, severity: 'CRITICAL'} as const;

const cgroupMemorySaturation = ['cgroup.memory_limit_hits_per_s', 'cgroup.major_faults_per_s', 'cgroup.memory_psi_some_pct'] as const satisfies readonly MetricId[];

export function cgroupLimitFloor(resource: ResourceId, values: ReadonlyMap<MetricId, number>, sustainer: Sustainer): SeverityFloor | undefined {
	const memoryPct = values.get('cgroup.memory_pct');
	if (memoryPct === undefined || values.get('cgroup.memory_limit_bytes') === undefined) {
		return undefined;
	}

	let saturation = 0;
	for (const id of cgroupMemorySaturation) {
		saturation = Math.max(saturation, (values.get(id) ?? 0) * (metricDefinition(id)?.saturationScale ?? 1));
	}

	const atLimit = memoryPct >= CGROUP_LIMIT_FLOOR.memoryPct && saturation > CGROUP_LIMIT_FLOOR.above;
	if (!sustainer.held(`floor:cgroup-limit|${resource}`, atLimit, CGROUP_LIMIT_FLOOR.ticks)) {
		return undefined;
	}

	return {severity: CGROUP_LIMIT_FLOOR.severity, reason: `at ${formatValue(memoryPct, 'percent')} of its memory limit and reclaiming (saturation above ${CGROUP_LIMIT_FLOOR.above}) for ${CGROUP_LIMIT_FLOOR.ticks} ticks`};
}
