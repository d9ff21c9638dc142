import {SpanKind, SpanStatusCode, type Tracer} from '@opentelemetry/api';
import {OTLPTraceExporter} from '@opentelemetry/exporter-trace-otlp-http';
import {resourceFromAttributes} from '@opentelemetry/resources';
import {BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter} from '@opentelemetry/sdk-trace-base';
import {
	ATTR_ERROR_TYPE,
	ATTR_HTTP_REQUEST_METHOD,
	ATTR_HTTP_RESPONSE_STATUS_CODE,
	ATTR_SERVER_ADDRESS,
	ATTR_SERVER_PORT,
	ATTR_SERVICE_NAME,
	ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import type {ProbeSpanRecorder} from './prober.js';
import type {ProbeResult, ProbeTarget} from './types.js';

export type ProbeTracingOptions = {
	/** Base URL of an OTLP/HTTP receiver (Collector, Jaeger): spans go to `<endpoint>/v1/traces`. */
	readonly endpoint: string;
	readonly serviceName: string;
	/** Called once, on the first failed export; later failures are only counted. */
	readonly onMessage?: (message: string) => void;
	/** Deadline of one export request, retries included (default 10 s). */
	readonly exportTimeoutMs?: number;
	/** How long spans wait to be batched (default 5 s). */
	readonly scheduledDelayMs?: number;
	/** Spans held while the receiver is away; beyond it new spans are dropped, memory stays bounded. */
	readonly maxQueueSize?: number;
};

export type ProbeTracing = ProbeSpanRecorder & {
	/** Export requests that failed (receiver down, refused, timed out, rejected). */
	readonly exportFailures: () => number;
	/** Flushes what is queued and stops, giving up after `deadlineMs`. Never rejects. */
	readonly shutdown: (deadlineMs?: number) => Promise<void>;
};

/** `<endpoint>/v1/traces`, unless the endpoint already names the traces path. */
export function tracesUrl(endpoint: string): string {
	const base = endpoint.replace(/\/+$/, '');
	return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}

/** The URL without user:password, which must never leave in a span. */
export function redactUrl(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.username === '' && parsed.password === '') {
			return url;
		}

		parsed.username = 'REDACTED';
		parsed.password = 'REDACTED';
		return parsed.href;
	} catch {
		return url;
	}
}

type ExportCallback = Parameters<SpanExporter['export']>[1];
type ExportResult = Parameters<ExportCallback>[0];

// ExportResultCode.SUCCESS in @opentelemetry/core, which is not a direct dependency.
const exportSuccess = 0;

/** Passes spans through and counts the exports that did not succeed. */
class CountingExporter implements SpanExporter {
	constructor(private readonly inner: SpanExporter, private readonly onFailure: (error: Error | undefined) => void) {}

	export(spans: ReadableSpan[], resultCallback: ExportCallback): void {
		this.inner.export(spans, (result: ExportResult) => {
			if (result.code !== exportSuccess) {
				this.onFailure(result.error);
			}

			resultCallback(result);
		});
	}

	async shutdown(): Promise<void> {
		await this.inner.shutdown();
	}

	async forceFlush(): Promise<void> {
		await this.inner.forceFlush?.();
	}
}

function portOf(url: URL): number {
	if (url.port !== '') {
		return Number(url.port);
	}

	return url.protocol === 'https:' ? 443 : 80;
}

/** One client span per probe, with the HTTP semantic-convention attributes, timed from the result. */
export function recordProbeSpan(tracer: Tracer, target: ProbeTarget, result: ProbeResult): void {
	const url = new URL(target.url);
	const span = tracer.startSpan(target.method, {
		kind: SpanKind.CLIENT,
		startTime: result.timestamp,
		attributes: {
			[ATTR_HTTP_REQUEST_METHOD]: target.method,
			[ATTR_URL_FULL]: redactUrl(target.url),
			[ATTR_SERVER_ADDRESS]: url.hostname,
			[ATTR_SERVER_PORT]: portOf(url),
			'perftop.probe.name': target.name,
			'perftop.probe.redirects': result.redirects,
			'http.response.body.size': result.bodyBytes,
		},
	});
	if (result.status !== undefined) {
		span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, result.status);
	}

	if (!result.ok) {
		span.setAttribute(ATTR_ERROR_TYPE, result.status === undefined ? 'probe_failed' : String(result.status));
		span.setStatus({code: SpanStatusCode.ERROR, message: result.error ?? 'probe failed'});
	}

	span.end(result.timestamp + result.durationMs);
}

/**
 * Probe spans exported over OTLP/HTTP (JSON) with the OpenTelemetry SDK. Spans are batched off the
 * probe path; a receiver that is down costs a counter and one message, never a crash or a slower probe.
 * The provider is private: nothing is registered globally.
 */
export function createProbeTracing(options: ProbeTracingOptions): ProbeTracing {
	const url = tracesUrl(options.endpoint);
	let failures = 0;
	const exporter = new CountingExporter(
		new OTLPTraceExporter({url, timeoutMillis: options.exportTimeoutMs ?? 10_000}),
		error => {
			failures++;
			if (failures === 1) {
				options.onMessage?.(`tracing: could not export spans to ${url}${error ? ` (${error.message.split('\n')[0]})` : ''}; further failures are counted, not shown`);
			}
		},
	);
	const provider = new BasicTracerProvider({
		resource: resourceFromAttributes({[ATTR_SERVICE_NAME]: options.serviceName}),
		spanProcessors: [new BatchSpanProcessor(exporter, {
			scheduledDelayMillis: options.scheduledDelayMs ?? 5000,
			maxQueueSize: options.maxQueueSize ?? 2048,
			maxExportBatchSize: 512,
			// Longer than the exporter's own deadline, so the exporter reports its failure first.
			exportTimeoutMillis: (options.exportTimeoutMs ?? 10_000) + 1000,
		})],
	});
	const tracer = provider.getTracer('perftop-probe');
	return {
		recordProbe(target, result) {
			recordProbeSpan(tracer, target, result);
		},
		exportFailures: () => failures,
		async shutdown(deadlineMs = 2000) {
			let timer: NodeJS.Timeout | undefined;
			const deadline = new Promise<void>(resolve => {
				timer = setTimeout(resolve, deadlineMs);
				timer.unref();
			});
			await Promise.race([provider.shutdown().catch(() => undefined), deadline]);
			clearTimeout(timer);
		},
	};
}
