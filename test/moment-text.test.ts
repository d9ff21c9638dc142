import {describe, expect, it} from 'vitest';
import {parseMoment} from '../source/moment-text.js';

// 2026-12-07 10:30:00 local time.
const now = new Date(2026, 11, 7, 10, 30, 0).getTime();
const local = (day: number, hours: number, minutes: number, seconds = 0) => new Date(2026, 11, day, hours, minutes, seconds).getTime();

describe('parseMoment', () => {
	it.each([
		['03:12', local(7, 3, 12)],
		['03:12:05', local(7, 3, 12, 5)],
		// Later than now today: the latest one, yesterday's.
		['14:00', local(6, 14, 0)],
		['today 09:00', local(7, 9, 0)],
		['yesterday 14:00', local(6, 14, 0)],
		['Yesterday  14:00:30', local(6, 14, 0, 30)],
		['-90m', now - (90 * 60_000)],
		['-2h', now - (2 * 3_600_000)],
		['-1d', now - 86_400_000],
		['45s ago', now - 45_000],
		['now', now],
		['2026-12-05T03:12:00Z', Date.UTC(2026, 11, 5, 3, 12)],
		['2026-12-05 03:12', local(5, 3, 12)],
	])('%s', (text, expected) => {
		expect(parseMoment(text, now)).toBe(expected);
	});

	it.each(['', 'soon', '25:00', '03:75', '-90x', 'yesterday', 'yesterday noon', '2026-13-45'])('refuses %j with one line that shows the forms', text => {
		const reason = parseMoment(text, now);
		expect(reason).toMatch(/^expected a time like 03:12, -90m, yesterday 14:00 or 2026-12-07T03:12, got '/);
	});
});
