import {describe, expect, it} from 'vitest';
import {leakSuspects} from '../../source/analyze/forecast.js';
import {emptyRssWatch, watchRss, type RssWatch} from '../../source/metrics/rss-watch.js';
import {buildProcess} from '../helpers/sample-builder.js';

const minute = 60_000;

/** One tick a second for `seconds`, `rss(t)` for the process each tick. */
function run(seconds: number, rss: (second: number) => number, watch: RssWatch = emptyRssWatch, pid = 812, startTimeTicks = 4242): RssWatch {
	let current = watch;
	for (let second = 0; second < seconds; second++) {
		current = watchRss(current, [buildProcess({pid, name: 'java', rssBytes: rss(second), startTimeTicks})], second * 1000);
	}

	return current;
}

describe('watchRss', () => {
	it('takes a reading every 30 s, and is the same object between them', () => {
		const watch = run(95, () => 1e8);
		expect(watch.tracks.get('812:4242')?.timestamps).toEqual([0, 30_000, 60_000, 90_000]);
		expect(watchRss(watch, [], 91_000)).toBe(watch);
	});

	it('keeps the last hour of readings and forgets a process gone from the top for 10 minutes', () => {
		const watch = run(90 * 60, () => 1e8);
		const track = watch.tracks.get('812:4242')!;
		expect(track.timestamps).toHaveLength(121);
		expect(track.timestamps[0]).toBe(29.5 * minute);
		let later = watch;
		for (let second = 90 * 60; second < 101 * 60; second += 30) {
			later = watchRss(later, [], second * 1000);
		}

		expect(later.tracks.size).toBe(0);
	});

	it('starts afresh for a reused pid', () => {
		const watch = run(95, () => 1e8, run(95, () => 1e8), 812, 9999);
		expect(watch.tracks.get('812:9999')?.timestamps).toEqual([0, 30_000, 60_000, 90_000]);
	});

	it('makes a steadily growing process a leak suspect after a quarter of an hour, and a flat one not', () => {
		const growing = run(20 * 60, second => 300e6 + (second * 50e6) / 3600);
		expect(leakSuspects(growing.tracks).map(suspect => [suspect.pid, Math.round(suspect.slopeBytesPerHour / 1e6)])).toEqual([[812, 50]]);
		expect(leakSuspects(run(20 * 60, second => 300e6 + (second % 7) * 1e6).tracks)).toEqual([]);
		expect(leakSuspects(run(10 * 60, second => 300e6 + (second * 50e6) / 3600).tracks)).toEqual([]);
	});
});
