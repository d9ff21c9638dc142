import {afterEach, describe, expect, it} from 'vitest';
import type {AnomalyEvent} from '../../source/analyze/anomaly.js';
import type {Recorder} from '../../source/engine/engine.js';
import {baselineOfMessage, createPendingRecorder, createStoreRecorder} from '../../source/engine/recording.js';
import type {Sample} from '../../source/metrics/types.js';
import {openStore} from '../../source/store/open-store.js';
import {buildProcess} from '../helpers/sample-builder.js';
import {fakeClock, sampleAt, tempDatabase} from '../store/temp-db.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) {
		cleanup();
	}
});

function database() {
	const database = tempDatabase();
	cleanups.push(database.cleanup);
	return database;
}

describe('store recorder', () => {
	it('records host metrics as series and the top processes, with their users, as the tick\'s process record, and says it is recording', () => {
		const {path} = database();
		const {store} = openStore({path});
		const recorder = createStoreRecorder(store);
		const sample = {
			...sampleAt(1_000_000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 42}]),
			processes: [buildProcess({pid: 812, name: 'postgres', user: 'postgres', cpuPct: 38, rssBytes: 4096, readBytesPerSec: 100, writeBytesPerSec: 28})],
		};
		expect(recorder.write(sample)).toEqual({kind: 'recording', path});
		expect(store.readSeries('cpu.busy_pct|cpu', 0, 2_000_000).values).toEqual([42]);
		expect(store.listSeries().map(series => series.key)).toEqual(['cpu.busy_pct|cpu']);
		const at = store.processesAt(1_000_000);
		expect(at.ok && at.record.processes.map(process => [process.pid, process.user, process.rssBytes, process.ioBytesPerSec])).toEqual([[812, 'postgres', 4096, 128]]);
		recorder.close();
	});

	it('a read-only view records nothing and says why', () => {
		const {path} = database();
		openStore({path}).store.close();
		const {store} = openStore({path, access: 'read'});
		const recorder = createStoreRecorder(store, {notRecording: `cannot write ${path}: read-only (SQLITE_READONLY)`});
		const state = recorder.write(sampleAt(1_000_000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 1}]));
		expect(state).toEqual({kind: 'read-only', path, reason: `cannot write ${path}: read-only (SQLITE_READONLY)`});
		recorder.close();
	});

	it('stands by while another process records, then records and says once that it took over', () => {
		const {path} = database();
		const clock = fakeClock(1_000_000);
		const first = openStore({path, now: clock.now});
		const opened = openStore({path, now: clock.now});
		const recorder = createStoreRecorder(opened.store, {notRecording: opened.notRecording});
		const tick = () => {
			clock.advance(3000);
			return recorder.write(sampleAt(clock.now(), [{id: 'cpu.busy_pct', resource: 'cpu', value: 1}]));
		};

		const reason = `another perftop (pid ${process.pid}) is recording to ${path}`;
		expect(recorder.state()).toEqual({kind: 'standby', path, reason});
		expect(tick()).toEqual({kind: 'standby', path, reason});
		first.store.close();
		const notice = `took over recording to ${path} (pid ${process.pid} stopped)`;
		expect(tick()).toEqual({kind: 'recording', path, notice});
		expect(tick()).toEqual({kind: 'recording', path, notice});
		recorder.close();
	});

	it('stores anomaly events with a readable message', () => {
		const {path} = database();
		const {store} = openStore({path});
		const recorder = createStoreRecorder(store);
		recorder.write(sampleAt(1_000_000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 97}]));
		recorder.recordEvents([{timestamp: 1_000_000, key: 'cpu.busy_pct|cpu', kind: 'raise', band: 'warning', value: 97, deviationSigma: 2.6, baseline: 'quiet'}]);
		const events = store.listEvents(0, 2_000_000);
		expect(events).toMatchObject([{kind: 'raise', metric: 'cpu.busy_pct', resource: 'cpu', band: 'warning', value: 97, deviationSigma: 2.6, message: "raise warning: busy on cpu 97%, +2.6 σ from baseline 'quiet'"}]);
		expect(baselineOfMessage(events[0]!.message)).toBe('quiet');
		expect(baselineOfMessage('raise warning: busy on cpu 97%, +2.6 σ from the baseline')).toBeUndefined();
		recorder.close();
	});
});

/** A recorder that keeps what it is given. */
function keepingRecorder() {
	const written: Sample[] = [];
	const events: AnomalyEvent[] = [];
	let closed = 0;
	const recorder: Recorder = {
		write(sample) {
			written.push(sample);
			return {kind: 'recording', path: '/tmp/kept.db'};
		},
		recordEvents(more) {
			events.push(...more);
		},
		state: () => ({kind: 'recording', path: '/tmp/kept.db'}),
		close() {
			closed++;
		},
	};
	return {recorder, written, events, closedCount: () => closed};
}

const raise: AnomalyEvent = {timestamp: 1000, key: 'cpu.busy_pct|cpu', kind: 'raise', band: 'warning', value: 97, deviationSigma: 2.6};

describe('pending recorder', () => {
	it('says the database is opening and holds ticks and events until the store recorder attaches', () => {
		const pending = createPendingRecorder();
		const kept = keepingRecorder();
		const first = sampleAt(1000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 1}]);
		const second = sampleAt(2000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 2}]);
		expect(pending.write(first)).toEqual({kind: 'opening'});
		pending.recordEvents([raise]);
		expect(pending.write(second)).toEqual({kind: 'opening'});
		expect(pending.state()).toEqual({kind: 'opening'});

		pending.attach(kept.recorder);
		expect(kept.written).toEqual([first, second]);
		expect(kept.events).toEqual([raise]);
		expect(pending.state()).toEqual({kind: 'recording', path: '/tmp/kept.db'});
		const third = sampleAt(3000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 3}]);
		expect(pending.write(third)).toEqual({kind: 'recording', path: '/tmp/kept.db'});
		expect(kept.written).toEqual([first, second, third]);
		pending.close();
		expect(kept.closedCount()).toBe(1);
	});

	it('hands what it held to a store recorder that attaches after the dashboard closed, then closes it', () => {
		const pending = createPendingRecorder();
		const kept = keepingRecorder();
		const sample = sampleAt(1000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 1}]);
		pending.write(sample);
		pending.close();
		expect(kept.closedCount()).toBe(0);
		pending.attach(kept.recorder);
		expect(kept.written).toEqual([sample]);
		expect(kept.closedCount()).toBe(1);
	});

	it('turns recording off when nothing attaches, dropping what it held', () => {
		const pending = createPendingRecorder();
		pending.write(sampleAt(1000, []));
		pending.attach(undefined);
		expect(pending.state()).toEqual({kind: 'off'});
		expect(pending.write(sampleAt(2000, []))).toEqual({kind: 'off'});
		expect(() => {
			pending.attach(undefined);
		}).toThrow(/once/);
	});

	it('holds the newest 60 ticks when the store takes that long to attach', () => {
		const pending = createPendingRecorder();
		const kept = keepingRecorder();
		for (let second = 1; second <= 100; second++) {
			pending.write(sampleAt(second * 1000, []));
		}

		pending.attach(kept.recorder);
		expect(kept.written.map(sample => sample.timestamp)).toEqual(Array.from({length: 60}, (_, index) => (index + 41) * 1000));
	});
});
