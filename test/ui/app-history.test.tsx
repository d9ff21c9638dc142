import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {createHistorySource} from '../../source/engine/history-source.js';
import {Dashboard} from '../../source/ui/app.js';
import {busyAt, recordFixture} from '../helpers/history-db.js';
import {fakeActions, fakeEngine, loadedSnapshot, testInventory, testTimestamp} from '../helpers/snapshot-builder.js';
import {type Rendered, renderAt} from './render-dashboard.js';

// Recorded 14:00:00 … 14:04:59 at 1 s, nothing for 14:03:20 … 14:04:09; the live snapshot is 14:07:09.
const fixture = recordFixture(300, tick => tick >= 200 && tick < 250);
const source = createHistorySource(fixture.store, {inventory: testInventory, capacity: 600, recording: () => ({kind: 'off'})});
afterAll(() => {
	fixture.cleanup();
});

let view: Rendered | undefined;
afterEach(() => {
	view?.unmount();
	view = undefined;
});

function show(replay = false) {
	const engine = fakeEngine(loadedSnapshot());
	const actions = fakeActions({history: () => source});
	view = renderAt(<Dashboard engine={engine} actions={actions} inventory={testInventory} noColor clock={() => testTimestamp} replay={replay}/>, 120, 40);
	return {engine, view};
}

const ESC = '\u001B';

describe('Dashboard: history mode', () => {
	it('[ shows the tick recorded before, with exactly its recorded values; ] and [ step tick by tick', async () => {
		const {view} = show();
		await view.waitFor(text => text.includes('busy 55%'));
		await view.press('[');
		const newest = await view.waitFor(text => text.includes('HISTORY 14:04:59 (2m 10s ago)'));
		expect(newest).toContain(`busy ${busyAt(299)}%`);
		// The recording's host, from its sessions.
		expect(newest).toContain('recorder-7');
		expect(newest).toContain('no process record for this tick');
		await view.press('[');
		expect(await view.waitFor(text => text.includes('HISTORY 14:04:58'))).toContain(`busy ${busyAt(298)}%`);
		await view.press(']');
		expect(await view.waitFor(text => text.includes('HISTORY 14:04:59'))).toContain(`busy ${busyAt(299)}%`);
		await view.press(']');
		await view.waitFor(text => text.includes('the newest recorded tick — L for live'));
	});

	it('g goes to a typed time; w to the worst moment; L back to live', async () => {
		const {view, engine} = show();
		await view.waitFor(text => text.includes('busy 55%'));
		await view.press('g');
		await view.waitFor(text => text.includes('Go to: _'));
		await view.press('2024-03-05 14:01:00');
		await view.press('\r');
		const minute = await view.waitFor(text => text.includes('HISTORY 14:01:00'));
		expect(minute).toContain(`busy ${busyAt(60)}%`);
		// The processes recorded at that tick, with their recorded CPU.
		expect(minute).toMatch(/812 postgres +30% +400 MiB .* postgres -D \/var\/lib\/postgresql/);
		await view.press('w');
		const worst = await view.waitFor(text => text.includes('worst moment: 2024-03-05 14:01:40'));
		expect(worst).toContain('HISTORY 14:01:40');
		expect(worst).toContain('busy 100%');
		// Live ticks go on arriving while history is shown, and do not move it.
		engine.push(loadedSnapshot({timestamp: testTimestamp + 1000}));
		await view.press('{');
		expect(await view.waitFor(text => text.includes('HISTORY 14:00:40'))).toContain(`busy ${busyAt(40)}%`);
		await view.press('L');
		const live = await view.waitFor(text => text.includes('14:07:10') && !text.includes('HISTORY'));
		expect(live).toContain('busy 55%');
	});

	it('says when a step crosses a gap, and how long it was; the chart keeps the gap', async () => {
		const {view} = show();
		await view.waitFor(text => text.includes('busy 55%'));
		await view.press('g');
		await view.press('2024-03-05 14:04:10');
		await view.press('\r');
		await view.waitFor(text => text.includes('HISTORY 14:04:10'));
		await view.press('[');
		await view.waitFor(text => text.includes('HISTORY 14:03:19') && text.includes('stepped across a gap of 51s'));
		await view.press(']');
		await view.waitFor(text => text.includes('HISTORY 14:04:10') && text.includes('stepped across a gap of 51s'));
	});

	it('refuses a time outside the recording and a time it cannot read, in one line', async () => {
		const {view} = show();
		await view.waitFor(text => text.includes('busy 55%'));
		await view.press('g');
		await view.press('2024-03-04 09:00');
		await view.press('\r');
		await view.waitFor(text => text.includes('g: 2024-03-04 09:00:00 is outside the recording (2024-03-05 14:00:00 – 2024-03-05 14:04:59)'));
		await view.press('g');
		await view.press('soon');
		await view.press('\r');
		await view.waitFor(text => text.includes("g: expected a time like 03:12, -90m, yesterday 14:00 or 2026-12-07T03:12, got 'soon'"));
		await view.press('g');
		await view.press(ESC);
		await view.waitFor(text => !text.includes('Go to:'));
	});

	it('N and n go to the start of the previous and next bottleneck episode, and the header names it', async () => {
		const {view} = show();
		await view.waitFor(text => text.includes('busy 55%'));
		await view.press('N');
		const episode = await view.waitFor(text => text.includes('HISTORY 14:02:00'));
		expect(episode).toContain('cpu HIGH episode 1/1');
		expect(episode).toContain('episode 1 of 1: cpu HIGH 14:02:00 – 14:02:19 (20s), peak at 14:02:00 — postgres (pid 812) used');
		await view.press(']');
		expect(await view.waitFor(text => text.includes('HISTORY 14:02:01'))).toContain('cpu HIGH episode 1/1');
		await view.press('n');
		await view.waitFor(text => text.includes('no later bottleneck episode (1 in the range)'));
		await view.press('g');
		await view.press('2024-03-05 14:01:00');
		await view.press('\r');
		await view.waitFor(text => text.includes('HISTORY 14:01:00') && !text.includes('episode 1/1'));
		await view.press('n');
		await view.waitFor(text => text.includes('HISTORY 14:02:00'));
	});

	it('names the episode in the header whenever the moment shown lies in one, however it got there', async () => {
		const {view} = show();
		await view.waitFor(text => text.includes('busy 55%'));
		await view.press('g');
		await view.press('2024-03-05 14:02:10');
		await view.press('\r');
		expect(await view.waitFor(text => text.includes('HISTORY 14:02:10') && text.includes('episode 1/1'))).toContain('cpu HIGH episode 1/1');
		await view.press('{');
		await view.waitFor(text => text.includes('HISTORY 14:01:10') && !text.includes('episode 1/1'));
		await view.press('}');
		await view.waitFor(text => text.includes('HISTORY 14:02:10') && text.includes('cpu HIGH episode 1/1'));
	});

	it('a replay starts in history mode and has no live view to go back to', async () => {
		const first = source.at(Number.POSITIVE_INFINITY, 'before')!;
		const engine = fakeEngine(first);
		view = renderAt(<Dashboard replay engine={engine} actions={fakeActions({history: () => source})} inventory={testInventory} noColor clock={() => testTimestamp}/>, 120, 40);
		await view.waitFor(text => text.includes('HISTORY 14:04:59'));
		await view.press('L');
		await view.waitFor(text => text.includes('a replay has no live view (q quits)'));
	});
});
