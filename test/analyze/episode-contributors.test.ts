import {describe, expect, it} from 'vitest';
import {contributorTally} from '../../source/analyze/episode-contributors.js';
import {episodeLines} from '../../source/analyze/episode-text.js';
import type {Episode} from '../../source/analyze/episodes.js';
import type {ProcessRecord, ProcessSample} from '../../source/metrics/types.js';

const startMs = Date.UTC(2026, 11, 7, 3, 10, 0);
const at = (second: number) => startMs + second * 1000;

function episode(resource: string, kind: Episode['kind'], from: number, to: number): Episode {
	return {resource, kind, startMs: at(from), endMs: at(to), durationMs: (to - from + 1) * 1000, ongoing: false, peak: {atMs: at(from), severity: 'HIGH', score: 4, metric: undefined, value: undefined}};
}

function process(pid: number, name: string, figures: Partial<ProcessSample>): ProcessSample {
	return {pid, name, command: name, user: 'root', state: 'R', cpuPct: 0, rssBytes: 0, readBytesPerSec: undefined, writeBytesPerSec: undefined, ioBytesPerSec: 0, threads: 1, ppid: 1, ...figures};
}

/** One record a second from `from` to `to`, the processes of each tick from `processesAt`. */
function records(from: number, to: number, processesAt: (second: number) => ProcessSample[]): ProcessRecord[] {
	return Array.from({length: to - from + 1}, (_, index) => ({timestampMs: at(from + index), sessionId: 1, processes: processesAt(from + index)}));
}

/** Host series a tick a second over `seconds`, each given as a function of the second. */
function host(seconds: number, series: Record<string, (second: number) => number>) {
	const timestamps = Float64Array.from({length: seconds}, (_, second) => at(second));
	return {timestamps, series: new Map(Object.entries(series).map(([key, value]) => [key, Float64Array.from({length: seconds}, (_, second) => value(second))]))};
}

describe('contributorTally', () => {
	it('shares a disk episode\'s bytes among the programs that did them, fio\'s workers as one, the rest unattributed', () => {
		const vda = episode('disk:vda', 'disk', 10, 909);
		const tally = contributorTally([vda]);
		// Before the episode, postgres was quiet; the workers' parent is 900.
		for (const tick of records(0, 1000, second => [
			process(812, 'postgres', {ioBytesPerSec: second >= 10 && second <= 909 ? 7e6 : 0, rssBytes: 1e9}),
			...[901, 902, 903, 904].map(pid => process(pid, 'fio', {ioBytesPerSec: 0.5e6, ppid: 900})),
			process(77, 'bash', {ioBytesPerSec: 0}),
		])) {
			tally.add(tick);
		}

		const [result] = tally.result(() => host(1001, {'disk.read_bytes_per_s|disk:vda': () => 1e6, 'disk.write_bytes_per_s|disk:vda': () => 9e6}));
		expect(result!.measure).toBe('io_bytes');
		expect(result!.total).toBeCloseTo(900 * 10e6);
		expect(result!.contributors.map(contributor => ({name: contributor.name, pid: contributor.pid, share: Math.round(contributor.share! * 100)}))).toEqual([
			{name: 'postgres', pid: 812, share: 70},
			{name: 'fio ×4', pid: 901, share: 20},
		]);
		expect(result!.contributors[1]!.pids).toEqual([901, 902, 903, 904]);
		expect(result!.unattributed).toBeCloseTo(0.1);
		expect(result!.recordedTicks).toBe(900);
	});

	it('counts CPU seconds against the machine\'s busy time (busy % × cores), the first record without an interval', () => {
		const cpu = episode('cpu', 'cpu', 0, 99);
		const tally = contributorTally([cpu]);
		for (const tick of records(0, 99, () => [process(4242, 'stress-ng-cpu', {cpuPct: 95, ppid: 4240}), process(4243, 'stress-ng-cpu', {cpuPct: 95, ppid: 4240})])) {
			tally.add(tick);
		}

		const [result] = tally.result(() => host(100, {'cpu.busy_pct|cpu': () => 100, 'cpu.core_busy_pct|cpu:0': () => 100, 'cpu.core_busy_pct|cpu:1': () => 100}));
		expect(result!.total).toBeCloseTo(99 * 2);
		expect(result!.contributors).toMatchObject([{name: 'stress-ng-cpu ×2', pid: 4242, count: 2}]);
		expect(result!.contributors[0]!.amount).toBeCloseTo(99 * 1.9);
		expect(result!.contributors[0]!.share).toBeCloseTo(0.95);
	});

	it('ranks a memory episode by RSS growth during it, a program started inside it from nothing', () => {
		const memory = episode('memory', 'memory', 0, 59);
		const tally = contributorTally([memory]);
		for (const tick of records(0, 59, second => [
			process(10, 'java', {rssBytes: 2e9 + second * 1e7}),
			process(11, 'leaky', {rssBytes: 5e8, startedAtMs: at(5)}),
			process(12, 'steady', {rssBytes: 3e9}),
		])) {
			tally.add(tick);
		}

		const [result] = tally.result(() => host(60, {'memory.used_bytes|memory': second => 4e9 + second * 2e7}));
		expect(result!.contributors.map(contributor => [contributor.name, contributor.amount])).toEqual([['java', 59e7], ['leaky', 5e8]]);
		expect(result!.total).toBeCloseTo(59 * 2e7);
	});

	it('never gives a share above 100 % when the processes\' bytes, read at other moments, exceed the device\'s', () => {
		const vda = episode('disk:vda', 'disk', 0, 99);
		const tally = contributorTally([vda]);
		// fio's four workers did 10.2 MB/s by their counters while vda's said 10 MB/s.
		for (const tick of records(0, 99, () => [...[901, 902, 903, 904].map(pid => process(pid, 'fio', {ioBytesPerSec: 2.55e6, ppid: 900})), process(812, 'postgres', {ioBytesPerSec: 0.2e6})])) {
			tally.add(tick);
		}

		const [result] = tally.result(() => host(100, {'disk.read_bytes_per_s|disk:vda': () => 0, 'disk.write_bytes_per_s|disk:vda': () => 10e6}));
		expect(result!.contributors.map(contributor => contributor.share! * 100)).toEqual([expect.closeTo(98.08, 1), expect.closeTo(1.92, 1)]);
		expect(result!.unattributed).toBe(0);
		const lines = episodeLines({...vda, contributors: result!, signals: []});
		expect(lines[1]).toContain('did 98 % of vda\'s reads and writes');
		expect(lines[3]).toBe('  shares are of the processes\' 982 MiB read and written, more than vda\'s own (944 MiB): the two are read at slightly different moments');
	});

	it('shares memory growth out of the processes\' own growth when it exceeds the growth of memory in use', () => {
		const memory = episode('memory', 'memory', 0, 59);
		const tally = contributorTally([memory]);
		// Two workers grow over the same shared pages (each RSS counts them) while a cache shrinks.
		for (const tick of records(0, 59, second => [
			process(20, 'worker', {rssBytes: 1e9 + second * 1e7, ppid: 19}),
			process(21, 'worker', {rssBytes: 1e9 + second * 1e7, ppid: 19}),
			process(30, 'cache', {rssBytes: 2e9 - second * 5e6}),
			process(40, 'java', {rssBytes: 1e9 + second * 2e6}),
		])) {
			tally.add(tick);
		}

		const [result] = tally.result(() => host(60, {'memory.used_bytes|memory': second => 4e9 + second * 1e7}));
		const shares = result!.contributors.map(contributor => contributor.share!);
		expect(shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1);
		expect(shares[0]).toBeCloseTo(118e7 / (118e7 + 11.8e7));
		const lines = episodeLines({...memory, contributors: result!, signals: []});
		expect(lines[1]).toBe('  worker ×2 (pids 20, 21) grew by 1.1 GiB, 91 % of the processes\' growth');
		expect(lines.at(-1)).toBe('  shares are of the processes\' growth, 1.2 GiB in all, while memory in use grew by 563 MiB: RSS counts shared pages in each process, and others shrank');
	});

	it('has no measure for a resource no process figure speaks for, and says when no record fell in the span', () => {
		const tally = contributorTally([episode('net:eth0', 'net', 0, 9), episode('cpu', 'cpu', 0, 9)]);
		const results = tally.result(() => host(10, {}));
		expect(results.map(result => [result.measure, result.recordedTicks, result.contributors.length])).toEqual([[undefined, 0, 0], ['cpu_seconds', 0, 0]]);
	});
});
