/** Ticks a reading must persist before it is judged: the same count anomalies need before they are raised. */
export const SUSTAIN_TICKS = 3;

/**
 * What the analysis remembers between ticks, by key (`id|resource`, or a rule's own key): the last few
 * values of each reading judged at its lowest over time, newest last, and how many ticks in a row each
 * rule's condition has held. Plain JSON, state in and state out.
 */
export type AnalysisMemory = {
	readonly recent: Readonly<Record<string, readonly number[]>>;
	readonly streaks: Readonly<Record<string, number>>;
};

export const emptyMemory: AnalysisMemory = {recent: {}, streaks: {}};

export type Sustainer = {
	/**
	 * Records this tick's value under `key` and returns the lowest of the last `ticks` values: undefined
	 * until there are that many, and for an unknown value, which restarts the window (a gap confirms nothing).
	 */
	readonly lowest: (key: string, value: number | undefined, ticks?: number) => number | undefined;
	/** Whether `holds` has been true on each of the last `ticks` ticks, this one included. */
	readonly held: (key: string, holds: boolean, ticks?: number) => boolean;
	/** The memory for the next tick: only keys recorded on this one, so readings that went away are forgotten. */
	readonly memory: () => AnalysisMemory;
};

/**
 * Judges readings over time. Without a memory (a sample that already stands for a span of time, such as
 * a recorded range at its 95th percentile) every value stands for itself.
 */
export function createSustainer(previous: AnalysisMemory | undefined): Sustainer {
	const recent: Record<string, readonly number[]> = {};
	const streaks: Record<string, number> = {};
	return {
		lowest(key, value, ticks = SUSTAIN_TICKS) {
			if (previous === undefined || value === undefined) {
				return value;
			}

			const before = previous.recent[key];
			const window = before === undefined || ticks <= 1 ? [value] : [...before.slice(-(ticks - 1)), value];
			recent[key] = window;
			if (window.length < ticks) {
				return undefined;
			}

			let lowest = value;
			for (const item of window) {
				lowest = Math.min(lowest, item);
			}

			return lowest;
		},
		held(key, holds, ticks = SUSTAIN_TICKS) {
			if (!holds) {
				return false;
			}

			if (previous === undefined) {
				return true;
			}

			const streak = (previous.streaks[key] ?? 0) + 1;
			streaks[key] = streak;
			return streak >= ticks;
		},
		memory: () => ({recent, streaks}),
	};
}
