// All view state and the one reducer over it (style rule 9): one piece on purpose, so every key's
// effect on the view is a case of one pure function that the tests drive without rendering.
import type {Episode} from '../analyze/episodes.js';
import type {ProcessHistory, Snapshot} from '../engine/types.js';
import {resourceName, type ProcessSample} from '../metrics/types.js';
import {type CgroupAction, cgroupReducer, type CgroupViewState} from './cgroup-state.js';
import {panelIds, resourcePanelCount} from './panels.js';
import {signalMenuItems} from './process-actions.js';
import {profileReducer, type ProfileAction, type ProfileState} from './profile-state.js';
import {focusTable, initialTableState, tableProcesses, tableReducer, type TableAction, type TableState} from './table-state.js';

/** What sits over the main screen and takes the keys first. */
export type Overlay =
	| {readonly kind: 'none'}
	| {readonly kind: 'help'; readonly offset: number}
	/** `/`: the filter being typed; the table follows each keystroke. */
	| {readonly kind: 'filter'}
	/** `prefilled`: the suggested name, still untouched; typing replaces it, as a selected field's text. */
	| {readonly kind: 'baselineName'; readonly name: string; readonly prefilled: boolean}
	/** A baseline of that name exists: replace it (y), or back to the name (n). */
	| {readonly kind: 'baselineReplace'; readonly name: string}
	| {readonly kind: 'baselinePicker'; readonly names: readonly string[]; readonly index: number}
	/** `k`: the signal menu for `target`; `confirming` once Enter was pressed on a process that needs a second. */
	| {readonly kind: 'signal'; readonly target: ProcessSample; readonly index: number; readonly confirming: boolean}
	/** `r`: the nice value being typed for `target`. */
	| {readonly kind: 'renice'; readonly target: ProcessSample; readonly text: string; readonly confirming: boolean}
	/** `u`: the users with processes, then "all users". */
	| {readonly kind: 'userPicker'; readonly users: readonly string[]; readonly index: number}
	/** `g`: the time being typed to go to in history. */
	| {readonly kind: 'goTo'; readonly text: string};

export type ViewState = {
	/**
	 * What is on screen: the engine's latest snapshot, or while paused the one shown when the pause
	 * began, or in history mode the recorded moment stepped to.
	 */
	readonly snapshot: Snapshot | undefined;
	/** History mode: the snapshot is a recorded moment, and live snapshots wait until `L`. */
	readonly history: boolean;
	/**
	 * In history mode, the bottleneck episodes of the loaded range once found (by g, w or n/N: finding
	 * them judges the whole range): the header names those the moment shown lies in, however it got there.
	 */
	readonly episodes: readonly Episode[] | undefined;
	/** Index into panelIds: 0 CPU, 1 Memory, 2 Disk, 3 Network, 4 Services. */
	readonly focus: number;
	/** Panels on screen: 4, or 5 while the sample has probed services. */
	readonly panels: number;
	readonly detail: boolean;
	/** The process table: focus, selection, sort, filter, tree. */
	readonly table: TableState;
	/**
	 * The process whose detail view is open (Enter on the table), as last seen: it stays on screen,
	 * marked as exited, when the process goes; the selection moving on does not change it.
	 */
	readonly inspected: Inspected | undefined;
	readonly paused: boolean;
	readonly intervalMs: number;
	readonly overlay: Overlay;
	readonly status: string | undefined;
	/** Counts the messages set, so the same message told again is news again (and shown again). */
	readonly statusSerial: number;
	/** The baseline live values are compared against, once selectBaseline has succeeded. */
	readonly baseline: string | undefined;
	/** The interface the Network panel shows, picked with `i`; undefined: the busiest. */
	readonly netInterface: string | undefined;
	/** A profile being taken, or open in the profile view. */
	readonly profile: ProfileState | undefined;
	/** The cgroup view (`c`), while open. */
	readonly cgroups: CgroupViewState | undefined;
};

/** The process of the open process detail view. */
export type Inspected = {
	readonly process: ProcessSample;
	readonly alive: boolean;
	/** Its recorded history once read, or why it cannot be; undefined while being read. */
	readonly history: ProcessHistory | string | undefined;
};

export type Direction = 'left' | 'right' | 'up' | 'down';

export type ViewAction =
	| {readonly type: 'focusNext'}
	| {readonly type: 'focusPrev'}
	| {readonly type: 'focusPanel'; readonly index: number}
	| {readonly type: 'focusMove'; readonly direction: Direction}
	| {readonly type: 'setPanels'; readonly count: number}
	| {readonly type: 'openDetail'}
	| {readonly type: 'closeDetail'}
	| TableAction
	| ProfileAction
	| CgroupAction
	/** A new snapshot from the engine; ignored (no render) while paused or in history mode. */
	| {readonly type: 'snapshot'; readonly snapshot: Snapshot}
	/** A recorded moment to show: history mode, entered or moved in; `message` says what the step crossed. */
	| {readonly type: 'showMoment'; readonly snapshot: Snapshot; readonly message?: string}
	/** The loaded range's bottleneck episodes, found (again) by the history source. */
	| {readonly type: 'episodesFound'; readonly episodes: readonly Episode[]}
	/** Back to live (`L`), showing the engine's latest snapshot when there is one. */
	| {readonly type: 'live'; readonly snapshot: Snapshot | undefined}
	| {readonly type: 'promptGoTo'}
	| {readonly type: 'editGoTo'; readonly text: string}
	| {readonly type: 'focusTable'}
	| {readonly type: 'editFilter'}
	| {readonly type: 'cycleInterface'; readonly interfaces: readonly string[]}
	| {readonly type: 'processHistory'; readonly pid: number; readonly startTimeTicks: number | undefined; readonly history: ProcessHistory | string}
	| {readonly type: 'togglePause'}
	| {readonly type: 'changeInterval'; readonly step: 1 | -1}
	| {readonly type: 'showHelp'}
	| {readonly type: 'hideHelp'}
	| {readonly type: 'scrollHelp'; readonly delta: number; readonly limit: number}
	| {readonly type: 'status'; readonly message: string}
	| {readonly type: 'promptBaselineName'; readonly name: string}
	/** Typed text, a Backspace (`erase`) or Ctrl-U (`clear`) in the name prompt. */
	| {readonly type: 'editBaselineName'; readonly edit: {readonly type: 'text'; readonly text: string} | {readonly type: 'erase' | 'clear'}}
	| {readonly type: 'askReplaceBaseline'; readonly name: string}
	| {readonly type: 'showBaselinePicker'; readonly names: readonly string[]}
	| {readonly type: 'movePicker'; readonly delta: number}
	| {readonly type: 'openSignalMenu'; readonly target: ProcessSample}
	| {readonly type: 'promptRenice'; readonly target: ProcessSample}
	| {readonly type: 'editRenice'; readonly text: string}
	/** The first Enter on a process that needs two (init, perftop itself). */
	| {readonly type: 'confirmAgain'}
	| {readonly type: 'showUserPicker'; readonly users: readonly string[]}
	| {readonly type: 'closeOverlay'}
	| {readonly type: 'baselineSelected'; readonly name: string | undefined; readonly message: string};

function editedName(prompt: Extract<Overlay, {kind: 'baselineName'}>, edit: Extract<ViewAction, {type: 'editBaselineName'}>['edit']): Overlay {
	const kept = prompt.prefilled ? '' : prompt.name;
	switch (edit.type) {
		case 'text': {
			return {kind: 'baselineName', name: kept + edit.text, prefilled: false};
		}

		case 'erase': {
			return {kind: 'baselineName', name: kept.slice(0, -1), prefilled: false};
		}

		case 'clear': {
			return {kind: 'baselineName', name: '', prefilled: false};
		}
	}
}

/** The steps `+` and `-` walk through, in ms. */
export const intervalStepsMs: readonly number[] = [500, 1000, 2000, 5000, 10_000, 30_000, 60_000];

/**
 * The next step up or down from any interval, including one between steps (`--interval 1.5`);
 * clamps at 0.5 s and 60 s.
 */
export function stepInterval(intervalMs: number, step: 1 | -1): number {
	if (step > 0) {
		return intervalStepsMs.find(candidate => candidate > intervalMs) ?? intervalStepsMs.at(-1)!;
	}

	return [...intervalStepsMs].reverse().find(candidate => candidate < intervalMs) ?? intervalStepsMs[0]!;
}

export function initialViewState(intervalMs: number, focus = 0, panels = resourcePanelCount, status?: string): ViewState {
	const count = clampCount(panels);
	return {
		snapshot: undefined,
		history: false,
		episodes: undefined,
		focus: clampFocus(focus, count),
		panels: count,
		detail: false,
		table: initialTableState,
		inspected: undefined,
		paused: false,
		intervalMs,
		overlay: {kind: 'none'},
		status,
		statusSerial: 0,
		baseline: undefined,
		netInterface: undefined,
		profile: undefined,
		cgroups: undefined,
	};
}

const gridColumns = 2;

function clampCount(count: number): number {
	return Math.min(panelIds.length, Math.max(resourcePanelCount, Math.floor(count)));
}

function clampFocus(index: number, count: number): number {
	return Number.isInteger(index) && index >= 0 && index < count ? index : 0;
}

/** Panels in one column of the grid, top to bottom; Services spans both columns, under the 2×2. */
function columnOf(column: number, count: number): number[] {
	const cells = Array.from({length: resourcePanelCount}, (_cell, index) => index).filter(index => index % gridColumns === column);
	return count > resourcePanelCount ? [...cells, resourcePanelCount] : cells;
}

/**
 * Arrow moves in the 2×2 grid wrap within the row or column. The full-width Services row belongs to both
 * columns: down from Disk or Network reaches it, and up from it goes to Disk.
 */
function moveInGrid(focus: number, direction: Direction, count: number): number {
	if (focus >= resourcePanelCount) {
		if (direction === 'left' || direction === 'right') {
			return focus;
		}

		const column = columnOf(0, count);
		const at = column.indexOf(focus);
		return column[(at + (direction === 'down' ? 1 : column.length - 1)) % column.length]!;
	}

	const row = Math.floor(focus / gridColumns);
	const column = focus % gridColumns;
	switch (direction) {
		case 'left':
		case 'right': {
			return row * gridColumns + ((column + (direction === 'right' ? 1 : gridColumns - 1)) % gridColumns);
		}

		case 'up':
		case 'down': {
			const cells = columnOf(column, count);
			const at = cells.indexOf(focus);
			return cells[(at + (direction === 'down' ? 1 : cells.length - 1)) % cells.length]!;
		}
	}
}

/**
 * Focus on a panel (by index) or the process table. In a detail view the detail follows the focus, as
 * Tab does between panels: to the selected process's when the table takes it.
 */
function focusOn(state: ViewState, target: number | 'table'): ViewState {
	if (target !== 'table') {
		return {...state, focus: target, table: focusTable(state.table, false), inspected: undefined};
	}

	const table = focusTable(state.table, true);
	const row = table.rows[table.index];
	const detail = state.detail && row !== undefined;
	return {...state, table, detail, inspected: detail ? {process: row.process, alive: true, history: undefined} : undefined};
}

/** Tab order: the panels, then the process table, then round again. */
function cycleFocus(state: ViewState, step: 1 | -1): ViewState {
	const stops = state.panels + 1;
	const at = state.table.focused ? state.panels : state.focus;
	const next = (at + step + stops) % stops;
	return focusOn(state, next === state.panels ? 'table' : next);
}

function inspect(state: ViewState, processes: readonly ProcessSample[]): ViewState['inspected'] {
	if (state.inspected === undefined) {
		return undefined;
	}

	const {pid, startTimeTicks} = state.inspected.process;
	const now = processes.find(process => process.pid === pid && process.startTimeTicks === startTimeTicks);
	return now === undefined ? {...state.inspected, alive: false} : {...state.inspected, process: now, alive: true};
}

/** Items of a list overlay: the baselines plus "off", the signals, the users plus "all"; 0 for the others. */
/** The list an overlay picks from, as its picker shows it; undefined for an overlay that is no list. */
export function pickerItems(overlay: Overlay): readonly string[] | undefined {
	switch (overlay.kind) {
		case 'baselinePicker': {
			return [...overlay.names, 'off'];
		}

		case 'signal': {
			return signalMenuItems;
		}

		case 'userPicker': {
			return [...overlay.users, 'all users'];
		}

		default: {
			return undefined;
		}
	}
}

/** A snapshot on screen: the table and the open process detail follow its processes. */
function show(state: ViewState, snapshot: Snapshot): ViewState {
	// A sample rebuilt from the store has only the top processes.
	const processes = snapshot.sample.allProcesses ?? snapshot.sample.processes;
	const {table, message} = tableProcesses(state.table, processes);
	const told = message === undefined ? {} : {status: message, statusSerial: state.statusSerial + 1};
	return {...state, snapshot, table, inspected: inspect(state, processes), ...told};
}

export function viewReducer(state: ViewState, action: ViewAction): ViewState {
	switch (action.type) {
		case 'focusNext': {
			return cycleFocus(state, 1);
		}

		case 'focusPrev': {
			return cycleFocus(state, -1);
		}

		case 'focusPanel': {
			return action.index >= 0 && action.index < state.panels ? focusOn(state, action.index) : state;
		}

		case 'focusTable': {
			return focusOn(state, 'table');
		}

		case 'focusMove': {
			// From the process table an arrow goes back to the panel focused last.
			return focusOn(state, state.table.focused ? state.focus : moveInGrid(state.focus, action.direction, state.panels));
		}

		case 'setPanels': {
			const panels = clampCount(action.count);
			if (panels === state.panels) {
				return state;
			}

			// The focused panel went away (the services stopped reporting): back to the grid, on its last panel.
			return state.focus < panels ? {...state, panels} : {...state, panels, focus: panels - 1, detail: false};
		}

		case 'openDetail': {
			const row = state.table.focused ? state.table.rows[state.table.index] : undefined;
			if (state.table.focused && row === undefined) {
				return state;
			}

			return {...state, detail: true, inspected: row === undefined ? undefined : {process: row.process, alive: true, history: undefined}};
		}

		case 'closeDetail': {
			return {...state, detail: false, inspected: undefined};
		}

		case 'snapshot': {
			return state.paused || state.history || action.snapshot === state.snapshot ? state : show(state, action.snapshot);
		}

		case 'showMoment': {
			const shown = show({...state, history: true}, action.snapshot);
			return action.message === undefined ? shown : {...shown, status: action.message, statusSerial: shown.statusSerial + 1};
		}

		case 'live': {
			const live = {...state, history: false};
			return action.snapshot === undefined ? live : show(live, action.snapshot);
		}

		case 'episodesFound': {
			// Kept back in live view too: the spans stay true, and the header names them only for recorded moments.
			return action.episodes === state.episodes ? state : {...state, episodes: action.episodes};
		}

		case 'promptGoTo': {
			return {...state, overlay: {kind: 'goTo', text: ''}};
		}

		case 'editGoTo': {
			return state.overlay.kind === 'goTo' ? {...state, overlay: {kind: 'goTo', text: action.text}} : state;
		}

		case 'processHistory': {
			const {inspected} = state;
			return inspected?.process.pid === action.pid && inspected.process.startTimeTicks === action.startTimeTicks
				? {...state, inspected: {...inspected, history: action.history}}
				: state;
		}

		case 'editFilter': {
			return {...focusOn(state, 'table'), overlay: {kind: 'filter'}};
		}

		case 'moveSelection':
		case 'selectRow':
		case 'cycleSort':
		case 'reverseSort':
		case 'setFilter':
		case 'setUser':
		case 'toggleTree':
		case 'toggleCollapse':
		case 'toggleFollow': {
			return {...state, table: tableReducer(state.table, action)};
		}

		case 'cycleInterface': {
			// Each interface in turn, then back to the busiest; one that went away starts the walk again.
			const netInterface = action.interfaces[action.interfaces.indexOf(state.netInterface ?? '') + 1];
			const message = netInterface === undefined ? 'network panel: the busiest interface' : `network panel: ${resourceName(netInterface)}`;
			return {...state, netInterface, status: message, statusSerial: state.statusSerial + 1};
		}

		case 'profileStarted':
		case 'profileFinished':
		case 'profileEnded':
		case 'flameMove':
		case 'flameZoom':
		case 'flameBack':
		case 'flameSearch':
		case 'flameSearchKey': {
			return {...state, profile: profileReducer(state.profile, action)};
		}

		case 'toggleCgroups':
		case 'cgroupMove':
		case 'cgroupSort':
		case 'cgroupFold':
		case 'cgroupDetail':
		case 'cgroupBack': {
			return {...state, cgroups: cgroupReducer(state.cgroups, action, state.snapshot?.sample.cgroups ?? [])};
		}

		case 'togglePause': {
			return {...state, paused: !state.paused};
		}

		case 'changeInterval': {
			const intervalMs = stepInterval(state.intervalMs, action.step);
			return intervalMs === state.intervalMs ? state : {...state, intervalMs};
		}

		case 'showHelp': {
			return {...state, overlay: {kind: 'help', offset: 0}};
		}

		case 'scrollHelp': {
			return state.overlay.kind === 'help'
				? {...state, overlay: {kind: 'help', offset: Math.min(action.limit, Math.max(0, state.overlay.offset + action.delta))}}
				: state;
		}

		case 'hideHelp':
		case 'closeOverlay': {
			return {...state, overlay: {kind: 'none'}};
		}

		case 'status': {
			return {...state, status: action.message, statusSerial: state.statusSerial + 1};
		}

		case 'promptBaselineName': {
			return {...state, overlay: {kind: 'baselineName', name: action.name, prefilled: true}};
		}

		case 'editBaselineName': {
			return state.overlay.kind === 'baselineName' ? {...state, overlay: editedName(state.overlay, action.edit)} : state;
		}

		case 'askReplaceBaseline': {
			return {...state, overlay: {kind: 'baselineReplace', name: action.name}};
		}

		case 'showBaselinePicker': {
			return {...state, overlay: {kind: 'baselinePicker', names: action.names, index: 0}};
		}

		case 'movePicker': {
			const count = pickerItems(state.overlay)?.length ?? 0;
			if (count === 0 || !('index' in state.overlay)) {
				return state;
			}

			const index = (((state.overlay.index + action.delta) % count) + count) % count;
			// Moving to another signal asks again for the second Enter.
			return {...state, overlay: {...state.overlay, index, ...(state.overlay.kind === 'signal' ? {confirming: false} : {})}};
		}

		case 'openSignalMenu': {
			return {...state, overlay: {kind: 'signal', target: action.target, index: 0, confirming: false}};
		}

		case 'promptRenice': {
			return {...state, overlay: {kind: 'renice', target: action.target, text: '', confirming: false}};
		}

		case 'editRenice': {
			return state.overlay.kind === 'renice' ? {...state, overlay: {...state.overlay, text: action.text, confirming: false}} : state;
		}

		case 'confirmAgain': {
			return state.overlay.kind === 'signal' || state.overlay.kind === 'renice' ? {...state, overlay: {...state.overlay, confirming: true}} : state;
		}

		case 'showUserPicker': {
			// The cursor starts on the user shown now, or on "all users".
			const at = state.table.user === undefined ? -1 : action.users.indexOf(state.table.user);
			return {...state, overlay: {kind: 'userPicker', users: action.users, index: at < 0 ? action.users.length : at}};
		}

		case 'baselineSelected': {
			return {...state, overlay: {kind: 'none'}, baseline: action.name, status: action.message, statusSerial: state.statusSerial + 1};
		}
	}
}
