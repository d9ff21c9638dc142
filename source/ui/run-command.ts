import type {Snapshot} from '../engine/types.js';
import {mainLayoutFor} from './main-regions.js';
import {tableRowsShown} from './components/ProcessTable.js';
import type {DashboardContext} from './dashboard-context.js';
import type {FlameMove} from './flame-view.js';
import {backToLive, stepEpisode, stepMinute, stepTicks, worstMoment} from './history-keys.js';
import {actedOn} from './key-context.js';
import type {Command} from './keymap.js';
import {screenLayout} from './layout.js';
import {networkInterfaces} from './panels.js';
import {dateText} from './sections.js';
import {cleanText} from './text.js';
import type {ViewAction} from './view-state.js';

/** `<host>-<YYYY-MM-DD>`: a name that says where and when without typing. */
export function defaultBaselineName(hostname: string, timestampMs: number): string {
	return `${cleanText(hostname).replaceAll(/\s+/g, '-')}-${dateText(timestampMs)}`;
}

const flameMoves: Readonly<Record<string, FlameMove>> = {left: 'left', h: 'left', right: 'right', l: 'right', up: 'up', k: 'up', down: 'down', j: 'down'};

/** Commands that are one reducer action and nothing else. */
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
	cgroupView: {type: 'toggleCgroups'},
	cgroupSort: {type: 'cgroupSort'},
	cgroupFold: {type: 'cgroupFold'},
	cgroupDetail: {type: 'cgroupDetail'},
	cgroupBack: {type: 'cgroupBack'},
	flameSearch: {type: 'flameSearch'},
};

/** Process rows on screen, for PgUp / PgDn. */
function tablePage({latest, columns, rows}: DashboardContext, shown: Snapshot | undefined): number {
	const {body} = screenLayout(columns, rows);
	const height = shown === undefined ? 0 : mainLayoutFor(shown, Math.max(1, columns), body).processHeight;
	return Math.max(1, tableRowsShown(latest.current.table, false, height));
}

/** Runs the command a key is bound to; `name` is the key pressed, `shown` the snapshot on screen. */
export function runCommand(context: DashboardContext, command: Command, name: string, shown: Snapshot | undefined): void {
	const {engine, actions, latest, send, report, columns} = context;
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
			send({type: 'moveSelection', delta: (command === 'selectPageUp' ? -1 : 1) * tablePage(context, shown)});
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
			context.exit();
			return;
		}

		case 'cycleInterface': {
			send({type: 'cycleInterface', interfaces: shown ? networkInterfaces(shown) : []});
			return;
		}

		case 'startProfile': {
			context.profiler.start();
			return;
		}

		case 'cancelProfile': {
			context.profiler.cancel();
			return;
		}

		case 'flameBack': {
			send({type: 'flameBack', width: Math.max(1, columns)});
			return;
		}

		case 'cgroupMove': {
			send({type: 'cgroupMove', delta: name === 'up' || name === 'k' ? -1 : 1});
			break;
		}

		case 'flameMove': {
			send({type: 'flameMove', move: flameMoves[name]!, width: Math.max(1, columns)});
			return;
		}

		case 'historyStep': {
			stepTicks(context, name === '[' ? -1 : 1);
			return;
		}

		case 'historyMinute': {
			stepMinute(context, name === '{' ? -1 : 1);
			return;
		}

		case 'goToTime': {
			send({type: 'promptGoTo'});
			return;
		}

		case 'worstMoment': {
			worstMoment(context);
			return;
		}

		case 'episode': {
			stepEpisode(context, name === 'n' ? 1 : -1);
			return;
		}

		case 'live': {
			backToLive(context);
			return;
		}

		case 'report':
		case 'snapshotReport': {
			// A recorded moment is reported as that moment.
			const scope = command === 'report' && !latest.current.history ? 'range' : 'snapshot';
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
			send({type: 'promptBaselineName', name: defaultBaselineName(context.inventory.hostname, shown?.sample.timestamp ?? Date.now())});
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
}
