import process from 'node:process';
import {resolveThresholds, type Thresholds} from '../analyze/severity.js';
import {isIncluded, retentionPolicy, thresholdOverrides} from '../config/apply.js';
import {loadConfig} from '../config/load.js';
import type {Config} from '../config/defaults.js';
import type {EngineOptions} from '../engine/engine.js';
import {resourceKindOf, resourceName, type ResourceId} from '../metrics/types.js';
import type {RetentionPolicy} from '../store/types.js';
import type {CommandFlags} from './types.js';

/** The config file as the commands use it; command-line flags override it. */
export type Settings = {
	readonly config: Config;
	readonly warnings: readonly string[];
	readonly thresholds: Thresholds;
	readonly retention: RetentionPolicy;
	readonly keepResource: (resource: ResourceId) => boolean;
	/** `--interval`, else the file's `interval`, else the mode's default. */
	readonly intervalText: (modeDefault: string) => string;
};

/** Loads `--config PATH` or the default file (absent: defaults). Problems throw a ConfigError (exit 2). */
export async function loadSettings(flags: CommandFlags): Promise<Settings> {
	const {config, warnings} = await loadConfig({...(flags.config === undefined ? {} : {path: flags.config}), env: process.env});
	const lists = {disk: 'disks', net: 'interfaces', fs: 'mounts'} as const;
	return {
		config,
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

/** Engine options that come from the config file: thresholds, device filters and probed services. */
export async function engineSettings(settings: Settings, onMessage: (message: string) => void): Promise<Pick<EngineOptions, 'thresholds' | 'keepResource' | 'services'>> {
	const {config} = settings;
	if (config.probes.length === 0) {
		return {thresholds: settings.thresholds, keepResource: settings.keepResource};
	}

	// Probing code (and the OpenTelemetry SDK behind it) loads only when targets are configured.
	const {createServiceMonitor} = await import('../probe/monitor.js');
	const services = await createServiceMonitor({
		targets: config.probes,
		responseTimeThresholdMs: config.thresholds.responseTimeMs,
		tracing: config.tracing,
		onMessage,
	});
	return {thresholds: settings.thresholds, keepResource: settings.keepResource, services};
}
