import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {capPerfmon, capSysAdmin, hasCapability, readPerfAccess, readProfileTarget, readSchedTimes, type PerfAccess, type ProfileTarget, type SchedTimes} from '../collect/read-profile-target.js';
import {createPerfScriptFolder, type FoldedProfile} from './fold-perf-script.js';

/** A profile that could not be taken: one line saying why and what fixes it. */
export class ProfileError extends Error {
	override readonly name = 'ProfileError';
}

export class ProfileCancelled extends Error {
	override readonly name = 'ProfileCancelled';
	constructor() {
		super('profile cancelled');
	}
}

export type ProfileOptions = {
	readonly pid: number;
	readonly durationS: number;
	readonly frequencyHz: number;
	readonly procfs?: string;
	/** perf is looked up on this environment's PATH (tests put a fake one first). */
	readonly env?: NodeJS.ProcessEnv;
	/** Aborting kills perf and rejects with ProfileCancelled. */
	readonly signal?: AbortSignal;
	readonly onPhase?: (phase: 'recording' | 'reading') => void;
	/** perftop's effective uid (tests pretend not to be root). */
	readonly euid?: number;
};

export type ProcessProfile = {
	readonly target: ProfileTarget;
	readonly startedAtMs: number;
	/** How long perf recorded: shorter than asked when the process exited. */
	readonly recordedS: number;
	readonly frequencyHz: number;
	readonly profile: FoldedProfile;
	/** Samples ÷ (seconds × frequency): the share of one CPU the process was seen running on. */
	readonly onCpuPct: number;
	/** Lines to show beside the profile: the process exited early, too few samples to trust. */
	readonly warnings: readonly string[];
};

/** Below this share of one CPU the profile is mostly what the process did not do; say so. */
const thinProfilePct = 20;
/** Threads waiting on a run queue for half the profile or more: the process wanted CPUs it did not get. */
const saturatedWaitShare = 0.5;
/** After the SIGINT that ends recording, perf writes its file; past this it is killed. */
const stopGraceMs = 5000;

export const perfMissing = 'perf is not installed: on Debian install the package linux-perf (apt-get install linux-perf)';

// perf children alive now, killed if perftop exits first (a quit, an uncaught error, SIGTERM's unmount).
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.on('exit', () => {
			for (const alive of running) {
				alive.kill('SIGKILL');
			}
		});
	}

	running.add(child);
	child.once('close', () => running.delete(child));
}

/**
 * Samples a process's on-CPU stacks with `perf record -e cpu-clock -g -p PID` (the software clock
 * event works in VMs without a hardware PMU) for `durationS`, then streams `perf script` into the
 * folder. No shell: only the validated numeric PID reaches perf's arguments. The perf.data file lives
 * in a temporary folder removed whatever happens.
 */
export async function profileProcess(options: ProfileOptions): Promise<ProcessProfile> {
	const {pid, durationS, frequencyHz} = options;
	const procfs = options.procfs ?? '/proc';
	if (!Number.isSafeInteger(pid) || pid <= 0) {
		throw new ProfileError(`invalid PID '${pid}': expected a positive whole number`);
	}

	const target = readProfileTarget(procfs, pid);
	if (!target) {
		throw new ProfileError(`no process with PID ${pid} (it may have exited)`);
	}

	const directory = mkdtempSync(path.join(os.tmpdir(), 'perftop-profile-'));
	const dataFile = path.join(directory, 'perf.data');
	try {
		const startedAtMs = Date.now();
		const schedBefore = readSchedTimes(procfs, pid);
		options.onPhase?.('recording');
		const recording = await runPerf(['record', '-e', 'cpu-clock', '-F', String(frequencyHz), '-g', '-p', String(pid), '-o', dataFile], options, durationS * 1000);
		const recordedS = Math.min(durationS, (Date.now() - startedAtMs) / 1000);
		const waitS = runQueueWaitS(schedBefore, readSchedTimes(procfs, pid));
		// perf exits 130 on the SIGINT that ends a recording, 0 when the process exits first, and
		// otherwise fails before writing anything.
		if (recording.stopped ? !existsSync(dataFile) : recording.code !== 0) {
			throw new ProfileError(explainPerfFailure(recording.stderr, {
				pid, target, access: readPerfAccess(procfs), euid: options.euid ?? process.geteuid?.() ?? 0,
			}));
		}

		options.onPhase?.('reading');
		const folder = createPerfScriptFolder();
		const reading = await runPerf(['script', '-i', dataFile], options, undefined, chunk => {
			folder.push(chunk);
		});
		if (reading.code !== 0 && /data size field is 0/.test(reading.stderr)) {
			throw new ProfileError(`perf had not started sampling when the ${formatSeconds(durationS)} were up (a busy machine slows its start); try a longer --duration`);
		}

		if (reading.code !== 0) {
			throw new ProfileError(`perf script failed: ${firstLines(reading.stderr) || `exit code ${reading.code}`}`);
		}

		const profile = folder.end();
		const warnings: string[] = [];
		if (!recording.stopped) {
			const gone = readProfileTarget(procfs, pid) === undefined;
			warnings.push(`${gone ? `PID ${pid} exited` : 'perf stopped'} after ${recordedS.toFixed(1)} s of the ${formatSeconds(durationS)} asked`);
		}

		const onCpuPct = recordedS > 0 ? (profile.samples / (recordedS * frequencyHz)) * 100 : 0;
		if (profile.samples === 0) {
			throw new ProfileError(`no samples in ${formatSeconds(recordedS)}: ${target.name} (PID ${pid}) was not on a CPU while it was profiled — see its I/O and wait states`);
		}

		if (onCpuPct < thinProfilePct) {
			const why = waitS !== undefined && waitS >= recordedS * saturatedWaitShare
				? `; its threads waited ${waitS.toFixed(1)} s for a CPU — the CPUs are saturated, see the run queue`
				: ' — see its I/O and wait states';
			warnings.push(`${profile.samples} samples in ${formatSeconds(recordedS)}: it was on CPU ${Math.round(onCpuPct)} % of the time${why}`);
		}

		return {target, startedAtMs, recordedS, frequencyHz, profile, onCpuPct, warnings};
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

/** Seconds the process's threads spent waiting on a run queue during the profile (summed over threads). */
function runQueueWaitS(before: SchedTimes | undefined, after: SchedTimes | undefined): number | undefined {
	return before && after && after.waitNs >= before.waitNs ? (after.waitNs - before.waitNs) / 1e9 : undefined;
}

type PerfRun = {
	readonly code: number | null;
	readonly stderr: string;
	/** perftop ended it (SIGINT at the deadline) rather than perf stopping on its own. */
	readonly stopped: boolean;
};

/** Runs perf with `args`; with `stopAfterMs`, interrupts it then (perf writes its file on SIGINT). */
async function runPerf(args: readonly string[], options: ProfileOptions, stopAfterMs?: number, onStdout?: (chunk: Buffer) => void): Promise<PerfRun> {
	if (options.signal?.aborted) {
		throw new ProfileCancelled();
	}

	return new Promise((resolve, reject) => {
		const child = spawn('perf', args, {env: options.env ?? process.env, stdio: ['ignore', onStdout ? 'pipe' : 'ignore', 'pipe']});
		track(child);
		let stderr = '';
		let stopped = false;
		let failed: Error | undefined;
		child.stderr!.setEncoding('utf8');
		child.stderr!.on('data', (text: string) => {
			// Enough for the message; perf can repeat a warning per thread.
			if (stderr.length < 16_384) {
				stderr += text;
			}
		});
		if (onStdout) {
			// Bytes, not text: the folder decodes only the distinct lines (a character split between chunks
			// stays whole; bytes that are not UTF-8, a mangled symbol, become U+FFFD: brendangregg/FlameGraph#356).
			child.stdout!.on('data', onStdout);
		}

		const timers: NodeJS.Timeout[] = [];
		if (stopAfterMs !== undefined) {
			timers.push(setTimeout(() => {
				stopped = true;
				child.kill('SIGINT');
				timers.push(setTimeout(() => child.kill('SIGKILL'), stopGraceMs));
			}, stopAfterMs));
		}

		const abort = () => {
			failed = new ProfileCancelled();
			child.kill('SIGKILL');
		};

		options.signal?.addEventListener('abort', abort, {once: true});
		child.once('error', error => {
			failed = (error as NodeJS.ErrnoException).code === 'ENOENT' ? new ProfileError(perfMissing) : error;
		});
		child.once('close', code => {
			for (const timer of timers) {
				clearTimeout(timer);
			}

			options.signal?.removeEventListener('abort', abort);
			if (failed) {
				reject(failed);
			} else {
				resolve({code, stderr, stopped});
			}
		});
	});
}

type FailureContext = {
	readonly pid: number;
	readonly target: ProfileTarget;
	readonly access: PerfAccess;
	readonly euid: number;
};

/** perf's many-line complaint as one line naming the fix: the package, the sysctl, the capability. */
export function explainPerfFailure(stderr: string, context: FailureContext): string {
	const {pid, target, access, euid} = context;
	if (/perf not found for kernel|command not found/i.test(stderr)) {
		return perfMissing;
	}

	if (/no such process|couldn't create thread|does not exist/i.test(stderr)) {
		return `PID ${pid} exited before perf could attach`;
	}

	if (/perf_event_paranoid|permission denied|not permitted|no permission|access to performance monitoring/i.test(stderr)) {
		if (euid === 0 && !hasCapability(access.capabilities, capPerfmon) && !hasCapability(access.capabilities, capSysAdmin)) {
			return 'perf is not permitted: perftop runs as root without CAP_PERFMON (a container?); start it with --cap-add PERFMON (--cap-add SYS_ADMIN before Linux 5.8)';
		}

		if (euid !== 0 && target.uid !== undefined && target.uid !== euid) {
			return `perf may not profile ${target.name} (PID ${pid}, uid ${target.uid}) as uid ${euid}: run perftop as root or as that user`;
		}

		const setting = access.paranoid === undefined ? '' : ` is ${access.paranoid}`;
		return `perf is not permitted: kernel.perf_event_paranoid${setting}; allow your own processes with 'sysctl -w kernel.perf_event_paranoid=2' as root, or run perftop as root`;
	}

	return `perf record failed: ${firstLines(stderr) || 'no message'}`;
}

/** The first line of perf's output that says something (its own `Error:` header says nothing). */
function firstLines(stderr: string): string {
	return stderr.split('\n').map(line => line.trim()).find(line => line !== '' && line !== 'Error:' && !line.startsWith('[ perf record:')) ?? '';
}

function formatSeconds(seconds: number): string {
	return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
