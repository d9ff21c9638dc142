import {afterEach, describe, expect, it} from 'vitest';
import type {CgroupSample} from '../../source/metrics/types.js';
import {Dashboard} from '../../source/ui/app.js';
import {fakeActions, fakeEngine, loadedSnapshot, process, testInventory} from '../helpers/snapshot-builder.js';
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
	return {
		path, name, cpuCores: undefined, cpuQuotaCores: undefined, cpuPct: undefined, throttledPct: undefined, memoryBytes: undefined, memoryLimitBytes: undefined,
		memoryPct: undefined, memoryLimitHitsPerSec: undefined, majorFaultsPerSec: undefined, oomKillsPerSec: undefined, ioBytesPerSec: undefined, pids: undefined,
		pidsMax: undefined, cpuPsiSomePct: undefined, memoryPsiSomePct: undefined, memoryPsiFullPct: undefined, ioPsiSomePct: undefined, ...fields,
	};
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

	it('Enter opens the selected group\'s detail with its processes; Esc goes back, then out', async () => {
		const view = show(snapshotWith(groups));
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('c');
		await view.waitFor(text => text.includes('by CPU'));
		await view.press('o');
		await view.press(down);
		await view.press('\r');
		const frame = await view.waitFor(text => text.includes('postgres.service — cgroup detail'));
		expect(frame).toContain('path /system.slice/postgres.service');
		expect(frame).toMatch(/812 +4\.0% +200 MiB +postgres -D \/data/);
		await view.press(ESC);
		await view.waitFor(text => text.includes('by memory'));
		await view.press(ESC);
		await view.waitFor(text => text.includes('Top processes'));
	});

	it('says in one line why no group could be read', async () => {
		const view = show(snapshotWith(undefined, [{group: 'cgroup', reason: 'cannot read /sys/fs/cgroup: EACCES'}]));
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('c');
		const frame = await view.waitFor(text => text.includes('cgroups: cannot read /sys/fs/cgroup: EACCES'));
		expect(frame).not.toContain('CGROUP');
	});
});
