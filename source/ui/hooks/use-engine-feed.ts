import {type RefObject, useEffect, useRef} from 'react';
import type {EngineHandle} from '../../engine/types.js';
import {visiblePanelCount} from '../panels.js';
import type {ViewAction, ViewState} from '../view-state.js';

/** Puts a message in the footer each time it changes to a new one; `initial` is already there. */
function useSaidOnce(message: string | undefined, send: (action: ViewAction) => void, initial?: string): void {
	const said = useRef(initial);
	useEffect(() => {
		if (message !== said.current) {
			said.current = message;
			if (message !== undefined) {
				send({type: 'status', message});
			}
		}
	}, [message, send]);
}

/**
 * What flows between the engine and the view: each snapshot becomes a `snapshot` action, the engine's
 * notices reach the footer once, the panel count follows the snapshot, and the engine reads the depth
 * of the process whose detail view is open and lists the processes of the cgroup whose detail is.
 */
export function useEngineFeed(engine: EngineHandle, state: ViewState, latest: RefObject<ViewState>, send: (action: ViewAction) => void, notice: string | undefined): void {
	useEffect(() => {
		const unsubscribe = engine.subscribe(next => {
			send({type: 'snapshot', snapshot: next});
		});
		// A tick published before this subscription would otherwise wait for the next.
		const newest = engine.latest();
		if (newest !== undefined) {
			send({type: 'snapshot', snapshot: newest});
		}

		return unsubscribe;
	}, [engine, send]);

	const {snapshot} = state;
	useSaidOnce(notice, send, notice);
	// Taking over the recording from a perftop that stopped is said in the footer when it happens.
	useSaidOnce(snapshot?.recording.kind === 'recording' ? snapshot.recording.notice : undefined, send);

	// The Services panel comes and goes with the probed targets; focus and Tab follow the panels on screen.
	const panelCount = visiblePanelCount(snapshot);
	useEffect(() => {
		if (snapshot !== undefined && latest.current.panels !== panelCount) {
			send({type: 'setPanels', count: panelCount});
		}
	}, [snapshot, panelCount, latest, send]);

	// The process whose detail view is open gets its depth read on each tick; none when it closes.
	const inspectedPid = state.inspected?.alive ? state.inspected.process.pid : undefined;
	useEffect(() => {
		engine.watchProcess(inspectedPid);
	}, [engine, inspectedPid]);

	// Likewise the processes of the cgroup whose detail is open, while live (history mode shows what was recorded).
	const inspectedCgroup = state.cgroups?.detail && !state.history ? state.cgroups.selected : undefined;
	useEffect(() => {
		engine.watchCgroup(inspectedCgroup);
	}, [engine, inspectedCgroup]);
}
