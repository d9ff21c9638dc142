import process from 'node:process';
import {render} from 'ink';
import isInCi from 'is-in-ci';
import {createEngine, type Engine} from '../engine/engine.js';
import type {DashboardActions} from '../engine/types.js';
import {parseInterval} from '../options.js';
import {Dashboard} from '../ui/app.js';
import {renderPlainText} from '../ui/plain-text.js';
import {createCollector, loadInventory, sleep, topProcessesOption} from './machine.js';
import type {CommandContext, CommandFlags} from './types.js';

/** Ticks of history kept for charts: wider than any chart on a 400-column terminal. */
const historyCapacity = 600;

export async function run({flags}: CommandContext): Promise<number> {
	const intervalMs = parseInterval(flags.interval ?? '1') * 1000;
	const topProcesses = topProcessesOption(flags);
	const inventory = await loadInventory(flags);
	const engine = createEngine({
		collector: await createCollector(flags),
		inventory,
		intervalMs,
		topProcesses,
		historyCapacity,
	});
	if (flags.once || !isInteractive()) {
		return printOnce(engine, intervalMs);
	}

	return runDashboard(engine, flags);
}

/**
 * A terminal a person is looking at: both ends are TTYs and no CI runner is set. Ink itself uses is-in-ci
 * to decide to render only the last frame, so the same test keeps the two decisions in step.
 */
function isInteractive(): boolean {
	return Boolean(process.stdout.isTTY && process.stdin.isTTY) && !isInCi;
}

/** Two readings (rates need a pair), then one plain-text snapshot. */
async function printOnce(engine: Engine, intervalMs: number): Promise<number> {
	await engine.tick();
	await sleep(Math.min(intervalMs, 1000));
	const snapshot = await engine.tick();
	engine.stop();
	const width = process.stdout.isTTY ? process.stdout.columns : 100;
	process.stdout.write(renderPlainText(snapshot, snapshot.inventory, width));
	return 0;
}

async function runDashboard(engine: Engine, flags: CommandFlags): Promise<number> {
	const noColor = !flags.color || (process.env['NO_COLOR'] ?? '') !== '';
	const actions = unavailableActions();
	const instance = render(
		<Dashboard engine={engine} actions={actions} inventory={engine.latest()?.inventory ?? (await engine.tick()).inventory} noColor={noColor}/>,
		{exitOnCtrlC: false, patchConsole: false},
	);
	// SIGTERM (a service manager, kill): the terminal is still there, so unmount restores it.
	const terminate = () => {
		instance.unmount();
	};

	// SIGHUP (the SSH link dropped): the terminal is gone and every write fails with EIO. Flush the
	// recording, ignore the failing writes of Ink's own exit hook, and die of the signal as a shell's
	// children do; a normal exit would make Node abort while restoring the vanished terminal's modes.
	const hangUp = () => {
		engine.stop();
		process.stdout.on('error', () => undefined);
		process.off('SIGHUP', hangUp);
		process.kill(process.pid, 'SIGHUP');
	};

	process.once('SIGTERM', terminate);
	process.on('SIGHUP', hangUp);
	engine.start();
	try {
		await instance.waitUntilExit();
	} finally {
		engine.stop();
		process.off('SIGTERM', terminate);
		process.off('SIGHUP', hangUp);
	}

	return 0;
}

/** Until recording lands, actions that need the store say so instead of failing silently. */
function unavailableActions(): DashboardActions {
	const notYet = async () => 'needs recording (not available in this build)';
	return {
		snapshotReport: notYet,
		saveBaseline: notYet,
		listBaselines: async () => [],
		selectBaseline: notYet,
	};
}
