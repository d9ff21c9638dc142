import {useRef, useState} from 'react';
import {helpScrollLimit} from '../components/HelpOverlay.js';
import type {DashboardContext} from '../dashboard-context.js';
import {screenLayout} from '../layout.js';
import {type Click, createMouseReader, isDoubleClick, type MouseEvent} from '../mouse.js';
import {mouseTarget} from '../mouse-target.js';

/** Rows a notch of the wheel moves the table's selection (or the help) by, as terminals scroll three lines. */
const wheelRows = 3;

/**
 * Takes the mouse reports out of each chunk of input and acts on them: a click focuses a panel or
 * selects a process (a double-click opens its detail), the wheel moves through the table or the help.
 * Returns the input left for the key handlers: undefined when it was all mouse reports.
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
			if (target !== undefined && target.kind !== 'panel') {
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
		if (target === undefined) {
			return;
		}

		if (target.kind === 'panel') {
			send({type: 'focusPanel', index: target.index});
		} else {
			send({type: 'focusTable'});
			if (target.kind === 'process') {
				send({type: 'moveSelection', delta: target.index - latest.current.table.index});
			}
		}

		if (double && target.kind !== 'table') {
			send({type: 'openDetail'});
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
