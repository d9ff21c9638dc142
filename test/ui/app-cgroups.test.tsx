import {afterEach, describe, expect, it, vi} from 'vitest';
import type {CgroupDetail} from '../../source/metrics/cgroup-detail.js';
import type {CgroupSample} from '../../source/metrics/types.js';
import {Dashboard} from '../../source/ui/app.js';
import {fakeActions, fakeEngine, loadedSnapshot, process, testInventory} from '../helpers/snapshot-builder.js';
import {cgroupSample} from '../helpers/cgroup-sample.js';
import {type Rendered, renderAt} from './render-dashboard.js';

let view: Rendered | undefined;
afterEach(() => {
	view?.unmount();
	view = undefined;
});

const ESC = '\u001B';
const down = '\u001B[B';
const mib = 1024 * 1024;

function group(path: string, name: string, fields: Partial<CgroupSample> = {}): CgroupSample {
	return cgroupSample(path, {name, ...fields});
}

const groups: CgroupSample[] = [
	group('/system.slice', 'system.slice', {cpuCores: 0.6, memoryBytes: 400 * mib, ioBytesPerSec: 100}),
	group('/system.slice/nginx.service', 'nginx.service', {cpuCores: 0.5, cpuPct: 25, memoryBytes: 40 * mib, ioBytesPerSec: 10 * mib}),
	group('/system.slice/postgres.service', 'postgres.service', {cpuCores: 0.1, cpuPct: 5, memoryBytes: 243 * mib, memoryLimitBytes: 256 * mib, memoryPct: 95}),
	group('/user.slice', 'user.slice', {cpuCores: 0.05, memoryBytes: 20 * mib}),
];

const postgres = process(812, {name: 'postgres', command: 'postgres -D /data', cpuPct: 4, rssBytes: 200 * mib, cgroups: ['/system.slice/postgres.service']});

function snapshotWith(cgroups: readonly CgroupSample[] | undefined, unavailable: Array<{group: 'cgroup'; reason: string}> = []) {
	const base = loadedSnapshot();
	return {...base, sample: {...base.sample, processes: [postgres], allProcesses: [postgres], unavailable, ...(cgroups && {cgroups})}};
}

function show(snapshot: ReturnType<typeof snapshotWith>) {
	view = renderAt(<Dashboard engine={fakeEngine(snapshot)} actions={fakeActions()} inventory={testInventory} noColor/>, 120, 40);
	return view;
}

/** The group names in the order the view lists them. */
function names(frame: string): string[] {
	const lines = frame.split('\n');
	const header = lines.findIndex(line => line.includes('CGROUP'));
	const column = lines[header]!.indexOf('CGROUP');
	return lines.slice(header + 1, -1).map(line => line.slice(column).trim()).filter(name => name !== '');
}

describe('Dashboard: the cgroup view', () => {
	it('c shows the groups as a tree by CPU, limits beside usage; o sorts by memory; Space folds; c closes', async () => {
		const view = show(snapshotWith(groups));
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('c');
		let frame = await view.waitFor(text => text.includes('cgroups · 4 groups · by CPU'));
		expect(names(frame)).toEqual(['▾ system.slice', 'nginx.service', 'postgres.service', 'user.slice']);
		expect(frame).toContain('243 MiB of 256 MiB (95%)');
		await view.press('o');
		frame = await view.waitFor(text => text.includes('by memory'));
		expect(names(frame)).toEqual(['▾ system.slice', 'postgres.service', 'nginx.service', 'user.slice']);
		await view.press(' ');
		frame = await view.waitFor(text => text.includes('▸ system.slice'));
		expect(names(frame)).toEqual(['▸ system.slice', 'user.slice']);
		await view.press('c');
		await view.waitFor(text => text.includes('Top processes'));
	});

	it('Enter opens the selected group\'s detail: the engine is asked for its processes, all of them listed (children\'s too, unknown ones with —) by the view\'s sort; Esc goes back, then out', async () => {
		const path = '/system.slice/postgres.service';
		const worker = process(815, {name: 'postgres', command: 'postgres: autovacuum', cpuPct: 30, rssBytes: 20 * mib, cgroups: undefined});
		const detail: CgroupDetail = {
			path,
			processes: [
				{pid: 812, group: path, process: postgres},
				{pid: 815, group: `${path}/workers`, process: worker},
				{pid: 9001, group: `${path}/workers`, process: undefined},
			],
			series: {'cgroup.cpu_pct': [1, 2, 5], 'cgroup.memory_pct': [90, 94, 95], 'cgroup.io_bytes_per_s': [0, 0, 0]},
		};
		const base = snapshotWith(groups);
		const engine = fakeEngine({...base, sample: {...base.sample, allProcesses: [postgres, worker]}, cgroupDetail: detail});
		view = renderAt(<Dashboard engine={engine} actions={fakeActions()} inventory={testInventory} noColor/>, 120, 40);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('c');
		await view.waitFor(text => text.includes('by CPU'));
		await view.press('o');
		await view.press(down);
		await view.press('\r');
		let frame = await view.waitFor(text => text.includes('postgres.service — cgroup detail'));
		await vi.waitFor(() => {
			expect(engine.watchedCgroups.at(-1)).toBe(path);
		});
		expect(frame).toContain('path /system.slice/postgres.service');
		expect(frame).toContain('3 processes · by memory');
		// By RSS: 812 (200 MiB), 815 (20 MiB), then 9001, which the tick's process sample does not hold.
		expect(frame).toMatch(/812 +4\.0% +200 MiB +0 B\/s +postgres -D \/data/);
		expect(frame).toMatch(/815 +30% +20 MiB +0 B\/s +workers +postgres: autovacuum/);
		expect(frame).toMatch(/9001 +— +— +— +workers +—/);
		expect(frame.indexOf(' 812 ')).toBeLessThan(frame.indexOf(' 815 '));
		expect(frame.indexOf(' 815 ')).toBeLessThan(frame.indexOf(' 9001 '));
		// Sparklines from the engine's series of every group: CPU rising, memory near the top.
		expect(frame).toMatch(/CPU .*\(5\.0% of the machine\) +▂▄█/);
		await view.press('o');
		frame = await view.waitFor(text => text.includes('3 processes · by I/O'));
		await view.press(ESC);
		await view.waitFor(text => text.includes('cgroups · 4 groups'));
		await vi.waitFor(() => {
			expect(engine.watchedCgroups.at(-1)).toBeUndefined();
		});
		await view.press(ESC);
		await view.waitFor(text => text.includes('Top processes'));
	});

	it('a short terminal lists as many processes as fit and says how many there are', async () => {
		const path = '/system.slice/nginx.service';
		const workers = Array.from({length: 12}, (_, index) => process(900 + index, {name: 'nginx', command: `nginx: worker ${index}`, cpuPct: index}));
		const base = snapshotWith(groups);
		const detail: CgroupDetail = {path, processes: workers.map(worker => ({pid: worker.pid, group: path, process: worker})), series: undefined};
		const engine = fakeEngine({...base, sample: {...base.sample, allProcesses: workers}, cgroupDetail: detail});
		view = renderAt(<Dashboard engine={engine} actions={fakeActions()} inventory={testInventory} noColor/>, 80, 24);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('c');
		await view.waitFor(text => text.includes('by CPU'));
		await view.press(down);
		await view.press('\r');
		const frame = await view.waitFor(text => text.includes('nginx.service — cgroup detail'));
		const shown = /12 processes \((\d+) shown\) · by CPU/.exec(frame);
		expect(shown).not.toBeNull();
		const rows = frame.split('\n').filter(line => /nginx: worker \d+/.test(line));
		expect(rows.length).toBe(Number(shown![1]));
		expect(rows.length).toBeGreaterThan(0);
		// The busiest first.
		expect(rows[0]).toContain('nginx: worker 11');
	});

	it('says in one line why no group could be read', async () => {
		const view = show(snapshotWith(undefined, [{group: 'cgroup', reason: 'cannot read /sys/fs/cgroup: EACCES'}]));
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('c');
		const frame = await view.waitFor(text => text.includes('cgroups: cannot read /sys/fs/cgroup: EACCES'));
		expect(frame).not.toContain('CGROUP');
	});
});
