import process from 'node:process';
import v8 from 'node:v8';
import {readInventory} from '../collect/inventory.js';
import {createLinuxCollector} from '../collect/linux.js';
import type {DeviceSelection} from '../collect/types.js';
import type {Inventory} from '../metrics/types.js';
import type {Collector} from '../engine/engine.js';
import {parsePositiveInteger} from '../options.js';
import type {CommandFlags} from './types.js';

export const defaultTopProcesses = 15;

/**
 * For the commands that tick for days (dashboard, record, serve). At one tick a second V8's optimising
 * compiler, TurboFan, spends more CPU on its background threads compiling the tick's code than the
 * optimised code ever saves: the dashboard measured 2.0 → 1.7 % of a core without it. The code still
 * runs in V8's baseline tiers (Ignition, Sparkplug). Short commands (reports, baselines) keep TurboFan.
 */
export function tuneForLongRun(): void {
	v8.setFlagsFromString('--no-opt');
}

/** The hot-path collector for this platform: /proc and /sys on Linux, systeminformation elsewhere. */
export async function createCollector(flags: CommandFlags, devices: DeviceSelection = {}): Promise<Collector> {
	if (process.platform === 'linux') {
		return createLinuxCollector({procfs: flags.procfs, sysfs: flags.sysfs, ...devices});
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
