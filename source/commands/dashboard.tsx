import {mkdirSync} from 'node:fs';
import process from 'node:process';
import {setTimeout as sleep} from 'node:timers/promises';
import {render} from 'ink';
import isInCi from 'is-in-ci';
import {describeSavedBaseline, loadBaseline, saveBaseline} from '../engine/baselines.js';
import type {Engine} from '../engine/engine.js';
import {createHistorySource, type HistorySource} from '../engine/history-source.js';
import {createPendingRecorder, createStoreRecorder, type PendingRecorder} from '../engine/recording.js';
import {snapshotReportInput} from '../engine/report-data.js';
import type {DashboardActions} from '../engine/types.js';
import {reniceProcess, signalProcess} from './process-control.js';
import type {Inventory} from '../metrics/types.js';
import {parseInterval, parseTopProcesses} from '../options.js';
import type {Store} from '../store/types.js';
import {Dashboard} from '../ui/app.js';
import {renderPlainText} from '../ui/plain-text.js';
import {dashboardLook, startMouse, type Look} from './dashboard-look.js';
import {tuneForLongRun} from './long-run.js';
import {loadInventory} from './machine.js';
import {defaultReportPath, reportFolder, reportInput, writeReport} from './report-file.js';
import {createMachineEngine, loadSettings, type Settings} from './settings.js';
import {tickErrorCounter} from './tick-errors.js';
import type {CommandContext, CommandFlags} from './types.js';
import {errorMessage} from '../errors.js';

/** Ticks of history kept for charts: wider than any chart on a 400-column terminal. */
const historyCapacity = 600;

export async function run({flags}: CommandContext): Promise<number> {
	tuneForLongRun();
	const interactive = !flags.once && isInteractive();
	if (interactive) {
		// Keys pressed while perftop starts would be echoed onto the screen: in raw mode they wait unseen
		// in the terminal until Ink reads them as keys (Ctrl-C included, which then quits). Node restores
		// the terminal's mode on exit, so a failed start leaves it as it was.
		process.stdin.setRawMode(true);
	}

	const settings = await loadSettings(flags);
	const look = dashboardLook(flags, settings);
	const intervalMs = parseInterval(settings.intervalText('1')) * 1000;
	const topProcesses = parseTopProcesses(flags.top);
	const inventory = await loadInventory(flags);
	// A one-shot snapshot records nothing: two ticks are no history, and a script must not take the writer lock.
	const recorder = flags.record && interactive ? createPendingRecorder() : undefined;
	const footer = createFooter(settings.warnings);
	const engine = await createMachineEngine(flags, settings, {
		inventory,
		intervalMs,
		topProcesses,
		historyCapacity,
		...(recorder ? {recorder} : {}),
		onError: tickErrorCounter(({line}) => {
			footer.tell(line);
		}),
	}, footer.tell);
	if (!interactive) {
		for (const message of footer.waiting) {
			process.stderr.write(`perftop: ${message}\n`);
		}

		return printOnce(engine, intervalMs);
	}

	return runDashboard(engine, flags, {recorder, retention: settings.retention, footer, reportFolder: reportFolder(settings.config)}, look);
}

type Footer = {
	/** Lines told before the dashboard is on screen (config warnings first); they open its footer. */
	readonly waiting: readonly string[];
	/** A line for the footer: held until the dashboard is on screen, shown at once after. */
	readonly tell: (line: string) => void;
	/** From now on each line goes straight to the screen. */
	readonly attach: (show: (line: string) => void) => void;
};

/**
 * The footer's messages from outside the view (probes, a failing tick, the database's notices). The
 * engine and the probes exist before the first frame and go on after it, so what they tell is held
 * until the dashboard can show it and never lands in a list that nobody reads any more.
 */
function createFooter(initial: readonly string[]): Footer {
	const waiting = [...initial];
	let show: ((line: string) => void) | undefined;
	return {
		waiting,
		tell(line) {
			if (show) {
				show(line);
			} else {
				waiting.push(line);
			}
		},
		attach(next) {
			show = next;
		},
	};
}

/**
 * A terminal a person is looking at: both ends are TTYs, no CI runner is set, and the terminal can move
 * its cursor (TERM=dumb cannot). Ink itself uses is-in-ci to decide to render only the last frame, so the
 * same test keeps the two decisions in step.
 */
function isInteractive(): boolean {
	return Boolean(process.stdout.isTTY && process.stdin.isTTY) && !isInCi && process.env['TERM'] !== 'dumb';
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

type Recording = {
	/** Present when the dashboard records: it holds the ticks until the database has opened. */
	readonly recorder: PendingRecorder | undefined;
	readonly retention: Settings['retention'];
	readonly footer: Footer;
	/** Where `s` and `S` write their reports. */
	readonly reportFolder: string;
};

/** The store, or why there is none (yet). */
type StoreAccess = () => Store | string;

async function runDashboard(engine: Engine, flags: CommandFlags, recording: Recording, look: Look): Promise<number> {
	const snapshot = await engine.tick();
	let store: Store | string = recording.recorder ? 'the recording database is still opening; try again in a moment' : 'baselines need the recording database (perftop was started with --no-record)';
	const actions = dashboardActions(engine, () => store, {startedMs: snapshot.sample.timestamp, folder: recording.reportFolder, inventory: snapshot.inventory}, flags.procfs);
	const dashboard = (notice: string) => (
		<Dashboard
			engine={engine}
			actions={actions}
			inventory={snapshot.inventory}
			noColor={look.noColor}
			look={look.theme}
			keys={look.keys}
			{...(notice === '' ? {} : {notice})}
		/>
	);
	// Ink draws from the cursor and then updates cells by column, so the first frame must start at
	// column 0 of a clean line, or every later update lands one cell off.
	process.stdout.write('\r\u001B[J');
	const releaseMouse = startMouse(look);
	const instance = render(dashboard(recording.footer.waiting.join('; ')), {exitOnCtrlC: false, patchConsole: false});
	let exited = false;
	recording.footer.attach(line => {
		if (!exited) {
			instance.rerender(dashboard(line));
		}
	});
	// The first frame is on the terminal once render returns; SQLite and the store's code load after it.
	const opening = recording.recorder && openRecording(flags, recording.recorder, recording.retention).then(opened => {
		store = opened.store;
		engine.refreshRecording();
		if (opened.notices.length > 0) {
			recording.footer.tell([...recording.footer.waiting, ...opened.notices].join('; '));
		}
	});
	// SIGTERM (a service manager, kill) or SIGINT from kill (Ctrl-C is a key in raw mode): the terminal
	// is still there, so unmount restores it, and stopping the engine removes its fork tracing.
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
	process.once('SIGINT', terminate);
	process.on('SIGHUP', hangUp);
	engine.start();
	try {
		await instance.waitUntilExit();
	} finally {
		exited = true;
		releaseMouse?.();
		engine.stop();
		// A store that attaches after the stop still gets the ticks held for it, and is closed.
		await opening;
		process.off('SIGTERM', terminate);
		process.off('SIGINT', terminate);
		process.off('SIGHUP', hangUp);
	}

	return 0;
}

/**
 * Opens the database on the next turn of the event loop and hands it to the pending recorder. The
 * store never throws on opening; loading SQLite can (a missing native module), and then recording is
 * off and `store` says why.
 */
async function openRecording(flags: CommandFlags, recorder: PendingRecorder, retention: Settings['retention']): Promise<{store: Store | string; notices: readonly string[]}> {
	await new Promise(resolve => {
		setImmediate(resolve);
	});
	try {
		const {openDatabase} = await import('./open-database.js');
		const opened = openDatabase(flags, {retention});
		recorder.attach(createStoreRecorder(opened.store, {notRecording: opened.notRecording}));
		return {store: opened.store, notices: opened.notices};
	} catch (error) {
		recorder.attach(undefined);
		const reason = `recording is off: ${errorMessage(error)}`;
		return {store: reason, notices: [reason]};
	}
}

const baselineWindowMs = 24 * 3_600_000;
/** What history mode walks through in the dashboard, `w` included: the last day. */
const historyWindowMs = 24 * 3_600_000;

/** What the dashboard's keys do beyond the view: reports (`s`, `S`), baselines (`B`, `b`) and profiles (`f`), written to the reports' folder. */
function dashboardActions(engine: Engine, storeAccess: StoreAccess, reports: {startedMs: number; folder: string; inventory: Inventory}, procfs: string): DashboardActions {
	const currentStore = (): Store | undefined => {
		const store = storeAccess();
		return typeof store === 'string' ? undefined : store;
	};

	let history: {store: Store; source: HistorySource} | undefined;
	const needStore = (): Store => {
		const store = storeAccess();
		if (typeof store === 'string') {
			throw new Error(store);
		}

		return store;
	};

	return {
		async writeReport(scope, snapshot) {
			const toMs = snapshot.sample.timestamp;
			const input = scope === 'snapshot' ? snapshotReportInput(snapshot, Date.now()) : reportInput(currentStore() ?? snapshot, {
				host: snapshot.inventory.hostname,
				range: {fromMs: reports.startedMs, toMs},
				generatedAt: Date.now(),
				baseline: snapshot.comparison?.baseline,
			});
			mkdirSync(reports.folder, {recursive: true});
			return writeReport(input, 'md', defaultReportPath(snapshot.inventory.hostname, toMs, 'md', reports.folder, scope));
		},
		async saveBaseline(name, replace) {
			const now = Date.now();
			const outcome = saveBaseline(needStore(), name, {fromMs: now - baselineWindowMs, toMs: now, createdAt: now}, replace);
			return outcome.kind === 'exists'
				? {kind: 'exists'}
				: {kind: 'saved', message: [describeSavedBaseline(outcome.baseline), ...outcome.warnings.map(warning => `warning: ${warning}`)].join('; ')};
		},
		async listBaselines() {
			return currentStore()?.listBaselines().map(baseline => baseline.name) ?? [];
		},
		async selectBaseline(name) {
			if (name === undefined) {
				engine.setBaseline(undefined);
				return 'baseline comparison off';
			}

			engine.setBaseline(loadBaseline(needStore(), name));
			return `comparing against baseline '${name}'`;
		},
		async profileProcess(pid, durationS, signal) {
			// Loaded on the first profile: most dashboards never take one.
			const [{profileProcess}, {hotFunctions}, {profileViewData}, {defaultProfilePath, writeProfileFiles}] = await Promise.all([
				import('../profile/perf-run.js'), import('../profile/hot-functions.js'), import('../profile/profile-files.js'), import('./profile-output.js'),
			]);
			const result = await profileProcess({pid, durationS, frequencyHz: 99, procfs, signal});
			const hot = hotFunctions(result.profile.tree, result.profile.modules);
			let files: string;
			try {
				mkdirSync(reports.folder, {recursive: true});
				files = `wrote ${writeProfileFiles(result, 'html', hot, defaultProfilePath(result, 'html', reports.folder)).join(' and ')}`;
			} catch (error) {
				files = `flame graph not written: ${errorMessage(error)}`;
			}

			return profileViewData(result, hot, files);
		},
		async processHistory(process, fromMs, toMs) {
			return needStore().processHistory(process, {fromMs: Math.max(fromMs, process.startedAtMs ?? fromMs), toMs});
		},
		async signalProcess(target, signal) {
			return signalProcess(procfs, target, signal);
		},
		async reniceProcess(target, nice) {
			return reniceProcess(procfs, target, nice);
		},
		history() {
			const store = needStore();
			if (history?.store !== store) {
				history = {store, source: createHistorySource(store, {
					inventory: reports.inventory,
					capacity: historyCapacity,
					range: () => ({fromMs: Date.now() - historyWindowMs, toMs: Date.now()}),
					recording: () => engine.latest()?.recording ?? {kind: 'off'},
				})};
			}

			return history.source;
		},
	};
}
