import {Box, Text} from 'ink';
import {processCells, processColumns, processSortLabels} from '../sections.js';
import type {TableState} from '../table-state.js';
import {cleanText, truncate} from '../text.js';
import type {Theme} from '../theme.js';
import {panelTitle} from './ResourcePanel.js';
import {Table} from './Table.js';

export type Props = {
	readonly table: TableState;
	/** The filter is being typed (`/`): its line shows a cursor and what Enter and Esc do. */
	readonly editing: boolean;
	readonly width: number;
	/** Lines including the title rule, the filter line when there is one, and the column header. */
	readonly height: number;
	readonly theme: Theme;
	/** A recorded moment without a process record says why, in place of an empty table. */
	readonly missing?: string;
};

/** Process rows that fit under the title, the filter line (when shown) and the column header. */
export function tableRowsShown(table: TableState, editing: boolean, height: number): number {
	return Math.max(0, headerRoom(table, editing, height) - 1);
}

/** Lines left for the column header and the rows. */
function headerRoom(table: TableState, editing: boolean, height: number): number {
	return height - 1 - (filterShown(table, editing) ? 1 : 0);
}

function filterShown(table: TableState, editing: boolean): boolean {
	return editing || table.filter !== '' || table.user !== undefined;
}

/**
 * The first row on screen: a page at a time, so the selected (or followed) row is always in view
 * without remembering a scroll position; the top rows while nothing is selected or followed.
 */
export function firstShown(table: TableState, rows: number): number {
	const tracking = table.focused || table.follow;
	return tracking && table.index >= 0 && rows > 0 ? Math.floor(table.index / rows) * rows : 0;
}

function titleText(table: TableState): string {
	const order = `${processSortLabels[table.sort]}${table.reverse ? ', lightest first' : ''}`;
	const what = table.tree ? `Process tree by ${order}` : `Top processes by ${order}`;
	return `${what} (o: sort)${table.follow ? ' · following' : ''}`;
}

function filterText(table: TableState, editing: boolean): string {
	const parts = [
		editing || table.filter !== '' ? `/ ${cleanText(table.filter)}${editing ? '_' : ''}` : '',
		table.user === undefined ? '' : `user ${cleanText(table.user)}`,
		`${table.rows.length} of ${table.processes.length} processes`,
		editing ? '(Enter keeps, Esc clears)' : '',
	];
	return parts.filter(part => part !== '').join('  ');
}

/**
 * The process table, every process a row under the query (sort, filter, user, tree). Focused, it shows
 * a page around the selected row; one Text node for the rows keeps it cheap however many processes match.
 */
export function ProcessTable({table, editing, width, height, theme, missing}: Props) {
	if (missing !== undefined) {
		return (
			<Box flexDirection="column">
				<Text>{theme.dim(panelTitle('Processes', width, table.focused))}</Text>
				{height > 1 ? <Text>{theme.dim(truncate(missing, width))}</Text> : null}
			</Box>
		);
	}

	const shown = tableRowsShown(table, editing, height);
	const first = firstShown(table, shown);
	const rows = table.rows.slice(first, first + shown);
	const selected = table.focused || table.follow ? table.index - first : -1;
	return (
		<Box flexDirection="column">
			<Text>{(table.focused ? theme.accent : theme.dim)(panelTitle(titleText(table), width, table.focused))}</Text>
			{filterShown(table, editing) && height > 1 ? <Text>{theme.accent(truncate(filterText(table, editing), width))}</Text> : null}
			{headerRoom(table, editing, height) > 0 ? <Table columns={processColumns(table.sort, table.reverse)} rows={rows.map(row => processCells(row.process, row.prefix + (row.collapsed ? '+ ' : '')))} width={width} theme={theme} highlight={selected}/> : null}
		</Box>
	);
}
