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
	// One controller per probe in flight, so no signal collects a listener per target.
	const inFlight = new Map<string, {readonly controller: AbortController; readonly done: Promise<void>}>();
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

		const controller = new AbortController();
		const done = probe(target, {signal: controller.signal, agents, ...(options.now ? {now: options.now} : {})})
			.then(result => {
				deliver(target, result);
			}, () => undefined)
			.finally(() => {
				inFlight.delete(target.name);
			});
		inFlight.set(target.name, {controller, done});
	};

	return {
		start() {
			if (!stopped) {
				return;
			}

			stopped = false;
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
			for (const {controller} of running) {
				controller.abort();
			}

			await Promise.all(running.map(({done}) => done));
			agents.http.destroy();
			agents.https.destroy();
			agents = createProbeAgents();
		},
		skippedTurns: () => skipped,
	};
}
