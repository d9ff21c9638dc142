import {afterEach, describe, expect, it} from 'vitest';
import type {Snapshot} from '../../source/engine/types.js';
import {MainView} from '../../source/ui/components/MainView.js';
import {mainRegions, type Region} from '../../source/ui/main-regions.js';
import {initialTableState} from '../../source/ui/table-state.js';
import {createTheme} from '../../source/ui/theme.js';
import {loadedComparison, loadedSnapshot, servicesSnapshot} from '../helpers/snapshot-builder.js';
import {type Rendered, renderAt} from './render-dashboard.js';

let view: Rendered | undefined;
afterEach(() => {
	view?.unmount();
	view = undefined;
});

/** The frame's text inside a region's first line. */
function firstLine(frame: string, region: Region): string {
	return [...(frame.split('\n')[region.top] ?? '')].slice(region.left, region.left + region.width).join('');
}

async function drawn(snapshot: Snapshot, width: number, height: number) {
	view = renderAt(<MainView snapshot={snapshot} focus={0} table={initialTableState} editing={false} width={width} height={height} theme={createTheme({noColor: true})}/>, width, height + 1);
	return {frame: await view.waitFor(text => text.includes('Top processes')), regions: mainRegions(snapshot, width, height)};
}

// The mouse finds what a click landed on in these regions: each must be where MainView draws its part.
describe('mainRegions', () => {
	it('places each part where MainView draws it, the comparison beside the processes on a wide screen', async () => {
		const {frame, regions} = await drawn(loadedSnapshot({comparison: loadedComparison()}), 160, 44);
		expect(regions.comparison!.left).toBeGreaterThan(0);
		expect(['CPU', 'Memory', 'Disk', 'Network'].map((title, index) => firstLine(frame, regions.panels[index]!).includes(title))).toEqual([true, true, true, true]);
		expect(firstLine(frame, regions.bottlenecks)).toContain('Bottlenecks');
		expect(firstLine(frame, regions.processes!)).toContain('Top processes');
		expect(firstLine(frame, regions.comparison!)).toMatch(/^ *─* *vs baseline/);
	});

	it('places the comparison above the processes on a narrower screen, and the Services row under the grid', async () => {
		const below = await drawn(loadedSnapshot({comparison: loadedComparison()}), 120, 50);
		expect(below.regions.comparison!.left).toBe(0);
		expect(firstLine(below.frame, below.regions.comparison!)).toContain('vs baseline');
		expect(firstLine(below.frame, below.regions.processes!)).toContain('Top processes');
		view?.unmount();
		const services = await drawn(servicesSnapshot(), 120, 40);
		expect(firstLine(services.frame, services.regions.services!)).toContain('Services');
		expect(firstLine(services.frame, services.regions.bottlenecks)).toContain('Bottlenecks');
	});
});
