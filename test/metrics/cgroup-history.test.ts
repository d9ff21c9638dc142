import {describe, expect, it} from 'vitest';
import {createCgroupHistory} from '../../source/metrics/cgroup-history.js';
import type {CgroupSample} from '../../source/metrics/types.js';
import {cgroupSample} from '../helpers/cgroup-sample.js';

const at = (path: string, cpuPct: number | undefined, memoryPct = 10, ioBytesPerSec = 0): CgroupSample => cgroupSample(path, {cpuPct, memoryPct, ioBytesPerSec});

describe('createCgroupHistory', () => {
	it('keeps every group\'s CPU, memory and I/O, oldest first, NaN before the group was seen or where unknown', () => {
		const history = createCgroupHistory(4);
		history.push([at('/a', 10)]);
		history.push([at('/a', undefined), at('/b', 5, 20, 300)]);
		history.push([at('/a', 30), at('/b', 6, 21, 400)]);
		expect(history.series('/a')!['cgroup.cpu_pct']).toEqual([10, Number.NaN, 30]);
		expect(history.series('/b')).toEqual({
			'cgroup.cpu_pct': [Number.NaN, 5, 6],
			'cgroup.memory_pct': [Number.NaN, 20, 21],
			'cgroup.io_bytes_per_s': [Number.NaN, 300, 400],
		});
	});

	it('holds the last `width` ticks as the ring wraps', () => {
		const history = createCgroupHistory(3);
		for (let tick = 1; tick <= 7; tick++) {
			history.push([at('/a', tick)]);
		}

		expect(history.series('/a')!['cgroup.cpu_pct']).toEqual([5, 6, 7]);
	});

	it('forgets a group absent from a tick, and starts it afresh if it comes back; a tick without a reading changes nothing', () => {
		const history = createCgroupHistory(4);
		history.push([at('/a', 1), at('/b', 2)]);
		history.push([at('/a', 3)]);
		expect(history.series('/b')).toBeUndefined();
		expect(history.groupCount()).toBe(1);
		history.push(undefined);
		expect(history.series('/a')!['cgroup.cpu_pct']).toEqual([1, 3]);
		history.push([at('/a', 4), at('/b', 5)]);
		expect(history.series('/b')!['cgroup.cpu_pct']).toEqual([Number.NaN, Number.NaN, 5]);
	});

	it('returns copies: a later push does not change series handed out', () => {
		const history = createCgroupHistory(2);
		history.push([at('/a', 1)]);
		const before = history.series('/a')!;
		history.push([at('/a', 2)]);
		history.push([at('/a', 3)]);
		expect(before['cgroup.cpu_pct']).toEqual([1]);
	});
});
