import {useEffect, useRef} from 'react';
import type {DashboardActions} from '../../engine/types.js';
import {errorMessage} from '../../errors.js';
import type {ProcessSample} from '../../metrics/types.js';
import type {ViewState} from '../view-state.js';
import type {Report} from './use-report.js';

/** The process detail's charts and RSS trend: the last 30 minutes (the trend needs 15), read again every 5 s while the view is open. */
const historyWindowMs = 30 * 60_000;
const historyRefreshMs = 5000;

/** The process detail view reads the recorded history when it opens, and again every few seconds. */
export function useProcessHistory(state: ViewState, actions: DashboardActions, report: Report): void {
	const historyRead = useRef<{readonly process: ProcessSample; readonly atMs: number}>(undefined);
	const inspectedProcess = state.inspected?.process;
	const {snapshot} = state;
	useEffect(() => {
		if (inspectedProcess === undefined || snapshot === undefined) {
			historyRead.current = undefined;
			return;
		}

		const {pid, startTimeTicks} = inspectedProcess;
		const nowMs = snapshot.sample.timestamp;
		const last = historyRead.current;
		if (last?.process.pid === pid && last.process.startTimeTicks === startTimeTicks && nowMs - last.atMs < historyRefreshMs) {
			return;
		}

		historyRead.current = {process: inspectedProcess, atMs: nowMs};
		report(
			Promise.resolve()
				.then(async () => actions.processHistory(inspectedProcess, nowMs - historyWindowMs, nowMs))
				.catch((error: unknown) => errorMessage(error))
				.then(history => ({type: 'processHistory', pid, startTimeTicks, history})),
			'history',
		);
	}, [inspectedProcess, snapshot, actions, report]);
}
