import {analyze} from '../analyze/analyze.js';
import type {RawReading} from '../collect/types.js';
import {derive} from '../metrics/derive.js';
import {createHistory} from '../metrics/series.js';
import type {Inventory, Sample} from '../metrics/types.js';
import type {EngineHandle, RecordingState, Snapshot} from './types.js';

export type Collector = {
	readonly read: () => Promise<RawReading>;
};

/** Where samples go after analysis; returns the state to show. Never throws. */
export type Recorder = {
	readonly write: (sample: Sample) => RecordingState;
	readonly state: () => RecordingState;
	readonly close: () => void;
};

export type EngineOptions = {
	readonly collector: Collector;
	readonly inventory: Inventory;
	readonly intervalMs: number;
	readonly topProcesses: number;
	/** Ticks of history kept in memory for charts: at least the widest chart. */
	readonly historyCapacity: number;
	readonly recorder?: Recorder;
	/** Called when a tick fails unexpectedly; the loop goes on. */
	readonly onError?: (error: unknown) => void;
};

export type Engine = EngineHandle & {
	/** Start ticking: one tick now, the next after min(interval, 1 s) so rates appear quickly, then every interval. */
	readonly start: () => void;
	readonly stop: () => void;
	/** One tick outside the loop: collect → derive → analyze → record → snapshot. */
	readonly tick: () => Promise<Snapshot>;
};

export function createEngine(options: EngineOptions): Engine {
	const {collector, inventory, recorder, topProcesses} = options;
	const history = createHistory(options.historyCapacity);
	const listeners = new Set<(snapshot: Snapshot) => void>();
	let intervalMs = options.intervalMs;
	let previous: RawReading | undefined;
	let latest: Snapshot | undefined;
	let timer: NodeJS.Timeout | undefined;
	let running = false;
	let stopped = false;
	let ticking: Promise<Snapshot> | undefined;

	async function collectAndPublish(): Promise<Snapshot> {
		const reading = await collector.read();
		const sample = derive(previous, reading, {topProcesses});
		previous = reading;
		history.push(sample);
		const snapshot: Snapshot = {
			inventory,
			sample,
			analysis: analyze(sample),
			history: history.view(),
			recording: recorder ? recorder.write(sample) : {kind: 'off'},
			intervalMs,
		};
		latest = snapshot;
		for (const listener of listeners) {
			listener(snapshot);
		}

		return snapshot;
	}

	function tick(): Promise<Snapshot> {
		// Never two collections at once: a slow tick delays the next instead of overlapping it.
		ticking ??= collectAndPublish().finally(() => {
			ticking = undefined;
		});
		return ticking;
	}

	function schedule(delayMs: number): void {
		clearTimeout(timer);
		if (!running) {
			return;
		}

		timer = setTimeout(() => {
			const startedAt = performance.now();
			tick()
				.catch((error: unknown) => options.onError?.(error))
				.finally(() => {
					schedule(Math.max(0, intervalMs - (performance.now() - startedAt)));
				});
		}, delayMs);
	}

	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		latest: () => latest,
		setIntervalMs(next) {
			intervalMs = next;
			schedule(intervalMs);
		},
		start() {
			if (running) {
				return;
			}

			running = true;
			tick()
				.catch((error: unknown) => options.onError?.(error))
				.finally(() => {
					schedule(Math.min(intervalMs, 1000));
				});
		},
		stop() {
			running = false;
			clearTimeout(timer);
			if (!stopped) {
				stopped = true;
				recorder?.close();
			}
		},
		tick,
	};
}
