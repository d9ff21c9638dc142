import {afterEach, describe, expect, it} from 'vitest';
import type {Snapshot} from '../../source/engine/types.js';
import {Dashboard} from '../../source/ui/app.js';
import type {PanelId} from '../../source/ui/panels.js';
import {fakeActions, fakeEngine, idleSnapshot, servicesSnapshot, testInventory} from '../helpers/snapshot-builder.js';
import {type Rendered, renderAt} from './render-dashboard.js';

let view: Rendered | undefined;
afterEach(() => {
	view?.unmount();
	view = undefined;
});

function show(snapshot: Snapshot, columns = 160, rows = 48, options: {noColor?: boolean; initialFocus?: PanelId} = {}) {
	const engine = fakeEngine(snapshot);
	view = renderAt(
		<Dashboard engine={engine} actions={fakeActions()} inventory={testInventory} noColor={options.noColor ?? true} initialFocus={options.initialFocus}/>,
		columns,
		rows,
	);
	return {view, engine};
}

const lineCount = (frame: string) => frame.split('\n').length;

function withinScreen(frame: string, columns: number, rows: number): void {
	expect(lineCount(frame)).toBeLessThanOrEqual(rows - 1);
	for (const line of frame.split('\n')) {
		expect(line.length).toBeLessThanOrEqual(columns);
	}
}

describe('Dashboard: Services panel', () => {
	it('joins the four resource panels at 160x48, one line a target, and still fits', async () => {
		const {view} = show(servicesSnapshot());
		const frame = await view.waitFor(text => text.includes('Top processes'));
		expect(frame).toContain('── Services · 3 targets');
		expect(frame).toMatch(/● api +p95 45 ms +err 0\.0% +health 97 +HTTP 200/);
		expect(frame).toMatch(/● auth +p95 720 ms +err 20% +health 60 +HTTP 200/);
		expect(frame).toMatch(/● legacy +p95 — +err 100% +health 0 +failed +DOWN: connection refused by 127\.0\.0\.1:9/);
		expect(frame).toContain('CPU · 2 cores');
		expect(frame).toContain('Network · eth0');
		// The resource panels keep their charts.
		expect(frame).toContain('100┤');
		withinScreen(frame, 160, 48);
	});

	it('is absent without probed services', async () => {
		const {view} = show(idleSnapshot());
		const frame = await view.waitFor(text => text.includes('Top processes'));
		expect(frame).not.toContain('Services');
		expect(frame).not.toContain('●');
	});

	it('colours the status dots: green up, yellow degraded, red down', async () => {
		const {view} = show(servicesSnapshot(), 160, 48, {noColor: false});
		await view.waitFor(text => text.includes('legacy'));
		const raw = view.rawFrame();
		expect(raw).toContain('\u001B[32m●\u001B[39m api');
		expect(raw).toContain('\u001B[33m●\u001B[39m auth');
		expect(raw).toContain('\u001B[91m●\u001B[39m legacy');
	});

	it('fits at 80x24 too', async () => {
		const {view} = show(servicesSnapshot(), 80, 24);
		const frame = await view.waitFor(text => text.includes('Services'));
		expect(frame).toContain('● auth');
		withinScreen(frame, 80, 24);
	});

	it('has a one-line summary in the compact view', async () => {
		const {view} = show(servicesSnapshot(), 60, 15);
		const frame = await view.waitFor(text => text.includes('db-1'));
		expect(frame).toContain('Services 3 targets: 1 down, 1 degraded, 1 up');
		expect(frame).not.toContain('● api');
		withinScreen(frame, 60, 15);
		view.unmount();
		const idle = show(idleSnapshot(), 60, 15).view;
		expect(await idle.waitFor(text => text.includes('db-1'))).not.toContain('Services');
	});

	it('5 jumps to Services and Enter opens its detail view with every figure per target', async () => {
		const {view} = show(servicesSnapshot());
		await view.waitFor(text => text.includes('Top processes'));
		await view.press('5');
		await view.waitFor(text => text.includes('━━ Services · 3 targets'));
		await view.press('\r');
		const detail = await view.waitFor(text => text.includes('Services · 3 targets — detail'));
		expect(detail).toMatch(/TARGET +STATE +REQ\/S +ERR % +P50 +P95 +P99 STATUS +BODY HEALTH/);
		expect(detail).toMatch(/● auth +degraded +0\.1\/s +20% +380 ms +720 ms +910 ms HTTP 200 +512 B +60/);
		expect(detail).toContain('overall rate 0.3/s  errors 40%  health 52 (mean of targets)');
		expect(detail).toContain('auth p95 ms, one point a tick');
		withinScreen(detail, 160, 48);
	});

	it('5 does nothing without services; Tab then cycles through four panels', async () => {
		const {view} = show(idleSnapshot());
		await view.waitFor(text => text.includes('━━ CPU'));
		await view.press('5');
		await view.press('\u001B[Z');
		await view.press('\u001B[Z');
		await view.waitFor(text => text.includes('━━ Network'));
	});

	it('Tab and ↓ reach Services from Network', async () => {
		const {view} = show(servicesSnapshot(), 160, 48, {initialFocus: 'network'});
		await view.waitFor(text => text.includes('━━ Network'));
		await view.press('\t');
		await view.waitFor(text => text.includes('━━ Services') && !text.includes('━━ Network'));
		await view.press('k');
		await view.waitFor(text => text.includes('━━ Disk'));
		await view.press('j');
		await view.waitFor(text => text.includes('━━ Services'));
	});

	it('focus returns to the grid when the services go away under their detail view', async () => {
		const {view, engine} = show(servicesSnapshot(), 160, 48, {initialFocus: 'services'});
		await view.waitFor(text => text.includes('━━ Services'));
		await view.press('\r');
		await view.waitFor(text => text.includes('— detail'));
		engine.push(idleSnapshot());
		const frame = await view.waitFor(text => text.includes('━━ Network'));
		expect(frame).not.toContain('— detail');
		expect(frame).not.toContain('Services');
	});
});
