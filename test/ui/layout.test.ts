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
		expect(layout.processHeight).toBe(19);
	});
});
