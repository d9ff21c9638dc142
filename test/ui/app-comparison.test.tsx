import {afterEach, describe, expect, it} from 'vitest';
import {Dashboard} from '../../source/ui/app.js';
import {deviation, fakeActions, fakeEngine, idleSnapshot, loadedComparison, loadedSnapshot, testBaseline, testInventory} from '../helpers/snapshot-builder.js';
import {type Rendered, renderAt} from './render-dashboard.js';

let view: Rendered | undefined;
afterEach(() => {
	view?.unmount();
	view = undefined;
});

const history = {'cpu.busy_pct|cpu': [10, 20, 30, 40, 55, 50, 45, 60], 'disk.util_pct|disk:vda': [50, 70, 97]};

function show(options: {comparison: boolean; columns?: number; rows?: number; noColor?: boolean; notice?: string}) {
	const snapshot = loadedSnapshot({history, ...(options.comparison ? {comparison: loadedComparison()} : {})});
	view = renderAt(
		<Dashboard engine={fakeEngine(snapshot)} actions={fakeActions()} inventory={testInventory} noColor={options.noColor ?? true} notice={options.notice}/>,
		options.columns ?? 160,
		options.rows ?? 48,
	);
	return view;
}

const lineCount = (frame: string) => frame.split('\n').length;

describe('Dashboard with a baseline comparison', () => {
	it('names the baseline in the header from the comparison itself', async () => {
		const frame = await show({comparison: true}).waitFor(text => text.includes('db-1'));
		expect(frame.split('\n')[0]).toContain('baseline db-1-2024-03-01');
	});

	it('marks headline figures beyond 2σ with ▲/▼ and σ', async () => {
		const frame = await show({comparison: true}).waitFor(text => text.includes('Top processes'));
		expect(frame).toContain('busy 55% ▲3.5σ');
		expect(frame).toContain('vda util 97% ▲2.5σ');
		// load1 is 1.9σ below: inside the band, so no marker.
		expect(frame).toContain('load 0.12 0.08 0.05  runnable');
		expect(frame).not.toContain('load 0.12 0.08 0.05 ▼');
	});

	it('colours the markers by band: critical and warning', async () => {
		const rendered = show({comparison: true, noColor: false});
		await rendered.waitFor(text => text.includes('▲3.5σ'));
		expect(rendered.rawFrame()).toContain('\u001B[91m▲3.5σ\u001B[39m');
		expect(rendered.rawFrame()).toContain('\u001B[33m▲2.5σ\u001B[39m');
	});

	it('draws the baseline band behind the CPU and disk charts', async () => {
		const frame = await show({comparison: true}).waitFor(text => text.includes('Top processes'));
		const cpuChart = frame.split('\n').slice(5, 13).map(line => line.slice(0, 79));
		expect(cpuChart.filter(line => line.includes('┄'))).toHaveLength(2);
		// median + 2σ, 40 %, lands on the row labelled 43, median − 2σ (clipped to 0 %) on the row labelled 0;
		// busy 55 % (▲3.5σ) is drawn above the band.
		expect(cpuChart.find(line => line.startsWith(' 43┤'))).toContain('┄┄┄');
		expect(cpuChart.find(line => line.startsWith('  0┤'))).toContain('┄┄┄');
	});

	it('lists the largest deviations and the active anomalies beside the processes at 160x48', async () => {
		const frame = await show({comparison: true}).waitFor(text => text.includes('vs baseline'));
		expect(frame).toContain('vs baseline db-1-2024-03-01 · 1 critical, 1 warning of 4');
		expect(frame).toContain('active anomalies: busy cpu (critical)');
		expect(frame).toMatch(/busy +cpu +55% +20% +▲3\.5σ +10% stddev critical/);
		expect(frame).toMatch(/util +disk:vda +97% +60% +▲2\.5σ +15% robust warning/);
		expect(frame).toMatch(/Top processes by CPU %.*── vs baseline/);
		expect(lineCount(frame)).toBeLessThanOrEqual(47);
		for (const line of frame.split('\n')) {
			expect(line.length).toBeLessThanOrEqual(160);
		}
	});

	it('puts the list under the bottlenecks on a narrower screen, within rows − 1', async () => {
		const frame = await show({comparison: true, columns: 120, rows: 48}).waitFor(text => text.includes('vs baseline'));
		expect(frame).toMatch(/util +disk:vda +97%/);
		expect(frame.indexOf('vs baseline')).toBeLessThan(frame.indexOf('Top processes'));
		expect(lineCount(frame)).toBeLessThanOrEqual(47);
	});

	it('keeps the largest deviation in the compact view', async () => {
		const frame = await show({comparison: true, columns: 60, rows: 15}).waitFor(text => text.includes('db-1'));
		expect(frame).toContain('vs db-1-2024-03-01: largest busy cpu ▲3.5σ critical');
		expect(lineCount(frame)).toBeLessThanOrEqual(14);
	});

	it('changes nothing without a comparison', async () => {
		const frame = await show({comparison: false}).waitFor(text => text.includes('Top processes'));
		expect(frame).not.toContain('vs baseline');
		expect(frame).not.toContain('baseline db-1');
		// ▼ stays only as the process table's sort marker.
		expect(frame).not.toMatch(/[▲┄σ]/);
		expect(frame.split('▼')).toHaveLength(2);
		expect(frame).toContain('busy 55%  usr');
	});

	it('shows the band and the marked figures in the CPU detail view', async () => {
		const rendered = show({comparison: true});
		await rendered.waitFor(text => text.includes('Top processes'));
		await rendered.press('\r');
		const frame = await rendered.waitFor(text => text.includes('one point a tick'));
		expect(frame).toContain('busy %, one point a tick, ┄ baseline band (±2σ)');
		expect(frame).toContain('┄┄┄');
		expect(frame.split('\n')[3]).toBe('busy 55% ▲3.5σ');
	});
});

describe('Dashboard: polish', () => {
	it('shows a notice in the footer from the start', async () => {
		const frame = await show({comparison: false, notice: 'moved a corrupt database aside to /var/lib/perftop/db.corrupt-1'}).waitFor(text => text.includes('db-1'));
		expect(frame.split('\n').at(-1)).toMatch(/^moved a corrupt database aside to \/var\/lib\/perftop\/db\.corrupt-1 · Tab focus/);
	});

	it('shows a notice that arrives later with a re-render, as the database\'s do once it has opened', async () => {
		const snapshot = loadedSnapshot({history});
		const engine = fakeEngine(snapshot);
		const actions = fakeActions();
		view = renderAt(<Dashboard engine={engine} actions={actions} inventory={testInventory} noColor/>, 160, 48);
		const before = await view.waitFor(text => text.includes('Top processes'));
		expect(before.split('\n').at(-1)).toMatch(/^Tab focus/);
		view.rerender(<Dashboard engine={engine} actions={actions} inventory={testInventory} noColor notice="another perftop (pid 4242) is recording to /tmp/p.db; this one takes over when it stops"/>);
		const after = await view.waitFor(text => text.includes('pid 4242'));
		expect(after.split('\n').at(-1)).toMatch(/^another perftop \(pid 4242\) is recording to \/tmp\/p\.db; this one takes over when it stops · Tab focus/);
	});

	it('shows "rec standby" while another perftop records, and says in the footer when it took over', async () => {
		const standby = {...loadedSnapshot({history}), recording: {kind: 'standby', path: '/tmp/p.db', reason: 'another perftop (pid 4242) is recording to /tmp/p.db'}} as const;
		const engine = fakeEngine(standby);
		view = renderAt(<Dashboard engine={engine} actions={fakeActions()} inventory={testInventory} noColor/>, 160, 48);
		const before = await view.waitFor(text => text.includes('Top processes'));
		expect(before.split('\n')[0]).toContain('rec standby');
		engine.push({...standby, recording: {kind: 'recording', path: '/tmp/p.db', notice: 'took over recording to /tmp/p.db (pid 4242 stopped)'}});
		const after = await view.waitFor(text => text.includes('took over'));
		expect(after.split('\n')[0]).toContain('● rec');
		expect(after.split('\n').at(-1)).toMatch(/^took over recording to \/tmp\/p\.db \(pid 4242 stopped\) · Tab focus/);
	});

	it('labels the byte-rate axis of an idle network chart without cutting a label', async () => {
		const snapshot = loadedSnapshot({history: {'net.rx_bytes_per_s|net:eth0': [0, 0, 0, 0], 'net.tx_bytes_per_s|net:eth0': [0, 0, 0, 0]}});
		view = renderAt(<Dashboard engine={fakeEngine(snapshot)} actions={fakeActions()} inventory={testInventory} noColor/>, 160, 48);
		const frame = await view.waitFor(text => text.includes('Top processes'));
		expect(frame).not.toContain('…');
		expect(frame).toMatch(/ {2}1┤/);
		expect(frame).toMatch(/0\.9┤/);
	});
});

describe('CPU detail with a kind-of-work anomaly', () => {
	it('lists the informational entry without an empty recommendation line under it', async () => {
		const forks = deviation('system.forks_per_s|system', 431, 26, 21);
		const snapshot = idleSnapshot({comparison: {baseline: testBaseline('quiet', {}), deviations: [forks], anomalies: [{key: forks.key, band: 'critical'}], events: []}});
		view = renderAt(<Dashboard engine={fakeEngine(snapshot)} actions={fakeActions()} inventory={testInventory} noColor/>, 160, 48);
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('1');
		await view.press('\r');
		const frame = await view.waitFor(text => text.includes('CPU · 2 cores — detail'));
		const lines = frame.split('\n');
		const entry = lines.findIndex(line => line.startsWith('ANOMALY  cpu  forks 431/s, usual 26/s'));
		expect(entry).toBeGreaterThan(0);
		expect(lines[entry + 1]).not.toMatch(/^ *→ *$/);
	});
});
