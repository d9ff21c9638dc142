import type {AnomalyEvent} from '../analyze/anomaly.js';
import type {Baseline} from '../analyze/baseline.js';
import type {Band, Deviation} from '../analyze/compare.js';
import type {LeakSuspect} from '../analyze/forecast.js';
import type {ReportScope} from '../analyze/report.js';
import type {Analysis} from '../analyze/types.js';
import type {CgroupDetail} from '../metrics/cgroup-detail.js';
import type {HistoryView} from '../metrics/series.js';
import type {ProcessDetail} from '../metrics/process-detail.js';
import type {Inventory, ProcessSample, Sample} from '../metrics/types.js';
import type {ProfileViewData} from '../profile/profile-files.js';
import type {HistorySource} from './history-source.js';

/** Where the recording stands; shown in the header and footer. */
export type RecordingState =
	| {readonly kind: 'off'}
	/** The database is being opened: the dashboard paints its first frame before SQLite is loaded. */
	| {readonly kind: 'opening'}
	/** `notice`: said once by the dashboard, e.g. that this process took over recording from one that stopped. */
	| {readonly kind: 'recording'; readonly path: string; readonly notice?: string}
	/** Another process records; this one takes over when that one stops. */
	| {readonly kind: 'standby'; readonly path: string; readonly reason: string}
	| {readonly kind: 'read-only'; readonly path: string; readonly reason: string}
	| {readonly kind: 'paused'; readonly path: string; readonly reason: string};

// Defined next to the history that builds it; re-exported so consumers keep one import site.
export type {HistoryView} from '../metrics/series.js';

/** The live system against a saved baseline, for the tick it belongs to. */
export type Comparison = {
	readonly baseline: Baseline;
	/** Every metric of this tick the baseline covers, largest |deviation| first. */
	readonly deviations: readonly Deviation[];
	/** Deviations that persisted long enough to be raised (hysteresis), by series key. */
	readonly anomalies: readonly {readonly key: string; readonly band: Band}[];
	/** Raises, escalations and clears that happened on this tick. */
	readonly events: readonly AnomalyEvent[];
};

/** What makes a snapshot a recorded moment (history mode) rather than a live tick. */
export type RecordedMoment = {
	/** The host that recorded it (the sessions table): a database copied from another machine names it. */
	readonly host: string | undefined;
	/** Time since the tick recorded before this one, when more than a couple of intervals: nothing was recorded between. */
	readonly gapBeforeMs?: number;
	/** Why the process table is empty: no process record for this tick. */
	readonly noProcesses?: string;
};

/** What one tick of the engine hands to the UI, the report and the exporter. Never mutated. */
export type Snapshot = {
	readonly inventory: Inventory;
	readonly sample: Sample;
	readonly analysis: Analysis;
	readonly history: HistoryView;
	readonly recording: RecordingState;
	readonly intervalMs: number;
	/** Present while a baseline is selected. */
	readonly comparison?: Comparison;
	/** Present while a process's detail view is open (EngineHandle.watchProcess). */
	readonly processDetail?: ProcessDetail;
	/** Present while a cgroup's detail view is open (EngineHandle.watchCgroup). */
	readonly cgroupDetail?: CgroupDetail;
	/** Top processes whose RSS grew steadily over what this run has seen (metrics/rss-watch.ts), steepest first; present when any. */
	readonly leakSuspects?: readonly LeakSuspect[];
	/** Present for a moment read back from the store (history mode, `perftop replay`). */
	readonly recorded?: RecordedMoment;
};

/** What the dashboard holds of the engine: it subscribes to snapshots and asks for changes. */
export type EngineHandle = {
	readonly subscribe: (listener: (snapshot: Snapshot) => void) => () => void;
	readonly latest: () => Snapshot | undefined;
	readonly setIntervalMs: (intervalMs: number) => void;
	/** Read this process's detail depth on every tick from now on; undefined stops. */
	readonly watchProcess: (pid: number | undefined) => void;
	/** List this control group's processes on every tick from now on (published at once); undefined stops. */
	readonly watchCgroup: (path: string | undefined) => void;
};

/** What `B` got: the footer's line, or that a baseline of that name exists (the prompt then asks before replacing it). */
export type BaselineSaved = {readonly kind: 'saved'; readonly message: string} | {readonly kind: 'exists'};

/**
 * One process's recorded CPU %, RSS and I/O, on the ticks it was recorded (the top processes of each
 * tick are), oldest first; NaN where one figure was unknown.
 */
export type ProcessHistory = {
	readonly timestamps: readonly number[];
	readonly cpuPct: readonly number[];
	readonly rssBytes: readonly number[];
	readonly ioBytesPerSec: readonly number[];
};

/** A process to act on: the pid with the start time it had when chosen, so a reused pid is not touched. */
export type ProcessTarget = {
	readonly pid: number;
	readonly startTimeTicks: number | undefined;
	readonly name: string;
};

/** Side effects the dashboard may ask for; each resolves to a one-line status message for the footer. */
export type DashboardActions = {
	/**
	 * Write a report: over the range since the dashboard started, judged as `perftop report` judges it,
	 * or of this snapshot alone. Resolves to the full path written.
	 */
	readonly writeReport: (scope: ReportScope, snapshot: Snapshot) => Promise<string>;
	/** Save a baseline from the recorded window; one of that name is replaced only when `replace` is set. */
	readonly saveBaseline: (name: string, replace: boolean) => Promise<BaselineSaved>;
	/** Names of saved baselines, newest first. */
	readonly listBaselines: () => Promise<readonly string[]>;
	/** Compare live values against this baseline from now on; undefined turns comparison off. */
	readonly selectBaseline: (name: string | undefined) => Promise<string>;
	/**
	 * Profile a process's on-CPU stacks for `durationS` and write its flame graph and folded stacks;
	 * rejects with a one-line reason (perf missing or not allowed, the process gone, cancelled).
	 */
	readonly profileProcess: (pid: number, durationS: number, signal: AbortSignal) => Promise<ProfileViewData>;

	/**
	 * What the store recorded of this process since it started (or since fromMs, if later). Rejects with
	 * the reason when there is no database (--no-record, or still opening).
	 */
	readonly processHistory: (process: ProcessSample, fromMs: number, toMs: number) => Promise<ProcessHistory>;
	/** Send a signal (`SIGTERM` …) after checking the start time; resolves to the footer's line, failure included. */
	readonly signalProcess: (target: ProcessTarget, signal: string) => Promise<string>;
	/** Set the nice value after checking the start time; resolves to the footer's line, failure included. */
	readonly reniceProcess: (target: ProcessTarget, nice: number) => Promise<string>;
	/**
	 * Recorded moments for history mode; throws the reason there are none (no database: --no-record, or
	 * still opening).
	 */
	readonly history: () => HistorySource;
};
