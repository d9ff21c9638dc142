import type {ProcessSample} from '../metrics/types.js';
import {processRowsFor, type ProcessQuery, type ProcessRow} from './process-rows.js';
import {processSorts} from './sections.js';
import {cleanText} from './text.js';

/**
 * The process table's part of the view state. The rows are derived here, in the reducer, from the
 * latest processes and the query, so that moving the selection, following a process across re-sorts
 * and noticing it exit are pure steps over plain data.
 */
export type TableState = ProcessQuery & {
	readonly focused: boolean;
	/** `F`: the selected process stays highlighted and in view while the table is not focused. */
	readonly follow: boolean;
	/** Every process of the snapshot on screen. */
	readonly processes: readonly ProcessSample[];
	readonly rows: readonly ProcessRow[];
	/** The selected process's key (`keyText`), kept while a filter hides every row; undefined before the table was first focused. */
	readonly selected: string | undefined;
	/** Where the selected process is in `rows`; -1 when it is not there. */
	readonly index: number;
};

export type TableAction =
	| {readonly type: 'moveSelection'; readonly delta: number}
	| {readonly type: 'selectRow'; readonly index: number}
	| {readonly type: 'cycleSort'}
	| {readonly type: 'reverseSort'}
	| {readonly type: 'setFilter'; readonly filter: string}
	| {readonly type: 'setUser'; readonly user: string | undefined}
	| {readonly type: 'toggleTree'}
	| {readonly type: 'toggleCollapse'}
	| {readonly type: 'toggleFollow'};

export const initialTableState: TableState = {
	focused: false,
	follow: false,
	sort: 'cpu',
	reverse: false,
	filter: '',
	user: undefined,
	tree: false,
	collapsed: new Set(),
	processes: [],
	rows: [],
	selected: undefined,
	index: -1,
};

/** The selected row, if the selected process is shown. */
export function selectedRow(table: TableState): ProcessRow | undefined {
	return table.index >= 0 ? table.rows[table.index] : undefined;
}

function describe(process: ProcessSample): string {
	return `${process.pid} (${cleanText(process.name)})`;
}

function indexOfKey(rows: readonly ProcessRow[], key: string | undefined): number {
	return key === undefined ? -1 : rows.findIndex(row => row.key === key);
}

/**
 * The row to select when the selected process is no longer shown: the nearest of its old neighbours
 * still there (the one below first, as htop does), else the row now at its old place.
 */
function neighbour(previous: readonly ProcessRow[], previousIndex: number, rows: readonly ProcessRow[]): number {
	if (rows.length === 0) {
		return -1;
	}

	const shown = new Map(rows.map((row, index) => [row.key, index]));
	for (let distance = 1; distance < previous.length; distance++) {
		const candidate = shown.get(previous[previousIndex + distance]?.key ?? '') ?? shown.get(previous[previousIndex - distance]?.key ?? '');
		if (candidate !== undefined) {
			return candidate;
		}
	}

	return Math.min(Math.max(0, previousIndex), rows.length - 1);
}

/** What changed for the user when new rows replaced the old: a line for the footer, or nothing. */
export type Reselection = {
	readonly table: TableState;
	readonly message: string | undefined;
};

/**
 * New rows (new processes, a new sort, filter or tree), the selection following its process by pid
 * and start time. When it is gone the selection moves to a neighbour, and if it exited (rather than
 * being filtered out) the message says so.
 */
function withRows(table: TableState, rows: readonly ProcessRow[], next: Partial<TableState>): Reselection {
	const base = {...table, ...next, rows};
	const found = indexOfKey(rows, table.selected);
	if (table.selected === undefined || found >= 0) {
		return {table: {...base, index: found}, message: undefined};
	}

	const lost = table.rows[table.index];
	const index = lost === undefined ? -1 : neighbour(table.rows, table.index, rows);
	if (index < 0) {
		return {table: {...base, index}, message: undefined};
	}

	const now = rows[index]!;
	const exited = lost !== undefined && !base.processes.some(process => process.pid === lost.process.pid && process.startTimeTicks === lost.process.startTimeTicks);
	const message = exited
		? `${describe(lost.process)} exited${table.follow ? ' (no longer followed)' : ''}; selected ${describe(now.process)}`
		: undefined;
	return {table: {...base, selected: now.key, index, follow: exited ? false : base.follow}, message};
}

function requery(table: TableState, next: Partial<TableState>): TableState {
	const merged = {...table, ...next};
	return withRows(table, processRowsFor(merged.processes, merged), next).table;
}

function select(table: TableState, index: number): TableState {
	if (table.rows.length === 0) {
		return table;
	}

	const clamped = Math.min(table.rows.length - 1, Math.max(0, index));
	return {...table, index: clamped, selected: table.rows[clamped]!.key};
}

/** Focus moving to or from the table; the first focus selects the top row. */
export function focusTable(table: TableState, focused: boolean): TableState {
	if (!focused || table.index >= 0) {
		return table.focused === focused ? table : {...table, focused};
	}

	return select({...table, focused}, 0);
}

/** New processes from the engine: the one action that can report an exit. */
export function tableProcesses(table: TableState, processes: readonly ProcessSample[]): Reselection {
	return withRows(table, processRowsFor(processes, table), {processes});
}

export function tableReducer(table: TableState, action: TableAction): TableState {
	switch (action.type) {
		case 'moveSelection': {
			const from = table.index < 0 ? 0 : table.index;
			// ±Infinity (Home, End) lands on the first or last row.
			return select(table, Number.isFinite(action.delta) ? from + action.delta : (action.delta < 0 ? 0 : table.rows.length - 1));
		}

		case 'selectRow': {
			return select(table, action.index);
		}

		case 'cycleSort': {
			return requery(table, {sort: processSorts[(processSorts.indexOf(table.sort) + 1) % processSorts.length]!});
		}

		case 'reverseSort': {
			return requery(table, {reverse: !table.reverse});
		}

		case 'setFilter': {
			return requery(table, {filter: action.filter});
		}

		case 'setUser': {
			return requery(table, {user: action.user});
		}

		case 'toggleTree': {
			return requery(table, {tree: !table.tree});
		}

		case 'toggleCollapse': {
			const row = selectedRow(table);
			if (row === undefined || !row.parent) {
				return table;
			}

			const collapsed = new Set(table.collapsed);
			if (!collapsed.delete(row.key)) {
				collapsed.add(row.key);
			}

			return requery(table, {collapsed});
		}

		case 'toggleFollow': {
			return table.index < 0 ? table : {...table, follow: !table.follow};
		}
	}
}
