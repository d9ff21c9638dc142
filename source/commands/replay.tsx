import {mkdirSync} from 'node:fs';
import process from 'node:process';
import {render} from 'ink';
import {createHistorySource, type HistorySource} from '../engine/history-source.js';
import {snapshotReportInput} from '../engine/report-data.js';
import type {DashboardActions, EngineHandle, Snapshot} from '../engine/types.js';
import {UsageError} from '../options.js';
import {Dashboard} from '../ui/app.js';
import {renderPlainText} from '../ui/plain-text.js';
import {clockText, dateText} from '../ui/sections.js';
import {dashboardLook, startMouse} from './dashboard-look.js';
import {historyRange} from './history-range.js';
import {openDatabase, printNotices, unreadableReason} from './open-database.js';
import {defaultReportPath, reportFolder, writeReport} from './report-file.js';
import {loadSettings} from './settings.js';
import type {CommandContext} from './types.js';

/** Chart slots, as the live dashboard keeps. */
const historyCapacity = 600;

function timeText(ms: number): string {
	return `${dateText(ms)} ${clockText(ms)}`;
}

/** A replay has no live engine: this one hands out the first moment and never ticks. */
function stillEngine(first: Snapshot): EngineHandle {
	return {
		subscribe: () => () => undefined,
		latest: () => first,
		setIntervalMs: () => undefined,
		watchProcess: () => undefined,
		watchCgroup: () => undefined,
	};
}

function replayActions(source: HistorySource, folder: string): DashboardActions {
	const live = async (): Promise<never> => {
		throw new Error('a replay reads history only: live processes and baselines are for the dashboard');
	};

	return {
		async writeReport(_scope, snapshot) {
			mkdirSync(folder, {recursive: true});
			return writeReport(snapshotReportInput(snapshot, Date.now()), 'md', defaultReportPath(snapshot.inventory.hostname, snapshot.sample.timestamp, 'md', folder, 'snapshot'));
		},
		saveBaseline: live,
		listBaselines: async () => [],
		selectBaseline: live,
		profileProcess: live,
		processHistory: live,
		signalProcess: live,
		reniceProcess: live,
		history: () => source,
	};
}

/**
 * `perftop replay [--since 24h | --from ISO --to ISO] [--db PATH]`: the dashboard in history mode over a
 * recorded range, with no live collection; the database is opened read-only, so one copied from
 * another machine works and is never written.
 */
export async function run({args, flags}: CommandContext): Promise<number> {
	if (args.length > 0) {
		throw new UsageError(`replay: unexpected '${args.join(' ')}'`);
	}

	const now = Date.now();
	const asked = historyRange(flags, '24h', now);
	const settings = await loadSettings(flags);
	const look = dashboardLook(flags, settings);
	const opened = openDatabase(flags, {access: 'read'});
	const {store, notices} = opened;
	try {
		const unreadable = unreadableReason(opened, 'read');
		if (unreadable !== undefined) {
			throw new Error(unreadable);
		}

		const recorded = store.timeRange();
		if (recorded === undefined) {
			throw new Error(`nothing recorded in ${store.path}`);
		}

		printNotices(notices);
		// Without --since or --from, the last day of the recording, wherever it ends (a copied database's may be long ago).
		const range = flags.since === undefined && flags.from === undefined ? {fromMs: recorded.toMs - (now - asked.fromMs), toMs: recorded.toMs} : asked;
		const source = createHistorySource(store, {capacity: historyCapacity, range: () => range, recording: () => ({kind: 'off'})});
		if (source.range() === undefined) {
			throw new Error(`nothing recorded between ${timeText(range.fromMs)} and ${timeText(range.toMs)}; ${store.path} holds ${timeText(recorded.fromMs)} – ${timeText(recorded.toMs)}`);
		}

		const first = source.at(range.toMs, 'before')!;
		const {inventory} = first;
		if (!process.stdout.isTTY || !process.stdin.isTTY) {
			process.stdout.write(renderPlainText(first, inventory, process.stdout.isTTY ? process.stdout.columns : 100));
			return 0;
		}

		process.stdin.setRawMode(true);
		process.stdout.write('\r\u001B[J');
		const releaseMouse = startMouse(look);
		const instance = render(<Dashboard replay engine={stillEngine(first)} actions={replayActions(source, reportFolder(settings.config))} inventory={inventory} noColor={look.noColor} look={look.theme} keys={look.keys}/>, {exitOnCtrlC: false, patchConsole: false});
		const terminate = () => {
			instance.unmount();
		};

		process.once('SIGTERM', terminate);
		try {
			await instance.waitUntilExit();
		} finally {
			releaseMouse?.();
			process.off('SIGTERM', terminate);
		}

		return 0;
	} finally {
		store.close();
	}
}
