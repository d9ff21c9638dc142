import process from 'node:process';
import {createCgroupProcsReader} from '../collect/read-cgroup-procs.js';
import {readProcessDetail} from '../collect/read-process-detail.js';
import {readSchedTimes} from '../collect/read-profile-target.js';
import {resolveThresholds, type Thresholds} from '../analyze/severity.js';
import {deviceSelection, isIncluded, retentionPolicy, thresholdOverrides} from '../config/apply.js';
import {loadConfig} from '../config/load.js';
import type {Config} from '../config/defaults.js';
import {createEngine, type Engine, type EngineOptions} from '../engine/engine.js';
import {resourceKindOf, resourceName, type ResourceId} from '../metrics/types.js';
import type {RetentionPolicy} from '../store/types.js';
import {createCollector, forkTracing, sysfsOf} from './machine.js';
import type {CommandFlags} from './types.js';

/** The config file as the commands use it; command-line flags override it. */
export type Settings = {
	readonly config: Config;
	/** The file read; undefined when there is none and defaults apply. */
	readonly path: string | undefined;
	readonly warnings: readonly string[];
	readonly thresholds: Thresholds;
	readonly retention: RetentionPolicy;
	readonly keepResource: (resource: ResourceId) => boolean;
	/** `--interval`, else the file's `interval`, else the mode's default. */
	readonly intervalText: (modeDefault: string) => string;
};

/** Loads `--config PATH` or the default file (absent: defaults). Problems throw a ConfigError (exit 2). */
export async function loadSettings(flags: CommandFlags): Promise<Settings> {
	const {config, warnings, path} = await loadConfig({...(flags.config === undefined ? {} : {path: flags.config}), env: process.env});
	const lists = {disk: 'disks', net: 'interfaces', fs: 'mounts'} as const;
	return {
		config,
		path,
		warnings,
		thresholds: resolveThresholds(thresholdOverrides(config)),
		retention: retentionPolicy(config),
		keepResource(resource) {
			const kind = resourceKindOf(resource);
			if (kind !== 'disk' && kind !== 'net' && kind !== 'fs') {
				return true;
			}

			return isIncluded(resourceName(resource), config.include[lists[kind]], config.exclude[lists[kind]]);
		},
		intervalText: modeDefault => flags.interval ?? (config.intervalSeconds === undefined ? modeDefault : String(config.intervalSeconds)),
	};
}

/** The probed services of the config file, or none. */
async function probedServices(config: Config, onMessage: (message: string) => void): Promise<EngineOptions['services']> {
	if (config.probes.length === 0) {
		return undefined;
	}

	// Probing code (and the OpenTelemetry SDK behind it) loads only when targets are configured.
	const {createServiceMonitor} = await import('../probe/monitor.js');
	return createServiceMonitor({
		targets: config.probes,
		responseTimeThresholdMs: config.thresholds.responseTimeMs,
		tracing: config.tracing,
		onMessage,
	});
}

/** What a command that watches this machine passes to its engine besides the settings. */
export type MachineEngineOptions = Pick<EngineOptions, 'inventory' | 'intervalMs' | 'topProcesses' | 'historyCapacity' | 'recorder'> & {
	/** Required here: a command that watches for days must tell its user when a tick fails. */
	readonly onError: (error: unknown) => void;
};

/**
 * The engine of a command that watches this machine (dashboard, record, serve): the collector, with
 * the devices the config asks for, thresholds, device filters and the probed services come from the
 * flags and the config file; `onMessage` takes what the probes have to say.
 */
export async function createMachineEngine(flags: CommandFlags, settings: Settings, options: MachineEngineOptions, onMessage: (message: string) => void): Promise<Engine> {
	const services = await probedServices(settings.config, onMessage);
	return createEngine({
		...options,
		collector: await createCollector(flags, deviceSelection(settings.config)),
		thresholds: settings.thresholds,
		keepResource: settings.keepResource,
		readProcessDetail: pid => readProcessDetail(flags.procfs, pid),
		readSwitches: pid => readSchedTimes(flags.procfs, pid)?.timeslices,
		readCgroupProcs: createCgroupProcsReader({procfs: flags.procfs, sysfs: sysfsOf(flags), rootfs: flags.rootfs}),
		traceForks: forkTracing(flags),
		...(services ? {services} : {}),
	});
}
