import {describe, expect, it} from 'vitest';
import {derive} from '../../source/metrics/derive.js';
import {deriveProcesses} from '../../source/metrics/processes.js';
import {process, reading} from './readings.js';

const twoSeconds = {elapsedMs: 2000, ticksPerSecond: 100, limit: 10};

describe('deriveProcesses', () => {
	it('gives CPU % of one core and I/O rates over the interval', () => {
		const [sample] = deriveProcesses(
			[process({pid: 7, utimeTicks: 100, stimeTicks: 50, readBytes: 1000, writeBytes: 0})],
			// 150 ticks = 1.5 s of CPU in 2 s = 75 % of one core.
			[process({pid: 7, utimeTicks: 200, stimeTicks: 100, readBytes: 5000, writeBytes: 8192, rssBytes: 4096, threads: 3})],
			twoSeconds,
		).top;
		expect(sample).toEqual({
			pid: 7,
			name: 'p7',
			command: 'p7',
			user: 'root',
			state: 'S',
			cpuPct: 75,
			rssBytes: 4096,
			readBytesPerSec: 2000,
			writeBytesPerSec: 4096,
			ioBytesPerSec: 6096,
			threads: 3,
			ppid: 1,
			startTimeTicks: 1000,
		});
	});

	it('can exceed 100 % for a multi-threaded process', () => {
		const [sample] = deriveProcesses([process({pid: 1, utimeTicks: 0})], [process({pid: 1, utimeTicks: 350})], twoSeconds).top;
		expect(sample?.cpuPct).toBe(175);
	});

	it('treats a reused pid as a new process with no CPU % yet', () => {
		const samples = deriveProcesses(
			[process({pid: 42, startTimeTicks: 1000, utimeTicks: 10, rssBytes: 1})],
			[process({pid: 42, startTimeTicks: 9000, utimeTicks: 500, rssBytes: 1})],
			twoSeconds,
		).top;
		expect(samples).toHaveLength(1);
		expect(samples[0]?.cpuPct).toBeUndefined();
		expect(samples[0]?.readBytesPerSec).toBeUndefined();
	});

	it('gives a new process no rates and ranks it by memory only', () => {
		const samples = deriveProcesses([], [process({pid: 5, utimeTicks: 900, rssBytes: 10})], twoSeconds).top;
		expect(samples.map(sample => [sample.pid, sample.cpuPct])).toEqual([[5, undefined]]);
	});

	it('has no rates on the first reading', () => {
		const samples = deriveProcesses(undefined, [process({pid: 1, rssBytes: 100, utimeTicks: 50})], twoSeconds).top;
		expect(samples[0]?.cpuPct).toBeUndefined();
		expect(samples[0]?.writeBytesPerSec).toBeUndefined();
	});

	it('leaves I/O rates unknown where /proc/<pid>/io was not readable', () => {
		const samples = deriveProcesses(
			[process({pid: 3, readBytes: undefined, writeBytes: undefined})],
			[process({pid: 3, readBytes: undefined, writeBytes: undefined, utimeTicks: 10})],
			twoSeconds,
		).top;
		expect(samples[0]?.cpuPct).toBe(5);
		expect(samples[0]?.readBytesPerSec).toBeUndefined();
		expect(samples[0]?.writeBytesPerSec).toBeUndefined();
		expect(samples[0]?.ioBytesPerSec).toBeUndefined();
	});

	it('takes the union of the top N by CPU, by RSS and by I/O', () => {
		const previous = [
			process({pid: 1}),
			process({pid: 2}),
			process({pid: 3}),
			process({pid: 4}),
			process({pid: 5}),
		];
		const current = [
			process({pid: 1, utimeTicks: 100, rssBytes: 10}), // top CPU
			process({pid: 2, utimeTicks: 50, rssBytes: 20}), // second CPU: out with N = 1
			process({pid: 3, rssBytes: 1000}), // top RSS
			process({pid: 4, writeBytes: 1e6, rssBytes: 5}), // top I/O
			process({pid: 5, readBytes: 1e3, rssBytes: 5}), // second I/O: out
		];
		const samples = deriveProcesses(previous, current, {...twoSeconds, limit: 1}).top;
		expect(samples.map(sample => sample.pid)).toEqual([1, 3, 4]);
	});

	it('lists a process once when it tops several rankings', () => {
		const samples = deriveProcesses(
			[process({pid: 1}), process({pid: 2})],
			[process({pid: 1, utimeTicks: 100, rssBytes: 1000, readBytes: 100}), process({pid: 2, rssBytes: 1})],
			{...twoSeconds, limit: 1},
		).top;
		expect(samples.map(sample => sample.pid)).toEqual([1]);
	});

	it('orders by CPU, then RSS, then pid, with unknown CPU last', () => {
		const samples = deriveProcesses(
			[process({pid: 1}), process({pid: 2}), process({pid: 3})],
			[
				process({pid: 1, rssBytes: 50}),
				process({pid: 2, utimeTicks: 10, rssBytes: 10}),
				process({pid: 3, rssBytes: 100}),
				process({pid: 4, rssBytes: 500}),
			],
			twoSeconds,
		).top;
		expect(samples.map(sample => sample.pid)).toEqual([2, 3, 1, 4]);
	});

	it('drops the CPU % of a process whose tick counter went backwards', () => {
		const samples = deriveProcesses([process({pid: 1, utimeTicks: 500, rssBytes: 1})], [process({pid: 1, utimeTicks: 100, rssBytes: 1})], twoSeconds).top;
		expect(samples[0]?.cpuPct).toBeUndefined();
	});

	it('ranks nothing for a limit of 0 but still lists every process', () => {
		const {top, all} = deriveProcesses([], [process({pid: 1, rssBytes: 5})], {...twoSeconds, limit: 0});
		expect(top).toEqual([]);
		expect(all.map(sample => sample.pid)).toEqual([1]);
	});

	it('lists every process, with its parent and start time, and ranks the same objects', () => {
		const {top, all} = deriveProcesses(
			[process({pid: 1, utimeTicks: 0, startTimeTicks: 20}), process({pid: 2, startTimeTicks: 700})],
			[process({pid: 1, utimeTicks: 100, ppid: 0, startTimeTicks: 20}), process({pid: 2, ppid: 1, startTimeTicks: 700})],
			{...twoSeconds, limit: 1},
		);
		expect(all.map(sample => [sample.pid, sample.ppid, sample.startTimeTicks, sample.cpuPct])).toEqual([[1, 0, 20, 50], [2, 1, 700, 0]]);
		expect(top).toEqual([all[0]]);
		expect(top[0]).toBe(all[0]);
	});

	it('is wired into derive with the reading\'s ticks per second and the monotonic interval', () => {
		const sample = derive(
			reading(0, {processes: [process({pid: 9, stimeTicks: 0})]}),
			reading(4, {processes: [process({pid: 9, stimeTicks: 100, rssBytes: 1})], ticksPerSecond: 100}),
			{topProcesses: 3},
		);
		expect(sample.processes.map(item => [item.pid, item.cpuPct])).toEqual([[9, 25]]);
	});

	it('gives no processes when the process group was unavailable', () => {
		const {processes: _processes, ...rest} = reading(1);
		expect(derive(reading(0), rest, {topProcesses: 3}).processes).toEqual([]);
	});
});
