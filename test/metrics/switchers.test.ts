import {describe, expect, it} from 'vitest';
import {switchRates, switcherCandidates, type SwitchCount} from '../../source/metrics/switchers.js';
import {buildProcess} from '../helpers/sample-builder.js';

const processes = [
	buildProcess({pid: 10, name: 'idle', cpuPct: 0}),
	buildProcess({pid: 20, name: 'pong', cpuPct: 60}),
	buildProcess({pid: 30, name: 'ping', cpuPct: 70}),
	buildProcess({pid: 40, name: 'new', cpuPct: undefined}),
];

function count(pid: number, switches: number, timestamp: number, startTimeTicks = 100): SwitchCount {
	return {pid, startTimeTicks, switches, timestamp};
}

describe('switcherCandidates', () => {
	it('takes the busiest processes, leaving out those with no CPU time yet', () => {
		expect(switcherCandidates(processes, 5).map(process => process.pid)).toEqual([30, 20]);
		expect(switcherCandidates(processes, 1).map(process => process.pid)).toEqual([30]);
	});
});

describe('switchRates', () => {
	it('is the switches per second between two readings of the same process, most first', () => {
		const previous = new Map([[20, count(20, 1000, 0)], [30, count(30, 5000, 0)]]);
		expect(switchRates(previous, [count(20, 201_000, 500), count(30, 55_000, 500)], processes)).toEqual([
			{pid: 20, name: 'pong', switchesPerSec: 400_000},
			{pid: 30, name: 'ping', switchesPerSec: 100_000},
		]);
	});

	it('leaves out a first reading, a reused pid and a sum that went down (threads exited)', () => {
		const previous = new Map([[20, count(20, 1000, 0, 99)], [30, count(30, 5000, 0)]]);
		expect(switchRates(previous, [count(20, 9000, 1000), count(30, 4000, 1000), count(40, 10, 1000)], processes)).toEqual([]);
	});
});
