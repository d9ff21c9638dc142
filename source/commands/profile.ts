import path from 'node:path';
import process from 'node:process';
import {findProcessesByName} from '../collect/read-profile-target.js';
import {parseDuration, parsePositiveInteger, UsageError} from '../options.js';
import {hotFunctions, type HotFunction} from '../profile/hot-functions.js';
import {ProfileCancelled, ProfileError, profileProcess} from '../profile/perf-run.js';
import {profileName, profileSummary, renderProfile} from '../profile/profile-files.js';
import {parseProfileFormat, writeProfileFiles} from './profile-output.js';
import type {CommandContext} from './types.js';

const maximumDurationS = 3600;
/** perf's own ceiling is kernel.perf_event_max_sample_rate (often 100,000); a profile needs far less. */
const maximumFrequencyHz = 10_000;

/**
 * `perftop profile PID|NAME`: an on-CPU profile of one process with perf, written as a flame graph
 * (or folded stacks, or JSON) plus the folded stacks, and its hot functions printed.
 */
export async function run({args, flags}: CommandContext): Promise<number> {
	if (args.length !== 1) {
		throw new UsageError('profile: expected one PID or process name, e.g. perftop profile 4242');
	}

	const durationS = parseDuration(flags.duration ?? '10s', '--duration');
	if (durationS < 0.5 || durationS > maximumDurationS) {
		throw new UsageError(`--duration: must be between 0.5 s and 1 h, got '${flags.duration}'`);
	}

	const frequencyHz = parsePositiveInteger(flags.frequency ?? '99', '--frequency');
	if (frequencyHz > maximumFrequencyHz) {
		throw new UsageError(`--frequency: at most ${maximumFrequencyHz} Hz, got '${flags.frequency}'`);
	}

	const format = parseProfileFormat(flags.format);
	const pid = targetPid(args[0]!, flags.procfs);
	if (pid === undefined) {
		return 2;
	}

	const controller = new AbortController();
	const cancel = () => {
		controller.abort();
	};

	process.once('SIGINT', cancel);
	process.once('SIGTERM', cancel);
	try {
		const result = await profileProcess({
			pid,
			durationS,
			frequencyHz,
			procfs: flags.procfs,
			signal: controller.signal,
			onPhase(phase) {
				if (phase === 'recording' && process.stderr.isTTY) {
					process.stderr.write(`perftop: profiling PID ${pid} for ${durationS} s at ${frequencyHz} Hz (Ctrl-C cancels)\n`);
				}
			},
		});
		const hot = hotFunctions(result.profile.tree, result.profile.modules);
		if (flags.output === '-') {
			process.stdout.write(renderProfile(result, format, hot));
			process.stderr.write(`perftop: ${profileName(result)}: ${profileSummary(result)}\n`);
			return 0;
		}

		const written = writeProfileFiles(result, format, hot, flags.output === undefined ? undefined : path.resolve(flags.output));
		const lines = [`${profileName(result)}: ${profileSummary(result)}`, ...result.warnings.map(warning => `warning: ${warning}`), '', ...hotTable(hot), '', ...written.map(file => `wrote ${file}`)];
		process.stdout.write(`${lines.join('\n')}\n`);
		return 0;
	} catch (error) {
		if (error instanceof ProfileCancelled || error instanceof ProfileError) {
			process.stderr.write(`perftop: ${error.message}\n`);
			return error instanceof ProfileCancelled ? 130 : 1;
		}

		throw error;
	} finally {
		process.off('SIGINT', cancel);
		process.off('SIGTERM', cancel);
	}
}

/** A PID as given, or the one process with that name; several: they are listed and the answer is undefined. */
function targetPid(text: string, procfs: string): number | undefined {
	if (/^\d+$/.test(text)) {
		return Number(text);
	}

	const matches = findProcessesByName(procfs, text, process.pid);
	if (matches.length === 0) {
		throw new UsageError(`profile: no process is called '${text}'; give its PID`);
	}

	if (matches.length > 1) {
		process.stderr.write(`perftop: '${text}' matches ${matches.length} processes; profile one by its PID:\n${matches.map(match => `  ${String(match.pid).padStart(7)}  ${match.commandLine}`).join('\n')}\n`);
		return undefined;
	}

	return matches[0]!.pid;
}

function hotTable(hot: readonly HotFunction[]): string[] {
	const width = Math.min(60, Math.max(8, ...hot.map(entry => entry.name.length + (entry.kind === 'kernel' ? 4 : 0))));
	const rows = hot.map(entry => {
		const name = `${entry.name}${entry.kind === 'kernel' ? ' [k]' : ''}`;
		const shown = name.length > width ? `${name.slice(0, width - 1)}…` : name;
		return `${entry.selfPct.toFixed(1).padStart(6)}  ${entry.totalPct.toFixed(1).padStart(7)}  ${shown.padEnd(width)}  ${entry.module ?? '—'}`;
	});
	return [`${'SELF %'.padStart(6)}  ${'TOTAL %'.padStart(7)}  ${'FUNCTION'.padEnd(width)}  MODULE`, ...rows];
}
