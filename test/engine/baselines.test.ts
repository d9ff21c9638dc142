import {afterEach, describe, expect, it} from 'vitest';
import {baselineSpan, bottleneckWarnings, loadBaseline, saveBaseline} from '../../source/engine/baselines.js';
import {openStore} from '../../source/store/open-store.js';
import type {Store} from '../../source/store/types.js';
import {sampleAt, tempDatabase} from '../store/temp-db.js';

const START_MS = Date.UTC(2024, 0, 1);
const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0).reverse()) {
		cleanup();
	}
});

/** A store holding `ticks` seconds of CPU, busy and stalled (a HIGH bottleneck) for the first `busyTicks`. */
function recorded(ticks: number, busyTicks = 0): Store {
	const temp = tempDatabase();
	cleanups.push(temp.cleanup);
	const {store} = openStore({path: temp.path, chunkTicks: 50});
	cleanups.push(() => store.close());
	for (let index = 0; index < ticks; index++) {
		const busy = index < busyTicks;
		store.write(sampleAt(START_MS + index * 1000, [
			{id: 'cpu.busy_pct', resource: 'cpu', value: busy ? 99 : 5 + (index % 3)},
			{id: 'cpu.psi_some_pct', resource: 'cpu', value: busy ? 70 : 0},
		]));
	}

	return store;
}

const hour = {fromMs: START_MS - 3_600_000, toMs: START_MS + 3_600_000, createdAt: START_MS + 3_600_000};

describe('saveBaseline', () => {
	it('spans what the recorded ticks cover, not the window asked for, and says how many samples', () => {
		const store = recorded(120);
		const outcome = saveBaseline(store, 'quiet', hour, false);
		expect(outcome).toMatchObject({kind: 'saved', warnings: []});
		const baseline = loadBaseline(store, 'quiet');
		expect([baseline.fromMs, baseline.toMs]).toEqual([START_MS, START_MS + 119_000]);
		expect(store.getBaseline('quiet')).toMatchObject({fromMs: START_MS, toMs: START_MS + 119_000});
		expect(baselineSpan(baseline)).toBe('2024-01-01T00:00:00.000Z → 2024-01-01T00:01:59.000Z (1m 59s, 120 samples)');
	});

	it('does not replace a baseline of the same name unless asked to', () => {
		const store = recorded(60);
		saveBaseline(store, 'quiet', {...hour, createdAt: 1}, false);
		expect(saveBaseline(store, 'quiet', {...hour, createdAt: 2}, false)).toMatchObject({kind: 'exists', existing: {name: 'quiet', createdAt: 1}});
		expect(store.getBaseline('quiet')?.createdAt).toBe(1);
		expect(saveBaseline(store, 'quiet', {...hour, createdAt: 2}, true)).toMatchObject({kind: 'saved'});
		expect(store.getBaseline('quiet')?.createdAt).toBe(2);
	});

	it('warns when the window held a bottleneck, saying for how long and how it knows', () => {
		const store = recorded(600, 240);
		const outcome = saveBaseline(store, 'busy', hour, false);
		expect(outcome).toMatchObject({kind: 'saved', warnings: ['the window holds 4m of cpu HIGH — is that normal? (its recorded ticks judged again)']});
	});
});

describe('bottleneckWarnings', () => {
	it('judges a long window one tick in n without falling in step with a periodic load', () => {
		const ticks = 86_400;
		const timestamps = Float64Array.from({length: ticks}, (_, index) => START_MS + index * 1000);
		// Busy one second in ten: 2 h 24 m of a day.
		const busy = Float64Array.from({length: ticks}, (_, index) => (index % 10 === 0 ? 99 : 5));
		const psi = Float64Array.from({length: ticks}, (_, index) => (index % 10 === 0 ? 70 : 0));
		const [warning, ...others] = bottleneckWarnings({timestamps, series: new Map([['cpu.busy_pct|cpu', busy], ['cpu.psi_some_pct|cpu', psi]])});
		expect(others).toEqual([]);
		const [, hours, minutes] = /holds (\d+)h (\d+)m of cpu HIGH — is that normal\? \(1 in 120 of its recorded ticks judged again\)/.exec(warning ?? '') ?? [];
		const heldMinutes = Number(hours) * 60 + Number(minutes);
		expect(Math.abs(heldMinutes - 144)).toBeLessThanOrEqual(10);
	});

	it('counts the usual interval for each tick, not the pauses between recordings', () => {
		// Two minutes busy, then a day's pause, then two quiet minutes.
		const timestamps = Float64Array.from({length: 240}, (_, index) => START_MS + index * 1000 + (index >= 120 ? 86_400_000 : 0));
		const busy = Float64Array.from({length: 240}, (_, index) => (index < 120 ? 99 : 5));
		const psi = Float64Array.from({length: 240}, (_, index) => (index < 120 ? 70 : 0));
		expect(bottleneckWarnings({timestamps, series: new Map([['cpu.busy_pct|cpu', busy], ['cpu.psi_some_pct|cpu', psi]])})).toEqual([
			'the window holds 2m of cpu HIGH — is that normal? (its recorded ticks judged again)',
		]);
	});

	it('leaves out a bottleneck of less than 1 % of the window', () => {
		const timestamps = Float64Array.from({length: 1000}, (_, index) => START_MS + index * 1000);
		const busy = Float64Array.from({length: 1000}, (_, index) => (index < 5 ? 99 : 5));
		const psi = Float64Array.from({length: 1000}, (_, index) => (index < 5 ? 70 : 0));
		expect(bottleneckWarnings({timestamps, series: new Map([['cpu.busy_pct|cpu', busy], ['cpu.psi_some_pct|cpu', psi]])})).toEqual([]);
	});
});
