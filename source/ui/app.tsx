import process from 'node:process';
import {Box, Text, useApp, useInput, type Key} from 'ink';
import {type ReactNode, useCallback, useEffect, useMemo, useRef, useState} from 'react';
import type {DashboardActions, EngineHandle, Snapshot} from '../engine/types.js';
import type {Inventory, ProcessSample} from '../metrics/types.js';
import {Picker} from './components/Picker.js';
import {CompactView} from './components/CompactView.js';
import {DetailView} from './components/DetailView.js';
import {ExitOnError} from './components/ExitOnError.js';
import {Footer} from './components/Footer.js';
import {Header} from './components/Header.js';
import {HelpOverlay, helpScrollLimit} from './components/HelpOverlay.js';
import {MainView, mainLayoutFor} from './components/MainView.js';
import {ProcessDetail} from './components/ProcessDetail.js';
import {ProfileView} from './components/ProfileView.js';
import type {FlameMove} from './flame-view.js';
import {tableRowsShown} from './components/ProcessTable.js';
import {selectedRow} from './table-state.js';
import {parseNice, secondConfirmation, signalMenuItems, targetOf, targetText} from './process-actions.js';
import {processSignals} from '../engine/process-signals.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {bindingFor, isKnownKey, keyName, splitKeys, type Command, type KeyContext} from './keymap.js';
import {fullLayoutColumns, fullLayoutRows, screenLayout} from './layout.js';
import {networkInterfaces, panelIds, type PanelId, visiblePanelCount} from './panels.js';
import {dateText} from './sections.js';
import {cleanText, truncate} from './text.js';
import {createTheme} from './theme.js';
import {initialViewState, viewReducer, type ViewAction, type ViewState} from './view-state.js';
import {errorMessage} from '../errors.js';

export type Props = {
	readonly engine: EngineHandle;
	readonly actions: DashboardActions;
	readonly inventory: Inventory;
	readonly noColor: boolean;
	readonly initialFocus?: PanelId;
	/**
	 * A one-line message for the footer, shown from the start and again whenever it changes: the
	 * recording database opens after the first frame, and its notices ("recording by pid 123; this
	 * view is read-only") come with a re-render.
	 */
	readonly notice?: string;
	/** This perftop's pid: signalling or renicing it takes a second Enter. */
	readonly ownPid?: number;
	/** Wall clock for footer messages' expiry; tests pass their own. */
	readonly clock?: () => number;
};

const defaultIntervalMs = 1000;
/** A footer message stays this long, then the key hints have the line again. */
export const statusLifetimeMs = 8000;
/** The process detail's charts: the last 10 minutes, read again every 5 s while the view is open. */
const historyWindowMs = 10 * 60_000;
const historyRefreshMs = 5000;

/** `<host>-<YYYY-MM-DD>`: a name that says where and when without typing. */
export function defaultBaselineName(hostname: string, timestampMs: number): string {
	return `${cleanText(hostname).replaceAll(/\s+/g, '-')}-${dateText(timestampMs)}`;
}

const flameMoves: Readonly<Record<string, FlameMove>> = {left: 'left', h: 'left', right: 'right', l: 'right', up: 'up', k: 'up', down: 'down', j: 'down'};

const simpleCommands: Partial<Record<Command, ViewAction>> = {
	focusNext: {type: 'focusNext'},
	focusPrev: {type: 'focusPrev'},
	focusLeft: {type: 'focusMove', direction: 'left'},
	focusRight: {type: 'focusMove', direction: 'right'},
	focusUp: {type: 'focusMove', direction: 'up'},
	focusDown: {type: 'focusMove', direction: 'down'},
	openDetail: {type: 'openDetail'},
	closeDetail: {type: 'closeDetail'},
	focusTable: {type: 'focusTable'},
	selectUp: {type: 'moveSelection', delta: -1},
	selectDown: {type: 'moveSelection', delta: 1},
	selectFirst: {type: 'moveSelection', delta: Number.NEGATIVE_INFINITY},
	selectLast: {type: 'moveSelection', delta: Number.POSITIVE_INFINITY},
	cycleSort: {type: 'cycleSort'},
	reverseSort: {type: 'reverseSort'},
	clearFilter: {type: 'setFilter', filter: ''},
	editFilter: {type: 'editFilter'},
	toggleTree: {type: 'toggleTree'},
	toggleCollapse: {type: 'toggleCollapse'},
	toggleFollow: {type: 'toggleFollow'},
	intervalUp: {type: 'changeInterval', step: 1},
	intervalDown: {type: 'changeInterval', step: -1},
	help: {type: 'showHelp'},
	flameZoom: {type: 'flameZoom'},
	flameSearch: {type: 'flameSearch'},
};

/** Puts a message in the footer each time it changes to a new one; `initial` is already there. */
function useSaidOnce(message: string | undefined, send: (action: ViewAction) => void, initial?: string): void {
	const said = useRef(initial);
	useEffect(() => {
		if (message !== said.current) {
			said.current = message;
			if (message !== undefined) {
				send({type: 'status', message});
			}
		}
	}, [message, send]);
}

/** Where keys go: the compact view has no detail views and no process table. */
function keyContext(state: ViewState, compact = false): KeyContext {
	return {
		detail: state.detail && !compact,
		table: !compact && !state.detail && state.table.focused,
		profile: state.profile?.phase === 'open',
		profiling: state.profile?.phase === 'running',
		process: !compact && actedOn(state) !== undefined,
	};
}

/** The process `k` and `r` act on: the open process detail's, else the table's selection while it is focused. */
function actedOn(state: ViewState): ProcessSample | undefined {
	if (state.inspected !== undefined) {
		return state.inspected.alive ? state.inspected.process : undefined;
	}

	return state.table.focused && !state.detail ? selectedRow(state.table)?.process : undefined;
}

/** How long `f` profiles a process: perf's usual 10 s at 99 Hz, about a thousand samples of a busy thread. */
const profileDurationS = 10;

/** `profiling node (PID 6145): 7 s left — Esc cancels` while a profile is taken. */
export function profileCountdown(profile: ViewState['profile'], nowMs: number): string | undefined {
	if (profile?.phase !== 'running') {
		return undefined;
	}

	const left = Math.max(0, Math.ceil(profile.durationS - (nowMs - profile.startedAtMs) / 1000));
	return left > 0 ? `profiling ${profile.name} (PID ${profile.pid}): ${left} s left — Esc cancels` : `profiling ${profile.name} (PID ${profile.pid}): reading the stacks…`;
}

/**
 * The live dashboard. A render error anywhere in it ends the app with `exit(error)`: `waitUntilExit()`
 * rejects with the error and no stack trace is drawn.
 */
export function Dashboard(props: Props) {
	return (
		<ExitOnError>
			<DashboardScreen {...props}/>
		</ExitOnError>
	);
}

/**
 * All view state lives in one reducer and all keys arrive through this one useInput; it renders only
 * when a snapshot arrives (and the view is not paused) or a key changes state.
 */
function DashboardScreen({engine, actions, inventory, noColor, initialFocus, notice, clock = Date.now, ownPid = process.pid}: Props) {
	const {exit} = useApp();
	const theme = useMemo(() => createTheme(noColor), [noColor]);
	const {columns, rows} = useTerminalSize();
	const [state, setState] = useState(
		(): ViewState => {
			const first = engine.latest();
			const initial = initialViewState(
				first?.intervalMs ?? defaultIntervalMs,
				initialFocus === undefined ? 0 : panelIds.indexOf(initialFocus),
				visiblePanelCount(first),
				notice,
			);
			return first === undefined ? initial : viewReducer(initial, {type: 'snapshot', snapshot: first});
		},
	);
	const {snapshot} = state;

	// Keys can arrive faster than renders (typing, a paste, a fast repeat): the key handler reads a copy
	// of the state advanced synchronously by the same pure reducer, never a stale render's state. The
	// reducer runs once an action, and a snapshot is one action: one render a tick, none while paused.
	const latest = useRef(state);
	const send = useCallback((action: ViewAction) => {
		latest.current = viewReducer(latest.current, action);
		setState(latest.current);
	}, []);

	useEffect(() => {
		const unsubscribe = engine.subscribe(next => {
			send({type: 'snapshot', snapshot: next});
		});
		// A tick published before this subscription would otherwise wait for the next.
		const newest = engine.latest();
		if (newest !== undefined) {
			send({type: 'snapshot', snapshot: newest});
		}

		return unsubscribe;
	}, [engine, send]);

	useSaidOnce(notice, send, notice);
	// Taking over the recording from a perftop that stopped is said in the footer when it happens.
	useSaidOnce(snapshot?.recording.kind === 'recording' ? snapshot.recording.notice : undefined, send);

	// The Services panel comes and goes with the probed targets; focus and Tab follow the panels on screen.
	const panelCount = visiblePanelCount(snapshot);
	useEffect(() => {
		if (snapshot !== undefined && latest.current.panels !== panelCount) {
			send({type: 'setPanels', count: panelCount});
		}
	}, [snapshot, panelCount, send]);

	// An action's promise may settle after the dashboard has gone; its message then has nowhere to go.
	const mounted = useRef(true);
	useEffect(() => () => {
		mounted.current = false;
	}, []);
	const report = useCallback(
		(work: Promise<ViewAction>, failure: string) => {
			work
				.catch((error: unknown) => ({type: 'status', message: `${failure}: ${errorMessage(error)}`}) satisfies ViewAction)
				.then(action => {
					if (mounted.current) {
						send(action);
					}
				});
		},
		[send],
	);

	// The process detail view reads the recorded history when it opens, and again every few seconds.
	const historyRead = useRef<{readonly process: ProcessSample; readonly atMs: number}>(undefined);
	const inspectedProcess = state.inspected?.process;
	useEffect(() => {
		if (inspectedProcess === undefined || snapshot === undefined) {
			historyRead.current = undefined;
			return;
		}

		const {pid, startTimeTicks} = inspectedProcess;
		const nowMs = snapshot.sample.timestamp;
		const last = historyRead.current;
		if (last?.process.pid === pid && last.process.startTimeTicks === startTimeTicks && nowMs - last.atMs < historyRefreshMs) {
			return;
		}

		historyRead.current = {process: inspectedProcess, atMs: nowMs};
		report(
			Promise.resolve()
				.then(async () => actions.processHistory(inspectedProcess, nowMs - historyWindowMs, nowMs))
				.catch((error: unknown) => errorMessage(error))
				.then(history => ({type: 'processHistory', pid, startTimeTicks, history})),
			'history',
		);
	}, [inspectedProcess, snapshot, actions, report]);

	/** Process rows on screen, for PgUp / PgDn. */
	const tablePage = (shown: Snapshot | undefined): number => {
		const {body} = screenLayout(columns, rows);
		const height = shown === undefined ? 0 : mainLayoutFor(shown, Math.max(1, columns), body).processHeight;
		return Math.max(1, tableRowsShown(latest.current.table, false, height));
	};

	// The process whose detail view is open gets its depth read on each tick; none when it closes.
	const inspectedPid = state.inspected?.alive ? state.inspected.process.pid : undefined;
	useEffect(() => {
		engine.watchProcess(inspectedPid);
	}, [engine, inspectedPid]);

	// The profile being taken: aborting kills perf (Esc, or the dashboard going away).
	const profiling = useRef<AbortController | undefined>(undefined);
	useEffect(() => () => {
		profiling.current?.abort();
	}, []);

	/** `f`: the process whose detail is open, else the one selected in the table. */
	const startProfile = () => {
		const current = latest.current;
		const process = current.inspected?.process ?? (current.table.focused ? current.table.rows[current.table.index]?.process : undefined);
		if (process === undefined) {
			send({type: 'status', message: 'select a process to profile (Tab to the process table)'});
			return;
		}

		if (profiling.current !== undefined) {
			send({type: 'status', message: 'a profile is being taken already (Esc cancels it)'});
			return;
		}

		const controller = new AbortController();
		profiling.current = controller;
		send({type: 'profileStarted', pid: process.pid, name: process.name, startedAtMs: Date.now(), durationS: profileDurationS});
		Promise.resolve()
			.then(async () => actions.profileProcess(process.pid, profileDurationS, controller.signal))
			.then(
				(data): ViewAction[] => [{type: 'profileFinished', data}, {type: 'status', message: `profile of ${data.title}: ${data.files}`}],
				(error: unknown): ViewAction[] => [{type: 'profileEnded'}, {type: 'status', message: controller.signal.aborted ? 'profile cancelled' : `no profile: ${errorMessage(error)}`}],
			)
			.then(results => {
				profiling.current = undefined;
				if (mounted.current) {
					for (const action of results) {
						send(action);
					}
				}
			});
	};

	const run = (command: Command, name: string, shown: Snapshot | undefined) => {
		const simple = simpleCommands[command];
		if (simple) {
			const intervalMs = latest.current.intervalMs;
			send(simple);
			// The engine follows each step at once: an effect after the render would see only the last of two fast presses.
			if (latest.current.intervalMs !== intervalMs) {
				engine.setIntervalMs(latest.current.intervalMs);
			}

			return;
		}

		switch (command) {
			case 'selectPageUp':
			case 'selectPageDown': {
				send({type: 'moveSelection', delta: (command === 'selectPageUp' ? -1 : 1) * tablePage(shown)});
				return;
			}

			case 'togglePause': {
				send({type: 'togglePause'});
				// Resuming shows the newest snapshot at once rather than waiting for the next tick.
				const newest = engine.latest();
				if (!latest.current.paused && newest !== undefined) {
					send({type: 'snapshot', snapshot: newest});
				}

				return;
			}

			case 'focusPanel': {
				send({type: 'focusPanel', index: Number(name) - 1});
				return;
			}

			case 'signalMenu':
			case 'renice': {
				const target = actedOn(latest.current);
				if (target !== undefined) {
					send(command === 'signalMenu' ? {type: 'openSignalMenu', target} : {type: 'promptRenice', target});
				}

				return;
			}

			case 'pickUser': {
				const users = [...new Set(latest.current.table.processes.map(row => row.user).filter(user => user !== undefined))];
				send({type: 'showUserPicker', users: users.sort((a, b) => a.localeCompare(b))});
				return;
			}

			case 'quit': {
				exit();
				return;
			}

			case 'cycleInterface': {
				send({type: 'cycleInterface', interfaces: shown ? networkInterfaces(shown) : []});
				return;
			}

			case 'startProfile': {
				startProfile();
				return;
			}

			case 'cancelProfile': {
				profiling.current?.abort();
				return;
			}

			case 'flameBack': {
				send({type: 'flameBack', width: Math.max(1, columns)});
				return;
			}

			case 'flameMove': {
				send({type: 'flameMove', move: flameMoves[name]!, width: Math.max(1, columns)});
				return;
			}

			case 'rangeReport':
			case 'snapshotReport': {
				const scope = command === 'rangeReport' ? 'range' : 'snapshot';
				if (shown === undefined) {
					send({type: 'status', message: 'no snapshot yet to report'});
					return;
				}

				report(
					Promise.resolve()
						.then(async () => actions.writeReport(scope, shown))
						.then(path => ({type: 'status', message: `${scope} report written: ${path}`})),
					`${scope} report failed`,
				);
				return;
			}

			case 'saveBaseline': {
				send({type: 'promptBaselineName', name: defaultBaselineName(inventory.hostname, shown?.sample.timestamp ?? Date.now())});
				return;
			}

			case 'pickBaseline': {
				report(
					Promise.resolve()
						.then(async () => actions.listBaselines())
						.then(names => ({type: 'showBaselinePicker', names})),
					'baselines unavailable',
				);
				return;
			}

			default: {
				return;
			}
		}
	};

	/** Saves; a name already taken asks before replacing (y) or goes back to the name (n). */
	const saveBaseline = (name: string, replace: boolean) => {
		report(
			Promise.resolve()
				.then(async () => actions.saveBaseline(name, replace))
				.then(saved => (saved.kind === 'exists' ? {type: 'askReplaceBaseline', name} : {type: 'status', message: saved.message})),
			'baseline not saved',
		);
	};

	const onBaselineName = (input: string, key: Key, name: string) => {
		if (key.escape) {
			send({type: 'closeOverlay'});
		} else if (key.return) {
			send({type: 'closeOverlay'});
			const chosen = name.trim();
			if (chosen === '') {
				send({type: 'status', message: 'baseline not saved: empty name'});
				return;
			}

			saveBaseline(chosen, false);
		} else if (key.backspace || key.delete) {
			send({type: 'editBaselineName', edit: {type: 'erase'}});
		} else if (key.ctrl && input === 'u') {
			send({type: 'editBaselineName', edit: {type: 'clear'}});
		} else if (!key.ctrl && !key.meta && input !== '' && cleanText(input) === input) {
			send({type: 'editBaselineName', edit: {type: 'text', text: input}});
		}
	};

	const onReplaceBaseline = (input: string, key: Key, name: string) => {
		if (input === 'y') {
			send({type: 'closeOverlay'});
			saveBaseline(name, true);
		} else if (input === 'n') {
			send({type: 'promptBaselineName', name});
		} else if (key.escape) {
			send({type: 'closeOverlay'});
		}
	};

	/** A list overlay: Esc closes, ↑↓ (k j) move, Enter picks the item under the cursor. */
	const onPicker = (input: string, key: Key, index: number, choose: (index: number) => void) => {
		if (key.escape) {
			send({type: 'closeOverlay'});
		} else if (key.upArrow || input === 'k') {
			send({type: 'movePicker', delta: -1});
		} else if (key.downArrow || input === 'j') {
			send({type: 'movePicker', delta: 1});
		} else if (key.return) {
			choose(index);
		}
	};

	const chooseBaseline = (names: readonly string[]) => (index: number) => {
		send({type: 'closeOverlay'});
		const name = names[index];
		report(
			Promise.resolve()
				.then(async () => actions.selectBaseline(name))
				.then(message => ({type: 'baselineSelected', name, message})),
			'baseline not selected',
		);
	};

	/**
	 * Enter on a signal or a nice value: init and perftop itself take a second Enter; then the action
	 * runs and its line (sent, or why not) goes to the footer.
	 */
	const confirmAndRun = (target: ProcessSample, confirming: boolean, work: () => Promise<string>, failure: string) => {
		if (!confirming && secondConfirmation(target, ownPid) !== undefined) {
			send({type: 'confirmAgain'});
			return;
		}

		send({type: 'closeOverlay'});
		report(Promise.resolve().then(work).then(message => ({type: 'status', message})), failure);
	};

	const onRenice = (input: string, key: Key, overlay: Extract<ViewState['overlay'], {kind: 'renice'}>) => {
		if (key.escape) {
			send({type: 'closeOverlay'});
		} else if (key.return) {
			const nice = parseNice(overlay.text);
			if (typeof nice === 'string') {
				send({type: 'closeOverlay'});
				send({type: 'status', message: `not reniced: ${nice}`});
				return;
			}

			confirmAndRun(overlay.target, overlay.confirming, async () => actions.reniceProcess(targetOf(overlay.target), nice), 'renice failed');
		} else if (key.backspace || key.delete) {
			send({type: 'editRenice', text: overlay.text.slice(0, -1)});
		} else if (/^[-+\d]$/.test(input) && overlay.text.length < 3) {
			send({type: 'editRenice', text: overlay.text + input});
		}
	};

	const onFilter = (input: string, key: Key, filter: string) => {
		if (key.escape) {
			send({type: 'setFilter', filter: ''});
			send({type: 'closeOverlay'});
		} else if (key.return) {
			send({type: 'closeOverlay'});
		} else if (key.upArrow || key.downArrow) {
			send({type: 'moveSelection', delta: key.upArrow ? -1 : 1});
		} else if (key.backspace || key.delete) {
			send({type: 'setFilter', filter: filter.slice(0, -1)});
		} else if (!key.ctrl && !key.meta && input !== '' && cleanText(input) === input) {
			send({type: 'setFilter', filter: filter + input});
		}
	};

	const onSearchKey = (input: string, key: Key) => {
		if (key.return) {
			send({type: 'flameSearchKey', text: '', key: 'return'});
		} else if (key.backspace || key.delete) {
			send({type: 'flameSearchKey', text: '', key: 'backspace'});
		} else if (!key.ctrl && !key.meta && input !== '' && cleanText(input) === input) {
			send({type: 'flameSearchKey', text: input});
		}
	};

	useInput((input, key) => {
		for (const pressed of splitKeys(input, key)) {
			if (!onKey(pressed.input, pressed.key)) {
				return;
			}
		}
	});

	/** Acts on one key press; false once the dashboard is exiting. */
	function onKey(input: string, key: Key): boolean {
		const name = keyName(input, key);
		if (name === 'ctrl+c') {
			exit();
			return false;
		}

		const current = latest.current;
		const {overlay} = current;
		switch (overlay.kind) {
			case 'baselineName': {
				onBaselineName(input, key, overlay.name);
				return true;
			}

			case 'baselineReplace': {
				onReplaceBaseline(input, key, overlay.name);
				return true;
			}

			case 'baselinePicker': {
				onPicker(input, key, overlay.index, chooseBaseline(overlay.names));
				return true;
			}

			case 'signal': {
				onPicker(input, key, overlay.index, index => {
					const signal = processSignals[index]!;
					confirmAndRun(overlay.target, overlay.confirming, async () => actions.signalProcess(targetOf(overlay.target), signal), 'signal failed');
				});
				return true;
			}

			case 'renice': {
				onRenice(input, key, overlay);
				return true;
			}

			case 'userPicker': {
				onPicker(input, key, overlay.index, index => {
					send({type: 'closeOverlay'});
					send({type: 'setUser', user: overlay.users[index]});
				});
				return true;
			}

			case 'filter': {
				onFilter(input, key, current.table.filter);
				return true;
			}

			case 'help': {
				if (key.escape || input === '?') {
					send({type: 'hideHelp'});
				} else if (key.upArrow || key.downArrow || input === 'k' || input === 'j') {
					const body = screenLayout(columns, rows).body;
					send({type: 'scrollHelp', delta: key.upArrow || input === 'k' ? -1 : 1, limit: helpScrollLimit(Math.max(1, columns), body)});
				} else if (input === 'q') {
					exit();
					return false;
				}

				return true;
			}

			case 'none': {
				if (current.profile?.phase === 'open' && current.profile.cursor.editing && !key.escape) {
					onSearchKey(input, key);
					return true;
				}

				const binding = bindingFor(name, keyContext(current, screenLayout(columns, rows).compact));
				if (binding === undefined) {
					if (!isKnownKey(name)) {
						send({type: 'status', message: `${cleanText(name) || 'that key'}: unknown key — ? for help`});
					}
				} else if (binding.grid && screenLayout(columns, rows).compact) {
					send({type: 'status', message: `${binding.label.split(' ')[0]!}: needs a terminal of at least ${fullLayoutColumns}x${fullLayoutRows}`});
				} else {
					run(binding.command, name, snapshot);
				}

				return binding?.command !== 'quit';
			}
		}
	}

	const layout = screenLayout(columns, rows);
	const width = Math.max(1, columns);
	// Footer messages expire: the frame of each tick after the lifetime shows the key hints again.
	const statusSince = useRef({serial: -1, atMs: 0});
	if (statusSince.current.serial !== state.statusSerial) {
		statusSince.current = {serial: state.statusSerial, atMs: clock()};
	}

	const shownStatus = clock() - statusSince.current.atMs < statusLifetimeMs ? state.status : undefined;
	const body = (): ReactNode => {
		if (snapshot === undefined) {
			return <Text>{truncate('Waiting for the first reading…', width)}</Text>;
		}

		switch (state.overlay.kind) {
			case 'help': {
				return <HelpOverlay width={width} height={layout.body} offset={state.overlay.offset} theme={theme}/>;
			}

			case 'baselinePicker': {
				return <Picker title="Compare against baseline (Enter selects, Esc cancels)" items={[...state.overlay.names, 'off']} index={state.overlay.index} width={width} height={layout.body} theme={theme}/>;
			}

			case 'signal': {
				const {target, index, confirming} = state.overlay;
				const warning = confirming ? secondConfirmation(target, ownPid) : undefined;
				const title = warning === undefined
					? `Signal ${targetText(target)} (Enter sends, Esc cancels)`
					: `${warning}: Enter again sends ${processSignals[index]!} to ${targetText(target)}, Esc cancels`;
				return <Picker title={title} titlePaint={warning === undefined ? undefined : theme.critical} items={signalMenuItems} index={index} width={width} height={layout.body} theme={theme}/>;
			}

			case 'userPicker': {
				return <Picker title="Show the processes of (Enter picks, Esc cancels)" items={[...state.overlay.users, 'all users']} index={state.overlay.index} width={width} height={layout.body} theme={theme}/>;
			}

			default: {
				break;
			}
		}

		if (state.profile?.phase === 'open') {
			return <ProfileView data={state.profile.data} cursor={state.profile.cursor} width={width} height={layout.body} theme={theme}/>;
		}

		if (layout.compact) {
			return <CompactView snapshot={snapshot} width={width} height={layout.body} theme={theme}/>;
		}

		if (state.inspected !== undefined) {
			return <ProcessDetail inspected={state.inspected} snapshot={snapshot} width={width} height={layout.body} theme={theme}/>;
		}

		if (state.detail) {
			return <DetailView id={panelIds[state.focus]!} snapshot={snapshot} width={width} height={layout.body} theme={theme}/>;
		}

		return <MainView snapshot={snapshot} focus={state.focus} table={state.table} editing={state.overlay.kind === 'filter'} netInterface={state.netInterface} width={width} height={layout.body} theme={theme}/>;
	};

	const footer = () => {
		const {overlay} = state;
		if (overlay.kind === 'baselineName') {
			// The suggestion shows as selected text: the first key typed replaces it.
			const name = overlay.prefilled ? `${overlay.name} (typing replaces it)` : `${overlay.name}_`;
			const keys = 'Enter saves, Ctrl-U clears, Esc cancels';
			const plain = `Baseline name: ${name}  ${keys}`;
			return plain.length > width
				? <Text>{truncate(plain, width)}</Text>
				: <Text>{theme.accent('Baseline name: ')}{overlay.prefilled ? theme.focus(overlay.name) : name}{overlay.prefilled ? theme.accent(name.slice(overlay.name.length)) : ''}  {theme.accent(keys)}</Text>;
		}

		if (overlay.kind === 'baselineReplace') {
			return <Text>{theme.accent(truncate(`Baseline '${overlay.name}' exists — replace it? y replaces, n renames, Esc cancels`, width))}</Text>;
		}

		if (state.overlay.kind === 'renice') {
			const {target, text, confirming} = state.overlay;
			const warning = confirming ? secondConfirmation(target, ownPid) : undefined;
			const prompt = warning === undefined
				? `Renice ${targetText(target)} to: ${text}_  (-20 … 19; Enter sets, Esc cancels)`
				: `${warning}: Enter again renices ${targetText(target)} to ${text}, Esc cancels`;
			return <Text>{(warning === undefined ? theme.accent : theme.critical)(truncate(prompt, width))}</Text>;
		}

		return <Footer context={keyContext(state, layout.compact)} hints={{paused: state.paused, compact: layout.compact}} status={profileCountdown(state.profile, Date.now()) ?? shownStatus} width={width} theme={theme}/>;
	};

	return (
		<Box flexDirection="column" width={width}>
			{layout.header && snapshot ? <Header snapshot={snapshot} inventory={inventory} options={{paused: state.paused, intervalMs: state.intervalMs, baseline: snapshot.comparison?.baseline.name ?? state.baseline}} width={width} theme={theme}/> : null}
			{layout.body > 0 ? body() : null}
			{layout.footer ? footer() : null}
		</Box>
	);
}
