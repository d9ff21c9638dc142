import {afterAll, describe, expect, it} from 'vitest';
import {createHistorySource} from '../../source/engine/history-source.js';
import {episodeFindings, storeReader} from '../../source/engine/recorded-episodes.js';
import {seriesKey} from '../../source/metrics/types.js';
import {busyAt, recordFixture, recordingStartMs} from '../helpers/history-db.js';
import {testInventory} from '../helpers/snapshot-builder.js';
import {openStore} from '../../source/store/open-store.js';
import {sampleAt, tempDatabase} from '../store/temp-db.js';

// 300 ticks, nothing recorded for ticks 200…249 (50 s).
const fixture = recordFixture(300, tick => tick >= 200 && tick < 250);
afterAll(() => {
	fixture.cleanup();
});

const at = (tick: number) => recordingStartMs + tick * 1000;
const source = createHistorySource(fixture.store, {inventory: testInventory, capacity: 60, recording: () => ({kind: 'off'})});
const busy = (snapshot: ReturnType<typeof source.at>) => snapshot?.sample.metrics.find(metric => metric.id === 'cpu.busy_pct')?.value;

describe('history source', () => {
	it('shows exactly the values recorded at the tick, with the recording host', () => {
		const snapshot = source.at(at(42), 'before');
		expect(snapshot?.sample.timestamp).toBe(at(42));
		expect(busy(snapshot)).toBe(busyAt(42));
		expect(snapshot?.recorded?.host).toBe('recorder-7');
		expect(snapshot?.intervalMs).toBe(1000);
	});

	it('ends the chart window at the tick, one slot a recorded interval', () => {
		const snapshot = source.at(at(42), 'before')!;
		const values = snapshot.history.series(seriesKey('cpu.busy_pct', 'cpu'));
		expect(values).toHaveLength(60);
		expect(values.at(-1)).toBe(busyAt(42));
		expect(values.at(-2)).toBe(busyAt(41));
		// Before the recording started: nothing, not zero.
		expect(values.slice(0, 17).every(Number.isNaN)).toBe(true);
		expect(values[17]).toBe(busyAt(0));
	});

	it('leaves a gap as NaN in the chart and says how long it was', () => {
		expect(source.at(at(250), 'before')!.recorded?.gapBeforeMs).toBe(51_000);
		const snapshot = source.at(at(255), 'before')!;
		expect(snapshot.recorded?.gapBeforeMs).toBeUndefined();
		const values = snapshot.history.series(seriesKey('cpu.busy_pct', 'cpu'));
		// Slots for ticks 250…255 hold values, 200…249 are NaN, 199 and before hold values again.
		expect(values.slice(-6)).toEqual([250, 251, 252, 253, 254, 255].map(tick => busyAt(tick)));
		expect(values.slice(-56, -6).every(Number.isNaN)).toBe(true);
		expect(values.at(-57)).toBe(busyAt(199));
	});

	it('fills the window tick after tick when the timer jitters and drifts: only a real gap is empty', () => {
		// 807 and 1207 ms apart in turn, 7 ms late each second.
		const jittery = recordFixture(120, () => false, tick => (tick * 1007) + ((tick % 2) * 200));
		try {
			const last = createHistorySource(jittery.store, {inventory: testInventory, capacity: 100, recording: () => ({kind: 'off'})}).at(Number.POSITIVE_INFINITY, 'before')!;
			expect(last.history.series(seriesKey('cpu.busy_pct', 'cpu'))).toEqual(Array.from({length: 100}, (_slot, index) => (index === 80 ? 100 : busyAt(20 + index))));
		} finally {
			jittery.cleanup();
		}
	});

	it('steps tick by tick, across a gap, and stops at the ends of the range', () => {
		expect(source.step(at(42), 1)?.sample.timestamp).toBe(at(43));
		expect(source.step(at(42), -1)?.sample.timestamp).toBe(at(41));
		expect(source.step(at(199), 1)?.sample.timestamp).toBe(at(250));
		expect(source.step(at(250), -1)?.sample.timestamp).toBe(at(199));
		expect(source.step(at(10), 60)?.sample.timestamp).toBe(at(70));
		expect(source.step(at(299), 1)).toBeUndefined();
		expect(source.step(at(0), -1)).toBeUndefined();
	});

	it('goes to the tick at or before a time, or the first after it', () => {
		expect(source.at(at(220), 'before')?.sample.timestamp).toBe(at(199));
		expect(source.at(at(220), 'after')?.sample.timestamp).toBe(at(250));
		// Outside the recording: its nearest end.
		expect(source.at(at(-500), 'before')?.sample.timestamp).toBe(at(0));
		expect(source.at(at(9000), 'after')?.sample.timestamp).toBe(at(299));
	});

	it('judges the tick as live, through the same analysis', () => {
		const worst = source.at(at(100), 'before')!;
		expect(worst.analysis.bottlenecks[0]?.resource).toBe('cpu');
		expect(worst.analysis.bottlenecks[0]?.severity).toBe('HIGH');
		// The processes recorded at that tick name who was busy.
		expect(worst.analysis.bottlenecks[0]?.topProcesses[0]?.name).toBe('postgres');
		// 17 % busy.
		expect(source.at(at(1), 'before')!.analysis.bottlenecks).toEqual([]);
	});

	it('shows the processes recorded at the tick, and says when a tick has none instead of showing an empty table', () => {
		const snapshot = source.at(at(42), 'before')!;
		expect(snapshot.sample.processes.map(process => [process.pid, process.name, process.user, process.cpuPct])).toEqual([[812, 'postgres', 'postgres', 32], [4242, 'pg_dump', 'root', 5]]);
		expect(snapshot.recorded?.noProcesses).toBeUndefined();
		expect(source.at(at(160), 'before')?.recorded?.noProcesses).toBe('no process record for this tick');
	});

	it('finds the worst moment of the loaded range', async () => {
		const worst = await source.worst(new AbortController().signal, () => undefined);
		expect(worst?.timestampMs).toBe(at(100));
	});

	it('finds the bottleneck episodes of the loaded range', async () => {
		const episodes = await source.episodeSpans();
		expect(episodes.map(episode => [episode.resource, episode.startMs, episode.endMs])).toEqual([['cpu', at(120), at(139)]]);
		expect(source.episodeFinding(episodes[0]!)).toEqual(episodeFindings(storeReader(fixture.store), source.range()!).findings[0]);
	});

	it('walks only the asked range', () => {
		const narrow = createHistorySource(fixture.store, {inventory: testInventory, capacity: 60, recording: () => ({kind: 'off'}), range: () => ({fromMs: at(50), toMs: at(60)})});
		expect(narrow.at(at(0), 'before')?.sample.timestamp).toBe(at(50));
		expect(narrow.step(at(60), 1)).toBeUndefined();
		expect(narrow.range()).toEqual({fromMs: at(50), toMs: at(60)});
	});
});

describe('history source: the cgroups of a recorded moment', () => {
	it('are the groups recorded at that tick, rebuilt from their metrics; a tick without any has none', () => {
		const database = tempDatabase();
		try {
			const writer = openStore({path: database.path, now: () => recordingStartMs, chunkTicks: 60, host: 'recorder-7', bootId: 'boot-a', version: '0.1.0'}).store;
			const service = 'cgroup:/system.slice/app.service';
			writer.write(sampleAt(recordingStartMs, [{id: 'cpu.busy_pct', resource: 'cpu', value: 10}, {id: 'cgroup.cpu_pct', resource: service, value: 42}, {id: 'cgroup.memory_bytes', resource: service, value: 1024}]));
			writer.write(sampleAt(recordingStartMs + 1000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 11}]));
			writer.close();
			const {store} = openStore({path: database.path, access: 'read'});
			try {
				const recorded = createHistorySource(store, {inventory: testInventory, capacity: 60, recording: () => ({kind: 'off'})});
				expect(recorded.at(recordingStartMs, 'before')?.sample.cgroups).toMatchObject([{path: '/system.slice/app.service', name: 'app.service', cpuPct: 42, memoryBytes: 1024, memoryPct: undefined}]);
				expect(recorded.at(recordingStartMs + 1000, 'before')?.sample.cgroups).toBeUndefined();
			} finally {
				store.close();
			}
		} finally {
			database.cleanup();
		}
	});
});
