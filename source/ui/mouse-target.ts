import {firstShown, tableRowsShown} from './components/ProcessTable.js';
import {screenLayout} from './layout.js';
import {inRegion, mainRegions} from './main-regions.js';
import {resourcePanelCount} from './panels.js';
import type {ViewState} from './view-state.js';

/** What a click can land on: a panel (by focus index), the process table's title and header, or one of its rows. */
export type MouseTarget =
	| {readonly kind: 'panel'; readonly index: number}
	| {readonly kind: 'table'}
	| {readonly kind: 'process'; readonly index: number};

/**
 * What is drawn at a cell (0-based) of the main view, found in the regions MainView draws (main-regions.ts);
 * undefined over the bottleneck list, the comparison, gutters, and while another view or an overlay is up.
 */
export function mouseTarget(state: ViewState, columns: number, rows: number, column: number, row: number): MouseTarget | undefined {
	const screen = screenLayout(columns, rows);
	const {snapshot, table} = state;
	if (screen.compact || snapshot === undefined || state.overlay.kind !== 'none' || state.detail || state.cgroups !== undefined || state.profile?.phase === 'open') {
		return undefined;
	}

	const line = row - (screen.header ? 1 : 0);
	const regions = mainRegions(snapshot, Math.max(1, columns), screen.body);
	const panel = regions.panels.findIndex(region => inRegion(region, column, line));
	if (panel >= 0) {
		return {kind: 'panel', index: panel};
	}

	if (inRegion(regions.services, column, line)) {
		return {kind: 'panel', index: resourcePanelCount};
	}

	const {processes} = regions;
	if (processes === undefined || !inRegion(processes, column, line)) {
		return undefined;
	}

	// Title, the filter line when there is one and the column header sit above the rows.
	const shown = tableRowsShown(table, false, processes.height);
	const offset = line - processes.top - (processes.height - shown);
	const index = firstShown(table, shown) + offset;
	return offset >= 0 && index < table.rows.length ? {kind: 'process', index} : {kind: 'table'};
}
