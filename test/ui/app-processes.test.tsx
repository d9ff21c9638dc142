import {afterEach, describe, expect, it} from 'vitest';
import type {ProcessSample} from '../../source/metrics/types.js';
import {Dashboard} from '../../source/ui/app.js';
import {fakeActions, fakeEngine, type FakeActions, type FakeEngine, loadedSnapshot, process, testInventory} from '../helpers/snapshot-builder.js';
import {type Rendered, renderAt} from './render-dashboard.js';

let view: Rendered | undefined;
afterEach(() => {
	view?.unmount();
	view = undefined;
});

const ESC = '\u001B';
const down = '\u001B[B';

const postgres = process(812, {name: 'postgres', command: '/usr/lib/postgresql/bin/postgres -D /data', user: 'postgres', cpuPct: 60, ppid: 1, startTimeTicks: 5000, startedAtMs: Date.UTC(2024, 2, 1, 12, 0, 0), threads: 7});
const sleeper = process(900, {name: 'sleep', command: 'sleep 300', user: 'www', cpuPct: 0, ppid: 812, startTimeTicks: 6000});
const shell = process(700, {name: 'bash', command: '-bash', user: 'root', cpuPct: 10, ppid: 1, startTimeTicks: 4000});

function withProcesses(processes: readonly ProcessSample[]) {
	const base = loadedSnapshot();
	return {...base, sample: {...base.sample, processes, allProcesses: processes}};
}

function show(engine: FakeEngine, actions: FakeActions = fakeActions()) {
	view = renderAt(<Dashboard engine={engine} actions={actions} inventory={testInventory} noColor/>, 120, 40);
	return view;
}

/** The process table's rows, from its column header down to the footer. */
function tableLines(frame: string): string[] {
	const lines = frame.split('\n');
	const header = lines.findIndex(line => /PID USER/.test(line));
	return lines.slice(header + 1, -1);
}

describe('Dashboard: the process table', () => {
	it('0 focuses the table; ↓ selects the next process, which the selection follows when the rows re-sort', async () => {
		const engine = fakeEngine(withProcesses([postgres, sleeper, shell]));
		const view = show(engine);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('0');
		await view.press(down);
		await view.waitFor(text => tableLines(text)[1]?.startsWith('>') ?? false);
		expect(tableLines(view.frame())[1]).toMatch(/^> +700 root/);
		engine.push(withProcesses([{...postgres, cpuPct: 1}, sleeper, {...shell, cpuPct: 90}]));
		const frame = await view.waitFor(text => /^> +700/.test(tableLines(text)[0] ?? ''));
		expect(tableLines(frame)[1]).toMatch(/^ +812 /);
	});

	it('says in the footer when the selected process exits and selects its neighbour', async () => {
		const engine = fakeEngine(withProcesses([postgres, shell, sleeper]));
		const view = show(engine);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('0');
		engine.push(withProcesses([shell, sleeper]));
		const frame = await view.waitFor(text => text.includes('812 (postgres) exited; selected 700 (bash)'));
		expect(tableLines(frame)[0]).toMatch(/^> +700/);
	});

	it('/ filters as you type, shows the filter above the table, and Esc clears it', async () => {
		const view = show(fakeEngine(withProcesses([postgres, sleeper, shell])));
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('/');
		await view.press('sle');
		let frame = await view.waitFor(text => text.includes('/ sle_  1 of 3 processes'));
		expect(tableLines(frame).filter(line => /^\S* +\d+ /.test(line))).toHaveLength(1);
		expect(frame).toContain('sleep 300');
		expect(frame).toContain('CRITICAL');
		await view.press('\r');
		frame = await view.waitFor(text => text.includes('/ sle  1 of 3'));
		await view.press(ESC);
		frame = await view.waitFor(text => !text.includes('of 3 processes'));
		expect(frame).toContain('postgres -D /data');
	});

	it('t shows the tree, O reverses and marks the sorted column', async () => {
		const view = show(fakeEngine(withProcesses([postgres, sleeper, shell])));
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('O');
		let frame = await view.waitFor(text => text.includes('CPU%▲'));
		expect(tableLines(frame)[0]).toMatch(/^ +900 /);
		await view.press('Ot');
		frame = await view.waitFor(text => text.includes('Process tree'));
		expect(frame).toMatch(/812 postgres .*\n.*└─ sleep 300/);
	});

	it('Enter opens the selected process: command line, user, state, start time, threads and the recorded charts', async () => {
		const actions = fakeActions({processHistory: async () => ({timestamps: [1, 2, 3], cpuPct: [10, 50, 60], rssBytes: [1e6, 2e6, 3e6], ioBytesPerSec: [0, 0, 1e3]})});
		const view = show(fakeEngine(withProcesses([postgres, sleeper, shell])), actions);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('0');
		await view.press('\r');
		const frame = await view.waitFor(text => text.includes('CPU % of one core, 3 recorded ticks'));
		expect(frame).toContain('812 postgres — detail');
		expect(frame).toMatch(/pid 812 {2}ppid 1 {2}user postgres {2}state S \(sleeping\) {2}threads 7/);
		expect(frame).toMatch(/started 2024-03-01 \d\d:00:00/);
		expect(frame).toContain('/usr/lib/postgresql/bin/postgres -D /data');
		expect(frame).toContain('RSS, 3 recorded ticks');
		expect(actions.calls).toContain('processHistory:812');
		await view.press(ESC);
		await view.waitFor(text => text.includes('Top processes'));
	});

	it('says why there is no history when the database is not there', async () => {
		const actions = fakeActions({processHistory: async () => {
			throw new Error('perftop was started with --no-record');
		}});
		const view = show(fakeEngine(withProcesses([postgres])), actions);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('0\r');
		await view.waitFor(text => text.includes('no recorded history: perftop was started with --no-record'));
	});
});

describe('Dashboard: signals, renice and the user picker', () => {
	const init = process(1, {name: 'systemd', command: '/sbin/init', user: 'root', cpuPct: 99, ppid: 0, startTimeTicks: 1});

	it('K opens the signal menu naming pid, name and user; Enter sends TERM to that process and start time', async () => {
		const actions = fakeActions();
		const view = show(fakeEngine(withProcesses([postgres, sleeper, shell])), actions);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('0');
		await view.press('K');
		const frame = await view.waitFor(text => text.includes('Signal 812 (postgres), user postgres (Enter sends, Esc cancels)'));
		expect(frame).toMatch(/> SIGTERM +terminate/);
		expect(frame).toContain('SIGUSR2');
		await view.press('\r');
		await view.waitFor(text => text.includes('sent SIGTERM to 812 (postgres)'));
		expect(actions.calls).toContain('signalProcess:812:5000:SIGTERM');
	});

	it('↓ picks another signal; Esc sends nothing', async () => {
		const actions = fakeActions();
		const view = show(fakeEngine(withProcesses([postgres])), actions);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('0K');
		await view.waitFor(text => text.includes('Signal 812'));
		await view.press(down);
		await view.waitFor(text => /> SIGKILL/.test(text));
		await view.press(ESC);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('K');
		await view.press(down);
		await view.waitFor(text => /> SIGKILL/.test(text));
		await view.press('\r');
		await view.waitFor(text => text.includes('sent SIGKILL'));
		expect(actions.calls.filter(call => call.startsWith('signalProcess'))).toEqual(['signalProcess:812:5000:SIGKILL']);
	});

	it('pid 1 and perftop itself take a second Enter, which the menu asks for by name', async () => {
		const actions = fakeActions();
		view = renderAt(<Dashboard engine={fakeEngine(withProcesses([init, postgres]))} actions={actions} inventory={testInventory} noColor ownPid={812}/>, 120, 40);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('0K\r');
		await view.waitFor(text => text.includes('pid 1 is init: the whole system depends on it: Enter again sends SIGTERM to 1 (systemd), user root'));
		expect(actions.calls.some(call => call.startsWith('signalProcess'))).toBe(false);
		await view.press(ESC);
		await view.press(down);
		await view.press('K\r');
		await view.waitFor(text => text.includes('812 is this perftop: Enter again sends SIGTERM'));
		await view.press('\r');
		await view.waitFor(text => text.includes('sent SIGTERM to 812'));
		expect(actions.calls.filter(call => call.startsWith('signalProcess'))).toEqual(['signalProcess:812:5000:SIGTERM']);
	});

	it('shows why a signal could not be sent in the footer', async () => {
		const actions = fakeActions({signalProcess: async target => `cannot signal ${target.pid} (${target.name}): operation not permitted — run as its user or root`});
		const view = show(fakeEngine(withProcesses([postgres])), actions);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('0K\r');
		await view.waitFor(text => text.includes('cannot signal 812 (postgres): operation not permitted — run as its user or root'));
	});

	it('r prompts for a nice value and sets it; a bad one is refused in the footer', async () => {
		const actions = fakeActions();
		const view = show(fakeEngine(withProcesses([postgres])), actions);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('0r');
		await view.waitFor(text => text.includes('Renice 812 (postgres), user postgres to: _'));
		await view.press('1x0');
		await view.waitFor(text => text.includes('to: 10_'));
		await view.press('\r');
		await view.waitFor(text => text.includes('reniced 812 (postgres) to 10'));
		expect(actions.calls).toContain('reniceProcess:812:10');
		await view.press('r-');
		await view.press('\r');
		await view.waitFor(text => text.includes("not reniced: not a nice value: '-'"));
		await view.press('r');
		await view.press('19');
		await view.press('\u007F');
		await view.waitFor(text => text.includes('to: 1_'));
	});

	it('K works in the process detail view, on the process shown', async () => {
		const actions = fakeActions();
		const view = show(fakeEngine(withProcesses([postgres, shell])), actions);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('0');
		await view.press(down);
		await view.press('\r');
		await view.waitFor(text => text.includes('700 bash — detail'));
		await view.press('K\r');
		await view.waitFor(text => text.includes('sent SIGTERM to 700 (bash)'));
	});

	it('u lists the users; picking one shows only their processes, "all users" shows all again', async () => {
		const view = show(fakeEngine(withProcesses([postgres, sleeper, shell])));
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('u');
		let frame = await view.waitFor(text => text.includes('Show the processes of'));
		expect(frame).toMatch(/ {2}postgres\n {2}root\n {2}www\n> all users/);
		await view.press('k\r');
		frame = await view.waitFor(text => text.includes('user www  1 of 3 processes'));
		expect(frame).toContain('sleep 300');
		await view.press('u');
		await view.waitFor(text => /> www/.test(text));
		await view.press('j\r');
		await view.waitFor(text => !text.includes('of 3 processes'));
	});
});
