import {describe, expect, it} from 'vitest';
import type {CgroupDetail} from '../../source/metrics/cgroup-detail.js';
import {cgroupDetailLines} from '../../source/ui/cgroup-detail.js';
import {plainTheme} from '../../source/ui/theme.js';
import {cgroupSample} from '../helpers/cgroup-sample.js';
import {buildSnapshot, process} from '../helpers/snapshot-builder.js';

const path = '/system.slice/app.service';
const sample = cgroupSample(path, {name: 'app.service', cpuCores: 0.5, cpuPct: 25, memoryBytes: 1024 ** 3, memoryPct: 12, ioBytesPerSec: 4096});

describe('cgroupDetailLines', () => {
	it('over a recorded moment: the recorded series where the group was recorded, `not recorded` for the rest and for its processes', () => {
		const snapshot = {
			...buildSnapshot({history: {[`cgroup.cpu_pct|cgroup:${path}`]: [10, 20, 40]}}),
			recorded: {host: 'vm'},
		};
		const lines = cgroupDetailLines(sample, snapshot, 'cpu', 120, 40, plainTheme);
		expect(lines.find(line => line.startsWith('CPU'))).toMatch(/\(25% of the machine\) +▃▅█$/);
		expect(lines.find(line => line.startsWith('memory '))).toMatch(/\(12% of the machine\) +not recorded$/);
		expect(lines.at(-1)).toBe('processes: not recorded (a recording keeps the top processes, not their groups)');
	});

	it('live, the engine\'s series of every group win over the in-memory history of recorded ones, which serve the other rows', () => {
		const detail: CgroupDetail = {path, processes: [], series: {'cgroup.cpu_pct': [0, 0, 50], 'cgroup.memory_pct': [1, 2, 3], 'cgroup.io_bytes_per_s': [5, 5, 5]}};
		const snapshot = {
			...buildSnapshot({history: {[`cgroup.cpu_pct|cgroup:${path}`]: [50, 50, 50], [`cgroup.throttled_pct|cgroup:${path}`]: [0, 100]}}),
			cgroupDetail: detail,
		};
		const lines = cgroupDetailLines(sample, snapshot, 'cpu', 120, 40, plainTheme);
		expect(lines.find(line => line.startsWith('CPU'))).toMatch(/ ▁▁█$/);
		expect(lines.find(line => line.startsWith('throttled'))).toMatch(/ ▁█$/);
		// No series for this row in either place: no sparkline, and live that is not "not recorded".
		expect(lines.find(line => line.startsWith('OOM kills'))).toMatch(/—$/);
		expect(lines.at(-1)).toBe('processes: none');
	});

	it('a tiny terminal keeps CPU, memory and I/O and the count of processes within its height', () => {
		const processes = [1, 2, 3, 4, 5].map(pid => process(pid));
		const detail: CgroupDetail = {path, processes: processes.map(entry => ({pid: entry.pid, group: path, process: entry})), series: undefined};
		const lines = cgroupDetailLines(sample, {...buildSnapshot(), cgroupDetail: detail}, 'memory', 60, 9, plainTheme);
		expect(lines.length).toBeLessThanOrEqual(9);
		expect(lines.filter(line => /^(CPU|memory|I\/O) /.test(line))).toHaveLength(3);
		expect(lines).toContain('5 processes (1 shown) · by memory');
		expect(lines.every(line => line.length <= 60)).toBe(true);
	});

	it('says what a share is of: the quota or limit, else the machine; an unread figure is one `—`', () => {
		const lines = (figures: Parameters<typeof cgroupSample>[1]) => cgroupDetailLines(cgroupSample(path, figures), buildSnapshot(), 'cpu', 100, 40, plainTheme);
		const unlimited = lines({cpuCores: 0.5, cpuPct: 25, memoryBytes: 1024 ** 3, memoryPct: 12});
		expect(unlimited.find(line => line.startsWith('CPU'))).toMatch(/^CPU +0\.50 cores, no quota \(25% of the machine\)/);
		expect(unlimited.find(line => line.startsWith('memory '))).toMatch(/^memory +1\.0 GiB, no limit \(12% of the machine\)/);
		const limited = lines({cpuCores: 0.5, cpuQuotaCores: 0.5, cpuPct: 100, memoryBytes: 243 * 1024 ** 2, memoryLimitBytes: 256 * 1024 ** 2, memoryPct: 95, throttledPct: 60});
		expect(limited.find(line => line.startsWith('CPU'))).toMatch(/^CPU +0\.50 cores of 0\.50 quota \(100%\)/);
		expect(limited.find(line => line.startsWith('memory '))).toMatch(/^memory +243 MiB of 256 MiB limit \(95%\)/);
		expect(limited.find(line => line.startsWith('throttled'))).toMatch(/^throttled +60% of periods/);
		// A v1 group outside the memory and cpu hierarchies: nothing known, nothing made up.
		const unread = lines({cpuCores: undefined, cpuPct: undefined, memoryBytes: undefined, memoryPct: undefined, throttledPct: undefined});
		for (const label of ['CPU', 'memory ', 'throttled']) {
			expect(unread.find(line => line.startsWith(label))).toMatch(/ —$/);
		}
	});

	it('says so while the engine has not listed the group yet, and when it could not', () => {
		const other: CgroupDetail = {path: '/other', processes: [], series: undefined};
		expect(cgroupDetailLines(sample, {...buildSnapshot(), cgroupDetail: other}, 'cpu', 100, 40, plainTheme).at(-1)).toBe('processes: reading …');
		const failed: CgroupDetail = {path, processes: [], failure: 'cannot read /sys/fs/cgroup/pids/app/cgroup.procs: EACCES', series: undefined};
		expect(cgroupDetailLines(sample, {...buildSnapshot(), cgroupDetail: failed}, 'cpu', 100, 40, plainTheme).at(-1)).toBe('processes: cannot read /sys/fs/cgroup/pids/app/cgroup.procs: EACCES');
	});
});
