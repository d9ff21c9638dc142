/** A mistake in how perftop was invoked: printed as one line plus the --help hint, exit code 2. */
export class UsageError extends Error {
	override readonly name = 'UsageError';
}

const secondsPerUnit: Record<string, number> = {ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800};

/**
 * The one duration grammar, for flags and the config file alike: seconds from a bare number
 * ("10", "0.5") or a number with a unit ("500ms", "10s", "5m", "2h", "7d", "2w"); undefined otherwise.
 */
export function durationSeconds(text: string): number | undefined {
	const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/.exec(text);
	return match ? Number(match[1]) * secondsPerUnit[match[2] ?? 's']! : undefined;
}

/** durationSeconds for a flag: `flag` names the option in the error message. */
export function parseDuration(text: string, flag: string): number {
	const seconds = durationSeconds(text);
	if (seconds === undefined) {
		throw new UsageError(`${flag}: expected a duration like 1, 0.5s, 10s, 5m, 2h, 7d or 2w, got '${text}'`);
	}

	return seconds;
}

/** The dashboard's interval bounds; `record` allows longer. */
export const minimumIntervalSeconds = 0.5;
export const maximumIntervalSeconds = 60;

export function parseInterval(text: string, maximumSeconds = maximumIntervalSeconds): number {
	const seconds = parseDuration(text, '--interval');
	if (seconds < minimumIntervalSeconds || seconds > maximumSeconds) {
		throw new UsageError(`--interval: must be between ${minimumIntervalSeconds} s and ${maximumSeconds} s, got '${text}'`);
	}

	return seconds;
}

/** A point in time from "--since 24h" (relative to now) or an ISO date. Returns ms since the epoch. */
export function parseSince(text: string, nowMs: number, flag = '--since'): number {
	return nowMs - parseDuration(text, flag) * 1000;
}

export function parseIsoTime(text: string, flag: string): number {
	const ms = Date.parse(text);
	if (Number.isNaN(ms)) {
		throw new UsageError(`${flag}: expected an ISO date and time like 2026-11-25T10:00:00Z, got '${text}'`);
	}

	return ms;
}

/** How many processes each ranking (CPU, memory, I/O) shows without `--top N`. */
export const defaultTopProcesses = 15;

export function parseTopProcesses(text: string | undefined): number {
	return text === undefined ? defaultTopProcesses : parsePositiveInteger(text, '--top');
}

export function parsePositiveInteger(text: string, flag: string): number {
	const value = Number(text);
	if (!Number.isInteger(value) || value <= 0) {
		throw new UsageError(`${flag}: expected a positive whole number, got '${text}'`);
	}

	return value;
}

/** The dashboard's themes (`--theme`, `ui.theme`); `default` uses only the terminal's 16 colours. */
export const themeNames = ['default', 'light', 'high-contrast', 'mono', 'gradient'] as const;
export type ThemeName = typeof themeNames[number];

/** How charts are drawn (`--graph`, `ui.graph`): asciichart's line, or braille dots. */
export const graphStyles = ['line', 'braille'] as const;
export type GraphStyle = typeof graphStyles[number];

/** One of `choices` for a flag, or a usage error naming them. */
export function parseChoice<Choice extends string>(text: string, choices: readonly Choice[], flag: string): Choice {
	const choice = choices.find(candidate => candidate === text.trim().toLowerCase());
	if (choice === undefined) {
		throw new UsageError(`${flag}: expected one of ${choices.join(', ')}, got '${text}'`);
	}

	return choice;
}
