import {durationSeconds} from './options.js';

const expected = 'expected a time like 03:12, -90m, yesterday 14:00 or 2026-12-07T03:12';

/** `HH:MM` or `HH:MM:SS` on the day of `dayMs`, local time; undefined when it is no time of day. */
function timeOnDay(text: string, dayMs: number): number | undefined {
	const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
	if (!match) {
		return undefined;
	}

	const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
	if (hours > 23 || minutes > 59 || seconds > 59) {
		return undefined;
	}

	const day = new Date(dayMs);
	return new Date(day.getFullYear(), day.getMonth(), day.getDate(), hours, minutes, seconds).getTime();
}

/** The same local time of day, one calendar day earlier (a DST change makes that day 23 or 25 hours). */
function dayBefore(ms: number): number {
	const time = new Date(ms);
	time.setDate(time.getDate() - 1);
	return time.getTime();
}

/**
 * A moment typed by a person, ms since the epoch, or why it is not one: `03:12` (the latest 03:12 at or
 * before now, local time), `today 03:12`, `yesterday 14:00`, `-90m` or `90m ago` (the duration grammar
 * of `--since`), `now`, or an ISO date and time.
 */
export function parseMoment(input: string, nowMs: number): number | string {
	const text = input.trim().toLowerCase().replaceAll(/\s+/g, ' ');
	if (text === 'now') {
		return nowMs;
	}

	const ago = /^-\s*(\S+)$/.exec(text) ?? /^(\S+) ago$/.exec(text);
	if (ago) {
		const seconds = durationSeconds(ago[1]!);
		return seconds === undefined ? `${expected}, got '${input.trim()}'` : nowMs - seconds * 1000;
	}

	const day = /^(today|yesterday) (.+)$/.exec(text);
	if (day) {
		const today = timeOnDay(day[2]!, nowMs);
		if (today !== undefined) {
			return day[1] === 'today' ? today : dayBefore(today);
		}
	}

	const latest = timeOnDay(text, nowMs);
	if (latest !== undefined) {
		return latest > nowMs ? dayBefore(latest) : latest;
	}

	if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
		const ms = Date.parse(input.trim());
		if (!Number.isNaN(ms)) {
			return ms;
		}
	}

	return `${expected}, got '${input.trim()}'`;
}
