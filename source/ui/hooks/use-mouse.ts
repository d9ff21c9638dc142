import {useRef, useState} from 'react';
import {helpScrollLimit} from '../components/HelpOverlay.js';
import type {DashboardContext} from '../dashboard-context.js';
import {screenLayout} from '../layout.js';
import {type Click, createMouseReader, isDoubleClick, type MouseEvent} from '../mouse.js';
import {type MouseTarget, mouseTarget} from '../mouse-target.js';
import {resourceKindOf} from '../../metrics/types.js';
import {panelIds} from '../panels.js';
import {pickItem} from '../prompt-keys.js';
import {panelOf} from '../sections.js';

/** Rows a notch of the wheel moves the table's selection (or the help) by, as terminals scroll three lines. */
const wheelRows = 3;

/**
 * Takes the mouse reports out of each chunk of input and acts on them: a click focuses a panel or
 * selects a process (a double-click opens its detail), opens the detail of a bottleneck's panel, picks
 * in a picker, and outside an open picker or detail view closes it; the wheel moves through the table,
 * a picker or the help. Returns the input left for the key handlers: undefined when it was all mouse reports.
 */
export function useMouse(context: DashboardContext, now: () => number = Date.now): (input: string) => string | undefined {
	const [read] = useState(createMouseReader);
	const lastClick = useRef<Click | undefined>(undefined);
	const onEvent = (event: MouseEvent) => {
		const {latest, send, columns, rows} = context;
		const current = latest.current;
		if (event.action === 'wheelUp' || event.action === 'wheelDown') {
			const delta = event.action === 'wheelUp' ? -wheelRows : wheelRows;
			if (current.overlay.kind === 'help') {
				send({type: 'scrollHelp', delta, limit: helpScrollLimit(Math.max(1, columns), screenLayout(columns, rows).body)});
				return;
			}

			const target = mouseTarget(current, columns, rows, event.column, event.row);
			if (target?.kind === 'pickerItem') {
				send({type: 'movePicker', delta: Math.sign(delta)});
			} else if (target?.kind === 'table' || target?.kind === 'process') {
				send({type: 'focusTable'});
				send({type: 'moveSelection', delta});
			}

			return;
		}

		if (event.action !== 'press' || event.button !== 'left') {
			return;
		}

		const click = {column: event.column, row: event.row, atMs: now()};
		const double = isDoubleClick(lastClick.current, click);
		// A third click starts over rather than counting as a second double-click.
		lastClick.current = double ? undefined : click;
		const target = mouseTarget(current, columns, rows, event.column, event.row);
		if (target !== undefined) {
			onClick(context, target, double);
		}
	};

	return input => {
		const {events, keys} = read(input);
		for (const event of events) {
			onEvent(event);
		}

		return keys === '' && input !== '' ? undefined : keys;
	};
}

/** A left click on what it landed on, as the keys there would do it. */
function onClick(context: DashboardContext, target: MouseTarget, double: boolean): void {
	const {latest, send} = context;
	const {overlay} = latest.current;
	switch (target.kind) {
		case 'panel': {
			send({type: 'focusPanel', index: target.index});
			if (double) {
				send({type: 'openDetail'});
			}

			return;
		}

		case 'table':
		case 'process': {
			send({type: 'focusTable'});
			if (target.kind === 'process') {
				send({type: 'moveSelection', delta: target.index - latest.current.table.index});
				if (double) {
					send({type: 'openDetail'});
				}
			}

			return;
		}

		case 'bottleneck': {
			// As Enter on its panel: that panel's detail, with the bottleneck and what to do about it.
			const panel = panelOf(target.resource);
			if (panel === undefined) {
				send(resourceKindOf(target.resource) === 'cgroup' ? {type: 'toggleCgroups'} : {type: 'status', message: `${target.resource}: no detail view`});
				return;
			}

			send({type: 'focusPanel', index: panelIds.indexOf(panel)});
			send({type: 'openDetail'});
			return;
		}

		case 'pickerItem': {
			if (overlay.kind !== 'baselinePicker' && overlay.kind !== 'signal' && overlay.kind !== 'userPicker') {
				return;
			}

			// A signal is sent only by a click on the one already under the cursor (or Enter): one stray click must not kill.
			const picks = overlay.kind !== 'signal' || overlay.index === target.index;
			send({type: 'movePicker', delta: target.index - overlay.index});
			if (picks) {
				pickItem(context, {...overlay, index: target.index});
			}

			return;
		}

		case 'outside': {
			send(overlay.kind === 'none' ? {type: 'closeDetail'} : {type: 'closeOverlay'});
		}
	}
}
