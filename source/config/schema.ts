import {z} from 'zod';
import {graphStyles, themeNames} from '../options.js';
import {type Config, dayS, defaults} from './defaults.js';
import {
	ascendingTriple,
	booleanField,
	duration,
	expectStatus,
	type FieldParser,
	httpMethod,
	httpUrl,
	integerBetween,
	keyBindings,
	nameList,
	nonEmptyString,
	numberBetween,
	oneOf,
	optional,
	positiveNumber,
	probeName,
	size,
	withDefault,
} from './fields.js';

/** A config issue carrying the phrase for "expected …", so messages are written here, not by zod. */
export type ExpectedParams = {readonly expected: string};

/** A zod schema for one leaf, run through a `FieldParser` (absent and YAML-empty values arrive as undefined). */
function leaf<T>(parser: FieldParser<T>) {
	return z.preprocess((input, context) => {
		const parsed = parser(input ?? undefined);
		if (parsed.ok) {
			return parsed.value;
		}

		context.addIssue({code: 'custom', message: `expected ${parsed.expected}`, input, params: {expected: parsed.expected} satisfies ExpectedParams});
		return input;
	}, z.custom<T>(() => true));
}

/** The keys a section or list element knows, for the unknown-key walk. Kept beside the zod schema so they cannot drift. */
export type KnownKeys = {readonly kind: 'section'; readonly keys: ReadonlyMap<string, KnownKeys | undefined>} | {readonly kind: 'list'; readonly element: KnownKeys};

const knownKeys = new WeakMap<object, KnownKeys>();

function section<Shape extends z.ZodRawShape>(shape: Shape) {
	const schema = z.preprocess(input => input ?? undefined, z.object(shape).prefault({} as never));
	knownKeys.set(schema, {kind: 'section', keys: new Map(Object.entries(shape).map(([key, child]) => [key, knownKeys.get(child)]))});
	return schema;
}

/** A required section that is never defaulted as a whole (a list element). */
function entry<Shape extends z.ZodRawShape>(shape: Shape) {
	const schema = z.object(shape);
	knownKeys.set(schema, {kind: 'section', keys: new Map(Object.entries(shape).map(([key, child]) => [key, knownKeys.get(child)]))});
	return schema;
}

function listOf<Element extends z.ZodType>(element: Element) {
	const schema = z.preprocess(input => input ?? [], z.array(element));
	const elementKeys = knownKeys.get(element);
	if (elementKeys) {
		knownKeys.set(schema, {kind: 'list', element: elementKeys});
	}

	return schema;
}

const deviceLists = () => section({
	disks: leaf(withDefault(nameList, [])),
	interfaces: leaf(withDefault(nameList, [])),
	mounts: leaf(withDefault(nameList, [])),
});

const probeSchema = entry({
	name: leaf(probeName),
	url: leaf(httpUrl),
	method: leaf(withDefault(httpMethod, defaults.probe.method)),
	expectStatus: leaf(optional(expectStatus)),
	intervalSeconds: leaf(withDefault(duration(1, 3600), defaults.probe.intervalSeconds)),
	// Absent: the default, but never longer than the interval (toConfig), so a short interval alone warns of nothing.
	timeoutSeconds: leaf(optional(duration(0.1, 60))),
});

const probesSchema = listOf(probeSchema);

/**
 * "probes[2].name: duplicate name …" for every repeated probe name. Run on the raw file, beside the schema,
 * because a zod refinement is skipped when any element has another problem and every problem is reported at once.
 */
export function duplicateProbeNames(raw: unknown): string[] {
	const probes = typeof raw === 'object' && raw !== null ? (raw as {probes?: unknown}).probes : undefined;
	if (!Array.isArray(probes)) {
		return [];
	}

	const messages: string[] = [];
	const firstIndexByName = new Map<string, number>();
	for (const [index, probe] of probes.entries()) {
		const name = typeof probe === 'object' && probe !== null ? (probe as {name?: unknown}).name : undefined;
		if (typeof name !== 'string') {
			continue;
		}

		const first = firstIndexByName.get(name.trim());
		if (first === undefined) {
			firstIndexByName.set(name.trim(), index);
		} else {
			messages.push(`probes[${index}].name: duplicate name '${name.trim()}', already used by probes[${first}]`);
		}
	}

	return messages;
}

const prometheusSchema = entry({
	port: leaf(integerBetween(1, 65_535, 'a port number')),
	host: leaf(withDefault(nonEmptyString('a host name or address like 127.0.0.1'), defaults.prometheus.host)),
});
const optionalPrometheus = z.preprocess(input => input ?? undefined, prometheusSchema.optional());
knownKeys.set(optionalPrometheus, knownKeys.get(prometheusSchema)!);

export const configSchema = section({
	interval: leaf(optional(duration(0.5, 3600))),
	retention: section({
		raw: leaf(withDefault(duration(3600, 3650 * dayS), defaults.retention.rawSeconds)),
		rollups: leaf(withDefault(duration(3600, 3650 * dayS), defaults.retention.rollupsSeconds)),
		maxSize: leaf(withDefault(size(1e6), defaults.retention.maxSizeBytes)),
		processes: leaf(withDefault(integerBetween(1, 100, 'a number of processes'), defaults.retention.processes)),
	}),
	thresholds: section({
		cpu: leaf(withDefault(numberBetween(0, 100), defaults.thresholds.cpu)),
		memory: leaf(withDefault(numberBetween(0, 100), defaults.thresholds.memory)),
		filesystem: leaf(withDefault(numberBetween(0, 100), defaults.thresholds.filesystem)),
		responseTimeMs: leaf(withDefault(positiveNumber('milliseconds'), defaults.thresholds.responseTimeMs)),
	}),
	severity: section({
		utilization: leaf(withDefault(ascendingTriple(defaults.severity.utilization), defaults.severity.utilization)),
		saturation: leaf(withDefault(ascendingTriple(defaults.severity.saturation), defaults.severity.saturation)),
		errors: leaf(withDefault(ascendingTriple(defaults.severity.errors), defaults.severity.errors)),
	}),
	include: deviceLists(),
	exclude: deviceLists(),
	reporting: section({
		daily: leaf(withDefault(booleanField, defaults.reporting.daily)),
		folder: leaf(optional(nonEmptyString('a folder path'))),
	}),
	probes: probesSchema,
	exporter: section({
		prometheus: optionalPrometheus,
	}),
	tracing: section({
		otlpEndpoint: leaf(optional(httpUrl)),
		serviceName: leaf(withDefault(nonEmptyString('a service name'), defaults.tracing.serviceName)),
	}),
	ui: section({
		theme: leaf(withDefault(oneOf(themeNames), defaults.ui.theme)),
		graph: leaf(withDefault(oneOf(graphStyles), defaults.ui.graph)),
		mouse: leaf(withDefault(booleanField, defaults.ui.mouse)),
	}),
	keys: leaf(withDefault(keyBindings, {})),
});

export function knownKeysOf(schema: object): KnownKeys | undefined {
	return knownKeys.get(schema);
}

type ParsedFile = z.output<typeof configSchema>;

/** The validated file in perftop's own shape: base units, unit-suffixed names. */
export function toConfig(file: ParsedFile): Config {
	return {
		intervalSeconds: file.interval,
		retention: {rawSeconds: file.retention.raw, rollupsSeconds: file.retention.rollups, maxSizeBytes: file.retention.maxSize, processesPerRanking: file.retention.processes},
		thresholds: {
			cpuPct: file.thresholds.cpu,
			memoryPct: file.thresholds.memory,
			filesystemPct: file.thresholds.filesystem,
			responseTimeMs: file.thresholds.responseTimeMs,
		},
		severity: {utilizationPct: file.severity.utilization, saturation: file.severity.saturation, errorPct: file.severity.errors},
		include: file.include,
		exclude: file.exclude,
		reporting: file.reporting,
		probes: file.probes.map(probe => ({
			name: probe.name,
			url: probe.url,
			method: probe.method,
			...(probe.expectStatus === undefined ? {} : {expectStatus: probe.expectStatus}),
			intervalSeconds: probe.intervalSeconds,
			timeoutSeconds: probe.timeoutSeconds ?? Math.min(defaults.probe.timeoutSeconds, probe.intervalSeconds),
		})),
		exporter: {prometheus: file.exporter.prometheus},
		tracing: {otlpEndpoint: file.tracing.otlpEndpoint, serviceName: file.tracing.serviceName},
		ui: file.ui,
		keys: file.keys,
	};
}
