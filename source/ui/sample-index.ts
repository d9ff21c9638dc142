import {severityRankOf} from '../analyze/severity.js';
import type {UseAssessment} from '../analyze/types.js';
import type {MetricId, ResourceId, ResourceKind, Sample} from '../metrics/types.js';
import {resourceKindOf, seriesKey} from '../metrics/types.js';

/** One sample's metrics, keyed for lookup: panels read a few dozen values from a list of hundreds. */
export type SampleIndex = {
	readonly value: (id: MetricId, resource: ResourceId) => number | undefined;
	/** Resource ids of one kind present in the sample, in the order they first appear. */
	readonly resources: (kind: ResourceKind) => readonly ResourceId[];
};

// Snapshots are immutable, so an index built once per sample serves every panel and every re-render.
const cache = new WeakMap<Sample, SampleIndex>();

export function indexSample(sample: Sample): SampleIndex {
	const cached = cache.get(sample);
	if (cached) {
		return cached;
	}

	const values = new Map<string, number | undefined>();
	const byKind = new Map<ResourceKind, ResourceId[]>();
	const seen = new Set<ResourceId>();
	for (const metric of sample.metrics) {
		values.set(seriesKey(metric.id, metric.resource), Number.isFinite(metric.value) ? metric.value : undefined);
		if (!seen.has(metric.resource)) {
			seen.add(metric.resource);
			const kind = resourceKindOf(metric.resource);
			const list = byKind.get(kind) ?? [];
			list.push(metric.resource);
			byKind.set(kind, list);
		}
	}

	const index: SampleIndex = {
		value: (id, resource) => values.get(seriesKey(id, resource)),
		resources: kind => byKind.get(kind) ?? [],
	};
	cache.set(sample, index);
	return index;
}

export function assessmentFor(assessments: readonly UseAssessment[], resource: ResourceId | undefined): UseAssessment | undefined {
	return resource === undefined ? undefined : assessments.find(assessment => assessment.resource === resource);
}

/**
 * The device a one-line panel should show: the worst by severity, then by score, then the one doing the most work,
 * then the one `prefer` ranks first (negative when `a` should win), then the first listed.
 * Undefined when the kind has no resource at all.
 */
export function busiestResource(
	resources: readonly ResourceId[],
	assessments: readonly UseAssessment[],
	load: (resource: ResourceId) => number | undefined,
	prefer: (a: ResourceId, b: ResourceId) => number = () => 0,
): ResourceId | undefined {
	let best: ResourceId | undefined;
	let bestScore = -1;
	let bestLoad = -1;
	for (const resource of resources) {
		// Severity first, as the bottleneck list ranks: a floor (a down service, OOM kills) outranks a bigger score.
		const assessment = assessmentFor(assessments, resource);
		const score = assessment === undefined ? 0 : (severityRankOf(assessment.severity) * 100) + assessment.score;
		const work = load(resource) ?? 0;
		const better = score > bestScore
			|| (score === bestScore && work > bestLoad)
			|| (score === bestScore && work === bestLoad && best !== undefined && prefer(resource, best) < 0);
		if (better) {
			best = resource;
			bestScore = score;
			bestLoad = work;
		}
	}

	return best;
}

/** Sum of two series aligned on the same timestamps; a gap in either is a gap in the sum. A series never seen is no series. */
export function addSeries(a: readonly number[], b: readonly number[]): number[] {
	if (a.length === 0 || b.length === 0) {
		return [...(a.length === 0 ? b : a)];
	}

	const length = Math.max(a.length, b.length);
	const sum: number[] = [];
	for (let i = 0; i < length; i++) {
		sum.push((a[i] ?? Number.NaN) + (b[i] ?? Number.NaN));
	}

	return sum;
}
