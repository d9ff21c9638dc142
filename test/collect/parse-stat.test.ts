import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseStat} from '../../source/collect/parse-stat.js';

function fixture(scenario: string): string {
	return readFileSync(new URL(`../fixtures/proc/${scenario}/stat`, import.meta.url), 'utf8');
}

function times(user: number, nice: number, system: number, idle: number, iowait: number, irq: number, softirq: number, steal = 0, guest = 0, guestNice = 0) {
	return {user, nice, system, idle, iowait, irq, softirq, steal, guest, guestNice};
}

describe('parseStat', () => {
	it('reads the captured 2-CPU machine exactly', () => {
		const reading = parseStat(fixture('vm-2cpu'));
		expect(reading.total).toEqual(times(22_223, 0, 6549, 143_138, 391, 0, 286));
		expect([...reading.cores.keys()]).toEqual(['cpu0', 'cpu1']);
		expect(reading.cores.get('cpu0')).toEqual(times(3914, 0, 2834, 79_330, 52, 0, 144));
		expect(reading.cores.get('cpu1')).toEqual(times(18_309, 0, 3714, 63_807, 338, 0, 142));
		expect(reading.contextSwitches).toBe(676_011);
		expect(reading.forks).toBe(7688);
		expect(reading.procsRunning).toBe(1);
		expect(reading.procsBlocked).toBe(0);
		expect(reading.bootTimeSec).toBe(1_795_635_503);
	});

	it('reads the capture one second later with the same boot time and larger counters', () => {
		const before = parseStat(fixture('vm-2cpu'));
		const after = parseStat(fixture('vm-2cpu-t1'));
		expect(after.total).toEqual(times(22_232, 0, 6559, 143_354, 391, 0, 286));
		expect(after.contextSwitches - before.contextSwitches).toBe(306);
		expect(after.forks - before.forks).toBe(27);
		expect(after.procsRunning).toBe(2);
		expect(after.bootTimeSec).toBe(before.bootTimeSec);
	});

	it('has no entry for a core that went offline, while the total keeps its frozen ticks', () => {
		const reading = parseStat(fixture('cpu-offline-t1'));
		expect([...reading.cores.keys()]).toEqual(['cpu0']);
		expect(reading.total).toEqual(times(22_231, 0, 6555, 143_241, 391, 0, 286));
	});

	it('reads 64 cores in order, each with its own values', () => {
		const reading = parseStat(fixture('cpu-64'));
		expect(reading.cores.size).toBe(64);
		expect([...reading.cores.keys()]).toEqual(Array.from({length: 64}, (_, index) => `cpu${index}`));
		expect(reading.cores.get('cpu63')).toEqual(times(18_309 + (63 * 7), 0, 3714 + (63 * 3), 63_807 + (63 * 11), 338, 0, 142));
		const userSum = [...reading.cores.values()].reduce((sum, core) => sum + core.user, 0);
		expect(reading.total.user).toBe(userSum);
		expect(reading.total.user).toBe(725_248);
	});

	it('reads steal, guest and guest_nice as 0 on a kernel that lacks those columns', () => {
		const reading = parseStat(fixture('old-kernel'));
		expect(reading.total).toEqual(times(22_223, 0, 6549, 143_138, 391, 0, 286, 0, 0, 0));
		expect(reading.cores.get('cpu1')).toEqual(times(18_309, 0, 3714, 63_807, 338, 0, 142));
	});

	it('reads steal and guest columns when present', () => {
		const reading = parseStat('cpu  10 1 20 300 4 5 6 7 8 9\ncpu0 10 1 20 300 4 5 6 7 8 9\nctxt 1\nbtime 2\nprocesses 3\nprocs_running 4\nprocs_blocked 5\n');
		expect(reading.total).toEqual(times(10, 1, 20, 300, 4, 5, 6, 7, 8, 9));
		expect(reading.procsBlocked).toBe(5);
	});

	it('skips a malformed core line and a malformed duplicate counter, keeping the rest', () => {
		const reading = parseStat(fixture('malformed'));
		expect([...reading.cores.keys()]).toEqual(['cpu0']);
		expect(reading.total).toEqual(times(22_223, 0, 6549, 143_138, 391, 0, 286));
		expect(reading.contextSwitches).toBe(676_011);
	});

	it('skips a core line with fewer than four columns', () => {
		const reading = parseStat('cpu  1 2 3 4\ncpu0 1 2 3\ncpu1 1 2 3 4\nctxt 1\nbtime 2\nprocesses 3\nprocs_running 4\nprocs_blocked 5\n');
		expect([...reading.cores.keys()]).toEqual(['cpu1']);
	});

	it('splits fields on any whitespace and reads a number too long to sum exactly as Number() does', () => {
		const reading = parseStat('cpu\t1  2\t\t3 12345678901234567 9 9 9 9 9 9 x\n cpu0 1 2 3 4\nintr 1 2 junk\nctxt 1\nbtime 2\nprocesses 3\nprocs_running 4\nprocs_blocked 5\n');
		expect(reading.total).toEqual(times(1, 2, 3, Number('12345678901234567'), 9, 9, 9, 9, 9, 9));
		expect(reading.cores.get('cpu0')).toEqual(times(1, 2, 3, 4, 0, 0, 0));
	});

	it('throws when the cpu total line is missing or malformed', () => {
		const rest = 'ctxt 1\nbtime 2\nprocesses 3\nprocs_running 4\nprocs_blocked 5\n';
		expect(() => parseStat(`cpu0 1 2 3 4\n${rest}`)).toThrow('/proc/stat: no cpu line');
		expect(() => parseStat(`cpu  1 2 x 4\n${rest}`)).toThrow('/proc/stat: malformed cpu line');
		expect(() => parseStat('')).toThrow('/proc/stat: no cpu line');
	});

	it('throws naming the scheduler counter that is missing', () => {
		expect(() => parseStat('cpu  1 2 3 4\nbtime 2\nprocesses 3\nprocs_running 4\nprocs_blocked 5\n')).toThrow('/proc/stat: no ctxt line');
		expect(() => parseStat('cpu  1 2 3 4\nctxt 1\nbtime 2\nprocesses 3\nprocs_running 4\n')).toThrow('/proc/stat: no procs_blocked line');
	});

	it('reads a scheduler counter only from a line of its key and one number', () => {
		const rest = 'btime 2\nprocesses 3\nprocs_running 4\nprocs_blocked 5\n';
		for (const line of ['ctxt', 'ctxt x', 'ctxt 1 2', 'ctxt -1', 'ctxt 1.5']) {
			expect(() => parseStat(`cpu  1 2 3 4\n${line}\n${rest}`), line).toThrow('/proc/stat: no ctxt line');
		}

		expect(parseStat(`cpu  1 2 3 4\n  ctxt\t12345678901234567  \n${rest}`).contextSwitches).toBe(12_345_678_901_234_567);
	});
});
