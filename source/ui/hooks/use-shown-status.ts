import {useRef} from 'react';
import type {ViewState} from '../view-state.js';

/** A footer message stays this long, then the key hints have the line again. */
export const statusLifetimeMs = 8000;

/** The footer's message while it is fresh: the frame of each tick after its lifetime shows the key hints again. */
export function useShownStatus(state: ViewState, clock: () => number): string | undefined {
	const statusSince = useRef({serial: -1, atMs: 0});
	if (statusSince.current.serial !== state.statusSerial) {
		statusSince.current = {serial: state.statusSerial, atMs: clock()};
	}

	return clock() - statusSince.current.atMs < statusLifetimeMs ? state.status : undefined;
}
