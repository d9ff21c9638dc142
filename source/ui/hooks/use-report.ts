import {useCallback, useEffect, useRef} from 'react';
import {errorMessage} from '../../errors.js';
import type {ViewAction} from '../view-state.js';

/**
 * Sends what a piece of background work resolves to (one action or several), or
 * `<failure>: <reason>` to the footer when it rejects.
 */
export type Report = (work: Promise<ViewAction | readonly ViewAction[]>, failure: string) => void;

/** Delivers background work's outcome; an outcome that settles after the dashboard has gone has nowhere to go. */
export function useReport(send: (action: ViewAction) => void): Report {
	const mounted = useRef(true);
	useEffect(() => () => {
		mounted.current = false;
	}, []);
	return useCallback(
		(work, failure) => {
			work
				.catch((error: unknown) => ({type: 'status', message: `${failure}: ${errorMessage(error)}`}) satisfies ViewAction)
				.then(outcome => {
					if (mounted.current) {
						for (const action of Array.isArray(outcome) ? outcome : [outcome]) {
							send(action as ViewAction);
						}
					}
				});
		},
		[send],
	);
}
