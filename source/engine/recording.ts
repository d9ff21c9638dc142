import type {AnomalyEvent} from '../analyze/anomaly.js';
import {metricDefinition} from '../metrics/catalogue.js';
import {formatValue} from '../metrics/format.js';
import type {Sample} from '../metrics/types.js';
import type {Store} from '../store/types.js';
import type {Recorder} from './engine.js';
import type {RecordingState} from './types.js';

const retentionIntervalMs = 3_600_000;

export type StoreRecorderOptions = {
	/** Why the store does not record (e.g. "another perftop (pid 812) is recording to /var/lib/perftop.db"). */
	readonly notRecording?: string;
	/** Wall clock for the hourly retention pass. */
	readonly now?: () => number;
};

/** The engine's view of the store: every tick and its top processes go in; faults become a state, never a throw. */
export function createStoreRecorder(store: Store, options: StoreRecorderOptions = {}): Recorder {
	const now = options.now ?? Date.now;
	let retentionDueMs = now();
	const reason = options.notRecording ?? `${store.path} is not recorded here`;
	const initial = store.mode();
	let state: RecordingState = initial === 'read-write' ? {kind: 'recording', path: store.path} : {kind: initial, path: store.path, reason};
	// Said with every later state, so a dashboard that was paused at the moment still shows it once.
	let notice: string | undefined;

	return {
		write(sample: Sample) {
			if (state.kind === 'read-only') {
				return state;
			}

			// A standby store holds the tick and looks whether the recording process has gone.
			const result = store.write(sample);
			notice = result.ok ? result.notice ?? notice : notice;
			if (result.ok) {
				state = notice === undefined ? {kind: 'recording', path: store.path} : {kind: 'recording', path: store.path, notice};
			} else if (store.mode() === 'standby') {
				state = {kind: 'standby', path: store.path, reason: result.message};
			} else {
				// The short reason ("disk full") fits the header; the store retries on the next write by itself.
				state = {kind: 'paused', path: store.path, reason: `${result.reason}, ${result.pendingTicks} ${result.pendingTicks === 1 ? 'tick' : 'ticks'} held`};
			}
			if (result.ok && now() >= retentionDueMs) {
				retentionDueMs = now() + retentionIntervalMs;
				store.applyRetention();
			}

			return state;
		},
		recordEvents(events: readonly AnomalyEvent[]) {
			if (state.kind !== 'recording') {
				return;
			}

			for (const event of events) {
				const [id = '', resource = ''] = event.key.split('|');
				store.addEvent({
					timestamp: event.timestamp,
					kind: event.kind,
					metric: id,
					resource,
					value: event.value,
					band: event.band,
					...(Number.isFinite(event.deviationSigma) ? {deviationSigma: event.deviationSigma} : {}),
					message: anomalyMessage(event, id, resource),
				});
			}
		},
		state: () => state,
		close() {
			store.close();
		},
	};
}

/**
 * "raise warning: busy on cpu 97%, +2.6 σ from baseline 'quiet'". The events table has no column for
 * the baseline: its name is kept in this message, and `baselineOfMessage` reads it back.
 */
export function anomalyMessage(event: AnomalyEvent, id: string, resource: string): string {
	const definition = metricDefinition(id);
	const sign = event.deviationSigma >= 0 ? '+' : '−';
	const from = event.baseline === undefined ? 'the baseline' : `baseline '${event.baseline}'`;
	return `${event.kind} ${event.band}: ${definition?.label ?? id} on ${resource} ${formatValue(event.value, definition?.unit ?? 'count')}, ${sign}${Math.abs(event.deviationSigma).toFixed(1)} σ from ${from}`;
}

/** The baseline an anomaly message names; undefined for one written before messages named it. */
export function baselineOfMessage(message: string): string | undefined {
	return /σ from baseline '(.*)'$/s.exec(message)?.[1];
}

/** Ticks held at most while the store opens: it opens in milliseconds, so more means it never will. */
const maxHeldSamples = 60;

/** A recorder that stands in until the real one exists, then hands over what it held. */
export type PendingRecorder = Recorder & {
	/**
	 * Writes the held ticks and events to `recorder` and passes everything on to it from now on;
	 * undefined turns recording off and drops them. After `close`, the recorder gets them and is closed.
	 */
	readonly attach: (recorder: Recorder | undefined) => void;
};

/**
 * For the dashboard, which paints its first frame before loading SQLite and opening the database:
 * the ticks of that moment are held, not lost.
 */
export function createPendingRecorder(): PendingRecorder {
	let target: Recorder | undefined;
	let attached = false;
	let closed = false;
	const heldSamples: Sample[] = [];
	const heldEvents: AnomalyEvent[] = [];

	return {
		write(sample) {
			if (attached) {
				return target?.write(sample) ?? {kind: 'off'};
			}

			heldSamples.push(sample);
			heldSamples.splice(0, heldSamples.length - maxHeldSamples);
			return {kind: 'opening'};
		},
		recordEvents(events) {
			if (attached) {
				target?.recordEvents(events);
			} else {
				heldEvents.push(...events);
			}
		},
		state: () => (attached ? target?.state() ?? {kind: 'off'} : {kind: 'opening'}),
		attach(recorder) {
			if (attached) {
				throw new Error('a pending recorder attaches once');
			}

			attached = true;
			target = recorder;
			for (const sample of heldSamples.splice(0)) {
				recorder?.write(sample);
			}

			recorder?.recordEvents(heldEvents.splice(0));
			if (closed) {
				recorder?.close();
			}
		},
		close() {
			closed = true;
			if (attached) {
				target?.close();
			}
		},
	};
}
