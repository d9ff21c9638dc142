import {Gauge, Registry} from 'prom-client';
import type {Analysis} from '../analyze/types.js';
import {catalogue} from '../metrics/catalogue.js';
import {type MetricDefinition, type Sample, resourceKindOf, resourceName} from '../metrics/types.js';
import {metricPrefix, type PrometheusMetric, prometheusMetric, seriesLabels} from './prometheus-names.js';

/** perftop's own registry: never prom-client's global one, so nothing else in the process leaks into the scrape. */
export type PerftopRegistry = {
	/** Remembers the latest tick. O(1): the gauges are brought up to date at the next scrape, not every tick. */
	readonly update: (sample: Sample, analysis: Analysis) => void;
	/** The text exposition (format 0.0.4) of the latest tick. */
	readonly render: () => Promise<string>;
	readonly contentType: string;
};

export type PerftopRegistryOptions = {
	readonly hostname: string;
	/** The catalogue by default; tests pass their own entries. */
	readonly definitions?: readonly MetricDefinition[];
};

type Family = {
	readonly metric: PrometheusMetric;
	readonly gauge: Gauge<string>;
	/**
	 * A cgroup's metrics carry `cgroup="<path>"` (the only kind in their family) and `name` (what people call
	 * it: `nginx.service`, `pod default/web-0 · nginx`) where the tick knows the group; the others `resource` and `kind`.
	 */
	readonly labels: (resource: string, nameOf: (path: string) => string | undefined) => Record<string, string>;
	hasSeries: boolean;
};

const resourceLabels = (resource: string): Record<string, string> => seriesLabels(resource);
const cgroupLabels = (resource: string, nameOf: (path: string) => string | undefined): Record<string, string> => seriesLabels(resource, nameOf(resourceName(resource)));

type Tick = {
	readonly sample: Sample;
	readonly analysis: Analysis;
};

export const severityScoreName = `${metricPrefix}resource_severity_score`;
export const bottleneckName = `${metricPrefix}bottleneck`;
export const hostInfoName = `${metricPrefix}host_info`;
export const lastSampleName = `${metricPrefix}last_sample_timestamp_seconds`;

function families(definitions: readonly MetricDefinition[]): Family[] {
	const names = new Map<string, string>();
	return definitions.map(definition => {
		const metric = prometheusMetric(definition);
		const clash = names.get(metric.name);
		if (clash !== undefined) {
			throw new Error(`metrics ${clash} and ${definition.id} would both be exported as ${metric.name}`);
		}

		names.set(metric.name, definition.id);
		// Only the top cgroups of a tick have metrics (metrics/cgroups.ts), so the `cgroup` label stays bounded.
		const isCgroup = definition.resourceKind === 'cgroup';
		return {
			metric,
			gauge: new Gauge({name: metric.name, help: metric.help, labelNames: isCgroup ? ['cgroup', 'name'] : ['resource', 'kind'], registers: []}),
			labels: isCgroup ? cgroupLabels : resourceLabels,
			hasSeries: false,
		};
	});
}

function sameMembers(left: readonly Gauge<string>[], right: readonly Gauge<string>[]): boolean {
	return left.length === right.length && left.every((gauge, index) => gauge === right[index]);
}

export function createPerftopRegistry(options: PerftopRegistryOptions): PerftopRegistry {
	const registry = new Registry();
	const metricFamilies = families(options.definitions ?? catalogue);
	const byId = new Map(metricFamilies.map(family => [family.metric.id, family]));
	const hostInfo = new Gauge({name: hostInfoName, help: 'Always 1; the hostname perftop reads its metrics on.', labelNames: ['hostname'] as const, registers: []});
	hostInfo.set({hostname: options.hostname}, 1);
	const severity = new Gauge({
		name: severityScoreName,
		help: 'USE severity score of a resource (utilization + saturation + error points, 0–9); by default >= 7 is CRITICAL, >= 4 HIGH, >= 2 MEDIUM. The severity perftop_bottleneck carries can be higher: floors for held saturation, OOM kills and PSI full.',
		labelNames: ['resource', 'kind'] as const,
		registers: [],
	});
	const bottleneck = new Gauge({
		name: bottleneckName,
		help: 'Always 1 for a resource perftop ranks as a bottleneck (MEDIUM or above); absent otherwise.',
		labelNames: ['resource', 'kind', 'severity'] as const,
		registers: [],
	});
	const lastSample = new Gauge({name: lastSampleName, help: 'Wall-clock time of the sample these metrics come from.', registers: []});

	let latest: Tick | undefined;
	let stale = false;
	let registered: Gauge<string>[] = [];

	const register = (present: Gauge<string>[]): void => {
		// Families come and go with the data (an empty family would print bare HELP lines); re-registering
		// in a fixed order keeps the exposition in catalogue order.
		if (sameMembers(present, registered)) {
			return;
		}

		registry.clear();
		for (const gauge of present) {
			registry.registerMetric(gauge);
		}

		registered = present;
	};

	const materialize = ({sample, analysis}: Tick): void => {
		let names: Map<string, string> | undefined;
		const nameOf = (path: string) => {
			names ??= new Map(sample.cgroups?.map(group => [group.path, group.name]));
			return names.get(path);
		};

		for (const family of metricFamilies) {
			family.gauge.reset();
			family.hasSeries = false;
		}

		for (const value of sample.metrics) {
			const family = byId.get(value.id);
			// Unknown is absent for this tick, never 0; ids outside the catalogue have no name or HELP to export under.
			if (family === undefined || value.value === undefined || !Number.isFinite(value.value)) {
				continue;
			}

			family.gauge.set(family.labels(value.resource, nameOf), family.metric.toBase(value.value));
			family.hasSeries = true;
		}

		severity.reset();
		let hasSeverity = false;
		for (const assessment of analysis.assessments) {
			if (Number.isFinite(assessment.score)) {
				severity.set({resource: resourceName(assessment.resource), kind: assessment.kind}, assessment.score);
				hasSeverity = true;
			}
		}

		bottleneck.reset();
		for (const entry of analysis.bottlenecks) {
			bottleneck.set({resource: resourceName(entry.resource), kind: resourceKindOf(entry.resource), severity: entry.severity}, 1);
		}

		lastSample.set(sample.timestamp / 1000);

		const present: Gauge<string>[] = [hostInfo];
		for (const family of metricFamilies) {
			if (family.hasSeries) {
				present.push(family.gauge);
			}
		}

		if (hasSeverity) {
			present.push(severity);
		}

		if (analysis.bottlenecks.length > 0) {
			present.push(bottleneck);
		}

		present.push(lastSample);
		register(present);
	};

	register([hostInfo]);

	return {
		update(sample, analysis) {
			latest = {sample, analysis};
			stale = true;
		},
		async render() {
			// A tick that fails to render stays stale: every scrape fails until the next tick rather than serving half of it.
			if (stale && latest !== undefined) {
				materialize(latest);
				stale = false;
			}

			return registry.metrics();
		},
		contentType: registry.contentType,
	};
}
