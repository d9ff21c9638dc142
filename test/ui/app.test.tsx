import {afterEach, describe, expect, it} from 'vitest';
import {Dashboard} from '../../source/ui/app.js';
import type {PanelId} from '../../source/ui/panels.js';
import {keymap} from '../../source/ui/keymap.js';
import {fakeActions, fakeEngine, type FakeActions, type FakeEngine, idleSnapshot, loadedSnapshot, process, testInventory} from '../helpers/snapshot-builder.js';
import {type Rendered, renderAt} from './render-dashboard.js';

let view: Rendered | undefined;
afterEach(() => {
	view?.unmount();
	view = undefined;
});

type Setup = {
	readonly engine?: FakeEngine;
	readonly actions?: FakeActions;
	readonly columns?: number;
	readonly rows?: number;
	readonly noColor?: boolean;
	readonly initialFocus?: PanelId;
	readonly clock?: () => number;
};

function show(setup: Setup = {}) {
	const engine = setup.engine ?? fakeEngine(loadedSnapshot());
	const actions = setup.actions ?? fakeActions();
	view = renderAt(
		<Dashboard engine={engine} actions={actions} inventory={testInventory} noColor={setup.noColor ?? true} initialFocus={setup.initialFocus} {...(setup.clock ? {clock: setup.clock} : {})}/>,
		setup.columns ?? 100,
		setup.rows ?? 30,
	);
	return {engine, actions, view};
}

const ESC = '\u001B';
const lineCount = (frame: string) => frame.split('\n').length;

describe('Dashboard: the main screen', () => {
	it('shows the header, four panels with headline figures, bottlenecks and processes', async () => {
		const {view} = show();
		const frame = await view.waitFor(text => text.includes('Top processes'));
		expect(frame).toContain('db-1');
		expect(frame).toContain('14:07:09');
		expect(frame).toContain('rec off');
		expect(frame).toContain('CPU · 2 cores');
		expect(frame).toContain('busy 55%');
		expect(frame).toContain('used 2.0 GiB of 8.0 GiB');
		expect(frame).toContain('Disk · vda');
		expect(frame).toContain('await 41 ms');
		expect(frame).toContain('+1 other');
		expect(frame).toContain('Network · eth0');
		expect(frame).toContain('U 97%  S 6.20  E —  CRITICAL');
		expect(frame).toMatch(/CRITICAL +disk:vda {2}vda busy 97 %, await 41 ms, aqu-sz 6.2 — top: pg_dump \(4242\)/);
		expect(frame).toContain('pg_dump --all');
		expect(lineCount(frame)).toBeLessThanOrEqual(29);
	});

	for (const [columns, rows] of [[160, 48], [80, 24]] as const) {
		it(`puts the first bottleneck's recommendation under it at ${columns}x${rows} (issue 13 item 13)`, async () => {
			const {view} = show({columns, rows});
			const lines = (await view.waitFor(text => text.includes('Top processes'))).split('\n');
			const first = lines.findIndex(line => line.startsWith('CRITICAL disk:vda'));
			expect(lines[first + 1]).toBe('         → find the writer');
			expect(lines[first + 2]).toMatch(/^MEDIUM +cpu/);
			expect(lines.length).toBeLessThanOrEqual(rows - 1);
		});
	}

	it('says plainly when no resource is a bottleneck', async () => {
		const {view} = show({engine: fakeEngine(idleSnapshot())});
		const frame = await view.waitFor(text => text.includes('Bottlenecks'));
		expect(frame).toContain('No bottleneck: every resource is LOW');
		expect(frame).not.toContain('CRITICAL');
	});

	it('shows the recording state', async () => {
		const {view} = show({engine: fakeEngine(idleSnapshot({recording: {kind: 'paused', path: '/var/lib/perftop.db', reason: 'disk full'}}))});
		expect(await view.waitFor(text => text.includes('db-1'))).toContain('rec paused: disk full');
	});

	it('colours the severity by theme and writes no escape code at all with noColor', async () => {
		const coloured = show({noColor: false});
		await coloured.view.waitFor(text => text.includes('CRITICAL'));
		expect(coloured.view.rawFrame()).toContain('\u001B[91mU 97%');
		coloured.view.unmount();
		const plain = show({noColor: true});
		await plain.view.waitFor(text => text.includes('CRITICAL'));
		expect(plain.view.rawFrame()).not.toContain('\u001B');
	});

	it('renders a waiting line before the first snapshot, then the snapshot when it arrives', async () => {
		const engine = fakeEngine();
		const {view} = show({engine});
		await view.waitFor(text => text.includes('Waiting for the first reading'));
		expect(engine.listenerCount()).toBe(1);
		engine.push(idleSnapshot());
		await view.waitFor(text => text.includes('busy 3.2%'));
	});
});

describe('Dashboard: sizes', () => {
	for (const [columns, rows] of [[20, 5], [40, 10], [60, 15], [80, 24], [160, 48]] as const) {
		it(`renders at ${columns}x${rows} within rows − 1 lines and the width`, async () => {
			const {view} = show({columns, rows});
			const frame = await view.waitFor(text => text.includes('db-1'));
			expect(lineCount(frame)).toBeLessThanOrEqual(rows - 1);
			for (const line of frame.split('\n')) {
				expect(line.length).toBeLessThanOrEqual(columns);
			}
		});
	}

	it('uses the compact one-column view at 60x15: headline numbers and bottlenecks only', async () => {
		const {view} = show({columns: 60, rows: 15});
		const frame = await view.waitFor(text => text.includes('db-1'));
		expect(frame).toContain('CPU MEDIUM busy 55%');
		expect(frame).toContain('Disk CRITICAL vda util 97%');
		expect(frame).toContain('Bottlenecks');
		expect(frame).toContain('         → find the writer');
		expect(frame).not.toContain('Top processes');
		expect(frame).not.toContain('┤');
	});

	it('offers no keys the compact view has nothing for, and says so when one is pressed anyway', async () => {
		const {view} = show({columns: 60, rows: 15});
		const frame = await view.waitFor(text => text.includes('CPU MEDIUM'));
		const footer = frame.split('\n').at(-1)!;
		expect(footer).toContain('? help');
		expect(footer).not.toContain('Tab');
		expect(footer).not.toContain('Enter');
		await view.press('\t');
		await view.waitFor(text => text.includes('Tab: needs a terminal of at least 80x24'));
	});

	it('reflows on resize', async () => {
		const {view} = show({columns: 60, rows: 15});
		await view.waitFor(text => text.includes('CPU MEDIUM'));
		view.stdout.resize(120, 40);
		const frame = await view.waitFor(text => text.includes('Top processes'));
		expect(lineCount(frame)).toBeLessThanOrEqual(39);
	});
});

describe('Dashboard: keys', () => {
	it('Enter opens the focused panel detail, Esc goes back', async () => {
		const {view} = show({initialFocus: 'disk'});
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('\r');
		const detail = await view.waitFor(text => text.includes('r_await'));
		expect(detail).toContain('r_await');
		expect(detail).toContain('aqu-sz');
		// The panel's bottlenecks, each with its recommendation, under the U / S / E line.
		expect(detail).toMatch(/U 97% {2}S 6\.20 {2}E — {2}CRITICAL.*\nCRITICAL disk:vda .*\n {9}→ find the writer\n/);
		expect(detail).not.toContain('→ profile');
		expect(detail).toContain('filesystems');
		expect(detail).toContain('MOUNT');
		await view.press(ESC);
		await view.waitFor(text => text.includes('Top processes'));
	});

	it('each panel has its detail view: CPU cores, memory breakdown, network table', async () => {
		const {view} = show({rows: 40});
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('\r');
		const cpu = await view.waitFor(text => text.includes('per core'));
		expect(cpu).toMatch(/cpu0 +█*░+ +4\.0%/);
		expect(cpu).toContain('PSI cpu some');
		await view.press('2');
		const memory = await view.waitFor(text => text.includes('buff/cache'));
		expect(memory).toContain('writeback');
		expect(memory).toContain('major faults');
		await view.press('\t');
		await view.press('\t');
		const network = await view.waitFor(text => text.includes('TCP / UDP'));
		expect(network).toContain('rx pkt/s');
		expect(network).toContain('established 7');
	});

	it('Tab and arrows move the focus (shown by the heavy title rule)', async () => {
		const {view} = show();
		await view.waitFor(text => text.includes('━━ CPU'));
		await view.press('\t');
		await view.waitFor(text => text.includes('━━ Memory') && !text.includes('━━ CPU'));
		await view.press('j');
		await view.waitFor(text => text.includes('━━ Network'));
		await view.press('\u001B[D');
		await view.waitFor(text => text.includes('━━ Disk'));
	});

	it('? lists every keymap entry and Esc closes it', async () => {
		// Tall enough for one column: two columns cut the longer lines.
		const {view} = show({rows: 60});
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('?');
		const help = await view.waitFor(text => text.includes('Keys (Esc or ? closes)'));
		for (const binding of keymap) {
			expect(help).toContain(binding.help);
		}

		await view.press(ESC);
		await view.waitFor(text => text.includes('Top processes'));
	});

	it('? scrolls on a terminal too short for it, down to the last key', async () => {
		const {view} = show({columns: 60, rows: 15});
		await view.waitFor(text => text.includes('CPU MEDIUM'));
		await view.press('?');
		const first = await view.waitFor(text => /Keys 1–\d+ of \d+ \(↑↓ scroll/.test(text));
		expect(first).not.toContain('q Ctrl-C');
		for (let line = 0; line < keymap.length; line++) {
			// eslint-disable-next-line no-await-in-loop
			await view.press('j');
		}

		const last = await view.waitFor(text => text.includes('q Ctrl-C'));
		expect(last).not.toContain('focus the next panel');
		await view.press('k');
		await view.press(ESC);
		await view.waitFor(text => text.includes('CPU MEDIUM'));
	});

	it('i picks the interface the Network panel shows', async () => {
		const {view} = show({columns: 160, rows: 40});
		await view.waitFor(text => text.includes('Network · eth0'));
		await view.press('i');
		await view.waitFor(text => text.includes('Network · eth0 (i: next)') && text.includes('network panel: eth0'));
		await view.press('i');
		await view.waitFor(text => text.includes('network panel: the busiest interface'));
	});

	it('o cycles the process sort and reorders the table', async () => {
		const {view} = show();
		// Those the table shows (at 80x24 the last may not fit), in the order it shows them.
		const order = (frame: string) => ['pg_dump --all', 'node server.js', 'postgres: checkpointer', '/sbin/init'].filter(name => frame.includes(name)).sort((a, b) => frame.indexOf(a) - frame.indexOf(b));
		const byCpu = await view.waitFor(text => text.includes('CPU%▼'));
		expect(order(byCpu)[0]).toBe('pg_dump --all');
		await view.press('o');
		const byMemory = await view.waitFor(text => text.includes('RSS▼'));
		expect(order(byMemory)[0]).toBe('postgres: checkpointer');
		await view.press('o');
		const byIo = await view.waitFor(text => text.includes('I/O▼'));
		expect(order(byIo).slice(0, 3)).toEqual(['pg_dump --all', 'postgres: checkpointer', 'node server.js']);
	});

	it('acts on every key of a chunk read at once (fast typing, a paste, tmux send-keys)', async () => {
		const {view} = show();
		await view.waitFor(text => text.includes('CPU%▼'));
		await view.press('oo');
		await view.waitFor(text => text.includes('I/O▼'));
		// A digit and Enter together: focus the disk panel, then open its detail.
		await view.press('3\r');
		const detail = await view.waitFor(text => text.includes('r_await'));
		expect(detail).toContain('r_await');
	});

	it('p pauses the view: PAUSED and the frozen time in the header, p resume in the footer, new snapshots ignored until resumed', async () => {
		const {view, engine} = show({columns: 160});
		await view.waitFor(text => text.includes('14:07:09'));
		expect(view.frame()).toContain('p pause');
		await view.press('p');
		const frozen = await view.waitFor(text => text.includes('PAUSED'));
		expect(frozen).toContain('PAUSED 14:07:09');
		expect(frozen).toContain('p resume');
		engine.push(idleSnapshot({processes: [process(999, {command: 'newcomer'})]}));
		await view.press('o');
		const paused = await view.waitFor(text => text.includes('RSS▼'));
		expect(paused).toContain('busy 55%');
		expect(paused).not.toContain('newcomer');
		await view.press('p');
		const resumed = await view.waitFor(text => text.includes('newcomer'));
		expect(resumed).toContain('busy 3.2%');
		expect(resumed).not.toContain('PAUSED');
	});

	it('+ and - step the interval and call setIntervalMs, clamping at 60 s and 0.5 s', async () => {
		const {view, engine} = show();
		await view.waitFor(text => text.includes('every 1s'));
		for (let i = 0; i < 7; i++) {
			// eslint-disable-next-line no-await-in-loop
			await view.press('+');
		}

		await view.waitFor(text => /every 1m(?! 0s)/.test(text));
		expect(engine.intervalCalls).toEqual([2000, 5000, 10_000, 30_000, 60_000]);
		engine.intervalCalls.length = 0;
		for (let i = 0; i < 8; i++) {
			// eslint-disable-next-line no-await-in-loop
			await view.press('-');
		}

		await view.waitFor(text => text.includes('every 0.5s'));
		expect(engine.intervalCalls).toEqual([30_000, 10_000, 5000, 2000, 1000, 500]);
	});

	it('s writes a range report, S a snapshot report, and the footer says which and where', async () => {
		const {view, actions} = show({columns: 160});
		await view.waitFor(text => text.includes('db-1'));
		await view.press('s');
		await view.waitFor(text => text.includes('range report written: /tmp/perftop-report-db-1.md'));
		await view.press('S');
		await view.waitFor(text => text.includes('snapshot report written: /tmp/perftop-snapshot-db-1.md'));
		expect(actions.calls).toEqual(['writeReport:range', 'writeReport:snapshot']);
	});

	it('an unknown key says so; a footer message gives way to the key hints after a few seconds', async () => {
		let now = 1_000_000;
		const {view, engine} = show({columns: 160, clock: () => now});
		await view.waitFor(text => text.includes('db-1'));
		await view.press('x');
		await view.waitFor(text => text.includes('x: unknown key — ? for help'));
		now += 9000;
		engine.push(idleSnapshot());
		const later = await view.waitFor(text => text.includes('busy 3.2%'));
		expect(later).not.toContain('unknown key');
		expect(later).toContain('? help');
		await view.press('x');
		await view.waitFor(text => text.includes('x: unknown key — ? for help'));
	});

	it('s shows a failing report as a footer message', async () => {
		const actions = fakeActions({writeReport: async () => {
			throw new Error('EACCES: permission denied');
		}});
		const {view} = show({actions});
		await view.waitFor(text => text.includes('db-1'));
		await view.press('s');
		await view.waitFor(text => text.includes('range report failed: EACCES: permission denied'));
	});

	it('B prompts with <host>-<date>, saved as it is on Enter', async () => {
		const {view, actions} = show();
		await view.waitFor(text => text.includes('db-1'));
		await view.press('B');
		await view.waitFor(text => text.includes('Baseline name: db-1-2024-03-05 (typing replaces it)'));
		await view.press('\r');
		await view.waitFor(text => text.includes('baseline saved: db-1-2024-03-05'));
		expect(actions.calls).toEqual(['saveBaseline:db-1-2024-03-05']);
	});

	it('typing replaces the suggested name, Backspace edits and Ctrl-U clears', async () => {
		const {view, actions} = show();
		await view.waitFor(text => text.includes('db-1'));
		await view.press('B');
		await view.waitFor(text => text.includes('(typing replaces it)'));
		for (const key of 'quiet2') {
			await view.press(key);
		}

		await view.waitFor(text => text.includes('Baseline name: quiet2_'));
		await view.press('\u007F');
		await view.waitFor(text => text.includes('Baseline name: quiet_'));
		await view.press('\u0015');
		await view.waitFor(text => text.includes('Baseline name: _'));
		await view.press('n');
		await view.press('\r');
		await view.waitFor(text => text.includes('baseline saved: n'));
		expect(actions.calls).toEqual(['saveBaseline:n']);
	});

	it('asks before replacing a baseline that exists: n goes back to the name, y replaces it', async () => {
		const {view, actions} = show();
		await view.waitFor(text => text.includes('db-1'));
		await view.press('B');
		await view.waitFor(text => text.includes('(typing replaces it)'));
		for (const key of 'db-1-2024-03-01') {
			await view.press(key);
		}

		await view.press('\r');
		await view.waitFor(text => text.includes("Baseline 'db-1-2024-03-01' exists — replace it? y replaces, n renames, Esc cancels"));
		await view.press('n');
		await view.waitFor(text => text.includes('Baseline name: db-1-2024-03-01 (typing replaces it)'));
		await view.press('\r');
		await view.waitFor(text => text.includes('exists — replace it?'));
		await view.press('y');
		await view.waitFor(text => text.includes('baseline saved: db-1-2024-03-01'));
		expect(actions.calls).toEqual(['saveBaseline:db-1-2024-03-01', 'saveBaseline:db-1-2024-03-01', 'saveBaseline:db-1-2024-03-01:replace']);
	});

	it('Esc cancels the baseline prompt without saving; q typed in the prompt is text, not quit', async () => {
		const {view, actions} = show();
		await view.waitFor(text => text.includes('db-1'));
		await view.press('B');
		await view.press('q');
		await view.waitFor(text => text.includes('Baseline name: q_'));
		expect(view.exited()).toBe(false);
		await view.press(ESC);
		await view.waitFor(text => text.includes('Tab focus'));
		expect(actions.calls).toEqual([]);
	});

	it('keys typed faster than renders all land in the prompt, in order', async () => {
		const {view} = show();
		await view.waitFor(text => text.includes('db-1'));
		view.stdin.write('B');
		view.stdin.write('q');
		view.stdin.write('z');
		await view.waitFor(text => text.includes('Baseline name: qz_'));
		expect(view.exited()).toBe(false);
	});

	it('b picks a baseline (or off) and names it in the header', async () => {
		const {view, actions} = show();
		await view.waitFor(text => text.includes('db-1'));
		await view.press('b');
		const picker = await view.waitFor(text => text.includes('Compare against baseline'));
		expect(picker).toContain('> db-1-2024-03-01');
		expect(picker).toContain('off');
		await view.press('j');
		await view.waitFor(text => text.includes('> db-1-2024-02-01'));
		await view.press('\r');
		await view.waitFor(text => text.includes('baseline db-1-2024-02-01') && text.includes('comparing with db-1-2024-02-01'));
		expect(actions.calls).toEqual(['listBaselines', 'selectBaseline:db-1-2024-02-01']);
	});

	it('b and B do not crash when the actions reject', async () => {
		const failing = fakeActions({
			listBaselines: async () => {
				throw new Error('no recording');
			},
			saveBaseline: async () => {
				throw new Error('store is read-only');
			},
		});
		const {view} = show({actions: failing});
		await view.waitFor(text => text.includes('db-1'));
		await view.press('b');
		await view.waitFor(text => text.includes('baselines unavailable: no recording'));
		await view.press('B');
		await view.press('\r');
		await view.waitFor(text => text.includes('baseline not saved: store is read-only'));
		expect(view.exited()).toBe(false);
	});

	it('q quits', async () => {
		const {view} = show();
		await view.waitFor(text => text.includes('db-1'));
		await view.press('q');
		await view.waitFor(() => view.exited());
	});

	it('Ctrl-C quits', async () => {
		const {view} = show();
		await view.waitFor(text => text.includes('db-1'));
		await view.press('\u0003');
		await view.waitFor(() => view.exited());
	});
});
