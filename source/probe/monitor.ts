import type {MetricValue, ResourceId} from '../metrics/types.js';
import {createProber, type ProbeSpanRecorder, type Prober} from './prober.js';
import {addResult, createRedWindow, lastErrors, type RedWindow, redFigures, serviceMetrics, type TargetRed} from './red.js';
import type {ProbeTracing} from './tracing.js';
import type {ProbeResult, ProbeTarget} from './types.js';

export type ServiceMonitorOptions = {
	readonly targets: readonly ProbeTarget[];
	readonly responseTimeThresholdMs: number;
	/** From the config's `tracing`; no endpoint, no tracing (and the OpenTelemetry SDK is never loaded). */
	readonly tracing?: {readonly otlpEndpoint: string | undefined; readonly serviceName: string};
	/** One-line messages for the footer (a failing OTLP export, once). */
	readonly onMessage?: (message: string) => void;
	readonly onResult?: (result: ProbeResult) => void;
	/** RED window length (default 60 s). */
	readonly windowMs?: number;
	readonly now?: () => number;
};

/** Probes, RED window and tracing wired together, for the engine to read once per tick. */
export type ServiceMonitor = {
	readonly start: () => void;
	/** Stops probing and flushes spans, within `deadlineMs`. */
	readonly stop: (deadlineMs?: number) => Promise<void>;
	/** Sample-compatible metrics for this tick (see `serviceMetrics`). */
	readonly metrics: (nowMs: number) => MetricValue[];
	/** The latest probe's error of each target whose latest probe failed, for evidence and the Services panel. */
	readonly lastErrors: () => Readonly<Record<ResourceId, string>>;
	/** Per-target figures, with the last error, for the Services panel and its detail view. */
	readonly figures: (nowMs: number) => TargetRed[];
	/** The current window, immutable. */
	readonly window: () => RedWindow;
	/** Failed span exports; undefined without tracing. */
	readonly exportFailures: () => number | undefined;
};

export async function createServiceMonitor(options: ServiceMonitorOptions): Promise<ServiceMonitor> {
	let window = createRedWindow(options.targets.map(target => target.name), {
		responseTimeThresholdMs: options.responseTimeThresholdMs,
		...(options.windowMs === undefined ? {} : {windowMs: options.windowMs}),
	});
	let tracing: ProbeTracing | undefined;
	if (options.tracing?.otlpEndpoint !== undefined && options.targets.length > 0) {
		// Loaded only when configured: the SDK is a noticeable part of start-up otherwise paid for nothing.
		const {createProbeTracing} = await import('./tracing.js');
		tracing = createProbeTracing({
			endpoint: options.tracing.otlpEndpoint,
			serviceName: options.tracing.serviceName,
			...(options.onMessage ? {onMessage: options.onMessage} : {}),
		});
	}

	const tracer: ProbeSpanRecorder | undefined = tracing;
	const prober: Prober = createProber(options.targets, {
		onResult(result) {
			window = addResult(window, result);
			options.onResult?.(result);
		},
		...(tracer ? {tracer} : {}),
		...(options.now ? {now: options.now} : {}),
	});

	return {
		start: prober.start,
		async stop(deadlineMs = 2000) {
			await prober.stop();
			await tracing?.shutdown(deadlineMs);
		},
		metrics: nowMs => serviceMetrics(window, nowMs),
		lastErrors: () => lastErrors(window),
		figures: nowMs => redFigures(window, nowMs),
		window: () => window,
		exportFailures: () => tracing?.exportFailures(),
	};
}
