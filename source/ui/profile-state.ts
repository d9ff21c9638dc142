import {rootNode} from '../profile/frame-tree.js';
import {findCell, layoutIcicle} from '../profile/icicle-layout.js';
import type {ProfileViewData} from '../profile/profile-files.js';
import {initialFlameCursor, moveSelection, type FlameCursor, type FlameMove} from './flame-view.js';

/** A profile being taken (the footer counts down) or open in the profile view. */
export type ProfileState =
	| {readonly phase: 'running'; readonly pid: number; readonly name: string; readonly startedAtMs: number; readonly durationS: number}
	| {readonly phase: 'open'; readonly data: ProfileViewData; readonly cursor: FlameCursor};

export type ProfileAction =
	| {readonly type: 'profileStarted'; readonly pid: number; readonly name: string; readonly startedAtMs: number; readonly durationS: number}
	| {readonly type: 'profileFinished'; readonly data: ProfileViewData}
	/** Failed or cancelled: the footer says which. */
	| {readonly type: 'profileEnded'}
	| {readonly type: 'flameMove'; readonly move: FlameMove; readonly width: number}
	| {readonly type: 'flameZoom'}
	/** Esc: stop typing a search, clear it, zoom out one level, or close the view, whichever comes first. */
	| {readonly type: 'flameBack'; readonly width: number}
	| {readonly type: 'flameSearch'}
	/** A key while the search is typed: text to add, or backspace / return. */
	| {readonly type: 'flameSearchKey'; readonly text: string; readonly key?: 'backspace' | 'return'};

export function profileReducer(state: ProfileState | undefined, action: ProfileAction): ProfileState | undefined {
	switch (action.type) {
		case 'profileStarted': {
			const {pid, name, startedAtMs, durationS} = action;
			return {phase: 'running', pid, name, startedAtMs, durationS};
		}

		case 'profileFinished': {
			return {phase: 'open', data: action.data, cursor: initialFlameCursor};
		}

		case 'profileEnded': {
			return undefined;
		}

		default: {
			return state?.phase === 'open' ? openReducer(state, action) : state;
		}
	}
}

function openReducer(state: Extract<ProfileState, {phase: 'open'}>, action: ProfileAction): ProfileState | undefined {
	const {tree} = state.data;
	const cursor = state.cursor;
	const withCursor = (changes: Partial<FlameCursor>): ProfileState => ({...state, cursor: {...cursor, ...changes}});
	switch (action.type) {
		case 'flameMove': {
			return withCursor({selected: moveSelection(tree, cursor, action.move, action.width)});
		}

		case 'flameZoom': {
			return withCursor({zoom: cursor.selected});
		}

		case 'flameBack': {
			if (cursor.editing || cursor.search !== '') {
				return withCursor({editing: false, search: ''});
			}

			if (cursor.zoom === rootNode) {
				return undefined;
			}

			// Zoomed out one level, the selection stays where it was if it is still drawn.
			const zoom = tree.parent[cursor.zoom]!;
			const visible = findCell(layoutIcicle(tree, zoom, action.width), tree, cursor.selected);
			return withCursor({zoom, selected: visible ? cursor.selected : zoom});
		}

		case 'flameSearch': {
			return withCursor({editing: true});
		}

		case 'flameSearchKey': {
			if (action.key === 'return') {
				return withCursor({editing: false});
			}

			return withCursor({search: action.key === 'backspace' ? cursor.search.slice(0, -1) : cursor.search + action.text});
		}

		default: {
			return state;
		}
	}
}
