import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type {LookupFunction} from 'node:net';
import {performance} from 'node:perf_hooks';
import type {ProbeResult, ProbeTarget} from './types.js';

/** Body bytes read from a response before the connection is closed and the rest discarded. */
export const maxBodyBytes = 1_048_576;
/** Redirect hops followed; one more is "too many redirects". */
export const maxRedirects = 5;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

// RFC 6761: `.invalid` names never resolve, so they fail here without asking any resolver.
function isReservedInvalid(hostname: string): boolean {
	const name = hostname.toLowerCase().replace(/\.$/, '');
	return name === 'invalid' || name.endsWith('.invalid');
}

const lookup: LookupFunction = (hostname, options, callback) => {
	if (isReservedInvalid(hostname)) {
		const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {code: 'ENOTFOUND', hostname});
		process.nextTick(() => {
			callback(error, '', 4);
		});
		return;
	}

	// The net layer asks with `all: true` or not; dns.lookup answers both shapes the callback expects.
	dns.lookup(hostname, options, callback as (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void);
};

type Hop = {
	readonly status: number;
	readonly location: string | undefined;
	readonly bodyBytes: number;
	readonly truncated: boolean;
};

function hostOf(url: URL): string {
	return url.host;
}

const tlsCodes = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

/** A one-line reason per failure kind: DNS, refused, reset, unreachable, TLS; else the code and message. */
export function describeNetworkError(error: unknown, url: URL): string {
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

/** Keep-alive agents a prober shares between its probes; without them every probe opens a fresh connection. */
export type ProbeAgents = {
	readonly http: http.Agent;
	readonly https: https.Agent;
};

export function createProbeAgents(): ProbeAgents {
	// At most one connection per target is in use at a time, so the pool never exceeds the target count;
	// lifo hands out the most recently used connection, the least likely to have been closed by the server.
	return {
		http: new http.Agent({keepAlive: true, scheduling: 'lifo'}),
		https: new https.Agent({keepAlive: true, scheduling: 'lifo'}),
	};
}

/** A kept-alive connection the server closed just as it was reused: safe to retry once on a new one (Node's advice). */
class StaleConnection extends Error {}

/**
 * One probe's cancellation state. The deadline and the caller's signal destroy the request in flight
 * directly: an AbortController per probe plus `signal` on the request were about a tenth of a probe's
 * JavaScript on a kept-alive loopback connection (CPU profile). As an object with `handleEvent` it is its own abort
 * listener, so no closure is made per probe for it.
 */
class ProbeState {
	request: http.ClientRequest | undefined = undefined;
	timedOut = false;
	stopped = false;

	get ended(): boolean {
		return this.timedOut || this.stopped;
	}

	handleEvent(): void {
		this.stopped = true;
		this.request?.destroy();
	}
}

function onDeadline(state: ProbeState): void {
	state.timedOut = true;
	state.request?.destroy();
}

const probeHeaders = {'user-agent': 'perftop-probe', accept: '*/*'};

type HopRequest = {
	readonly transport: typeof http | typeof https;
	readonly options: http.RequestOptions;
};

function hopRequest(url: URL, method: 'GET' | 'HEAD', agents: ProbeAgents | undefined): HopRequest {
	const isHttps = url.protocol === 'https:';
	// Without agents (agent: false) a probe opens a fresh connection, so it times DNS, connect and TLS too.
	const agent = agents ? (isHttps ? agents.https : agents.http) : false;
	// The same fields node:http would take from the URL (urlToHttpOptions), worked out once per target.
	const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
	const options: http.RequestOptions = {
		protocol: url.protocol,
		hostname,
		path: `${url.pathname}${url.search}`,
		method,
		agent,
		lookup,
		headers: probeHeaders,
	};
	if (url.port !== '') {
		options.port = Number(url.port);
	}

	if (url.username !== '' || url.password !== '') {
		options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
	}

	return {transport: isHttps ? https : http, options};
}

/**
 * What a target needs per probe, parsed once: the URL and the first hop's request, per agent pool.
 * Weakly keyed by pool, since a prober makes new pools on every stop and the old ones must not be kept.
 */
type PreparedTarget = {
	readonly url: URL;
	readonly follow: boolean;
	readonly pooledFirstHops: WeakMap<ProbeAgents, HopRequest>;
	unpooledFirstHop: HopRequest | undefined;
};

// Keyed by the target object: the prober probes the same objects every interval, and a target that is
// dropped (config reload) takes its entry with it.
const prepared = new WeakMap<ProbeTarget, PreparedTarget>();

function prepare(target: ProbeTarget): PreparedTarget {
	let entry = prepared.get(target);
	if (entry === undefined) {
		entry = {url: new URL(target.url), follow: followsRedirects(target), pooledFirstHops: new WeakMap(), unpooledFirstHop: undefined};
		prepared.set(target, entry);
	}

	return entry;
}

function firstHop(entry: PreparedTarget, method: 'GET' | 'HEAD', agents: ProbeAgents | undefined): HopRequest {
	if (agents === undefined) {
		entry.unpooledFirstHop ??= hopRequest(entry.url, method, undefined);
		return entry.unpooledFirstHop;
	}

	let hop = entry.pooledFirstHops.get(agents);
	if (hop === undefined) {
		hop = hopRequest(entry.url, method, agents);
		entry.pooledFirstHops.set(agents, hop);
	}

	return hop;
}

function requestHop({transport, options}: HopRequest, method: 'GET' | 'HEAD', state: ProbeState, follow: boolean, bodyCapBytes: number): Promise<Hop> {
	return new Promise((resolve, reject) => {
		if (state.ended) {
			reject(new Error('probe ended'));
			return;
		}

		const request = transport.request(options, response => {
			const status = response.statusCode ?? 0;
			const location = response.headers.location;
			response.on('error', reject);
			// A redirect about to be followed has no body worth reading: drop it with its connection.
			if (follow && redirectStatuses.has(status) && location !== undefined) {
				request.destroy();
				resolve({status, location, bodyBytes: 0, truncated: false});
				return;
			}

			// A HEAD response has no body; draining it lets a kept-alive connection be reused.
			if (method === 'HEAD') {
				response.on('end', () => {
					resolve({status, location, bodyBytes: 0, truncated: false});
				});
				response.resume();
				return;
			}

			let bodyBytes = 0;
			response.on('data', (chunk: Buffer) => {
				if (bodyBytes + chunk.length > bodyCapBytes) {
					// Past the cap: count up to it, then close the connection so the rest is never read.
					resolve({status, location, bodyBytes: bodyCapBytes, truncated: true});
					request.destroy();
					return;
				}

				bodyBytes += chunk.length;
			});
			response.on('end', () => {
				resolve({status, location, bodyBytes, truncated: false});
			});
			response.on('close', () => {
				if (!response.complete) {
					reject(Object.assign(new Error('connection closed before the response ended'), {code: 'ECONNRESET'}));
				}
			});
		});
		state.request = request;
		request.on('error', error => {
			const {code} = error as NodeJS.ErrnoException;
			// A reset we caused (deadline, stop) is no stale connection, whatever socket it was on.
			reject(!state.ended && request.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE') ? new StaleConnection(error.message) : error);
		});
		request.end();
	});
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
	readonly agents?: ProbeAgents;
};

/**
 * One probe of one target: redirects followed by hand, the body read up to the cap, the whole within
 * the target's deadline. Never throws and never rejects: every failure is a result with `error`.
 */
export async function probeTarget(target: ProbeTarget, options: ProbeOptions = {}): Promise<ProbeResult> {
	const timestamp = (options.now ?? Date.now)();
	const started = performance.now();
	const entry = prepare(target);
	const state = new ProbeState();
	const timer = setTimeout(onDeadline, target.timeoutSeconds * 1000, state);
	const {signal} = options;
	if (signal?.aborted) {
		state.stopped = true;
	} else {
		signal?.addEventListener('abort', state, {once: true});
	}

	const {follow} = entry;
	const bodyCapBytes = options.bodyCapBytes ?? maxBodyBytes;
	let url = entry.url;
	let hopRequestNow = firstHop(entry, target.method, options.agents);
	let redirects = 0;
	const finish = (fields: Pick<ProbeResult, 'ok'> & Partial<ProbeResult>): ProbeResult => ({
		target: target.name,
		timestamp,
		durationMs: performance.now() - started,
		bodyBytes: 0,
		truncated: false,
		redirects,
		...fields,
	});

	try {
		for (;;) {
			const current = hopRequestNow;
			const hop = await requestHop(current, target.method, state, follow, bodyCapBytes)
				.catch(async (error: unknown) => {
					if (error instanceof StaleConnection) {
						return requestHop(hopRequest(url, target.method, undefined), target.method, state, follow, bodyCapBytes);
					}

					throw error;
				});
			if (follow && redirectStatuses.has(hop.status) && hop.location !== undefined) {
				if (redirects === maxRedirects) {
					return finish({ok: false, status: hop.status, error: `too many redirects (more than ${maxRedirects})`});
				}

				let next: URL;
				try {
					next = new URL(hop.location, url);
				} catch {
					return finish({ok: false, status: hop.status, error: `invalid redirect location '${hop.location}'`});
				}

				if (next.protocol !== 'http:' && next.protocol !== 'https:') {
					return finish({ok: false, status: hop.status, error: `redirect to unsupported URL scheme '${next.protocol}'`});
				}

				url = next;
				hopRequestNow = hopRequest(url, target.method, options.agents);
				redirects++;
				continue;
			}

			const ok = isExpected(hop.status, target);
			return finish({
				ok,
				status: hop.status,
				bodyBytes: hop.bodyBytes,
				truncated: hop.truncated,
				...(ok ? {} : {error: `status ${hop.status}, expected ${expectation(target)}`}),
			});
		}
	} catch (error) {
		if (state.timedOut) {
			return finish({ok: false, error: `timed out after ${formatSeconds(target.timeoutSeconds)}`});
		}

		if (state.stopped || signal?.aborted) {
			return finish({ok: false, error: 'stopped'});
		}

		return finish({ok: false, error: describeNetworkError(error, url)});
	} finally {
		clearTimeout(timer);
		signal?.removeEventListener('abort', state);
	}
}
