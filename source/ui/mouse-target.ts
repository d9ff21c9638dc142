import type {ResourceId} from '../metrics/types.js';
import {bottleneckListRows} from './components/BottleneckList.js';
import {pickerWindow} from './components/Picker.js';
import {firstShown, tableRowsShown} from './components/ProcessTable.js';
import {screenLayout} from './layout.js';
import {inRegion, mainRegions} from './main-regions.js';
import {resourcePanelCount} from './panels.js';
import {bottleneckLines} from './sections.js';
import {pickerItems, type ViewState} from './view-state.js';

/**
 * What a click can land on: a panel (by focus index), the process table's title and header, one of its
 * rows, an entry of the bottleneck list (or the advice under the first), an item of an open picker, or
 * the screen outside an open picker or detail view.
 */
export type MouseTarget =
	| {readonly kind: 'panel'; readonly index: number}
	| {readonly kind: 'table'}
	| {readonly kind: 'process'; readonly index: number}
	| {readonly kind: 'bottleneck'; readonly resource: ResourceId}
	| {readonly kind: 'pickerItem'; readonly index: number}
	| {readonly kind: 'outside'};

/**
 * What is drawn at a cell (0-based) of the screen for this state, found in the same layout the views
 * draw from (main-regions.ts, the picker's window, the bottleneck list's rows); undefined over what a
 * click does nothing on (the comparison, gutters, a title, another overlay, the compact view).
 */
export function mouseTarget(state: ViewState, columns: number, rows: number, column: number, row: number): MouseTarget | undefined {
	const screen = screenLayout(columns, rows);
	const {snapshot, table, overlay} = state;
	const top = screen.header ? 1 : 0;
	const line = row - top;
	const items = pickerItems(overlay);
	if (items !== undefined && 'index' in overlay && snapshot !== undefined) {
		// The picker's title, then its items; the screen around them is outside it.
		const {first, room} = pickerWindow(items.length, overlay.index, screen.body);
		const shown = Math.min(room, items.length - first);
		return line === 0 ? undefined : (line >= 1 && line <= shown ? {kind: 'pickerItem', index: first + line - 1} : {kind: 'outside'});
	}

	if (snapshot === undefined || overlay.kind !== 'none' || state.cgroups !== undefined || state.profile?.phase === 'open') {
		return undefined;
	}

	if (state.detail || state.inspected !== undefined) {
		// A detail view fills the body: the header and the footer are outside it.
		return screen.compact || (line >= 0 && line < screen.body) ? undefined : {kind: 'outside'};
	}

	if (screen.compact) {
		return undefined;
	}

	const regions = mainRegions(snapshot, Math.max(1, columns), screen.body);
	const panel = regions.panels.findIndex(region => inRegion(region, column, line));
	if (panel >= 0) {
		return {kind: 'panel', index: panel};
	}

	if (inRegion(regions.services, column, line)) {
		return {kind: 'panel', index: resourcePanelCount};
	}

	if (inRegion(regions.bottlenecks, column, line)) {
		// Under the list's title rule; the advice line belongs to the first entry.
		const listed = bottleneckListRows(snapshot, regions.bottlenecks.height - 1)[line - regions.bottlenecks.top - 1];
		const entry = listed?.kind === 'entry' ? listed.index : (listed?.kind === 'advice' ? 0 : undefined);
		return entry === undefined ? undefined : {kind: 'bottleneck', resource: bottleneckLines(snapshot)[entry]!.resource};
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
