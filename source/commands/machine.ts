import process from 'node:process';
import {readInventory} from '../collect/inventory.js';
import {createLinuxCollector} from '../collect/linux.js';
import type {Inventory} from '../metrics/types.js';
import type {Collector} from '../engine/engine.js';
import {parsePositiveInteger} from '../options.js';
import type {CommandFlags} from './types.js';

export const defaultTopProcesses = 15;

/** The hot-path collector for this platform: /proc and /sys on Linux, systeminformation elsewhere. */
export async function createCollector(flags: CommandFlags): Promise<Collector> {
	if (process.platform === 'linux') {
		return createLinuxCollector({procfs: flags.procfs, sysfs: flags.sysfs});
	}

	// systeminformation is large and spawns processes: loaded only where /proc is not there.
	const {createFallbackCollector} = await import('../collect/fallback.js');
	return createFallbackCollector();
}

export function loadInventory(flags: CommandFlags): Promise<Inventory> {
	return readInventory({procfs: flags.procfs, sysfs: flags.sysfs});
}

export function topProcessesOption(flags: CommandFlags): number {
	return flags.top === undefined ? defaultTopProcesses : parsePositiveInteger(flags.top, '--top');
}

export function sleep(ms: number): Promise<void> {
	return new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}
