// The config's shape and its defaults, without the parser: when there is no config file (the common
// case) perftop starts with these and never loads zod or yaml (about 1 MB of code, ~100 ms of start-up).
import type {GraphStyle, ThemeName} from '../options.js';
import type {ProbeTarget} from '../probe/types.js';
import type {Ascending3} from './fields.js';

/** The config file, validated and resolved to base units. Every field has its default filled in. */
export type Config = {
	/** Seconds between samples; undefined leaves each mode its own default (1 s live, 10 s recording). */
	readonly intervalSeconds: number | undefined;
	readonly retention: {
		readonly rawSeconds: number;
		readonly rollupsSeconds: number;
		readonly maxSizeBytes: number;
		/** Processes kept per tick: the union of this many by CPU, by memory and by I/O. */
		readonly processesPerRanking: number;
	};
	/** Alert thresholds. */
	readonly thresholds: {
		readonly cpuPct: number;
		readonly memoryPct: number;
		readonly filesystemPct: number;
		readonly responseTimeMs: number;
	};
	/** 1-, 2- and 3-point thresholds of the methodology's severity score. */
	readonly severity: {
		readonly utilizationPct: Ascending3;
		readonly saturation: Ascending3;
		readonly errorPct: Ascending3;
	};
	/** Device filters: names or `*`/`?` patterns. An empty include list means "all". */
	readonly include: DeviceLists;
	readonly exclude: DeviceLists;
	readonly reporting: {
		readonly daily: boolean;
		/** Undefined: `reports/` in perftop's state folder (store/paths.ts defaultReportFolder). */
		readonly folder: string | undefined;
	};
	readonly probes: readonly ProbeTarget[];
	readonly exporter: {
		/** Undefined: no Prometheus endpoint. */
		readonly prometheus: {readonly port: number; readonly host: string} | undefined;
	};
	readonly tracing: {
		/** Base URL of an OTLP/HTTP receiver; spans go to `<endpoint>/v1/traces`. Undefined: no tracing. */
		readonly otlpEndpoint: string | undefined;
		readonly serviceName: string;
	};
	/** The dashboard's look; `--theme`, `--graph` and `--no-mouse` override it. */
	readonly ui: {
		readonly theme: ThemeName;
		readonly graph: GraphStyle;
		readonly mouse: boolean;
	};
	/** Commands to the keys that replace their defaults, as written; the dashboard's keymap validates them. */
	readonly keys: Readonly<Record<string, readonly string[]>>;
};

export type DeviceLists = {
	readonly disks: readonly string[];
	readonly interfaces: readonly string[];
	readonly mounts: readonly string[];
};

export const dayS = 86_400;

// Every default lives here once; the template and the tests read them from this object.
export const defaults = {
	retention: {raw: '7d', rawSeconds: 7 * dayS, rollups: '90d', rollupsSeconds: 90 * dayS, maxSize: '1GB', maxSizeBytes: 1e9, processes: 10},
	thresholds: {cpu: 80, memory: 85, filesystem: 90, responseTimeMs: 500},
	severity: {utilization: [40, 60, 80], saturation: [1, 5, 10], errors: [0.1, 1, 5]},
	reporting: {daily: false},
	probe: {method: 'GET', intervalSeconds: 10, timeoutSeconds: 5},
	prometheus: {host: '127.0.0.1'},
	tracing: {serviceName: 'perftop'},
	ui: {theme: 'default', graph: 'line', mouse: true},
} as const;

/** The config an absent file means; test/config checks it equals what the schema makes of an empty file. */
export const defaultConfig: Config = {
	intervalSeconds: undefined,
	retention: {
		rawSeconds: defaults.retention.rawSeconds, rollupsSeconds: defaults.retention.rollupsSeconds, maxSizeBytes: defaults.retention.maxSizeBytes, processesPerRanking: defaults.retention.processes,
	},
	thresholds: {cpuPct: defaults.thresholds.cpu, memoryPct: defaults.thresholds.memory, filesystemPct: defaults.thresholds.filesystem, responseTimeMs: defaults.thresholds.responseTimeMs},
	severity: {utilizationPct: defaults.severity.utilization, saturation: defaults.severity.saturation, errorPct: defaults.severity.errors},
	include: {disks: [], interfaces: [], mounts: []},
	exclude: {disks: [], interfaces: [], mounts: []},
	reporting: {daily: defaults.reporting.daily, folder: undefined},
	probes: [],
	exporter: {prometheus: undefined},
	tracing: {otlpEndpoint: undefined, serviceName: defaults.tracing.serviceName},
	ui: {theme: defaults.ui.theme, graph: defaults.ui.graph, mouse: defaults.ui.mouse},
	keys: {},
};
