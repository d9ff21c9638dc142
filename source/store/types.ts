import type {ProcessesAt, ProcessKey, ProcessRecord, ResourceId, Sample} from '../metrics/types.js';

/**
 * What a process opens the database for: `record` the sample stream (one process at a time, under the
 * writer lock), `edit` baselines and events beside whoever records, or only `read`.
 */
export type Access = 'record' | 'edit' | 'read';

/** Why a write did not reach the database. The dashboard shows it as "recording paused: <reason>". */
export type FailureReason = 'disk full' | 'read-only' | 'locked' | 'io error' | 'corrupt' | 'closed' | 'error';

export type Failure = {
	readonly ok: false;
	readonly reason: FailureReason;
	/** True when the same call may succeed later (space freed, lock released); the store retries by itself on the next write. */
	readonly retryable: boolean;
	/** One line for a human, e.g. "recording paused: disk full (SQLITE_FULL); 12 ticks held in memory". */
	readonly message: string;
};

export type WriteResult =
	| {
		readonly ok: true;
		readonly flushed: boolean;
		/** Said once, on the write that took over recording from a process that stopped. */
		readonly notice?: string;
	}
	| (Failure & {
		/** Ticks held in memory, waiting for the database. */
		readonly pendingTicks: number;
		/** Ticks discarded since opening because the in-memory backlog was full. */
		readonly droppedTicks: number;
	});

export type StoreResult = {readonly ok: true} | Failure;

/**
 * `read-write` records the sample stream; `standby` writes baselines and events while another process
 * records (a store opened to record takes over once that process has gone), or was opened to edit them;
 * `read-only` writes nothing.
 */
export type StoreMode = 'read-write' | 'standby' | 'read-only';

export type StoreOptions = {
	readonly path: string;
	/**
	 * `record` (the default) takes the writer lock, or stands by while another process holds it; `edit`
	 * writes baselines and events only, beside whoever records; `read` writes nothing. Only `record`
	 * takes the lock or starts a session.
	 */
	readonly access?: Access;
	/** Wall clock, ms since the epoch; tests inject one. */
	readonly now?: () => number;
	/** SQLite busy timeout; it blocks Node's event loop, so it is capped at 250 ms. */
	readonly busyTimeoutMs?: number;
	/** `PRAGMA max_page_count`: a hard size cap (in pages) that makes SQLite report SQLITE_FULL. */
	readonly maxPageCount?: number;
	/** Recorded in the `sessions` table. The caller reads the boot id (/proc/sys/kernel/random/boot_id); the store does no /proc I/O. */
	readonly host?: string;
	readonly bootId?: string;
	readonly version?: string;
	/** Ticks per block: a chunk per series is flushed after this many ticks (default 600). */
	readonly chunkTicks?: number;
	/** Ticks held in memory while the database refuses writes (default 3600); older ones are dropped first. */
	readonly maxPendingTicks?: number;
	/** How often a store that could not open its database tries again (default 5000 ms). */
	readonly reopenIntervalMs?: number;
	/** A lock whose heartbeat is older than this is stale even if its pid is alive (pid reuse). Default 15 min. */
	readonly lockStaleMs?: number;
	readonly retention?: RetentionPolicy;
};

export type RetentionPolicy = {
	/** Raw samples older than this are dropped (default 7 days). */
	readonly rawMaxAgeMs?: number;
	/** One-minute rollups older than this are dropped (default 90 days). */
	readonly rollupMaxAgeMs?: number;
	/** Beyond this database size, the oldest raw blocks go first, then the oldest rollups. */
	readonly maxDatabaseBytes?: number;
	/** Each tick's process record keeps the union of this many by CPU, by memory and by I/O (default 10). */
	readonly processesPerRanking?: number;
};

export type StoreOpenResult = {
	readonly store: Store;
	readonly mode: StoreMode;
	/** One-line human messages: a corrupt file moved aside, why the view is read-only, why recording is paused. */
	readonly notices: readonly string[];
	/**
	 * Why a store opened to record does not: another process records (it stands by to take over), the
	 * file cannot be written, or a newer perftop wrote it. Undefined when it records or will retry.
	 */
	readonly notRecording?: string;
	/**
	 * Why a read-only open shows nothing of a file that is there: damaged, unreadable (a WAL database in a
	 * folder it may not write), or an older schema. Undefined when the file was read, or is not there.
	 */
	readonly unreadable?: string;
	/** One line when a newer perftop wrote the file, for commands that read history and refuse to guess at it. */
	readonly newerSchema?: string;
};

export type SeriesInfo = {
	readonly key: string;
	readonly metric: string;
	readonly resource: ResourceId;
	/** Quantisation step the values were stored with. */
	readonly step: number;
};

/** Raw values of one series; `values[i]` is NaN where the series had no value at `timestamps[i]`. */
export type SeriesData = {
	readonly timestamps: number[];
	readonly values: number[];
	/** Session of each tick: a series is continuous only within one session (one boot, one recorder). */
	readonly sessionIds: number[];
};

/** Every series over a time range, aligned on the recorded ticks; NaN marks a gap. */
export type RangeData = {
	readonly timestamps: Float64Array;
	readonly sessionIds: Int32Array;
	readonly series: Map<string, Float64Array>;
};

export type MinuteRollup = {
	/** Start of the minute, ms since the epoch. */
	readonly minuteMs: number;
	readonly min: number;
	readonly max: number;
	readonly mean: number;
	readonly count: number;
	/** Σ x², reconstructed from the stored spread (kept to a quarter of a quantisation step). */
	readonly sumSquares: number;
};

export type TimeRange = {readonly fromMs: number; readonly toMs: number};

export type SessionInfo = {
	readonly id: number;
	readonly startedMs: number;
	readonly endedMs: number | undefined;
	readonly host: string | undefined;
	readonly bootId: string | undefined;
	readonly version: string | undefined;
	readonly pid: number;
};

export type StoreInfo = {
	readonly path: string;
	readonly mode: StoreMode;
	/** Database file plus its write-ahead log. */
	readonly sizeBytes: number;
	readonly schemaVersion: number;
	readonly raw: {readonly range: TimeRange | undefined; readonly ticks: number; readonly samples: number};
	readonly rollups: {readonly range: TimeRange | undefined; readonly minutes: number};
	readonly series: number;
	readonly sessions: readonly SessionInfo[];
};

export type BaselineRecord = {
	readonly name: string;
	readonly createdAt: number;
	readonly fromMs: number;
	readonly toMs: number;
	readonly payloadJson: string;
};

export type StoredEventInput = {
	readonly timestamp: number;
	readonly kind: string;
	readonly metric?: string;
	readonly resource?: ResourceId;
	readonly value?: number;
	readonly band?: string;
	/** Signed distance from the baseline in robust σ, for an anomaly against a baseline. */
	readonly deviationSigma?: number;
	readonly message: string;
};

export type StoredEvent = StoredEventInput & {readonly id: number};

export type RetentionResult =
	| {readonly ok: true; readonly deletedBlocks: number; readonly deletedRollups: number; readonly deletedEvents: number; readonly sizeBytes: number}
	| Failure;

/**
 * One process's recorded figures on the ticks it was among the top processes, oldest first; NaN where a
 * figure was unknown. Ticks where it was not recorded are absent, not NaN.
 */
export type RecordedProcessHistory = {
	readonly timestamps: number[];
	readonly cpuPct: number[];
	readonly rssBytes: number[];
	readonly readBytesPerSec: number[];
	readonly writeBytesPerSec: number[];
	readonly ioBytesPerSec: number[];
};

/**
 * One block's ticks within a scanned range (range-scanner.ts's Segment) with values as recorded:
 * `indices` lists, in tick order, the positions whose timestamp lies in the range; `values(key)` is
 * aligned with the whole block's `timestamps`, NaN where the series had no value.
 */
export type TickSegment = {
	readonly sessionId: number;
	readonly timestamps: readonly number[];
	readonly indices: readonly number[];
	readonly values: (key: string) => ArrayLike<number> | undefined;
	readonly keys: () => Iterable<string>;
};

export type Store = {
	readonly path: string;
	readonly mode: () => StoreMode;
	/** Records one tick. Never throws: a fault comes back as `ok: false` and the tick waits in memory. */
	readonly write: (sample: Sample) => WriteResult;
	/** Raw values of one series (`seriesKey(id, resource)`), fromMs ≤ t ≤ toMs, including ticks not yet flushed to a chunk. */
	readonly readSeries: (key: string, fromMs: number, toMs: number) => SeriesData;
	/**
	 * Streams one series' raw values, fromMs ≤ t ≤ toMs, in time order, one stored chunk decoded at a time
	 * (constant memory, for export); gaps are left out. Returns how many values it visited.
	 */
	readonly scanSeries: (key: string, range: TimeRange, visit: (timestampMs: number, value: number) => void) => number;
	/** All series over fromMs ≤ t ≤ toMs, for replay and reports; with `keys`, only those (the others are not decoded). */
	readonly readRange: (fromMs: number, toMs: number, keys?: ReadonlySet<string>) => RangeData;
	/**
	 * The ticks fromMs ≤ t ≤ toMs, block by block in time order, each series decoded only when asked
	 * for: history mode steps through it tick by tick and reads wide ranges in constant memory.
	 */
	readonly scanTicks: (fromMs: number, toMs: number) => Generator<TickSegment>;
	/** Every recording session, oldest first (the host a copied database came from). */
	readonly sessions: () => SessionInfo[];
	readonly listSeries: () => SeriesInfo[];
	/** Span of the raw tier, including unflushed ticks. */
	readonly timeRange: () => TimeRange | undefined;
	readonly info: () => StoreInfo;
	/** One-minute summaries whose minute starts within fromMs ≤ t ≤ toMs. */
	readonly readRollups: (key: string, fromMs: number, toMs: number) => MinuteRollup[];
	/** Quantile q (0–1) from the hourly sketches of the hours starting within [fromMs rounded down to the hour, toMs]. */
	readonly quantile: (key: string, fromMs: number, toMs: number, q: number) => number | undefined;
	/**
	 * The processes recorded at the nearest tick at or before `timeMs` (unflushed ticks included), or why
	 * there are none. Reads one block.
	 */
	readonly processesAt: (timeMs: number) => ProcessesAt;
	/**
	 * Calls `visit` with each tick's process record, fromMs ≤ t ≤ toMs, in time order, one stored block
	 * decoded at a time (constant memory whatever the range); returns how many ticks it visited. Ticks
	 * recorded without processes (older databases) are skipped: `processRecordRange` says where records start.
	 */
	readonly scanProcesses: (range: TimeRange, visit: (record: ProcessRecord) => void) => number;
	/** One process's figures over a range (the detail view's sparklines and RSS trend). */
	readonly processHistory: (key: ProcessKey, range: TimeRange) => RecordedProcessHistory;
	/** First and last tick with a process record; undefined when there is none. */
	readonly processRecordRange: () => TimeRange | undefined;
	/** Drops data beyond the retention policy; the engine calls it hourly. */
	readonly applyRetention: () => RetentionResult;
	readonly saveBaseline: (name: string, createdAt: number, fromMs: number, toMs: number, payloadJson: string) => StoreResult;
	/** Newest first. */
	readonly listBaselines: () => BaselineRecord[];
	readonly getBaseline: (name: string) => BaselineRecord | undefined;
	readonly deleteBaseline: (name: string) => StoreResult & {readonly deleted?: boolean};
	readonly addEvent: (event: StoredEventInput) => StoreResult;
	readonly listEvents: (fromMs: number, toMs: number) => StoredEvent[];
	/** Flushes every held tick into chunks, ends the session and releases the writer lock. Never throws. */
	readonly close: () => StoreResult;
};
