import {performance} from 'node:perf_hooks';
import {type Connection, ConnectionPool, type Endpoint, endpointOf, type ExchangeListener, StaleConnection} from './connection.js';
import {InvalidResponse, ResponseReader} from './http-response.js';
import type {ProbeResult, ProbeTarget} from './types.js';

/** Body bytes read from a response before the connection is closed and the rest discarded. */
export const maxBodyBytes = 1_048_576;
/** Redirect hops followed; one more is "too many redirects". */
export const maxRedirects = 5;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

function hostOf(url: URL): string {
	return url.host;
}

const tlsCodes = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

/** A one-line reason per failure kind: DNS, refused, reset, unreachable, TLS, a broken response; else the code and message. */
export function describeNetworkError(error: unknown, url: URL): string {
	if (error instanceof InvalidResponse) {
		return `invalid HTTP response from ${hostOf(url)}: ${error.message}`;
	}

	const {code, message} = error as NodeJS.ErrnoException;
	switch (code) {
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
		case 'EAI_FAIL':
		case 'EAI_NODATA':
		case 'EAI_NONAME': {
			return `DNS lookup failed for ${url.hostname}`;
		}

		case 'ECONNREFUSED': {
			return `connection refused by ${hostOf(url)}`;
		}

		case 'ECONNRESET':
		case 'EPIPE': {
			return `connection reset by ${hostOf(url)}`;
		}

		case 'EHOSTUNREACH':
		case 'ENETUNREACH': {
			return `${hostOf(url)} is unreachable`;
		}

		default: {
			break;
		}
	}

	const openSslReason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1];
	if (openSslReason !== undefined || (code !== undefined && tlsCodes.test(code)) || code === 'EPROTO') {
		return `TLS failure with ${hostOf(url)}: ${openSslReason ?? message.split('\n')[0]}`;
	}

	return code === undefined ? message : `${code}: ${message}`;
}

/** A user:password in the URL is percent-encoded; one that does not decode is sent as written. */
function decodeUserInfo(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** The request bytes, with the headers node:http sent for the probe (Host, credentials as Basic auth). */
function requestBytes(url: URL, method: 'GET' | 'HEAD', connection: 'keep-alive' | 'close'): Buffer {
	const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, 'User-Agent: perftop-probe', 'Accept: */*', `Connection: ${connection}`];
	if (url.username !== '' || url.password !== '') {
		const credentials = Buffer.from(`${decodeUserInfo(url.username)}:${decodeUserInfo(url.password)}`).toString('base64');
		lines.push(`Authorization: Basic ${credentials}`);
	}

	// URL has percent-encoded the path and punycoded the host, so the head is ASCII.
	return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** One hop: where it goes and its request, for a pooled connection and for a fresh one closed after it. */
type Hop = {
	readonly endpoint: Endpoint;
	readonly keepAlive: Buffer;
	readonly close: Buffer;
};

function hopTo(url: URL, method: 'GET' | 'HEAD'): Hop {
	return {endpoint: endpointOf(url), keepAlive: requestBytes(url, method, 'keep-alive'), close: requestBytes(url, method, 'close')};
}

/** What a target needs per probe, worked out once: its URL and the first hop's request. */
type PreparedTarget = {
	readonly url: URL;
	readonly follow: boolean;
	readonly firstHop: Hop;
};

// Keyed by the target object: the prober probes the same objects every interval, and a target that is
// dropped (config reload) takes its entry with it.
const prepared = new WeakMap<ProbeTarget, PreparedTarget>();

function prepare(target: ProbeTarget): PreparedTarget {
	let entry = prepared.get(target);
	if (entry === undefined) {
		const url = new URL(target.url);
		entry = {url, follow: followsRedirects(target), firstHop: hopTo(url, target.method)};
		prepared.set(target, entry);
	}

	return entry;
}

function formatSeconds(seconds: number): string {
	return `${Number(seconds.toFixed(3))} s`;
}

function isExpected(status: number, target: ProbeTarget): boolean {
	return target.expectStatus === undefined ? status < 400 : target.expectStatus.includes(status);
}

function expectation(target: ProbeTarget): string {
	return target.expectStatus === undefined ? '< 400' : target.expectStatus.join(' or ');
}

/** A target that expects a 3xx checks the redirect itself rather than where it leads. */
function followsRedirects(target: ProbeTarget): boolean {
	return !target.expectStatus?.some(status => status >= 300 && status < 400);
}

export type ProbeOptions = {
	/** Wall clock for the result's timestamp (default Date.now). */
	readonly now?: () => number;
	/** Aborts the probe early (the prober stopping); reported as "stopped". */
	readonly signal?: AbortSignal;
	readonly bodyCapBytes?: number;
	/** Reuse connections between probes (the prober passes its own); absent: a fresh connection each time. */
	readonly connections?: ConnectionPool;
};

// Without a pool of its own, a probe opens a new connection for each request, so it times DNS, connect and TLS too.
const unpooled = new ConnectionPool(false);

/**
 * One probe in flight, hop by hop: each response or failure arrives as a call from the connection, and the
 * probe either sends the next request or settles. Callbacks on one object rather than async functions and
 * a promise per request: probes run once a second or less, mostly unoptimised, and each await was a
 * generator, a promise and a microtask turn. The deadline and the caller's signal abort the exchange in
 * flight directly; as an object with `handleEvent` the probe is its own abort listener.
 */
class Probe implements ExchangeListener {
	private readonly timestamp: number;
	private readonly started: number;
	private readonly pool: ConnectionPool;
	/** The caller's signal, when this probe listens to it (a pool closed by the same signal ends the probe itself). */
	private readonly listened: AbortSignal | undefined;
	private timer: NodeJS.Timeout | undefined = undefined;
	private url: URL;
	private hop: Hop;
	private retried = false;
	private redirects = 0;
	private connection: Connection | undefined = undefined;
	private reader: ResponseReader | undefined = undefined;
	private timedOut = false;
	private settled = false;

	constructor(
		private readonly target: ProbeTarget,
		private readonly entry: PreparedTarget,
		private readonly options: ProbeOptions,
		private readonly resolve: (result: ProbeResult) => void,
	) {
		this.timestamp = (options.now ?? Date.now)();
		this.started = performance.now();
		this.pool = options.connections ?? unpooled;
		this.url = entry.url;
		this.hop = entry.firstHop;
		const {signal} = options;
		this.listened = signal === this.pool.signal ? undefined : signal;
	}

	start(): void {
		this.timer = setTimeout(onDeadline, this.target.timeoutSeconds * 1000, this);
		this.listened?.addEventListener('abort', this, {once: true});
		this.send();
	}

	private get stopped(): boolean {
		return this.options.signal?.aborted === true;
	}

	handleEvent(): void {
		this.connection?.abort(new Error('stopped'));
	}

	deadline(): void {
		this.timedOut = true;
		this.connection?.abort(new Error('timed out'));
	}

	onResponse(): void {
		const connection = this.connection!;
		const reader = this.reader!;
		this.connection = undefined;
		this.reader = undefined;
		this.pool.give(connection, reader.reusable);
		this.read(reader);
	}

	onFailure(error: Error): void {
		this.pool.give(this.connection!, false);
		this.connection = undefined;
		this.reader = undefined;
		// A kept-alive connection the server closed just as it was reused is retried once on a new one.
		if (error instanceof StaleConnection && !this.retried) {
			this.retried = true;
			this.send();
		} else {
			this.fail(error);
		}
	}

	/**
	 * Sends the current hop's request, on a kept-alive connection if the pool has one (a new one when
	 * retrying). Whatever goes wrong here ends the probe with a result: it runs in socket callbacks.
	 */
	private send(): void {
		if (this.timedOut || this.stopped) {
			this.fail(new Error('probe ended'));
			return;
		}

		const {hop, pool} = this;
		try {
			this.connection = pool.take(hop.endpoint, this.retried);
			this.reader = new ResponseReader(this.target.method === 'HEAD', this.options.bodyCapBytes ?? maxBodyBytes);
			this.connection.exchange(pool.reuses ? hop.keepAlive : hop.close, this.reader, this);
		} catch (error) {
			if (this.connection !== undefined) {
				pool.give(this.connection, false);
				this.connection = undefined;
			}

			this.fail(error);
		}
	}

	/** Follows a redirect, or settles with the response. */
	private read(response: ResponseReader): void {
		const {status, location} = response;
		const {target} = this;
		if (!this.entry.follow || !redirectStatuses.has(status) || location === undefined) {
			const ok = isExpected(status, target);
			this.settle({
				ok,
				status,
				bodyBytes: response.bodyBytes,
				truncated: response.truncated,
				...(ok ? {} : {error: `HTTP ${status}, expected ${expectation(target)}`}),
			});
			return;
		}

		if (this.redirects === maxRedirects) {
			this.settle({ok: false, status, error: `too many redirects (more than ${maxRedirects})`});
			return;
		}

		let next: URL;
		try {
			next = new URL(location, this.url);
		} catch {
			this.settle({ok: false, status, error: `invalid redirect location '${location}'`});
			return;
		}

		if (next.protocol !== 'http:' && next.protocol !== 'https:') {
			this.settle({ok: false, status, error: `redirect to unsupported URL scheme '${next.protocol}'`});
			return;
		}

		this.url = next;
		this.hop = hopTo(next, target.method);
		this.redirects++;
		this.retried = false;
		this.send();
	}

	private fail(error: unknown): void {
		if (this.timedOut) {
			this.settle({ok: false, error: `timed out after ${formatSeconds(this.target.timeoutSeconds)}`});
		} else if (this.stopped) {
			this.settle({ok: false, error: 'stopped'});
		} else {
			this.settle({ok: false, error: describeNetworkError(error, this.url)});
		}
	}

	private settle(fields: Pick<ProbeResult, 'ok'> & Partial<ProbeResult>): void {
		if (this.settled) {
			return;
		}

		this.settled = true;
		clearTimeout(this.timer);
		this.listened?.removeEventListener('abort', this);
		this.resolve({
			target: this.target.name,
			timestamp: this.timestamp,
			durationMs: performance.now() - this.started,
			bodyBytes: 0,
			truncated: false,
			redirects: this.redirects,
			...fields,
		});
	}
}

function onDeadline(probe: Probe): void {
	probe.deadline();
}

/**
 * One probe of one target: redirects followed by hand, the body read up to the cap, the whole within
 * the target's deadline. Never throws and never rejects: every failure is a result with `error`.
 */
export function probeTarget(target: ProbeTarget, options: ProbeOptions = {}): Promise<ProbeResult> {
	return new Promise(resolve => {
		new Probe(target, prepare(target), options, resolve).start();
	});
}
