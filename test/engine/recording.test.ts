import {afterEach, describe, expect, it} from 'vitest';
import {createStoreRecorder} from '../../source/engine/recording.js';
import {openStore} from '../../source/store/open-store.js';
import {buildProcess} from '../helpers/sample-builder.js';
import {sampleAt, tempDatabase} from '../store/temp-db.js';

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
	it('records host metrics and the top processes as series, and says it is recording', () => {
		const {path} = database();
		const {store} = openStore({path});
		const recorder = createStoreRecorder(store);
		const sample = {
			...sampleAt(1_000_000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 42}]),
			processes: [buildProcess({pid: 812, name: 'postgres', cpuPct: 38, rssBytes: 4096, readBytesPerSec: 100, writeBytesPerSec: 28})],
		};
		expect(recorder.write(sample)).toEqual({kind: 'recording', path});
		expect(store.readSeries('cpu.busy_pct|cpu', 0, 2_000_000).values).toEqual([42]);
		expect(store.readSeries('process.rss_bytes|process:812/postgres', 0, 2_000_000).values).toEqual([4096]);
		expect(store.readSeries('process.io_bytes_per_s|process:812/postgres', 0, 2_000_000).values).toEqual([128]);
		recorder.close();
	});

	it('a read-only view records nothing and says why', () => {
		const {path} = database();
		openStore({path}).store.close();
		const {store} = openStore({path, readOnly: true});
		const recorder = createStoreRecorder(store, {readOnlyReason: 'recording by pid 4242; this view is read-only'});
		const state = recorder.write(sampleAt(1_000_000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 1}]));
		expect(state).toEqual({kind: 'read-only', path, reason: 'recording by pid 4242; this view is read-only'});
		recorder.close();
	});

	it('stores anomaly events with a readable message', () => {
		const {path} = database();
		const {store} = openStore({path});
		const recorder = createStoreRecorder(store);
		recorder.write(sampleAt(1_000_000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 97}]));
		recorder.recordEvents([{timestamp: 1_000_000, key: 'cpu.busy_pct|cpu', kind: 'raise', band: 'warning', value: 97, deviationSigma: 2.6}]);
		expect(store.listEvents(0, 2_000_000)).toMatchObject([{kind: 'raise', metric: 'cpu.busy_pct', resource: 'cpu', band: 'warning', value: 97, message: 'raise warning: busy on cpu 97%, +2.6 σ from the baseline'}]);
		recorder.close();
	});
});
