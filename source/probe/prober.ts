import {defaultMaxListeners, setMaxListeners} from 'node:events';
import {createProbeAgents, type ProbeOptions, probeTarget} from './http-probe.js';
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

/**
 * Runs each target on its own timer, all concurrently, each within its own deadline. A target whose
 * previous probe is still running skips its turn rather than stacking a second request on a slow service.
 * Nothing here blocks: the probes are sockets and timers on the event loop.
 */
export function createProber(targets: readonly ProbeTarget[], options: ProberOptions): Prober {
	const probe = options.probe ?? probeTarget;
	// Kept-alive connections make a probe cost a request rather than a TCP (and TLS) handshake each time;
	// servers close idle ones after a few seconds, so slow probes still open a fresh one.
	let agents = createProbeAgents();
	const timers: NodeJS.Timeout[] = [];
	// One controller per start–stop cycle, shared by its probes: a controller per probe was a measurable
	// part of a probe's CPU. Each probe removes its listener when it ends, so at most one per target is on it.
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

	const turn = (target: ProbeTarget): void => {
		if (inFlight.has(target.name)) {
			skipped++;
			return;
		}

		const settled = (): void => {
			inFlight.delete(target.name);
		};

		const done = probe(target, probeOptions).then(result => {
			deliver(target, result);
			inFlight.delete(target.name);
		}, settled);
		inFlight.set(target.name, done);
	};

	return {
		start() {
			if (!stopped) {
				return;
			}

			stopped = false;
			controller = new AbortController();
			setMaxListeners(Math.max(targets.length, defaultMaxListeners), controller.signal);
			probeOptions = {signal: controller.signal, agents, ...(options.now ? {now: options.now} : {})};
			for (const target of targets) {
				turn(target);
				const timer = setInterval(() => {
					turn(target);
				}, target.intervalSeconds * 1000);
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
			agents.http.destroy();
			agents.https.destroy();
			agents = createProbeAgents();
		},
		skippedTurns: () => skipped,
	};
}
