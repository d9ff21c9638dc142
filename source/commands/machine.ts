import path from 'node:path';
import process from 'node:process';
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

/** `--sysfs`, else the monitored root's /sys (`--rootfs /host` reads /host/sys). */
export function sysfsOf(flags: CommandFlags): string {
	return flags.sysfs ?? path.join(flags.rootfs, 'sys');
}
