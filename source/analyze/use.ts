import {metricDefinition} from '../metrics/catalogue.js';
import {isWorkload} from '../metrics/cgroup-names.js';
import type {CgroupSample, MetricDefinition, MetricId, MetricValue, ResourceId, Sample} from '../metrics/types.js';
import {resourceKindOf, resourceName} from '../metrics/types.js';
import {buildEvidence, type EvidenceContext, type JudgedValues, normalisedErrorPct, normalisedSaturation, type ResourceValues} from './evidence.js';
import {cgroupLimitFloor, type FloorCandidate, severityFloor} from './floors.js';
import {forkingParent} from './forkers.js';
import {downFloor} from './service-down.js';
import {defaultThresholds, isBottleneck, scorePoints, severityOf, severityRankOf, type Thresholds} from './severity.js';
import {createSustainer, type Sustainer} from './sustain.js';
import type {SeverityFloor, UseAssessment} from './types.js';

/**
 * The USE view of every resource in the sample, in the order the sample lists them.
 * Per-core resources (`cpu:<n>`) feed the CPU evidence instead of being judged alone, and `system`
 * (load averages, forks, uptime) is no resource with a capacity to judge: its scheduler figures are
 * judged with the CPU. `sustainer` carries what earlier ticks showed; without one every value stands alone.
 */
export function assessResources(sample: Sample, thresholds: Thresholds = defaultThresholds, sustainer: Sustainer = createSustainer(undefined), options: AssessOptions = {}): UseAssessment[] {
	const byResource = groupByResource(sample.metrics);
	const context: AssessContext = {...coreFacts(byResource), intervalMs: sample.intervalMs, thresholds, sustainer, probeErrors: sample.probeErrors, switchers: sample.switchers, forker: () => forkingParent(sample), evidence: options.evidence, nameOf: workloadNamer(sample.cgroups)};
	const assessments: UseAssessment[] = [];
	for (const [resource, values] of byResource) {
		if (isAssessed(resource)) {
			const system = resource === 'cpu' ? byResource.get('system') : undefined;
			assessments.push(assessResource(resource, system ? new Map([...values, ...system]) : values, context));
		}
	}

	return assessments;
}

/**
 * Whether judging `resource` reads the readings of `source`: its own, and for the CPU the scheduler's
 * (`system`, merged in by assessResources) and each core's (`cpu:<n>`, the hottest core in its evidence).
 * Judging a resource over the readings this selects gives what judging the whole sample gives it.
 */
export function judgementReads(resource: ResourceId, source: ResourceId): boolean {
	return source === resource || (resource === 'cpu' && (source === 'system' || resourceKindOf(source) === 'cpu'));
}

/** Whether a resource is judged on its own (per-core CPUs, `system` and processes are not). */
export function isAssessed(resource: ResourceId): boolean {
	const kind = resourceKindOf(resource);
	// `service` alone holds the all-targets summary, informational only: each `service:<name>` is judged instead.
	return kind !== 'system' && kind !== 'process' && resource !== 'service' && !(kind === 'cpu' && resource !== 'cpu');
}

/** Known values per resource. A resource whose values are all unknown is still listed, so it shows as `—`. */
function groupByResource(metrics: readonly MetricValue[]): Map<ResourceId, Map<MetricId, number>> {
	const byResource = new Map<ResourceId, Map<MetricId, number>>();
	for (const metric of metrics) {
		let values = byResource.get(metric.resource);
		if (!values) {
			values = new Map();
			byResource.set(metric.resource, values);
		}

		if (metric.value !== undefined && Number.isFinite(metric.value)) {
			values.set(metric.id, metric.value);
		}
	}

	return byResource;
}

function coreFacts(byResource: ReadonlyMap<ResourceId, ResourceValues>): Pick<EvidenceContext, 'cores' | 'hottestCore'> {
	let cores = 0;
	let hottestCore: EvidenceContext['hottestCore'];
	for (const [resource, values] of byResource) {
		if (resourceKindOf(resource) !== 'cpu' || resource === 'cpu') {
			continue;
		}

		cores++;
		const busyPct = values.get('cpu.core_busy_pct');
		if (busyPct !== undefined && (hottestCore === undefined || busyPct > hottestCore.busyPct)) {
			hottestCore = {name: resource.replace(':', ''), busyPct};
		}
	}

	return {cores: cores === 0 ? undefined : cores, hottestCore};
}

function maxOf(current: number | undefined, value: number): number {
	return current === undefined || value > current ? value : current;
}

/**
 * The value a saturation metric is judged at: 0 while its gate is closed (forks when the kernel is not
 * doing most of the work), and for a `sustained` metric the lowest over the last ticks (undefined until
 * there are enough). Undefined means it does not score this tick.
 */
function judgedSaturation(resource: ResourceId, definition: MetricDefinition, value: number, values: ResourceValues, sustainer: Sustainer): number | undefined {
	const gate = definition.saturationGate;
	const open = gate === undefined || (values.get(gate.id as MetricId) ?? Number.NaN) > gate.above;
	const gated = open ? value : 0;
	return definition.sustained ? sustainer.lowest(`${definition.id}|${resource}`, gated) : gated;
}

const noJudged: JudgedValues = new Map();
const noEvidence: readonly string[] = [];

export type AssessOptions = {
	/** False: no evidence lines (for a recorded range's episodes, which read severities, never the words). */
	readonly evidence?: boolean;
};

type AssessContext = EvidenceContext & AssessOptions & {
	/** UseAssessment.name of a resource. */
	readonly nameOf?: (resource: ResourceId) => string | undefined;
};

/** The names of the sample's container and pod groups, looked up only for the cgroup resources judged (the top ones). */
function workloadNamer(cgroups: readonly CgroupSample[] | undefined): ((resource: ResourceId) => string | undefined) | undefined {
	if (cgroups === undefined) {
		return undefined;
	}

	let byPath: Map<string, string> | undefined;
	return resource => {
		const path = resourceName(resource);
		if (resourceKindOf(resource) !== 'cgroup' || !isWorkload(path)) {
			return undefined;
		}

		byPath ??= new Map(cgroups.map(group => [group.path, group.name]));
		return byPath.get(path);
	};
}

/** One resource: U, S and E are the highest of its metrics of that USE kind, normalised by the catalogue. */
export function assessResource(resource: ResourceId, values: ResourceValues, context: AssessContext): UseAssessment {
	let utilizationPct: number | undefined;
	let saturation: number | undefined;
	let errorPct: number | undefined;
	let judged: Map<string, number | undefined> | undefined;
	let aboveFloor: FloorCandidate[] | undefined;
	for (const [id, value] of values) {
		const definition = metricDefinition(id);
		if (definition?.floor !== undefined && value > definition.floor.above) {
			(aboveFloor ??= []).push({definition, value});
		}

		switch (definition?.use) {
			case 'utilization': {
				utilizationPct = maxOf(utilizationPct, value);
				break;
			}

			case 'saturation': {
				const level = judgedSaturation(resource, definition, value, values, context.sustainer);
				if (definition.saturationGate !== undefined || definition.sustained) {
					(judged ??= new Map()).set(id, level);
				}

				if (level !== undefined) {
					saturation = maxOf(saturation, normalisedSaturation(id, level));
				}

				break;
			}

			case 'errors': {
				errorPct = maxOf(errorPct, normalisedErrorPct(id, value));
				break;
			}

			default: {
				break;
			}
		}
	}

	const {thresholds} = context;
	const points = scorePoints(utilizationPct, saturation, errorPct, thresholds);
	const scored = severityOf(points.total, thresholds);
	// A probed target that failed every probe for 30 s is CRITICAL and a bottleneck whatever the score says.
	const down = downFloor(values);
	const held = down ?? higherFloor(severityFloor(resource, aboveFloor, saturation, context.sustainer), resourceKindOf(resource) === 'cgroup' ? cgroupLimitFloor(resource, values, context.sustainer) : undefined);
	// Kept only when it lifts the severity: then it, not the score, says why the resource is where it is.
	const floor = held !== undefined && severityRankOf(held.severity) > severityRankOf(scored) ? held : undefined;
	// `values` is this tick's own map, never changed after: kept as it is (copying it into an object was a
	// fifth of the tick's analysis), except for the CPU's hottest core.
	const known = resource === 'cpu' && context.hottestCore ? new Map(values).set('cpu.core_busy_pct', context.hottestCore.busyPct) : values;

	return {
		resource,
		kind: resourceKindOf(resource),
		name: context.nameOf?.(resource),
		utilizationPct,
		saturation,
		errorPct,
		score: points.total,
		severity: floor?.severity ?? scored,
		bottleneck: down !== undefined || isBottleneck(utilizationPct, saturation, thresholds, resourceKindOf(resource)),
		evidence: context.evidence === false ? noEvidence : buildEvidence(resource, values, context, judged ?? noJudged),
		values: known,
		// Always present, undefined when empty: one object shape for every assessment keeps this hot path fast.
		judged: judged === undefined ? undefined : knownJudged(judged),
		floor,
	};
}

function higherFloor(a: SeverityFloor | undefined, b: SeverityFloor | undefined): SeverityFloor | undefined {
	if (a === undefined || b === undefined) {
		return a ?? b;
	}

	return severityRankOf(b.severity) > severityRankOf(a.severity) ? b : a;
}

function knownJudged(judged: ReadonlyMap<string, number | undefined>): Record<string, number> {
	const known: Record<string, number> = {};
	for (const [id, value] of judged) {
		if (value !== undefined) {
			known[id] = value;
		}
	}

	return known;
}
