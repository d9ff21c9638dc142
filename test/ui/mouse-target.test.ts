import {describe, expect, it} from 'vitest';
import {mouseTarget} from '../../source/ui/mouse-target.js';
import {initialViewState, viewReducer} from '../../source/ui/view-state.js';
import {loadedSnapshot} from '../helpers/snapshot-builder.js';

const columns = 120;
const rows = 40;
const shown = viewReducer(initialViewState(1000), {type: 'snapshot', snapshot: loadedSnapshot()});

describe('mouseTarget', () => {
	it('finds the panels of the grid, left and right of the gutter, under the header', () => {
		expect(mouseTarget(shown, columns, rows, 5, 0)).toBeUndefined();
		expect(mouseTarget(shown, columns, rows, 5, 1)).toEqual({kind: 'panel', index: 0});
		expect(mouseTarget(shown, columns, rows, 59, 1)).toBeUndefined();
		expect(mouseTarget(shown, columns, rows, 60, 1)).toEqual({kind: 'panel', index: 1});
	});

	it('is nothing while another view covers the grid: a detail view, the cgroup view, a menu, the compact view', () => {
		expect(mouseTarget({...shown, detail: true}, columns, rows, 5, 1)).toBeUndefined();
		expect(mouseTarget({...shown, cgroups: {sort: 'cpu', selected: undefined, collapsed: new Set(), detail: false}}, columns, rows, 5, 1)).toBeUndefined();
		expect(mouseTarget({...shown, overlay: {kind: 'help', offset: 0}}, columns, rows, 5, 1)).toBeUndefined();
		expect(mouseTarget(shown, 60, 15, 5, 1)).toBeUndefined();
	});
});
