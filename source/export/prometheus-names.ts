import {type MetricDefinition, type MetricId, resourceKindOf, resourceName} from '../metrics/types.js';

/**
 * How one catalogue metric appears in the Prometheus exposition.
 *
 * Naming follows the Prometheus conventions (base units, unit as a suffix, shares as 0–1 ratios):
 * `perftop_` + the catalogue id with dots as underscores, the id's own unit token replaced by the Prometheus one:
 * - percent: `_pct` → `_ratio`, value ÷ 100 (`cpu.busy_pct` → `perftop_cpu_busy_ratio`, 0–1).
 * - milliseconds: `_ms` → `_seconds`, value ÷ 1000 (`disk.await_ms` → `perftop_disk_await_seconds`).
 * - seconds: `_s` → `_seconds` (`system.uptime_s` → `perftop_system_uptime_seconds`).
 * - bytes: `_bytes` kept (`memory.used_bytes` → `perftop_memory_used_bytes`).
 * - bytes_per_second: `_bytes_per_s` → `_bytes_per_second`.
 * - per_second: `_per_s` → `_per_second`; `_iops` → `_ops_per_second` (`disk.read_iops` → `perftop_disk_read_ops_per_second`).
 * - count and ratio: dimensionless, name unchanged (`disk.queue_size` → `perftop_disk_queue_size`).
 * The values are gauges: perftop exports the rates it derived, not the kernel's counters.
 */
export type PrometheusMetric = {
	readonly id: string;
	readonly name: string;
	readonly help: string;
	/** Converts the catalogue value into the exported base unit. */
	readonly toBase: (value: number) => number;
};

export const metricPrefix = 'perftop_';

type Naming = {
	readonly stem: string;
	readonly helpNote: string | undefined;
	readonly toBase: (value: number) => number;
};

const identity = (value: number): number => value;

// Dividing leaves float noise (4.1 ms → 0.0040999999999999995 s); 15 significant digits is below any
// measurement's precision and prints the number a reader expects.
function scaled(value: number, divisor: number): number {
	return Number((value / divisor).toPrecision(15));
}

// Entries whose catalogue unit cannot carry the real one: link speed is a `count` of Mbit/s, exported in bits/s
// like node_exporter's speeds, so dashboards need no unit knowledge.
const overrides: ReadonlyMap<string, Naming> = new Map([
	['net.speed_mbps' satisfies MetricId, {stem: 'net_speed_bits_per_second', helpNote: 'Exported in bits per second.', toBase: (value: number) => value * 1e6}],
]);

function withoutSuffix(stem: string, suffix: string): string {
	return stem.endsWith(suffix) ? stem.slice(0, -suffix.length) : stem;
}

function withSuffix(stem: string, suffix: string): string {
	return stem.endsWith(suffix) ? stem : `${stem}${suffix}`;
}

function naming(definition: MetricDefinition): Naming {
	const override = overrides.get(definition.id);
	if (override !== undefined) {
		return override;
	}

	const stem = definition.id.replaceAll('.', '_');
	switch (definition.unit) {
		case 'percent': {
			return {stem: `${withoutSuffix(stem, '_pct')}_ratio`, helpNote: 'Exported as a 0–1 ratio.', toBase: value => scaled(value, 100)};
		}

		case 'milliseconds': {
			return {stem: `${withoutSuffix(stem, '_ms')}_seconds`, helpNote: 'Exported in seconds.', toBase: value => scaled(value, 1000)};
		}

		case 'seconds': {
			return {stem: withSuffix(withoutSuffix(stem, '_s'), '_seconds'), helpNote: undefined, toBase: identity};
		}

		case 'bytes': {
			return {stem: withSuffix(stem, '_bytes'), helpNote: undefined, toBase: identity};
		}

		case 'bytes_per_second': {
			return {stem: `${withSuffix(withoutSuffix(stem, '_per_s'), '_bytes')}_per_second`, helpNote: undefined, toBase: identity};
		}

		case 'per_second': {
			const base = stem.endsWith('_iops') ? `${stem.slice(0, -'_iops'.length)}_ops` : withoutSuffix(stem, '_per_s');
			return {stem: `${base}_per_second`, helpNote: undefined, toBase: identity};
		}

		case 'count':
		case 'ratio': {
			return {stem, helpNote: undefined, toBase: identity};
		}
	}
}

/** The exported name, HELP text and unit conversion of one catalogue entry. */
export function prometheusMetric(definition: MetricDefinition): PrometheusMetric {
	const {stem, helpNote, toBase} = naming(definition);
	return {
		id: definition.id,
		name: `${metricPrefix}${stem}`,
		help: helpNote === undefined ? definition.description : `${definition.description} ${helpNote}`,
		toBase,
	};
}

/**
 * The labels of one resource's series, the same for `perftop serve` and `perftop export --format
 * openmetrics` so one PromQL query reads both: a cgroup's `cgroup` (its path) and `name` where it is
 * known, every other resource's `resource` and `kind`.
 */
export function seriesLabels(resource: string, name?: string): Record<string, string> {
	const kind = resourceKindOf(resource);
	if (kind === 'cgroup') {
		return name === undefined ? {cgroup: resourceName(resource)} : {cgroup: resourceName(resource), name};
	}

	return {resource: resourceName(resource), kind};
}
