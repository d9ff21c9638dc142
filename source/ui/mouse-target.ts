import {gutter, leftPanelWidth, mainLayoutFor} from './components/MainView.js';
import {firstShown, tableRowsShown} from './components/ProcessTable.js';
import {screenLayout} from './layout.js';
import {resourcePanelCount} from './panels.js';
import type {ViewState} from './view-state.js';

/** What a click can land on: a panel (by focus index), the process table's title and header, or one of its rows. */
export type MouseTarget =
	| {readonly kind: 'panel'; readonly index: number}
	| {readonly kind: 'table'}
	| {readonly kind: 'process'; readonly index: number};

/**
 * What is drawn at a cell (0-based) of the main view, laid out as MainView lays it out for this state;
 * undefined over the bottleneck list, the comparison, gutters, and while another view or an overlay is up.
 */
export function mouseTarget(state: ViewState, columns: number, rows: number, column: number, row: number): MouseTarget | undefined {
	const screen = screenLayout(columns, rows);
	const {snapshot, table} = state;
	if (screen.compact || snapshot === undefined || state.overlay.kind !== 'none' || state.detail || state.cgroups !== undefined || state.profile?.phase === 'open') {
		return undefined;
	}

	const width = Math.max(1, columns);
	const layout = mainLayoutFor(snapshot, width, screen.body);
	let top = screen.header ? 1 : 0;
	for (const first of [0, 2]) {
		if (row >= top && row < top + layout.panelHeight) {
			const left = leftPanelWidth(width);
			if (column === left) {
				return undefined;
			}

			return {kind: 'panel', index: column < left ? first : first + 1};
		}

		top += layout.panelHeight;
	}

	if (row >= top && row < top + layout.servicesHeight) {
		return {kind: 'panel', index: resourcePanelCount};
	}

	const placement = snapshot.comparison === undefined ? 'none' : layout.comparison.placement;
	top += layout.servicesHeight + layout.bottleneckHeight + (placement === 'below' ? layout.comparison.height : 0);
	const beside = placement === 'beside' && column >= width - gutter - layout.comparison.width;
	if (row < top || row >= top + layout.processHeight || beside) {
		return undefined;
	}

	// Title, the filter line when there is one and the column header sit above the rows.
	const shown = tableRowsShown(table, false, layout.processHeight);
	const line = row - top - (layout.processHeight - shown);
	const index = firstShown(table, shown) + line;
	return line >= 0 && index < table.rows.length ? {kind: 'process', index} : {kind: 'table'};
}
