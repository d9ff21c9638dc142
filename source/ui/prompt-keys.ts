import type {Key} from 'ink';
import {processSignals} from '../engine/process-signals.js';
import type {ProcessSample} from '../metrics/types.js';
import {helpScrollLimit} from './components/HelpOverlay.js';
import {goToTime} from './history-keys.js';
import type {DashboardContext} from './dashboard-context.js';
import {screenLayout} from './layout.js';
import {parseNice, secondConfirmation, targetOf} from './process-actions.js';
import {cleanText} from './text.js';
import type {Overlay} from './view-state.js';

/** An overlay that takes every key while it is open. */
export type OpenOverlay = Exclude<Overlay, {kind: 'none'}>;

/** Acts on one key press while an overlay is open; false once the dashboard is exiting. */
export function onPromptKey(context: DashboardContext, overlay: OpenOverlay, input: string, key: Key): boolean {
	const {send, latest, columns, rows} = context;
	switch (overlay.kind) {
		case 'baselineName': {
			onBaselineName(context, input, key, overlay.name);
			return true;
		}

		case 'baselineReplace': {
			if (input === 'y') {
				send({type: 'closeOverlay'});
				saveBaseline(context, overlay.name, true);
			} else if (input === 'n') {
				send({type: 'promptBaselineName', name: overlay.name});
			} else if (key.escape) {
				send({type: 'closeOverlay'});
			}

			return true;
		}

		case 'baselinePicker':
		case 'signal':
		case 'userPicker': {
			onPicker(context, input, key, overlay);
			return true;
		}

		case 'renice': {
			onRenice(context, input, key, overlay);
			return true;
		}

		case 'filter': {
			onFilter(context, input, key, latest.current.table.filter);
			return true;
		}

		case 'goTo': {
			if (key.escape) {
				send({type: 'closeOverlay'});
			} else if (key.return) {
				send({type: 'closeOverlay'});
				goToTime(context, overlay.text);
			} else if (key.backspace || key.delete) {
				send({type: 'editGoTo', text: overlay.text.slice(0, -1)});
			} else if (key.ctrl && input === 'u') {
				send({type: 'editGoTo', text: ''});
			} else if (!key.ctrl && !key.meta && input !== '' && cleanText(input) === input) {
				send({type: 'editGoTo', text: overlay.text + input});
			}

			return true;
		}

		case 'help': {
			if (key.escape || input === '?') {
				send({type: 'hideHelp'});
			} else if (key.upArrow || key.downArrow || input === 'k' || input === 'j') {
				const body = screenLayout(columns, rows).body;
				send({type: 'scrollHelp', delta: key.upArrow || input === 'k' ? -1 : 1, limit: helpScrollLimit(Math.max(1, columns), body)});
			} else if (input === 'q') {
				context.exit();
				return false;
			}

			return true;
		}
	}
}

/** A key while the profile view's search is typed. */
export function onSearchKey({send}: DashboardContext, input: string, key: Key): void {
	if (key.return) {
		send({type: 'flameSearchKey', text: '', key: 'return'});
	} else if (key.backspace || key.delete) {
		send({type: 'flameSearchKey', text: '', key: 'backspace'});
	} else if (!key.ctrl && !key.meta && input !== '' && cleanText(input) === input) {
		send({type: 'flameSearchKey', text: input});
	}
}

/** Saves; a name already taken asks before replacing (y) or goes back to the name (n). */
function saveBaseline({actions, report}: DashboardContext, name: string, replace: boolean): void {
	report(
		Promise.resolve()
			.then(async () => actions.saveBaseline(name, replace))
			.then(saved => (saved.kind === 'exists' ? {type: 'askReplaceBaseline', name} : {type: 'status', message: saved.message})),
		'baseline not saved',
	);
}

function onBaselineName(context: DashboardContext, input: string, key: Key, name: string): void {
	const {send} = context;
	if (key.escape) {
		send({type: 'closeOverlay'});
	} else if (key.return) {
		send({type: 'closeOverlay'});
		const chosen = name.trim();
		if (chosen === '') {
			send({type: 'status', message: 'baseline not saved: empty name'});
			return;
		}

		saveBaseline(context, chosen, false);
	} else if (key.backspace || key.delete) {
		send({type: 'editBaselineName', edit: {type: 'erase'}});
	} else if (key.ctrl && input === 'u') {
		send({type: 'editBaselineName', edit: {type: 'clear'}});
	} else if (!key.ctrl && !key.meta && input !== '' && cleanText(input) === input) {
		send({type: 'editBaselineName', edit: {type: 'text', text: input}});
	}
}

export type PickerOverlay = Extract<Overlay, {kind: 'baselinePicker' | 'signal' | 'userPicker'}>;

/** A list overlay: Esc closes, ↑↓ (k j) move, Enter picks the item under the cursor. */
function onPicker(context: DashboardContext, input: string, key: Key, overlay: PickerOverlay): void {
	const {send} = context;
	if (key.escape) {
		send({type: 'closeOverlay'});
	} else if (key.upArrow || input === 'k') {
		send({type: 'movePicker', delta: -1});
	} else if (key.downArrow || input === 'j') {
		send({type: 'movePicker', delta: 1});
	} else if (key.return) {
		pickItem(context, overlay);
	}
}

/** Enter in a list overlay, or a click on its item under the cursor: picks the baseline, the user, or sends the signal. */
export function pickItem(context: DashboardContext, overlay: PickerOverlay): void {
	const {send, actions} = context;
	const {index} = overlay;
	switch (overlay.kind) {
		case 'baselinePicker': {
			send({type: 'closeOverlay'});
			const name = overlay.names[index];
			context.report(
				Promise.resolve()
					.then(async () => actions.selectBaseline(name))
					.then(message => ({type: 'baselineSelected', name, message})),
				'baseline not selected',
			);
			return;
		}

		case 'signal': {
			const signal = processSignals[index]!;
			confirmAndRun(context, overlay.target, overlay.confirming, async () => actions.signalProcess(targetOf(overlay.target), signal), 'signal failed');
			return;
		}

		case 'userPicker': {
			send({type: 'closeOverlay'});
			send({type: 'setUser', user: overlay.users[index]});
		}
	}
}

/**
 * Enter on a signal or a nice value: init and perftop itself take a second Enter; then the action
 * runs and its line (sent, or why not) goes to the footer.
 */
function confirmAndRun({send, report, ownPid}: DashboardContext, target: ProcessSample, confirming: boolean, work: () => Promise<string>, failure: string): void {
	if (!confirming && secondConfirmation(target, ownPid) !== undefined) {
		send({type: 'confirmAgain'});
		return;
	}

	send({type: 'closeOverlay'});
	report(Promise.resolve().then(work).then(message => ({type: 'status', message})), failure);
}

function onRenice(context: DashboardContext, input: string, key: Key, overlay: Extract<Overlay, {kind: 'renice'}>): void {
	const {send, actions} = context;
	if (key.escape) {
		send({type: 'closeOverlay'});
	} else if (key.return) {
		const nice = parseNice(overlay.text);
		if (typeof nice === 'string') {
			send({type: 'closeOverlay'});
			send({type: 'status', message: `not reniced: ${nice}`});
			return;
		}

		confirmAndRun(context, overlay.target, overlay.confirming, async () => actions.reniceProcess(targetOf(overlay.target), nice), 'renice failed');
	} else if (key.backspace || key.delete) {
		send({type: 'editRenice', text: overlay.text.slice(0, -1)});
	} else if (/^[-+\d]$/.test(input) && overlay.text.length < 3) {
		send({type: 'editRenice', text: overlay.text + input});
	}
}

function onFilter({send}: DashboardContext, input: string, key: Key, filter: string): void {
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
}
