import {useEffect} from 'react';
import type {DashboardActions} from '../../engine/types.js';
import type {ViewAction, ViewState} from '../view-state.js';
import type {Report} from './use-report.js';

/**
 * In history mode, the bottleneck episodes of the loaded range, so the header names the episode the
 * moment shown lies in however it got there (`g`, `[`, `w`, a replay's first moment, not only `n`).
 * The history source finds them once and again only as the range grows, so each step asks for free.
 */
export function useHistoryEpisodes(state: ViewState, actions: DashboardActions, report: Report): void {
	const {history, snapshot} = state;
	useEffect(() => {
		if (!history || snapshot === undefined) {
			return;
		}

		// Without a history source the keys have said why; the header then names no episode.
		report(
			Promise.resolve()
				.then(async () => actions.history().episodes())
				.catch(() => [])
				.then((episodes): ViewAction => ({type: 'episodesFound', episodes})),
			'no episodes',
		);
	}, [history, snapshot, actions, report]);
}
