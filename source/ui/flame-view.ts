import {frameLabel} from '../profile/fold-perf-script.js';
import {pathTo, rootNode, walkTree, type FrameTree} from '../profile/frame-tree.js';
import {findCell, layoutIcicle, type IcicleCell} from '../profile/icicle-layout.js';
import type {ProfileViewData} from '../profile/profile-files.js';
import {fit, truncate} from './text.js';
import type {FlameShade, Theme} from './theme.js';

/** Where the user is in the flame graph: the zoomed frame, the selected one, and the search. */
export type FlameCursor = {
	readonly zoom: number;
	readonly selected: number;
	readonly search: string;
	/** `/` was pressed and the search is being typed. */
	readonly editing: boolean;
};

export const initialFlameCursor: FlameCursor = {zoom: rootNode, selected: rootNode, search: '', editing: false};

export type FlameMove = 'left' | 'right' | 'up' | 'down';

/**
 * The frame a move lands on in the icicle laid out `width` cells wide (only frames drawn can be
 * selected): left/right the neighbour in the same row, up the caller, down the widest callee
 * (flamelens's keys). Unchanged at an edge.
 */
export function moveSelection(tree: FrameTree, cursor: FlameCursor, move: FlameMove, width: number): number {
	const rows = layoutIcicle(tree, cursor.zoom, width);
	const selected = findCell(rows, tree, cursor.selected) ? cursor.selected : cursor.zoom;
	if (move === 'up') {
		return tree.parent[selected]! >= 0 ? tree.parent[selected]! : selected;
	}

	if (move === 'down') {
		const below = rows[tree.depth[selected]! + 1]?.filter(cell => tree.parent[cell.node] === selected) ?? [];
		return below.reduce<IcicleCell | undefined>((widest, cell) => (widest && widest.width >= cell.width ? widest : cell), undefined)?.node ?? selected;
	}

	const row = rows[tree.depth[selected]!] ?? [];
	const index = row.findIndex(cell => cell.node === selected);
	return row[index + (move === 'left' ? -1 : 1)]?.node ?? selected;
}

/** A regular expression from what was typed, or undefined while it is not one yet. */
export function searchPattern(search: string): RegExp | undefined {
	if (search === '') {
		return undefined;
	}

	try {
		return new RegExp(search);
	} catch {
		return undefined;
	}
}

/** Share of samples under frames whose name matches, each sample counted once (a match under a match is inside it). */
export function matchedPct(tree: FrameTree, pattern: RegExp): number {
	let matched = 0;
	let insideMatchDepth = Number.POSITIVE_INFINITY;
	walkTree(tree, rootNode, node => {
		if (tree.depth[node]! <= insideMatchDepth) {
			insideMatchDepth = Number.POSITIVE_INFINITY;
		}

		if (node !== rootNode && insideMatchDepth === Number.POSITIVE_INFINITY && pattern.test(frameLabel(tree.names[tree.name[node]!]!).label)) {
			matched += tree.total[node]!;
			insideMatchDepth = tree.depth[node]!;
		}
	});
	return tree.total[rootNode]! > 0 ? (matched / tree.total[rootNode]!) * 100 : 0;
}

const hotHeader = 'SELF %  TOTAL %  FUNCTION';

/**
 * The profile view's lines, `width` × `height`: title and warnings, the hot functions (up to 10, fewer
 * on a short terminal), the icicle with the selected frame's row kept in view, and a line about the
 * selected frame or the search.
 */
export function profileViewLines(data: ProfileViewData, cursor: FlameCursor, width: number, height: number, theme: Theme): string[] {
	const top = [theme.accent(fit(`Profile: ${data.title} — ${data.summary}`, width)), ...data.warnings.map(warning => theme.medium(truncate(`⚠ ${warning}`, width)))];
	const room = Math.max(0, height - top.length - 1);
	const hotRows = Math.min(data.hot.length, 10, Math.floor(room / 3));
	const moduleWidth = Math.min(24, Math.max(6, ...data.hot.slice(0, hotRows).map(entry => (entry.module ?? '—').length)));
	const functionWidth = Math.max(8, width - 17 - moduleWidth - 2);
	const hot = hotRows === 0 ? [] : [
		theme.dim(fit(`${hotHeader.padEnd(17 + functionWidth)}  MODULE`, width)),
		...data.hot.slice(0, hotRows).map(entry => fit(`${entry.selfPct.toFixed(1).padStart(6)}  ${entry.totalPct.toFixed(1).padStart(7)}  ${fit(entry.name + (entry.kind === 'kernel' ? ' [k]' : ''), functionWidth)}  ${entry.module ?? '—'}`, width)),
	];
	const flameRows = Math.max(0, room - hot.length);
	// A terminal too short for the title and the status line keeps what fits from the top.
	return [...top, ...hot, ...flameLines(data.tree, cursor, width, flameRows, theme), statusLine(data, cursor, width, theme)].slice(0, Math.max(1, height));
}

function flameLines(tree: FrameTree, cursor: FlameCursor, width: number, height: number, theme: Theme): string[] {
	if (height <= 0) {
		return [];
	}

	const rows = layoutIcicle(tree, cursor.zoom, width);
	const selectedDepth = tree.depth[cursor.selected]!;
	const first = Math.max(0, Math.min(selectedDepth - Math.floor(height / 2), rows.length - height));
	const pattern = searchPattern(cursor.search);
	const lines = rows.slice(first, first + height).map(row => flameRow(tree, row, cursor.selected, pattern, width, theme));
	while (lines.length < height) {
		lines.push('');
	}

	return lines;
}

function flameRow(tree: FrameTree, row: readonly IcicleCell[], selected: number, pattern: RegExp | undefined, width: number, theme: Theme): string {
	let line = '';
	let at = 0;
	for (const cell of row) {
		line += ' '.repeat(cell.x - at);
		const {label, kind} = frameLabel(tree.names[tree.name[cell.node]!]!);
		const shade: FlameShade = pattern?.test(label) ? 'match' : (label.startsWith('[') && label.endsWith(']') ? 'unknown' : kind);
		// Without colour a bar starts each frame so neighbours stay apart; `>` marks the selected one.
		const marker = theme.colour ? '' : (cell.node === selected ? '>' : (shade === 'match' ? '*' : '|'));
		// Under three cells a label would be all ellipsis: the colour (or the marker) says enough.
		const text = cell.width < 3 && theme.colour ? ' '.repeat(cell.width) : fit(marker + label, cell.width);
		line += cell.node === selected ? theme.focus(text) : theme.flame(shade, cell.node % 2 === 0, cell.ancestor)(text);
		at = cell.x + cell.width;
	}

	return line + ' '.repeat(Math.max(0, width - at));
}

function statusLine(data: ProfileViewData, cursor: FlameCursor, width: number, theme: Theme): string {
	if (cursor.editing || cursor.search !== '') {
		const pattern = searchPattern(cursor.search);
		const result = pattern ? `matched ${matchedPct(data.tree, pattern).toFixed(1)} %` : (cursor.search === '' ? 'type a regular expression' : 'not a regular expression yet');
		return theme.accent(fit(`/${cursor.search}${cursor.editing ? '▏' : ''}  ${result}`, width));
	}

	const {tree} = data;
	const node = cursor.selected;
	const raw = tree.names[tree.name[node]!]!;
	const samples = tree.total[rootNode]!;
	const share = (count: number) => (samples > 0 ? ((count / samples) * 100).toFixed(1) : '0.0');
	const module = data.modules.get(raw);
	const where = pathTo(tree, node).length > 1 ? `${frameLabel(raw).label}${module ? ` (${module})` : ''}` : 'all samples';
	return theme.dim(fit(`${where}: ${share(tree.total[node]!)} % total, ${share(tree.self[node]!)} % self, ${tree.total[node]!} samples · ${data.files}`, width));
}
