import {defaultThresholds, type ThresholdOverrides} from '../analyze/severity.js';
import type {DeviceSelection} from '../collect/types.js';
import type {RetentionPolicy} from '../store/types.js';
import type {Config} from './defaults.js';

/** A `*`/`?` pattern matching the whole name (`*` any run of characters, `?` one). */
export function globToRegExp(pattern: string): RegExp {
	const escaped = pattern.replaceAll(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
	return new RegExp(`^${escaped}$`);
}

/** A device, interface or mount is shown when it matches the include list (or that is empty) and no exclude entry. */
export function isIncluded(name: string, include: readonly string[], exclude: readonly string[]): boolean {
	const matches = (pattern: string) => globToRegExp(pattern).test(name);
	return (include.length === 0 || include.some(matches)) && !exclude.some(matches);
}

/**
 * What the collector reads beyond its defaults. The loopback interface, loop, ram and zram disks and
 * tmpfs mounts are skipped by default; once the config gives an include list of their kind, that list
 * alone decides, so `include: {interfaces: [lo]}` shows lo.
 */
export function deviceSelection(config: Config): DeviceSelection {
	return {
		includeLoopback: config.include.interfaces.length > 0,
		includeVirtualDisks: config.include.disks.length > 0,
		includeTmpfs: config.include.mounts.length > 0,
	};
}

/** The config's severity section as the analysis' threshold overrides. */
export function thresholdOverrides(config: Config): ThresholdOverrides {
	const points = ([one, two, three]: readonly [number, number, number]) => ({one, two, three});
	return {
		utilizationPct: points(config.severity.utilizationPct),
		saturation: points(config.severity.saturation),
		errorPct: points(config.severity.errorPct),
		// A cgroup's line (90 % of its own limit) has no config key: it keeps the default.
		bottleneck: {alertPctByKind: {...defaultThresholds.bottleneck.alertPctByKind, cpu: config.thresholds.cpuPct, memory: config.thresholds.memoryPct, fs: config.thresholds.filesystemPct}},
	};
}

export function retentionPolicy(config: Config): RetentionPolicy {
	return {
		rawMaxAgeMs: config.retention.rawSeconds * 1000,
		rollupMaxAgeMs: config.retention.rollupsSeconds * 1000,
		maxDatabaseBytes: config.retention.maxSizeBytes,
		processesPerRanking: config.retention.processesPerRanking,
	};
}
