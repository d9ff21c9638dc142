import process from 'node:process';
import {Box, useApp, useInput, type Key} from 'ink';
import {useEffect, useMemo, useRef} from 'react';
import type {DashboardActions, EngineHandle} from '../engine/types.js';
import type {Inventory} from '../metrics/types.js';
import {DashboardBody} from './components/DashboardBody.js';
import {DashboardFooter} from './components/DashboardFooter.js';
import {ExitOnError} from './components/ExitOnError.js';
import {Header} from './components/Header.js';
import type {DashboardContext} from './dashboard-context.js';
import {useEngineFeed} from './hooks/use-engine-feed.js';
import {useProcessHistory} from './hooks/use-process-history.js';
import {profileCountdown, useProfiler} from './hooks/use-profiler.js';
import {useReport} from './hooks/use-report.js';
import {useShownStatus} from './hooks/use-shown-status.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {useViewState} from './hooks/use-view-state.js';
import {keyContext} from './key-context.js';
import {KeymapContext} from './hooks/use-keymap.js';
import {useMouse} from './hooks/use-mouse.js';
import {type Binding, bindingFor, isKnownKey, keymap, keyName, splitKeys} from './keymap.js';
import {fullLayoutColumns, fullLayoutRows, screenLayout} from './layout.js';
import type {PanelId} from './panels.js';
import {onPromptKey, onSearchKey} from './prompt-keys.js';
import {runCommand} from './run-command.js';
import {cleanText} from './text.js';
import {createTheme, type ThemeOptions} from './theme.js';

export type Props = {
	readonly engine: EngineHandle;
	readonly actions: DashboardActions;
	readonly inventory: Inventory;
	readonly noColor: boolean;
	/** The theme, chart style and chart levels (--theme, --graph, the config's ui and thresholds); NO_COLOR still wins. */
	readonly look?: Omit<ThemeOptions, 'noColor'>;
	/** The keymap with the config file's `keys:` applied. */
	readonly keys?: readonly Binding[];
	readonly initialFocus?: PanelId;
	/**
	 * A one-line message for the footer, shown from the start and again whenever it changes: the
	 * recording database opens after the first frame, and its notices ("recording by pid 123; this
	 * view is read-only") come with a re-render.
	 */
	readonly notice?: string;
	/** This perftop's pid: signalling or renicing it takes a second Enter. */
	readonly ownPid?: number;
	/** Wall clock for footer messages' expiry and how long ago a recorded moment was; tests pass their own. */
	readonly clock?: () => number;
	/** `perftop replay`: history mode only, from the first frame; no live view to go back to. */
	readonly replay?: boolean;
};

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
 * All view state lives in one reducer (hooks/use-view-state.ts) and all keys arrive through this one
 * useInput; it renders only when a snapshot arrives (and the view is not paused) or a key changes state.
 */
function DashboardScreen({engine, actions, inventory, noColor, look, keys = keymap, initialFocus, notice, clock = Date.now, ownPid = process.pid, replay = false}: Props) {
	const {exit} = useApp();
	const theme = useMemo(() => createTheme({...look, noColor}), [look, noColor]);
	const {columns, rows} = useTerminalSize();
	const {state, latest, send} = useViewState(engine, initialFocus, notice, replay);
	useEngineFeed(engine, state, latest, send, notice);
	const report = useReport(send);
	useProcessHistory(state, actions, report);
	const profiler = useProfiler(latest, send, actions, report);
	const search = useRef<AbortController>(undefined);
	useEffect(() => () => {
		search.current?.abort();
	}, []);
	const context: DashboardContext = {engine, actions, inventory, ownPid, latest, send, report, profiler, exit, clock, columns, rows, replay, search};

	const withoutMouse = useMouse(context);
	useInput((input, key) => {
		// Mouse reports first, so none reaches a key handler or a prompt as typed characters.
		const keys = withoutMouse(input);
		if (keys === undefined) {
			return;
		}

		for (const pressed of splitKeys(keys, key)) {
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
		if (current.overlay.kind !== 'none') {
			return onPromptKey(context, current.overlay, input, key);
		}

		if (current.profile?.phase === 'open' && current.profile.cursor.editing && !key.escape) {
			onSearchKey(context, input, key);
			return true;
		}

		const {compact} = screenLayout(columns, rows);
		const binding = bindingFor(name, keyContext(current, compact), keys);
		if (binding === undefined) {
			if (!isKnownKey(name, keys)) {
				send({type: 'status', message: `${cleanText(name) || 'that key'}: unknown key — ? for help`});
			}
		} else if (binding.grid && compact) {
			send({type: 'status', message: `${binding.label.split(' ')[0]!}: needs a terminal of at least ${fullLayoutColumns}x${fullLayoutRows}`});
		} else {
			runCommand(context, binding.command, name, state.snapshot);
		}

		return binding?.command !== 'quit';
	}

	const layout = screenLayout(columns, rows);
	const width = Math.max(1, columns);
	const shownStatus = useShownStatus(state, clock);
	const {snapshot} = state;
	return (
		<KeymapContext.Provider value={keys}>
			<Box flexDirection="column" width={width}>
				{layout.header && snapshot ? <Header snapshot={snapshot} inventory={inventory} options={{paused: state.paused, nowMs: clock(), ...(state.episodes ? {episodes: state.episodes} : {}), intervalMs: state.history ? snapshot.intervalMs : state.intervalMs, baseline: snapshot.comparison?.baseline.name ?? state.baseline}} width={width} theme={theme}/> : null}
				{layout.body > 0 ? <DashboardBody state={state} compact={layout.compact} ownPid={ownPid} width={width} height={layout.body} theme={theme}/> : null}
				{layout.footer ? <DashboardFooter state={state} compact={layout.compact} ownPid={ownPid} status={profileCountdown(state.profile, Date.now()) ?? shownStatus} width={width} theme={theme}/> : null}
			</Box>
		</KeymapContext.Provider>
	);
}
