import os from 'node:os';
import process from 'node:process';
import {readProcessStart} from '../collect/read-process-start.js';
import {isProcessSignal} from '../engine/process-signals.js';
import type {ProcessTarget} from '../engine/types.js';

const ownProcfs = '/proc';

function describe(target: ProcessTarget): string {
	return `${target.pid} (${target.name})`;
}

/** Why a system call failed, as one line that says what to do. */
export function failureReason(error: unknown, action: 'signal' | 'renice'): string {
	const code = (error as {info?: {code?: string}; code?: string}).info?.code ?? (error as {code?: string}).code;
	switch (code) {
		case 'EPERM':
		case 'EACCES': {
			return action === 'signal'
				? 'operation not permitted — run as its user or root'
				: 'permission denied — only root may lower a nice value or renice another user\'s process';
		}

		case 'ESRCH': {
			return 'no such process — it has exited';
		}

		default: {
			return error instanceof Error ? error.message : String(error);
		}
	}
}

/**
 * Only a positive integer pid that still names the selected process (same start time) reaches the
 * kernel: pid 0 and negative pids would signal whole process groups, and a pid reused since the table
 * was drawn belongs to someone else. Undefined when it may go ahead, else why not.
 */
function refusal(procfs: string, target: ProcessTarget, action: 'signal' | 'renice'): string | undefined {
	if (procfs !== ownProcfs) {
		return `cannot ${action} ${describe(target)}: perftop reads another /proc (--procfs), whose pids may not be this system's`;
	}

	if (!Number.isSafeInteger(target.pid) || target.pid <= 0) {
		return `cannot ${action} pid ${String(target.pid)}: not a process id`;
	}

	const start = readProcessStart(procfs, target.pid);
	if (start === undefined) {
		return `cannot ${action} ${describe(target)}: no such process — it has exited`;
	}

	if (target.startTimeTicks !== undefined && start !== target.startTimeTicks) {
		return `cannot ${action} ${describe(target)}: it has exited and pid ${target.pid} is now another process`;
	}

	return undefined;
}

/** Sends `signal`; resolves to the footer's line either way. */
export function signalProcess(procfs: string, target: ProcessTarget, signal: string): string {
	if (!isProcessSignal(signal)) {
		return `cannot signal ${describe(target)}: unknown signal ${signal}`;
	}

	const refused = refusal(procfs, target, 'signal');
	if (refused !== undefined) {
		return refused;
	}

	try {
		process.kill(target.pid, signal);
		return `sent ${signal} to ${describe(target)}`;
	} catch (error) {
		return `cannot signal ${describe(target)}: ${failureReason(error, 'signal')}`;
	}
}

/**
 * Sets the nice value (-20 … 19) through setpriority(2), as renice(1) does: on Linux that is the thread
 * whose id is the pid (the main thread); threads started later inherit it.
 */
export function reniceProcess(procfs: string, target: ProcessTarget, nice: number): string {
	if (!Number.isInteger(nice) || nice < -20 || nice > 19) {
		return `cannot renice ${describe(target)}: nice must be a whole number from -20 to 19`;
	}

	const refused = refusal(procfs, target, 'renice');
	if (refused !== undefined) {
		return refused;
	}

	try {
		os.setPriority(target.pid, nice);
		return `reniced ${describe(target)} to ${nice}`;
	} catch (error) {
		return `cannot renice ${describe(target)}: ${failureReason(error, 'renice')}`;
	}
}
