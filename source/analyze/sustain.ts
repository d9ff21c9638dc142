/** Ticks a reading must persist before it is judged: the same count anomalies need before they are raised. */
export const SUSTAIN_TICKS = 3;

/**
 * What the analysis remembers between ticks: the last few values of each reading it judges over time,
 * newest last, by key (`id|resource`, or a rule's own key). Plain JSON, state in and state out.
 */
export type AnalysisMemory = {
	readonly recent: Readonly<Record<string, readonly number[]>>;
};

export const emptyMemory: AnalysisMemory = {recent: {}};

/** A reading judged over time: its lowest value over the window, undefined until the window is full. */
export type Sustained = {
	readonly lowest: number | undefined;
	readonly ticks: number;
};

export type Sustainer = {
	/** Records this tick's value under `key` and says what held over the last `ticks` ticks. */
	readonly sustain: (key: string, value: number | undefined, ticks?: number) => Sustained;
	/** The memory for the next tick: only keys recorded on this one, so readings that went away are forgotten. */
	readonly memory: () => AnalysisMemory;
};

/**
 * Judges readings over time. Without a memory (a summary of a recorded range, which is already over time)
 * every value stands for itself. An unknown value restarts its window: a gap confirms nothing.
 */
export function createSustainer(previous: AnalysisMemory | undefined): Sustainer {
	const recent: Record<string, readonly number[]> = {};
	return {
		sustain(key, value, ticks = SUSTAIN_TICKS) {
			if (previous === undefined || value === undefined) {
				return {lowest: value, ticks: previous === undefined ? ticks : 0};
			}

			const window = [...(previous.recent[key] ?? []), value].slice(-ticks);
			recent[key] = window;
			return {lowest: window.length < ticks ? undefined : Math.min(...window), ticks: window.length};
		},
		memory: () => ({recent}),
	};
}
