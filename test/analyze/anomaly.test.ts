import {describe, expect, it} from 'vitest';
import {activeAnomalies, emptyAnomalyState, stepAnomalies, type AnomalyEvent, type AnomalyState} from '../../source/analyze/anomaly.js';
import type {Band, Deviation} from '../../source/analyze/compare.js';

const sigmaOf: Record<Band, number> = {normal: 0.5, warning: 2.5, critical: 4};

function deviation(band: Band, key = 'cpu.busy_pct|cpu'): Deviation {
	return {key, id: key.split('|')[0]!, resource: key.split('|')[1]!, value: 10 + sigmaOf[band], median: 10, sigma: 1, sigmaKind: 'stddev', deviationSigma: sigmaOf[band], band, harmless: false};
}

/** Feeds one band per tick (or a gap, '-') and collects the events with their tick numbers. */
function run(bands: string, options = {}): {events: Array<{tick: number; kind: string; band: Band}>; state: AnomalyState} {
	let state = emptyAnomalyState;
	const events: Array<{tick: number; kind: string; band: Band}> = [];
	[...bands].forEach((letter, tick) => {
		const deviations = letter === '-' ? [] : [deviation(({n: 'normal', w: 'warning', c: 'critical'} as const)[letter as 'n' | 'w' | 'c'])];
		const result = stepAnomalies(state, deviations, tick * 1000, options);
		state = result.state;
		events.push(...result.events.map((event: AnomalyEvent) => ({tick, kind: event.kind, band: event.band})));
	});
	return {events, state};
}

describe('stepAnomalies', () => {
	it('raises only after three consecutive abnormal ticks', () => {
		expect(run('wwnwwnww').events).toEqual([]);
		expect(run('wwnwww').events).toEqual([{tick: 5, kind: 'raise', band: 'warning'}]);
	});

	it('raises in the band of the tick that raises it, whose value and σ the event carries', () => {
		expect(run('ccc').events).toEqual([{tick: 2, kind: 'raise', band: 'critical'}]);
		// Two warning ticks, then the raising tick is critical: the event says critical, not warning.
		expect(run('wwc').events).toEqual([{tick: 2, kind: 'raise', band: 'critical'}]);
		expect(run('ccw').events).toEqual([{tick: 2, kind: 'raise', band: 'warning'}]);
	});

	it('escalates a raised warning after three critical ticks, once', () => {
		expect(run('wwwcccccc').events).toEqual([{tick: 2, kind: 'raise', band: 'warning'}, {tick: 5, kind: 'escalate', band: 'critical'}]);
		expect(run('wwwccc').events).toEqual([{tick: 2, kind: 'raise', band: 'warning'}, {tick: 5, kind: 'escalate', band: 'critical'}]);
	});

	it('clears only after five consecutive normal ticks', () => {
		expect(run('wwwnnnnwnnnn').events).toEqual([{tick: 2, kind: 'raise', band: 'warning'}]);
		expect(run('wwwnnnnn').events).toEqual([{tick: 2, kind: 'raise', band: 'warning'}, {tick: 7, kind: 'clear', band: 'normal'}]);
	});

	it('does not de-escalate or re-raise while raised', () => {
		expect(run('cccwwwwcccw').events).toEqual([{tick: 2, kind: 'raise', band: 'critical'}]);
	});

	it('treats a gap as neither abnormal nor normal', () => {
		expect(run('ww-w').events).toEqual([{tick: 3, kind: 'raise', band: 'warning'}]);
		expect(run('www--nnnnn').events.at(-1)).toEqual({tick: 9, kind: 'clear', band: 'normal'});
	});

	it('honours other raise and clear counts', () => {
		expect(run('wnw', {raiseAfter: 1, clearAfter: 1}).events).toEqual([
			{tick: 0, kind: 'raise', band: 'warning'},
			{tick: 1, kind: 'clear', band: 'normal'},
			{tick: 2, kind: 'raise', band: 'warning'},
		]);
	});

	it('records time, metric, value, band and deviation on the event', () => {
		let state = emptyAnomalyState;
		let events: AnomalyEvent[] = [];
		for (const timestamp of [1000, 2000, 3000]) {
			({state, events} = stepAnomalies(state, [deviation('critical', 'disk.await_ms|disk:vda')], timestamp));
		}

		expect(events).toEqual([{timestamp: 3000, key: 'disk.await_ms|disk:vda', kind: 'raise', band: 'critical', value: 14, deviationSigma: 4}]);
		expect(activeAnomalies(state)).toEqual([{key: 'disk.await_ms|disk:vda', band: 'critical'}]);
	});

	it('tracks series independently and does not mutate the state passed in', () => {
		const first = stepAnomalies(emptyAnomalyState, [deviation('warning', 'a|x'), deviation('normal', 'b|x')], 0);
		expect(emptyAnomalyState).toEqual({tracks: {}});
		expect(Object.keys(first.state.tracks)).toEqual(['a|x']);
		const frozen = JSON.stringify(first.state);
		stepAnomalies(first.state, [deviation('warning', 'a|x')], 1);
		expect(JSON.stringify(first.state)).toBe(frozen);
	});

	it('keeps state that survives JSON and forgets series that are back to normal', () => {
		const {state} = run('wwwnnnnn');
		expect(state).toEqual({tracks: {}});
		const raised = run('www').state;
		expect(JSON.parse(JSON.stringify(raised))).toEqual(raised);
	});
});
