import {describe, expect, it} from 'vitest';
import {rankBottlenecks, topProcessesFor} from '../../source/analyze/bottlenecks.js';
import {groupName, groupPids, groupWorkers} from '../../source/analyze/process-groups.js';
import {assessResources} from '../../source/analyze/use.js';
import {formatValue} from '../../source/metrics/format.js';
import {buildProcess, buildSample} from '../helpers/sample-builder.js';
import {cpuSaturatedMetrics, diskSaturatedMetrics} from './scenarios.js';

const pct = (value: number) => formatValue(value, 'percent');

// `stress-ng --cpu 4` on a 4-core machine: four `stress-ng-cpu` workers under one `stress-ng`, each
// a little under a core, beside one multi-threaded process busier than any one worker.
const workers = [
	buildProcess({pid: 5101, ppid: 5100, name: 'stress-ng-cpu', cpuPct: 99.6, rssBytes: 6.4e6}),
	buildProcess({pid: 5102, ppid: 5100, name: 'stress-ng-cpu', cpuPct: 99.4, rssBytes: 6.4e6}),
	buildProcess({pid: 5103, ppid: 5100, name: 'stress-ng-cpu', cpuPct: 99.5, rssBytes: 6.3e6}),
	buildProcess({pid: 5104, ppid: 5100, name: 'stress-ng-cpu', cpuPct: 99.5, rssBytes: 6.4e6}),
];
const parent = buildProcess({pid: 5100, ppid: 5090, name: 'stress-ng', cpuPct: 0, rssBytes: 5e6});
const node = buildProcess({pid: 4000, ppid: 3990, name: 'node', cpuPct: 120, rssBytes: 300e6, threads: 11});

describe('groupWorkers', () => {
	it('makes one group of the processes of one name under one parent, with their figures summed', () => {
		const groups = groupWorkers([node, workers[2]!, parent, workers[0]!, workers[3]!, workers[1]!]);
		expect(groups.map(group => [group.pid, group.name, group.count])).toEqual([[4000, 'node', 1], [5101, 'stress-ng-cpu', 4], [5100, 'stress-ng', 1]]);
		const stress = groups[1]!;
		expect(stress.cpuPct).toBeCloseTo(398, 6);
		expect(stress.rssBytes).toBe(25.5e6);
		expect(stress.pids).toEqual([5101, 5102, 5103, 5104]);
		expect(stress.threads).toBe(4);
		expect(groupName(stress)).toBe('stress-ng-cpu ×4');
		expect(groupPids(stress)).toBe('pids 5101, 5102, 5103 …');
		expect(groupName(groups[0]!)).toBe('node');
		expect(groupPids(groups[0]!)).toBe('pid 4000');
	});

	it('leaves alone processes adopted by init and those whose parent is unknown', () => {
		const daemons = [buildProcess({pid: 10, ppid: 1, name: 'node'}), buildProcess({pid: 11, ppid: 1, name: 'node'})];
		const recorded = [buildProcess({pid: 20, name: 'fio'}), buildProcess({pid: 21, name: 'fio'})];
		expect(groupWorkers([...daemons, ...recorded]).map(group => group.count)).toEqual([1, 1, 1, 1]);
	});

	it('keeps unknown figures unknown, and a known one known', () => {
		const [group] = groupWorkers([buildProcess({pid: 1, ppid: 9, name: 'w', cpuPct: undefined, readBytesPerSec: undefined, writeBytesPerSec: undefined}), buildProcess({pid: 2, ppid: 9, name: 'w', cpuPct: undefined, readBytesPerSec: 5, writeBytesPerSec: undefined})]);
		expect(group!.cpuPct).toBeUndefined();
		expect(group!.readBytesPerSec).toBe(5);
		expect(group!.writeBytesPerSec).toBeUndefined();
	});
});

describe('workers of one program as one culprit', () => {
	it('names stress-ng-cpu ×4 at 398 % as the top CPU consumer, above a busier single process', () => {
		const processes = [node, parent, ...workers];
		expect(topProcessesFor('cpu', processes).map(group => groupName(group))).toEqual(['stress-ng-cpu ×4', 'node']);
		const [cpu] = rankBottlenecks(assessResources(buildSample({metrics: cpuSaturatedMetrics, processes})), processes);
		expect(cpu!.recommendation).toContain(`top consumer stress-ng-cpu ×4 (pids 5101, 5102, 5103 …, ${pct(398)})`);
	});

	it('names fio\'s four jobs as one writer, not the first of them', () => {
		const jobs = [5201, 5202, 5203, 5204].map(pid => buildProcess({pid, ppid: 5200, name: 'fio', writeBytesPerSec: 180e6}));
		const make = buildProcess({pid: 300, ppid: 299, name: 'make', writeBytesPerSec: 250e6});
		const processes = [make, ...jobs];
		const disk = rankBottlenecks(assessResources(buildSample({metrics: diskSaturatedMetrics, processes})), processes).find(bottleneck => bottleneck.resource === 'disk:vda');
		expect(disk!.topProcesses.map(group => groupName(group))).toEqual(['fio ×4', 'make']);
		expect(disk!.recommendation).toContain(`top writer fio ×4 (pids 5201, 5202, 5203 …, ${formatValue(720e6, 'bytes_per_second')})`);
	});
});
