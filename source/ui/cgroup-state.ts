import type {CgroupSample} from '../metrics/types.js';
import {cgroupRows, type CgroupSort, cgroupSorts} from './cgroup-tree.js';

// The cgroup view's state (`c`): which resource sorts the tree, which group is selected (by path, so
// the selection stays on its group as the order changes), which branches are folded, and whether the
// selected group's detail is open.

export type CgroupViewState = {
	readonly sort: CgroupSort;
	readonly selected: string | undefined;
	readonly collapsed: ReadonlySet<string>;
	readonly detail: boolean;
};

export type CgroupAction =
	| {readonly type: 'toggleCgroups'}
	| {readonly type: 'cgroupMove'; readonly delta: number}
	| {readonly type: 'cgroupSort'}
	| {readonly type: 'cgroupFold'}
	| {readonly type: 'cgroupDetail'}
	| {readonly type: 'cgroupBack'};

export const initialCgroupView: CgroupViewState = {sort: 'cpu', selected: undefined, collapsed: new Set(), detail: false};

/** The selected row's index among the visible rows: the first when the selected group is not shown. */
export function selectedCgroupIndex(state: CgroupViewState, samples: readonly CgroupSample[]): number {
	const index = cgroupRows(samples, state.sort, state.collapsed).findIndex(row => row.sample.path === state.selected);
	return Math.max(0, index);
}

/** Undefined closes the view. */
export function cgroupReducer(state: CgroupViewState | undefined, action: CgroupAction, samples: readonly CgroupSample[]): CgroupViewState | undefined {
	if (action.type === 'toggleCgroups') {
		return state === undefined ? initialCgroupView : undefined;
	}

	if (state === undefined) {
		return state;
	}

	const rows = cgroupRows(samples, state.sort, state.collapsed);
	const current = rows[selectedCgroupIndex(state, samples)];
	switch (action.type) {
		case 'cgroupMove': {
			if (rows.length === 0 || state.detail) {
				return state;
			}

			const at = selectedCgroupIndex(state, samples);
			const next = Math.min(rows.length - 1, Math.max(0, at + action.delta));
			return {...state, selected: rows[next]!.sample.path};
		}

		case 'cgroupSort': {
			const next = cgroupSorts[(cgroupSorts.indexOf(state.sort) + 1) % cgroupSorts.length]!;
			return {...state, sort: next, selected: current?.sample.path};
		}

		case 'cgroupFold': {
			if (current === undefined || !current.hasChildren) {
				return state;
			}

			const collapsed = new Set(state.collapsed);
			if (!collapsed.delete(current.sample.path)) {
				collapsed.add(current.sample.path);
			}

			return {...state, collapsed, selected: current.sample.path};
		}

		case 'cgroupDetail': {
			return current === undefined ? state : {...state, detail: true, selected: current.sample.path};
		}

		case 'cgroupBack': {
			return state.detail ? {...state, detail: false} : undefined;
		}
	}
}
