import {processSignals, type ProcessSignal} from '../engine/process-signals.js';
import type {ProcessTarget} from '../engine/types.js';
import type {ProcessSample} from '../metrics/types.js';
import {cleanText} from './text.js';

const signalHelp: Readonly<Record<ProcessSignal, string>> = {
	SIGTERM: 'terminate: ask it to exit, cleaning up (the default)',
	SIGKILL: 'kill at once: cannot be caught, nothing is cleaned up',
	SIGINT: 'interrupt, as Ctrl-C does',
	SIGHUP: 'hang up: many daemons reload their configuration',
	SIGSTOP: 'stop (pause) it until SIGCONT',
	SIGCONT: 'continue a stopped process',
	SIGUSR1: 'user signal 1: its meaning is the program\'s',
	SIGUSR2: 'user signal 2: its meaning is the program\'s',
};

/** The signal menu's lines, in `processSignals` order. */
export const signalMenuItems: readonly string[] = processSignals.map(signal => `${signal.padEnd(8)} ${signalHelp[signal]}`);

export function targetOf(process: ProcessSample): ProcessTarget {
	return {pid: process.pid, startTimeTicks: process.startTimeTicks, name: process.name};
}

/** `812 (postgres), user postgres`: the confirmation names the process and its owner. */
export function targetText(process: ProcessSample): string {
	return `${process.pid} (${cleanText(process.name)}), user ${cleanText(process.user ?? '—')}`;
}

/**
 * Why acting on this process needs a second Enter, or undefined: init (its end is the system's) and
 * perftop itself (the dashboard would go with it).
 */
export function secondConfirmation(process: ProcessSample, ownPid: number): string | undefined {
	if (process.pid === 1) {
		return 'pid 1 is init: the whole system depends on it';
	}

	return process.pid === ownPid ? `${process.pid} is this perftop` : undefined;
}

/** The nice value typed so far, or why it is not one: a whole number from -20 to 19. */
export function parseNice(text: string): number | string {
	const trimmed = text.trim();
	if (!/^[-+]?\d{1,2}$/.test(trimmed)) {
		return `not a nice value: '${cleanText(trimmed)}' (a whole number from -20 to 19)`;
	}

	const nice = Number(trimmed);
	return nice < -20 || nice > 19 ? `nice ${nice} is out of range (-20 to 19)` : nice;
}
