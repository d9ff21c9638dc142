import {defaultMaxListeners, setMaxListeners} from 'node:events';
import {ConnectionPool} from './connection.js';
import {type ProbeOptions, probeTarget} from './http-probe.js';
import type {ProbeResult, ProbeTarget} from './types.js';

/** What the prober needs of tracing: one call per finished probe. `createProbeTracing` gives one. */
export type ProbeSpanRecorder = {
	readonly recordProbe: (target: ProbeTarget, result: ProbeResult) => void;
};

export type ProberOptions = {
	readonly onResult: (result: ProbeResult) => void;
	readonly tracer?: ProbeSpanRecorder;
	/** Wall clock for result timestamps (default Date.now). */
	readonly now?: () => number;
	/** The probe itself; tests and benchmarks may substitute one. */
	readonly probe?: (target: ProbeTarget, options: ProbeOptions) => Promise<ProbeResult>;
};

export type Prober = {
	/** Probes every target now, then every `intervalSeconds`. Calling it again does nothing. */
	readonly start: () => void;
	/** Stops the timers, aborts probes in flight and resolves once they have settled. No result is delivered after it. */
	readonly stop: () => Promise<void>;
	/** Turns skipped because the target's previous probe was still running. */
	readonly skippedTurns: () => number;
};

/** Targets by interval: those with the same interval share one timer and are probed in the same turn of the event loop. */
function byInterval(targets: readonly ProbeTarget[]): Map<number, ProbeTarget[]> {
	const groups = new Map<number, ProbeTarget[]>();
	for (const target of targets) {
		const intervalMs = target.intervalSeconds * 1000;
		const group = groups.get(intervalMs);
		if (group === undefined) {
			groups.set(intervalMs, [target]);
		} else {
			group.push(target);
		}
	}

	return groups;
}

/**
 * Runs each target on its interval, all concurrently, each within its own deadline. A target whose
 * previous probe is still running skips its turn rather than stacking a second request on a slow service.
 * Nothing here blocks: the probes are sockets and timers on the event loop. One timer per distinct
 * interval rather than per target: a timer's own bookkeeping was a visible part of a probe's CPU.
 */
export function createProber(targets: readonly ProbeTarget[], options: ProberOptions): Prober {
	const probe = options.probe ?? probeTarget;
	const groups = byInterval(targets);
	const timers: NodeJS.Timeout[] = [];
	// One controller per start–stop cycle, shared by its probes: a controller per probe was a measurable
	// part of a probe's CPU. Aborting it closes the cycle's connection pool, which ends the exchanges in flight.
	let controller = new AbortController();
	let probeOptions: ProbeOptions = {};
	const inFlight = new Map<string, Promise<void>>();
	let stopped = true;
	let skipped = 0;

	const deliver = (target: ProbeTarget, result: ProbeResult): void => {
		if (stopped) {
			return;
		}

		// A throwing listener or tracer must not end the loop or lose the other's call.
		try {
			options.tracer?.recordProbe(target, result);
		} catch {}

		try {
			options.onResult(result);
		} catch {}
	};

	// Per target, made once, rather than two closures per turn.
	const settlers = new Map(targets.map(target => [target.name, {
		delivered(result: ProbeResult): void {
			deliver(target, result);
			inFlight.delete(target.name);
		},
		failed(): void {
			inFlight.delete(target.name);
		},
	}]));

	const turn = (target: ProbeTarget): void => {
		if (inFlight.has(target.name)) {
			skipped++;
			return;
		}

		const settle = settlers.get(target.name)!;
		inFlight.set(target.name, probe(target, probeOptions).then(settle.delivered, settle.failed));
	};

	return {
		start() {
			if (!stopped) {
				return;
			}

			stopped = false;
			controller = new AbortController();
			// A substitute probe may listen on the signal itself, one listener per target.
			setMaxListeners(Math.max(targets.length, defaultMaxListeners), controller.signal);
			// Kept-alive connections make a probe cost a request rather than a TCP (and TLS) handshake each
			// time; servers close idle ones after a few seconds, so slow probes still open a fresh one.
			const connections = new ConnectionPool(true, controller.signal);
			probeOptions = {signal: controller.signal, connections, ...(options.now ? {now: options.now} : {})};
			for (const target of targets) {
				turn(target);
			}

			for (const [intervalMs, group] of groups) {
				const timer = setInterval(() => {
					for (const target of group) {
						turn(target);
					}
				}, intervalMs);
				// The prober never keeps the process alive on its own: the engine or the server does.
				timer.unref();
				timers.push(timer);
			}
		},
		async stop() {
			stopped = true;
			for (const timer of timers.splice(0)) {
				clearInterval(timer);
			}

			const running = [...inFlight.values()];
			controller.abort();
			await Promise.all(running);
		},
		skippedTurns: () => skipped,
	};
}
