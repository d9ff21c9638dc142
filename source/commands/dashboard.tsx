import process from 'node:process';
import {render} from 'ink';
import isInCi from 'is-in-ci';
import {describeSavedBaseline, loadBaseline, saveBaseline} from '../engine/baselines.js';
import {createEngine, type Engine} from '../engine/engine.js';
import {createStoreRecorder} from '../engine/recording.js';
import {gatherReportInput, type History} from '../engine/report-data.js';
import type {DashboardActions, Snapshot} from '../engine/types.js';
import {seriesKey} from '../metrics/types.js';
import {parseInterval} from '../options.js';
import type {Store} from '../store/types.js';
import {Dashboard} from '../ui/app.js';
import {renderPlainText} from '../ui/plain-text.js';
import {openDatabase} from './database.js';
import {createCollector, loadInventory, sleep, topProcessesOption, tuneForLongRun} from './machine.js';
import {defaultReportPath, writeReport} from './report-file.js';
import {engineSettings, loadSettings} from './settings.js';
import type {CommandContext, CommandFlags} from './types.js';

/** Ticks of history kept for charts: wider than any chart on a 400-column terminal. */
const historyCapacity = 600;

export async function run({flags}: CommandContext): Promise<number> {
	tuneForLongRun();
	const settings = await loadSettings(flags);
	const intervalMs = parseInterval(settings.intervalText('1')) * 1000;
	const topProcesses = topProcessesOption(flags);
	const interactive = !flags.once && isInteractive();
	const inventory = await loadInventory(flags);
	// A one-shot snapshot records nothing: two ticks are no history, and a script must not take the writer lock.
	const opened = flags.record && interactive ? openDatabase(flags, {retention: settings.retention}) : undefined;
	const messages: string[] = [...settings.warnings, ...(opened?.notices ?? [])];
	const engine = createEngine({
		...(await engineSettings(settings, message => messages.push(message))),
		collector: await createCollector(flags),
		inventory,
		intervalMs,
		topProcesses,
		historyCapacity,
		...(opened ? {recorder: createStoreRecorder(opened.store, {readOnlyReason: opened.notices.at(-1)})} : {}),
	});
	if (!interactive) {
		for (const message of messages) {
			process.stderr.write(`perftop: ${message}\n`);
		}

		return printOnce(engine, intervalMs);
	}

	return runDashboard(engine, flags, opened?.store, messages);
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

async function runDashboard(engine: Engine, flags: CommandFlags, store: Store | undefined, notices: readonly string[]): Promise<number> {
	const noColor = !flags.color || (process.env['NO_COLOR'] ?? '') !== '';
	const snapshot = await engine.tick();
	const instance = render(
		<Dashboard
			engine={engine}
			actions={dashboardActions(engine, store)}
			inventory={snapshot.inventory}
			noColor={noColor}
			{...(notices.length > 0 ? {initialStatus: notices.join('; ')} : {})}
		/>,
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

const reportWindowMs = 3_600_000;
const baselineWindowMs = 24 * 3_600_000;

/** What the dashboard's keys do beyond the view: reports (`s`) and baselines (`B`, `b`). */
function dashboardActions(engine: Engine, store: Store | undefined): DashboardActions {
	const needStore = (): Store => {
		if (!store) {
			throw new Error('baselines need the recording database (perftop was started with --no-record)');
		}

		return store;
	};

	return {
		async snapshotReport(snapshot) {
			const toMs = snapshot.sample.timestamp;
			const fromMs = toMs - reportWindowMs;
			const input = gatherReportInput({
				host: snapshot.inventory.hostname,
				generatedAt: Date.now(),
				fromMs,
				toMs,
				history: store ? store.readRange(fromMs, toMs) : historyOf(snapshot),
				events: store?.listEvents(fromMs, toMs) ?? [],
				...(snapshot.comparison ? {baseline: snapshot.comparison.baseline} : {}),
				live: snapshot,
			});
			return writeReport(input, 'md', defaultReportPath(snapshot.inventory.hostname, toMs, 'md'));
		},
		async saveBaseline(name) {
			const now = Date.now();
			return describeSavedBaseline(saveBaseline(needStore(), name, {fromMs: now - baselineWindowMs, toMs: now, createdAt: now}));
		},
		async listBaselines() {
			return store?.listBaselines().map(baseline => baseline.name) ?? [];
		},
		async selectBaseline(name) {
			if (name === undefined) {
				engine.setBaseline(undefined);
				return 'baseline comparison off';
			}

			engine.setBaseline(loadBaseline(needStore(), name));
			return `comparing against baseline '${name}'`;
		},
	};
}

/** Without recording, a report covers what the dashboard holds in memory. */
function historyOf(snapshot: Snapshot): History {
	const series = new Map<string, Float64Array>();
	for (const metric of snapshot.sample.metrics) {
		const key = seriesKey(metric.id, metric.resource);
		series.set(key, Float64Array.from(snapshot.history.series(key)));
	}

	return {timestamps: Float64Array.from(snapshot.history.timestamps), series};
}
