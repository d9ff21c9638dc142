import process from 'node:process';
import {createStoreRecorder} from '../engine/recording.js';
import {createPrometheusExporter, defaultPrometheusHost, metricsPath} from '../export/prometheus.js';
import {parseDuration, parseInterval, parseTopProcesses, UsageError} from '../options.js';
import {openDatabase, printNotices} from './open-database.js';
import {runHeadless} from './headless.js';
import {createMachineEngine, loadSettings} from './settings.js';
import {logTickErrors} from './tick-errors.js';
import {tuneForLongRun} from './long-run.js';
import {loadInventory} from './machine.js';
import type {CommandContext} from './types.js';

export const defaultPrometheusPort = 9464;

/** Headless: every tick goes to a Prometheus /metrics endpoint (and to the database unless --no-record). */
export async function run({flags}: CommandContext): Promise<number> {
	tuneForLongRun();
	const settings = await loadSettings(flags);
	printNotices(settings.warnings);
	const intervalMs = parseInterval(settings.intervalText('5s')) * 1000;
	const durationMs = flags.duration === undefined ? undefined : parseDuration(flags.duration, '--duration') * 1000;
	const configured = settings.config.exporter.prometheus;
	const port = flags.port === undefined ? configured?.port ?? defaultPrometheusPort : parsePort(flags.port);
	const host = flags.host ?? configured?.host ?? defaultPrometheusHost;
	const inventory = await loadInventory(flags);
	const exporter = await createPrometheusExporter({
		host,
		port,
		hostname: inventory.hostname,
		onError: error => process.stderr.write(`perftop: metrics endpoint: ${error.message}\n`),
	});
	const opened = flags.record ? openDatabase(flags, {retention: settings.retention}) : undefined;
	if (opened) {
		printNotices(opened.notices);
	}

	const engine = await createMachineEngine(flags, settings, {
		inventory,
		intervalMs,
		topProcesses: parseTopProcesses(flags.top),
		historyCapacity: 2,
		onError: logTickErrors(),
		...(opened ? {recorder: createStoreRecorder(opened.store, {notRecording: opened.notRecording})} : {}),
	}, message => printNotices([message]));
	// Also when not on a terminal: a service log or a script learns where to scrape (and which port 0 picked).
	const {address} = exporter;
	const url = `http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}${metricsPath}`;
	process.stdout.write(`serving ${url} every ${intervalMs / 1000} s${process.stdout.isTTY ? ' (Ctrl-C stops)' : ''}\n`);

	try {
		return await runHeadless(engine, {
			...(durationMs === undefined ? {} : {durationMs}),
			onSnapshot(snapshot) {
				exporter.update(snapshot.sample, snapshot.analysis);
				return undefined;
			},
		});
	} finally {
		await exporter.close();
	}
}

/** 0 picks a free port, which the start-up line names. */
function parsePort(text: string): number {
	const port = Number(text);
	if (!Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new UsageError(`--port: expected 0–65535 (0: any free port), got '${text}'`);
	}

	return port;
}
