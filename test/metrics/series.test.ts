import {describe, expect, it} from 'vitest';
import {createHistory} from '../../source/metrics/series.js';
import {type MetricId, type MetricValue, type Sample, seriesKey} from '../../source/metrics/types.js';

const cpuKey = seriesKey('cpu.busy_pct', 'cpu');
const diskKey = seriesKey('disk.util_pct', 'disk:vda');

function sample(timestamp: number, values: Record<string, number | undefined>): Sample {
	const metrics: MetricValue[] = Object.entries(values).map(([key, value]) => {
		const [id, resource] = key.split('|') as [MetricId, string];
		return {id, resource, value};
	});
	return {timestamp, intervalMs: 1000, metrics, processes: [], unavailable: []};
}

describe('createHistory', () => {
	it('starts empty', () => {
		const view = createHistory(5).view();
		expect(view.capacity).toBe(5);
		expect(view.timestamps).toEqual([]);
		expect(view.series(cpuKey)).toEqual([]);
	});

	it('keeps values aligned with timestamps, oldest first', () => {
		const history = createHistory(5);
		history.push(sample(1000, {[cpuKey]: 10}));
		history.push(sample(2000, {[cpuKey]: 20}));
		const view = history.view();
		expect(view.timestamps).toEqual([1000, 2000]);
		expect(view.series(cpuKey)).toEqual([10, 20]);
	});

	it('records a missing series or an undefined value as a NaN gap, never 0', () => {
		const history = createHistory(5);
		history.push(sample(1, {[cpuKey]: 10}));
		history.push(sample(2, {}));
		history.push(sample(3, {[cpuKey]: undefined}));
		history.push(sample(4, {[cpuKey]: 40}));
		expect(history.view().series(cpuKey)).toEqual([10, Number.NaN, Number.NaN, 40]);
	});

	it('back-fills a new series with NaN', () => {
		const history = createHistory(5);
		history.push(sample(1, {[cpuKey]: 1}));
		history.push(sample(2, {[cpuKey]: 2}));
		history.push(sample(3, {[cpuKey]: 3, [diskKey]: 99}));
		expect(history.view().series(diskKey)).toEqual([Number.NaN, Number.NaN, 99]);
	});

	it('answers all NaN, aligned with timestamps, for a key never seen', () => {
		const history = createHistory(4);
		history.push(sample(1, {[cpuKey]: 1}));
		history.push(sample(2, {[cpuKey]: 2}));
		expect(history.view().series('net.util_pct|net:eth9')).toEqual([Number.NaN, Number.NaN]);
	});

	it.each([1, 3, 7, 8, 10, 64])('wraps around at capacity %i, dropping the same prefix everywhere', capacity => {
		const history = createHistory(capacity);
		const total = capacity * 3 + 2;
		for (let tick = 0; tick < total; tick++) {
			history.push(sample(tick * 1000, {[cpuKey]: tick, ...(tick % 2 === 0 ? {[diskKey]: tick * 10} : {})}));
		}

		const view = history.view();
		const kept = Array.from({length: capacity}, (_, index) => total - capacity + index);
		expect(view.timestamps).toEqual(kept.map(tick => tick * 1000));
		expect(view.series(cpuKey)).toEqual(kept);
		expect(view.series(diskKey)).toEqual(kept.map(tick => (tick % 2 === 0 ? tick * 10 : Number.NaN)));
	});

	it('gives views that stay unchanged after later pushes (a paused dashboard keeps drawing one)', () => {
		const history = createHistory(4);
		for (let tick = 0; tick < 4; tick++) {
			history.push(sample(tick, {[cpuKey]: tick}));
		}

		const frozen = history.view();
		for (let tick = 4; tick < 20; tick++) {
			history.push(sample(tick, {[cpuKey]: tick, [diskKey]: tick}));
		}

		// Read only now, after the blocks it saw have been pruned from the history.
		expect(frozen.timestamps).toEqual([0, 1, 2, 3]);
		expect(frozen.series(cpuKey)).toEqual([0, 1, 2, 3]);
		expect(frozen.series(diskKey)).toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
		expect(history.view().series(cpuKey)).toEqual([16, 17, 18, 19]);
	});

	it('does not let a series that starts after a view leak into it', () => {
		const history = createHistory(16);
		history.push(sample(0, {[cpuKey]: 0}));
		const before = history.view();
		history.push(sample(1, {[cpuKey]: 1, [diskKey]: 5}));
		expect(before.series(diskKey)).toEqual([Number.NaN]);
		expect(before.series(cpuKey)).toEqual([0]);
	});

	it('returns the same view until the next push, and the same array for repeated reads', () => {
		const history = createHistory(4);
		history.push(sample(0, {[cpuKey]: 0}));
		const view = history.view();
		expect(history.view()).toBe(view);
		expect(view.series(cpuKey)).toBe(view.series(cpuKey));
		history.push(sample(1, {[cpuKey]: 1}));
		expect(history.view()).not.toBe(view);
	});

	it('drops a series that has been absent for a whole window, so vanished resources do not leak', () => {
		const capacity = 16;
		const history = createHistory(capacity);
		for (let tick = 0; tick < 5; tick++) {
			history.push(sample(tick, {[cpuKey]: tick, [seriesKey('net.rx_bytes_per_s', `net:veth${tick}`)]: tick}));
		}

		expect(history.seriesCount()).toBe(6);
		for (let tick = 5; tick < 5 + capacity * 2; tick++) {
			history.push(sample(tick, {[cpuKey]: tick}));
		}

		expect(history.seriesCount()).toBe(1);
	});

	it('stores nothing for a series that is only ever unknown', () => {
		const history = createHistory(8);
		for (let tick = 0; tick < 20; tick++) {
			history.push(sample(tick, {[cpuKey]: undefined}));
		}

		expect(history.seriesCount()).toBe(0);
		expect(history.view().series(cpuKey)).toHaveLength(8);
	});

	it('stays bounded over many ticks with a new pid-like series every tick', () => {
		const history = createHistory(30);
		for (let tick = 0; tick < 5000; tick++) {
			history.push(sample(tick, {[cpuKey]: tick, [seriesKey('cpu.busy_pct', `service:${tick}`)]: 1}));
		}

		// The window starts mid-block and the newest block is partly filled: at most two blocks
		// beyond the window of distinct transient series, plus the steady one.
		expect(history.seriesCount()).toBeLessThanOrEqual(30 + 2 * Math.ceil(30 / 8) + 1);
		expect(history.view().series(cpuKey)).toEqual(Array.from({length: 30}, (_, index) => 4970 + index));
	});

	it.each([0, -1, 2.5, Number.NaN])('rejects capacity %s', capacity => {
		expect(() => createHistory(capacity)).toThrow(RangeError);
	});
});
