import {describe, expect, it} from 'vitest';
import {findEpisodes} from '../../source/analyze/episodes.js';
import {episodeFindings, episodeSpans, judgedTicks, memoryReader, recordedEpisodes, storeReader} from '../../source/engine/recorded-episodes.js';
import {recordedTickJudge} from '../../source/engine/report-data.js';
import type {MetricId} from '../../source/metrics/types.js';
import {openStore} from '../../source/store/open-store.js';
import {dayStartMs, recordedDay} from '../helpers/recorded-day.js';
import {seededRandom} from '../helpers/seeded-random.js';
import {tempDatabase} from '../store/temp-db.js';

const at = (tick: number) => dayStartMs + tick * 1000;

/** Two loads planted in a quiet hour: CPU 95 % busy for ten minutes, vda 97 % busy for a quarter of an hour. */
function loadedHour() {
	const day = recordedDay(3600);
	const noise = seededRandom(9);
	day.plant('cpu.busy_pct', 'cpu', 600, 1200, () => 93 + 4 * noise());
	day.plant('disk.util_pct', 'disk:vda', 1800, 2700, () => 95 + 4 * noise());
	// A blip of two ticks opens nothing.
	day.plant('disk.util_pct', 'disk:vda', 3000, 3002, () => 99);
	return day;
}

describe('recordedEpisodes', () => {
	it('finds the planted spans, judged by the dashboard\'s USE judgement', () => {
		const episodes = recordedEpisodes(loadedHour());
		expect(episodes.map(episode => ({resource: episode.resource, startMs: episode.startMs, endMs: episode.endMs, metric: episode.peak.metric}))).toEqual([
			{resource: 'cpu', startMs: at(600), endMs: at(1199), metric: 'cpu.busy_pct'},
			{resource: 'disk:vda', startMs: at(1800), endMs: at(2699), metric: 'disk.util_pct'},
		]);
		expect(episodes[0]!.durationMs).toBe(600_000);
		expect(episodes[1]!.peak.value).toBeGreaterThan(95);
	});

	it('finds what judging every tick finds: the screen only skips ticks the judgement finds quiet', () => {
		const day = loadedHour();
		const noise = seededRandom(3);
		// Readings the screen must not pass over: a sustained run queue (judged at its lowest of 3 ticks),
		// PSI full held above its floor, an OOM kill, and utilization flickering around the alert line.
		day.plant('cpu.runqueue_excess_per_core', 'cpu', 1300, 1400, tick => (tick % 7 === 0 ? 0 : 3 * noise()));
		day.plant('memory.psi_full_pct', 'memory', 2000, 2100, () => 8 + 6 * noise());
		day.plant('memory.oom_kills_per_s', 'memory', 2500, 2501, () => 1);
		day.plant('memory.used_pct', 'memory', 3100, 3500, () => 80 + 10 * noise());
		const judge = recordedTickJudge(day);
		const everyTick = Array.from(day.timestamps, (timestamp, index) => ({timestamp, sessionId: 1, assessments: judge(index).assessments}));
		const all = findEpisodes(everyTick);
		expect(all.length).toBeGreaterThan(3);
		expect(findEpisodes(judgedTicks(day))).toEqual(all);
	});
});

describe('episodeFindings', () => {
	it('finds from the store (screened by minute rollups, raw ticks read only where flagged) what it finds in memory', () => {
		const day = loadedHour();
		day.plant('memory.psi_full_pct', 'memory', 2000, 2100, tick => (tick % 5 === 0 ? 2 : 14));
		day.plant('cpu.runqueue_excess_per_core', 'cpu', 1300, 1400, tick => (tick % 7 === 0 ? 0 : 3));
		const database = tempDatabase();
		try {
			const {store} = openStore({path: database.path, now: () => day.timestamps.at(-1)!});
			for (let tick = 0; tick < day.timestamps.length; tick++) {
				store.write({timestamp: day.timestamps[tick]!, intervalMs: 1000, metrics: [...day.series].map(([key, values]) => ({id: key.split('|')[0] as MetricId, resource: key.split('|')[1]!, value: values[tick]})), processes: [], unavailable: []});
			}

			const range = {fromMs: dayStartMs, toMs: day.timestamps.at(-1)!};
			const fromStore = episodeFindings(storeReader(store), range);
			const inMemory = episodeFindings(memoryReader(store.readRange(range.fromMs, range.toMs)), range);
			// The spans alone (what the history header names) are the findings' own episodes.
			const spans = episodeSpans(storeReader(store), range);
			store.close();
			expect(spans.episodes).toEqual(fromStore.findings.map(({contributors: _contributors, signals: _signals, ...episode}) => episode));
			expect(fromStore.ticks).toBe(3600);
			expect(fromStore.findings.length).toBeGreaterThan(2);
			expect(fromStore).toEqual(inMemory);
		} finally {
			database.cleanup();
		}
	});
});
