import path from 'node:path';
import process from 'node:process';
import {type ForkTracer, removeStaleForkTraces, startForkTrace, tracefsRoots} from '../collect/fork-trace.js';
import {readInventory} from '../collect/inventory.js';
import {createLinuxCollector} from '../collect/linux.js';
import type {DeviceSelection} from '../collect/types.js';
import type {Inventory} from '../metrics/types.js';
import type {Collector} from '../engine/engine.js';
import type {CommandFlags} from './types.js';

// This machine as the watching commands read it: the per-tick collector and the static inventory.

/** The hot-path collector for this platform: /proc and /sys on Linux, systeminformation elsewhere. */
export async function createCollector(flags: CommandFlags, devices: DeviceSelection = {}): Promise<Collector> {
	if (process.platform === 'linux') {
		return createLinuxCollector({procfs: flags.procfs, sysfs: sysfsOf(flags), rootfs: flags.rootfs, ...devices});
	}

	// systeminformation is large and spawns processes: loaded only where /proc is not there.
	const {createFallbackCollector} = await import('../collect/fallback.js');
	return createFallbackCollector();
}

export function loadInventory(flags: CommandFlags): Promise<Inventory> {
	return readInventory({procfs: flags.procfs, sysfs: sysfsOf(flags), root: flags.rootfs});
}

/**
 * Starts counting forks by parent (the engine asks while a fork storm is judged). The tracing
 * instances of perftops killed with SIGKILL are removed now, once.
 */
export function forkTracing(flags: CommandFlags): () => ForkTracer | string {
	const roots = tracefsRoots(sysfsOf(flags));
	removeStaleForkTraces(roots, flags.procfs);
	return () => startForkTrace(roots);
}

/** `--sysfs`, else the monitored root's /sys (`--rootfs /host` reads /host/sys). */
export function sysfsOf(flags: CommandFlags): string {
	return flags.sysfs ?? path.join(flags.rootfs, 'sys');
}
