import {type RefObject, useCallback, useRef, useState} from 'react';
import type {EngineHandle} from '../../engine/types.js';
import {type PanelId, panelIds, visiblePanelCount} from '../panels.js';
import {initialViewState, viewReducer, type ViewAction, type ViewState} from '../view-state.js';

const defaultIntervalMs = 1000;

export type ViewStore = {
	/** The state of the last render. */
	readonly state: ViewState;
	/** The state advanced by every action sent so far, ahead of the render. */
	readonly latest: RefObject<ViewState>;
	readonly send: (action: ViewAction) => void;
};

/**
 * The dashboard's one reducer. Keys can arrive faster than renders (typing, a paste, a fast repeat):
 * the key handler reads `latest`, a copy of the state advanced synchronously by the same pure reducer,
 * never a stale render's state. The reducer runs once an action, and a snapshot is one action: one
 * render a tick, none while paused. A replay's engine hands out recorded moments: history mode from the start.
 */
export function useViewState(engine: EngineHandle, initialFocus: PanelId | undefined, notice: string | undefined, replay: boolean): ViewStore {
	const [state, setState] = useState(
		(): ViewState => {
			const first = engine.latest();
			const initial = initialViewState(
				first?.intervalMs ?? defaultIntervalMs,
				initialFocus === undefined ? 0 : panelIds.indexOf(initialFocus),
				visiblePanelCount(first),
				notice,
			);
			return first === undefined ? initial : viewReducer(initial, replay ? {type: 'showMoment', snapshot: first} : {type: 'snapshot', snapshot: first});
		},
	);

	const latest = useRef(state);
	const send = useCallback((action: ViewAction) => {
		latest.current = viewReducer(latest.current, action);
		setState(latest.current);
	}, []);

	return {state, latest, send};
}
