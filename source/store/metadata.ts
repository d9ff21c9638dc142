import type Database from 'better-sqlite3';
import type {BaselineRecord, SessionInfo, StoredEvent, StoredEventInput} from './types.js';

/**
 * What the store keeps beside the sample stream: baselines, events, and the sessions and totals that
 * `info` reports. Any process with a writable connection writes baselines and events, recording or not.
 */
export type Metadata = {
	readonly saveBaseline: (name: string, createdAt: number, fromMs: number, toMs: number, payloadJson: string) => void;
	/** Newest first. */
	readonly listBaselines: () => BaselineRecord[];
	readonly getBaseline: (name: string) => BaselineRecord | undefined;
	/** True when there was one to delete. */
	readonly deleteBaseline: (name: string) => boolean;
	readonly addEvent: (event: StoredEventInput) => void;
	readonly listEvents: (fromMs: number, toMs: number) => StoredEvent[];
};

type EventRow = {id: number; timestamp: number; kind: string; metric: string | null; resource: string | null; value: number | null; band: string | null; deviationSigma: number | null; message: string};

function withoutNulls(row: EventRow): StoredEvent {
	return {
		id: row.id,
		timestamp: row.timestamp,
		kind: row.kind,
		message: row.message,
		...(row.metric === null ? {} : {metric: row.metric}),
		...(row.resource === null ? {} : {resource: row.resource}),
		...(row.value === null ? {} : {value: row.value}),
		...(row.band === null ? {} : {band: row.band}),
		...(row.deviationSigma === null ? {} : {deviationSigma: row.deviationSigma}),
	};
}

export function createMetadata(db: Database.Database): Metadata {
	const saveBaseline = db.prepare('INSERT OR REPLACE INTO baselines (name, created_ms, from_ms, to_ms, payload) VALUES (?, ?, ?, ?, ?)');
	const listBaselines = db.prepare('SELECT name, created_ms AS createdAt, from_ms AS fromMs, to_ms AS toMs, payload AS payloadJson FROM baselines ORDER BY created_ms DESC, name');
	const getBaseline = db.prepare('SELECT name, created_ms AS createdAt, from_ms AS fromMs, to_ms AS toMs, payload AS payloadJson FROM baselines WHERE name = ?');
	const deleteBaseline = db.prepare('DELETE FROM baselines WHERE name = ?');
	const addEvent = db.prepare('INSERT INTO events (timestamp_ms, kind, metric, resource, value, band, deviation_sigma, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
	const listEvents = db.prepare(`SELECT id, timestamp_ms AS timestamp, kind, metric, resource, value, band, deviation_sigma AS deviationSigma, message FROM events
		WHERE timestamp_ms BETWEEN ? AND ? ORDER BY timestamp_ms, id`);
	return {
		saveBaseline(name, createdAt, fromMs, toMs, payloadJson) {
			saveBaseline.run(name, createdAt, fromMs, toMs, payloadJson);
		},
		listBaselines: () => listBaselines.all() as BaselineRecord[],
		getBaseline: name => getBaseline.get(name) as BaselineRecord | undefined,
		deleteBaseline: name => deleteBaseline.run(name).changes > 0,
		addEvent(event) {
			addEvent.run(event.timestamp, event.kind, event.metric ?? null, event.resource ?? null, event.value ?? null, event.band ?? null, event.deviationSigma ?? null, event.message);
		},
		listEvents: (fromMs, toMs) => (listEvents.all(fromMs, toMs) as EventRow[]).map(withoutNulls),
	};
}

/** The stored part of `info`: ticks and samples in blocks, rollup minutes, sessions. */
export function storedTotals(db: Database.Database): {
	raw: {ticks: number};
	samples: {samples: number};
	rollups: {fromMs: number | null; toMs: number | null; minutes: number};
	sessions: SessionInfo[];
} {
	const raw = db.prepare('SELECT COALESCE(SUM(ticks), 0) AS ticks FROM blocks').get() as {ticks: number};
	const samples = db.prepare('SELECT COALESCE(SUM(samples), 0) AS samples FROM chunks').get() as {samples: number};
	// Each row counts the minutes one series has in one hour: minutes recorded are the most any series has, hour by hour.
	const rollups = db.prepare(`SELECT MIN(hour_ms) AS fromMs, MAX(hour_ms) AS toMs, COALESCE(SUM(minutes), 0) AS minutes
		FROM (SELECT hour_ms, MAX(minutes) AS minutes FROM rollups GROUP BY hour_ms)`).get() as {fromMs: number | null; toMs: number | null; minutes: number};
	return {raw, samples, rollups, sessions: readSessions(db)};
}

/** Every recording session, oldest first: who recorded (host, boot, version, pid) and when. */
export function readSessions(db: Database.Database): SessionInfo[] {
	const rows = db.prepare(`SELECT id, started_ms AS startedMs, ended_ms AS endedMs, host, boot_id AS bootId, version, pid
		FROM sessions ORDER BY id`).all() as Array<{id: number; startedMs: number; endedMs: number | null; host: string | null; bootId: string | null; version: string | null; pid: number}>;
	return rows.map((row): SessionInfo => ({
		id: row.id,
		startedMs: row.startedMs,
		endedMs: row.endedMs ?? undefined,
		host: row.host ?? undefined,
		bootId: row.bootId ?? undefined,
		version: row.version ?? undefined,
		pid: row.pid,
	}));
}
