import {describe, expect, it} from 'vitest';
import {type EpisodeAssessment, type EpisodeTick, findEpisodes, headlineOf} from '../../source/analyze/episodes.js';
import type {Severity} from '../../source/analyze/types.js';

const startMs = Date.UTC(2026, 11, 7, 3, 0, 0);

function disk(busyPct: number, severity: Severity = busyPct > 80 ? 'HIGH' : 'LOW'): EpisodeAssessment {
	return {resource: 'disk:vda', kind: 'disk', severity, score: busyPct > 80 ? 3 : 0, bottleneck: busyPct > 80, utilizationPct: busyPct, saturation: 0.5, values: new Map([['disk.util_pct', busyPct], ['disk.queue_size', 0.5]])};
}

/** One tick a second per letter: `b` vda a bottleneck at 90 % busy, `B` at 99 %, `.` quiet (left out), `-` judged but not a bottleneck. */
function ticks(pattern: string, sessionOf: (index: number) => number = () => 1): EpisodeTick[] {
	return [...pattern].map((letter, index) => ({
		timestamp: startMs + index * 1000,
		sessionId: sessionOf(index),
		assessments: letter === 'b' ? [disk(90)] : letter === 'B' ? [disk(99, 'CRITICAL')] : letter === '-' ? [disk(20)] : [],
	}));
}

const at = (index: number) => startMs + index * 1000;

describe('findEpisodes', () => {
	it('opens after three bottleneck ticks and closes after five that are not, spanning the bottleneck ticks', () => {
		const episodes = findEpisodes(ticks('..bbbbb..b.....b.'));
		expect(episodes).toHaveLength(1);
		expect(episodes[0]).toMatchObject({resource: 'disk:vda', kind: 'disk', startMs: at(2), endMs: at(9), durationMs: 8000, ongoing: false});
	});

	it('needs three ticks in a row to open: two, a break, two is nothing', () => {
		expect(findEpisodes(ticks('bb.bb.bb-bb......'))).toEqual([]);
		expect(findEpisodes(ticks('bb.bbb......'))).toMatchObject([{startMs: at(3), endMs: at(5)}]);
	});

	it('closes only after five quiet ticks: four quiet ticks keep one episode', () => {
		expect(findEpisodes(ticks('bbb....bbb.....'))).toMatchObject([{startMs: at(0), endMs: at(9)}]);
		expect(findEpisodes(ticks('bbb.....bbb.....'))).toMatchObject([{startMs: at(0), endMs: at(2)}, {startMs: at(8), endMs: at(10)}]);
	});

	it('keeps the worst tick as the peak: highest severity, then the value', () => {
		const [episode] = findEpisodes(ticks('bbBbb.....'));
		expect(episode!.peak).toEqual({atMs: at(2), severity: 'CRITICAL', score: 3, metric: 'disk.util_pct', value: 99});
	});

	it('says an episode still open at the end of the range is ongoing', () => {
		expect(findEpisodes(ticks('..bbbb..'))).toMatchObject([{startMs: at(2), endMs: at(5), ongoing: true}]);
	});

	it('closes an episode at a new session or a long gap instead of spanning it', () => {
		expect(findEpisodes(ticks('bbbbbbbb', index => (index < 4 ? 1 : 2)))).toMatchObject([{startMs: at(0), endMs: at(3), ongoing: false}, {startMs: at(4), endMs: at(7), ongoing: true}]);
		const gapped = ticks('bbbbbb').map((tick, index) => (index >= 3 ? {...tick, timestamp: tick.timestamp + 3_600_000} : tick));
		expect(findEpisodes(gapped)).toMatchObject([{startMs: at(0), endMs: at(2)}, {startMs: at(3) + 3_600_000, ongoing: true}]);
	});

	it('follows each resource on its own', () => {
		const cpu: EpisodeAssessment = {resource: 'cpu', kind: 'cpu', severity: 'HIGH', score: 4, bottleneck: true, utilizationPct: 97, saturation: 2, values: new Map([['cpu.busy_pct', 97]])};
		const mixed = ticks('bbbbbbb.....').map((tick, index) => (index >= 2 && index < 6 ? {...tick, assessments: [...tick.assessments, cpu]} : tick));
		expect(findEpisodes(mixed).map(episode => [episode.resource, episode.startMs, episode.endMs])).toEqual([['disk:vda', at(0), at(6)], ['cpu', at(2), at(5)]]);
	});

	it('honours other open and close counts', () => {
		expect(findEpisodes(ticks('b.b..'), {raiseAfter: 1, clearAfter: 1})).toHaveLength(2);
	});
});

describe('headlineOf', () => {
	it('names the saturation metric when saturation scored more than utilization', () => {
		expect(headlineOf({...disk(30), saturation: 6.2, bottleneck: true, values: new Map([['disk.util_pct', 30], ['disk.queue_size', 6.2]])})).toEqual({metric: 'disk.queue_size', value: 6.2});
	});
});
