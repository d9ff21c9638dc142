import {mkdirSync} from 'node:fs';
import {hostname} from 'node:os';
import process from 'node:process';
import {createStoreRecorder} from '../engine/recording.js';
import {formatBytes} from '../metrics/format.js';
import {parseDuration, parseInterval, parseTopProcesses} from '../options.js';
import {openDatabase, printNotices} from './open-database.js';
import {runHeadless} from './headless.js';
import {createMachineEngine, loadSettings} from './settings.js';
import {logTickErrors} from './tick-errors.js';
import {dailyReportPath, previousDay, reportFolder, reportInput, writeReport} from './report-file.js';
import {tuneForLongRun} from './long-run.js';
import {loadInventory} from './machine.js';
import type {CommandContext} from './types.js';
import {errorMessage} from '../errors.js';

const progressEveryMs = 60_000;
const maximumRecordIntervalSeconds = 3600;

/** Headless recording for cron, systemd or tmux: progress once a minute on a TTY, only errors when piped. */
export async function run({flags}: CommandContext): Promise<number> {
	tuneForLongRun();
	const settings = await loadSettings(flags);
	printNotices(settings.warnings);
	const intervalMs = parseInterval(settings.intervalText('10s'), maximumRecordIntervalSeconds) * 1000;
	const durationMs = flags.duration === undefined ? undefined : parseDuration(flags.duration, '--duration') * 1000;
	const topProcesses = parseTopProcesses(flags.top);
	const {store, notices, notRecording} = openDatabase(flags, {retention: settings.retention});
	if (notRecording !== undefined) {
		store.close();
		throw new Error(`${notRecording}; not recording`);
	}

	printNotices(notices);
	const engine = await createMachineEngine(flags, settings, {
		inventory: await loadInventory(flags),
		intervalMs,
		topProcesses,
		historyCapacity: 2,
		onError: logTickErrors(),
		recorder: createStoreRecorder(store),
	}, message => printNotices([message]));

	const progress = process.stdout.isTTY;
	if (progress) {
		process.stdout.write(`recording every ${intervalMs / 1000} s to ${store.path}${durationMs === undefined ? '' : ` for ${durationMs / 1000} s`} (Ctrl-C stops)\n`);
	}

	let ticks = 0;
	let lastProgressMs = Date.now();
	// reporting.daily: on the first tick of each new local day, a report of the day before.
	const {daily} = settings.config.reporting;
	const folder = reportFolder(settings.config);
	let reportedDayMs = previousDay(Date.now()).toMs;
	const exitCode = await runHeadless(engine, {
		...(durationMs === undefined ? {} : {durationMs}),
		onSnapshot(snapshot) {
			if (snapshot.recording.kind === 'paused') {
				return `recording stopped: ${snapshot.recording.reason}`;
			}

			if (snapshot.sample.metrics.length === 0) {
				// A wrong --procfs, or a container without /proc: ticks with nothing in them are no recording.
				const {unavailable} = snapshot.sample;
				const reason = (unavailable.find(group => group.group === 'cpu') ?? unavailable[0])?.reason;
				return `nothing readable to record${reason === undefined ? '' : ` (${reason})`}`;
			}

			ticks++;
			const day = previousDay(snapshot.sample.timestamp);
			if (daily && day.toMs > reportedDayMs) {
				reportedDayMs = day.toMs;
				try {
					mkdirSync(folder, {recursive: true});
					writeReport(reportInput(store, {host: hostname(), range: day, generatedAt: Date.now()}), 'md', dailyReportPath(hostname(), day.fromMs, 'md', folder));
				} catch (error) {
					printNotices([`daily report: ${errorMessage(error)}`]);
				}
			}

			if (progress && Date.now() - lastProgressMs >= progressEveryMs) {
				lastProgressMs = Date.now();
				process.stdout.write(`${new Date().toTimeString().slice(0, 8)}  ${ticks} ${ticks === 1 ? 'tick' : 'ticks'} recorded, database ${formatBytes(store.info().sizeBytes)}\n`);
			}

			return undefined;
		},
	});
	if (progress) {
		process.stdout.write(`recorded ${ticks} ${ticks === 1 ? 'tick' : 'ticks'} to ${store.path}\n`);
	}

	return exitCode;
}
