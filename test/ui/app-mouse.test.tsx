import {afterEach, describe, expect, it} from 'vitest';
import type {ProcessSample} from '../../source/metrics/types.js';
import {Dashboard} from '../../source/ui/app.js';
import {fakeActions, fakeEngine, loadedSnapshot, process, testInventory} from '../helpers/snapshot-builder.js';
import {type Rendered, renderAt} from './render-dashboard.js';

let view: Rendered | undefined;
let actions = fakeActions();
afterEach(() => {
	view?.unmount();
	view = undefined;
});

const postgres = process(812, {name: 'postgres', command: '/usr/lib/postgresql/bin/postgres -D /data', user: 'postgres', cpuPct: 60, ppid: 1, startTimeTicks: 5000});
const sleeper = process(900, {name: 'sleep', command: 'sleep 300', user: 'www', cpuPct: 0, ppid: 812, startTimeTicks: 6000});
const shell = process(700, {name: 'bash', command: '-bash', user: 'root', cpuPct: 10, ppid: 1, startTimeTicks: 4000});

function show(processes: readonly ProcessSample[] = [postgres, sleeper, shell]) {
	const base = loadedSnapshot();
	actions = fakeActions();
	view = renderAt(<Dashboard engine={fakeEngine({...base, sample: {...base.sample, processes, allProcesses: processes}})} actions={actions} inventory={testInventory} noColor/>, 120, 40);
	return view;
}

/** Where `text` is on the frame, 0-based. */
function cellOf(frame: string, text: string): {column: number; row: number} {
	const row = frame.split('\n').findIndex(line => line.includes(text));
	expect(row).toBeGreaterThanOrEqual(0);
	return {column: frame.split('\n')[row]!.indexOf(text), row};
}

/** An SGR report as a terminal sends it: 1-based cell, M for a press, m for a release. */
function report(code: number, {column, row}: {column: number; row: number}, final = 'M'): string {
	return `\u001B[<${code};${column + 1};${row + 1}${final}`;
}

const click = (cell: {column: number; row: number}) => report(0, cell) + report(0, cell, 'm');

describe('Dashboard: the mouse', () => {
	it('a click focuses the panel under it; a double-click opens its detail', async () => {
		const shown = show();
		const frame = await shown.waitFor(text => text.includes('Top processes'));
		await shown.press(click(cellOf(frame, 'Network')));
		await shown.waitFor(text => text.includes('━━ Network'));
		const memory = cellOf(shown.frame(), 'Memory');
		await shown.press(click(memory));
		await shown.press(click(memory));
		await shown.waitFor(text => text.includes('Memory — detail'));
	});

	it('a click selects a process row, the wheel moves the selection, a double-click opens its detail', async () => {
		const shown = show();
		const frame = await shown.waitFor(text => text.includes('Top processes'));
		const bash = cellOf(frame, '-bash');
		await shown.press(click(bash));
		await shown.waitFor(text => /^> +700 root/m.test(text));
		await shown.press(report(65, bash));
		await shown.waitFor(text => /^> +900 www/m.test(text));
		await shown.press(report(64, bash));
		await shown.waitFor(text => /^> +812 postgres/m.test(text));
		const sleep = cellOf(shown.frame(), 'sleep 300');
		await shown.press(click(sleep) + click(sleep));
		await shown.waitFor(text => text.includes('900 sleep — detail'));
	});

	it('a click on a bottleneck opens its panel\'s detail, as Enter does there; a click outside the detail closes it', async () => {
		const shown = show();
		const frame = await shown.waitFor(text => text.includes('Top processes'));
		// The second entry, under the first one's advice.
		await shown.press(click(cellOf(frame, 'busy 55 %, iowait 40 %')));
		await shown.waitFor(text => text.includes('CPU · 2 cores — detail'));
		// The header line is outside the detail view.
		await shown.press(click({column: 5, row: 0}));
		await shown.waitFor(text => text.includes('Top processes') && !text.includes('— detail'));
		await shown.press(click(cellOf(shown.frame(), 'find the writer')));
		await shown.waitFor(text => text.includes('Disk · vda — detail'));
	});

	it('a click in a picker picks; a signal only from a second click on it; a click outside closes the picker', async () => {
		const shown = show();
		const frame = await shown.waitFor(text => text.includes('Top processes'));
		await shown.press(click(cellOf(frame, '-bash')));
		await shown.press('u');
		const users = await shown.waitFor(text => text.includes('Show the processes of'));
		await shown.press(click(cellOf(users, 'www')));
		await shown.waitFor(text => text.includes('user www') && text.includes('sleep 300'));
		await shown.press('K');
		const signals = await shown.waitFor(text => text.includes('Enter sends'));
		const kill = cellOf(signals, 'SIGKILL');
		await shown.press(click(kill));
		await shown.waitFor(text => /> SIGKILL/.test(text));
		expect(actions.calls.filter(call => call.startsWith('signalProcess'))).toEqual([]);
		await shown.press(click(kill));
		await shown.waitFor(() => actions.calls.some(call => call.startsWith('signalProcess') && call.endsWith(':SIGKILL')));
		await shown.press('K');
		await shown.waitFor(text => text.includes('Enter sends'));
		await shown.press(click({column: 5, row: 30}));
		await shown.waitFor(text => text.includes('Top processes') && !text.includes('Enter sends'));
	});

	it('never types a report into a prompt, and ignores clicks while one is open', async () => {
		const shown = show();
		const frame = await shown.waitFor(text => text.includes('Top processes'));
		await shown.press('/');
		await shown.press('sl');
		await shown.press(click(cellOf(frame, 'Network')) + report(65, cellOf(frame, '-bash')));
		await shown.press('e');
		const filtered = await shown.waitFor(text => text.includes('/ sle_'));
		expect(filtered).not.toContain('━━ Network');
		expect(filtered).not.toContain('unknown key');
	});
});
