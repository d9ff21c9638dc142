import type {ProcessSample} from '../metrics/types.js';
import type {KeyContext} from './keymap.js';
import {selectedRow} from './table-state.js';
import type {ViewState} from './view-state.js';

/** Where keys go: the compact view has no detail views and no process table. */
export function keyContext(state: ViewState, compact = false): KeyContext {
	return {
		detail: state.detail && !compact,
		table: !compact && !state.detail && state.table.focused,
		profile: state.profile?.phase === 'open',
		profiling: state.profile?.phase === 'running',
		process: !compact && actedOn(state) !== undefined,
		cgroups: !compact && state.cgroups !== undefined,
		history: state.history,
	};
}

/** The process `k` and `r` act on: the open process detail's, else the table's selection while it is focused. */
export function actedOn(state: ViewState): ProcessSample | undefined {
	if (state.inspected !== undefined) {
		return state.inspected.alive ? state.inspected.process : undefined;
	}

	return state.table.focused && !state.detail ? selectedRow(state.table)?.process : undefined;
}
