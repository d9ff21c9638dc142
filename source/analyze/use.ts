import {metricDefinition} from '../metrics/catalogue.js';
import type {MetricValue, ResourceId, Sample} from '../metrics/types.js';
import {resourceKindOf} from '../metrics/types.js';
import {buildEvidence, type EvidenceContext, normalisedErrorPct, normalisedSaturation, type ResourceValues} from './evidence.js';
import {defaultThresholds, isBottleneck, scorePoints, severityOf, type Thresholds} from './severity.js';
import type {UseAssessment} from './types.js';

/**
 * The USE view of every resource in the sample, in the order the sample lists them.
 * Per-core resources (`cpu:<n>`) feed the CPU evidence instead of being judged alone, and `system`
 * (load averages, forks, uptime) is no resource with a capacity to judge.
 */
export function assessResources(sample: Sample, thresholds: Thresholds = defaultThresholds): UseAssessment[] {
	const byResource = groupByResource(sample.metrics);
	const context: EvidenceContext = {...coreFacts(byResource), intervalMs: sample.intervalMs, thresholds};
	const assessments: UseAssessment[] = [];
	for (const [resource, values] of byResource) {
		if (isAssessed(resource)) {
			assessments.push(assessResource(resource, values, context));
		}
	}

	return assessments;
}

function isAssessed(resource: ResourceId): boolean {
	const kind = resourceKindOf(resource);
	// `service` alone holds the all-targets summary, informational only: each `service:<name>` is judged instead.
	return kind !== 'system' && kind !== 'process' && resource !== 'service' && !(kind === 'cpu' && resource !== 'cpu');
}

/** Known values per resource. A resource whose values are all unknown is still listed, so it shows as `—`. */
function groupByResource(metrics: readonly MetricValue[]): Map<ResourceId, Map<string, number>> {
	const byResource = new Map<ResourceId, Map<string, number>>();
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

function coreFacts(byResource: ReadonlyMap<ResourceId, ReadonlyMap<string, number>>): Pick<EvidenceContext, 'cores' | 'hottestCore'> {
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

/** One resource: U, S and E are the highest of its metrics of that USE kind, normalised by the catalogue. */
export function assessResource(resource: ResourceId, values: ResourceValues, context: EvidenceContext): UseAssessment {
	let utilizationPct: number | undefined;
	let saturation: number | undefined;
	let errorPct: number | undefined;
	for (const [id, value] of values) {
		switch (metricDefinition(id)?.use) {
			case 'utilization': {
				utilizationPct = maxOf(utilizationPct, value);
				break;
			}

			case 'saturation': {
				saturation = maxOf(saturation, normalisedSaturation(id, value));
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
	const known = Object.fromEntries(values);
	if (resource === 'cpu' && context.hottestCore) {
		known['cpu.core_busy_pct'] = context.hottestCore.busyPct;
	}

	return {
		resource,
		kind: resourceKindOf(resource),
		utilizationPct,
		saturation,
		errorPct,
		score: points.total,
		severity: severityOf(points.total, thresholds),
		bottleneck: isBottleneck(utilizationPct, saturation, thresholds, resourceKindOf(resource)),
		evidence: buildEvidence(resource, values, context),
		values: known,
	};
}
