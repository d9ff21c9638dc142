import {afterEach, describe, expect, it} from 'vitest';
import type {ProcessSample} from '../../source/metrics/types.js';
import {Dashboard} from '../../source/ui/app.js';
import {fakeActions, fakeEngine, loadedSnapshot, process, testInventory} from '../helpers/snapshot-builder.js';
import {type Rendered, renderAt} from './render-dashboard.js';

let view: Rendered | undefined;
afterEach(() => {
	view?.unmount();
	view = undefined;
});

const postgres = process(812, {name: 'postgres', command: '/usr/lib/postgresql/bin/postgres -D /data', user: 'postgres', cpuPct: 60, ppid: 1, startTimeTicks: 5000});
const sleeper = process(900, {name: 'sleep', command: 'sleep 300', user: 'www', cpuPct: 0, ppid: 812, startTimeTicks: 6000});
const shell = process(700, {name: 'bash', command: '-bash', user: 'root', cpuPct: 10, ppid: 1, startTimeTicks: 4000});

function show(processes: readonly ProcessSample[] = [postgres, sleeper, shell]) {
	const base = loadedSnapshot();
	view = renderAt(<Dashboard engine={fakeEngine({...base, sample: {...base.sample, processes, allProcesses: processes}})} actions={fakeActions()} inventory={testInventory} noColor/>, 120, 40);
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
