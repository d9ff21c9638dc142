import {describe, expect, it} from 'vitest';
import {mainLayout, screenLayout} from '../../source/ui/layout.js';

describe('screenLayout', () => {
	it('uses at most rows − 1 lines', () => {
		for (const [columns, rows] of [[20, 5], [40, 10], [80, 24], [160, 48], [10, 1], [10, 2]] as const) {
			const layout = screenLayout(columns, rows);
			const used = layout.body + (layout.header ? 1 : 0) + (layout.footer ? 1 : 0);
			expect(used).toBeLessThanOrEqual(Math.max(1, rows - 1));
		}
	});

	it('is compact below 80x24 only', () => {
		expect(screenLayout(79, 40).compact).toBe(true);
		expect(screenLayout(120, 23).compact).toBe(true);
		expect(screenLayout(80, 24).compact).toBe(false);
	});
});

describe('mainLayout', () => {
	it('fills the body exactly at 80x24 and 160x48', () => {
		for (const [body, bottlenecks] of [[21, 0], [21, 3], [21, 9], [45, 1], [45, 5]] as const) {
			const layout = mainLayout(body, bottlenecks);
			expect(2 * layout.panelHeight + layout.bottleneckHeight + layout.processHeight).toBeLessThanOrEqual(body);
			expect(layout.panelHeight).toBeGreaterThanOrEqual(6);
			expect(layout.processHeight).toBeGreaterThanOrEqual(5);
		}
	});

	it('caps the chart height and gives the rest to processes on a tall terminal', () => {
		const layout = mainLayout(45, 1);
		expect(layout.panelHeight).toBe(12);
		// 45 lines: two panels of 12, the bottleneck list's title, entry and recommendation, 18 for processes.
		expect(layout.processHeight).toBe(18);
		expect(layout.bottleneckHeight).toBe(3);
	});
});

describe('mainLayout with services and a comparison', () => {
	const total = (layout: ReturnType<typeof mainLayout>) =>
		2 * layout.panelHeight + layout.servicesHeight + layout.bottleneckHeight + layout.processHeight + (layout.comparison.placement === 'below' ? layout.comparison.height : 0);

	it('gives the Services row a title and one line a target, up to eight', () => {
		expect(mainLayout(45, 1, {serviceTargets: 3}).servicesHeight).toBe(4);
		expect(mainLayout(45, 1, {serviceTargets: 30}).servicesHeight).toBe(9);
		expect(mainLayout(45, 1).servicesHeight).toBe(0);
	});

	it('never uses more than the body at 80x24 and 160x48, whatever is added', () => {
		for (const body of [21, 45]) {
			for (const bottlenecks of [0, 3, 9]) {
				for (const serviceTargets of [0, 1, 3, 8, 20]) {
					for (const deviations of [undefined, 0, 4, 50]) {
						for (const width of [80, 160]) {
							const layout = mainLayout(body, bottlenecks, {serviceTargets, deviations, width});
							expect(total(layout)).toBeLessThanOrEqual(body);
							expect(layout.panelHeight).toBeGreaterThanOrEqual(4);
						}
					}
				}
			}
		}
	});

	it('keeps charts on the panels at 160x48 with three services', () => {
		expect(mainLayout(45, 1, {serviceTargets: 3, width: 160}).panelHeight).toBeGreaterThanOrEqual(10);
	});

	it('puts the comparison beside the processes on a wide screen, under the bottlenecks on a narrower one', () => {
		const wide = mainLayout(45, 1, {deviations: 12, width: 160});
		expect(wide.comparison).toEqual({placement: 'beside', height: wide.processHeight, width: 80});
		const narrow = mainLayout(45, 1, {deviations: 12, width: 120});
		expect(narrow.comparison.placement).toBe('below');
		expect(narrow.comparison.height).toBe(11);
		expect(narrow.processHeight).toBeGreaterThanOrEqual(5);
	});

	it('drops the comparison when there is no room for it, and has none without one', () => {
		expect(mainLayout(21, 3, {deviations: 12, width: 100}).comparison.placement).toBe('none');
		expect(mainLayout(45, 1, {width: 160}).comparison.placement).toBe('none');
	});
});

describe('mainLayout on a tall screen', () => {
	it('gives the process table what is left at 200x60, and the lines it has no processes for to the charts', () => {
		const body = 57;
		const many = mainLayout(body, 1, {width: 200, processRows: 45});
		expect(2 * many.panelHeight + many.bottleneckHeight + many.processHeight).toBe(body);
		expect(many.processHeight).toBeGreaterThan(22);
		const few = mainLayout(body, 1, {width: 200, processRows: 16});
		expect(few.processHeight).toBeLessThanOrEqual(2 + 16 + 1);
		expect(few.panelHeight).toBeGreaterThan(many.panelHeight);
		expect(2 * few.panelHeight + few.bottleneckHeight + few.processHeight).toBe(body);
	});
});
