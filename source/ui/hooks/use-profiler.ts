import {type RefObject, useEffect, useRef} from 'react';
import type {DashboardActions} from '../../engine/types.js';
import {errorMessage} from '../../errors.js';
import type {ViewAction, ViewState} from '../view-state.js';
import type {Report} from './use-report.js';

/** How long `f` profiles a process: perf's usual 10 s at 99 Hz, about a thousand samples of a busy thread. */
const profileDurationS = 10;

export type Profiler = {
	/** `f`: the process whose detail is open, else the one selected in the table. */
	readonly start: () => void;
	readonly cancel: () => void;
};

/** The profile being taken: aborting kills perf (Esc, or the dashboard going away). */
export function useProfiler(latest: RefObject<ViewState>, send: (action: ViewAction) => void, actions: DashboardActions, report: Report): Profiler {
	const profiling = useRef<AbortController | undefined>(undefined);
	useEffect(() => () => {
		profiling.current?.abort();
	}, []);

	const start = () => {
		const current = latest.current;
		const process = current.inspected?.process ?? (current.table.focused ? current.table.rows[current.table.index]?.process : undefined);
		if (process === undefined) {
			send({type: 'status', message: 'select a process to profile (Tab to the process table)'});
			return;
		}

		if (profiling.current !== undefined) {
			send({type: 'status', message: 'a profile is being taken already (Esc cancels it)'});
			return;
		}

		const controller = new AbortController();
		profiling.current = controller;
		send({type: 'profileStarted', pid: process.pid, name: process.name, startedAtMs: Date.now(), durationS: profileDurationS});
		report(
			Promise.resolve()
				.then(async () => actions.profileProcess(process.pid, profileDurationS, controller.signal))
				.then(
					(data): ViewAction[] => [{type: 'profileFinished', data}, {type: 'status', message: `profile of ${data.title}: ${data.files}`}],
					(error: unknown): ViewAction[] => [{type: 'profileEnded'}, {type: 'status', message: controller.signal.aborted ? 'profile cancelled' : `no profile: ${errorMessage(error)}`}],
				)
				.then(results => {
					profiling.current = undefined;
					return results;
				}),
			'profile',
		);
	};

	return {
		start,
		cancel() {
			profiling.current?.abort();
		},
	};
}

/** `profiling node (PID 6145): 7 s left — Esc cancels` while a profile is taken. */
export function profileCountdown(profile: ViewState['profile'], nowMs: number): string | undefined {
	if (profile?.phase !== 'running') {
		return undefined;
	}

	const left = Math.max(0, Math.ceil(profile.durationS - (nowMs - profile.startedAtMs) / 1000));
	return left > 0 ? `profiling ${profile.name} (PID ${profile.pid}): ${left} s left — Esc cancels` : `profiling ${profile.name} (PID ${profile.pid}): reading the stacks…`;
}
