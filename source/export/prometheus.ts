import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {Analysis} from '../analyze/types.js';
import type {Sample} from '../metrics/types.js';
import {createPerftopRegistry, type PerftopRegistry} from './prometheus-registry.js';
import {asError} from '../errors.js';

/** Loopback only unless the operator asks: the metrics describe the host and its processes' load. */
export const defaultPrometheusHost = '127.0.0.1';

export const metricsPath = '/metrics';

export type PrometheusExporterOptions = {
	/** Interface to listen on; `127.0.0.1` when absent. */
	readonly host?: string;
	/** TCP port; 0 picks a free one (read it back from `address`). */
	readonly port: number;
	/** Exported as `perftop_host_info{hostname}`. */
	readonly hostname: string;
	/** Told about a failed scrape or a server fault after start-up; the exporter keeps serving either way. */
	readonly onError?: (error: Error) => void;
};

export type PrometheusExporter = {
	/** Hand over each tick. Cheap: it only keeps a reference; the gauges are updated when a scrape arrives. */
	readonly update: (sample: Sample, analysis: Analysis) => void;
	/** Where it listens, with the real port when 0 was asked for. */
	readonly address: {readonly host: string; readonly port: number};
	/** Stops listening and drops open scrape connections. Safe to call twice. */
	readonly close: () => Promise<void>;
};

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
	switch (error.code) {
		case 'EADDRINUSE': {
			return new Error(`port ${port} on ${host} is in use`, {cause: error});
		}

		case 'EACCES': {
			return new Error(`no permission to listen on port ${port} on ${host}`, {cause: error});
		}

		case 'EADDRNOTAVAIL':
		case 'ENOTFOUND': {
			return new Error(`address ${host} is not an address of this machine`, {cause: error});
		}

		default: {
			return new Error(`cannot listen on port ${port} on ${host}: ${error.message}`, {cause: error});
		}
	}
}

function reply(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
	response.writeHead(status, {'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers});
	response.end(text);
}

function handle(registry: PerftopRegistry, request: IncomingMessage, response: ServerResponse, report: (error: Error) => void): void {
	const url = request.url ?? '/';
	const query = url.indexOf('?');
	const path = query === -1 ? url : url.slice(0, query);
	if (path !== metricsPath) {
		reply(response, 404, `not found: metrics are at ${metricsPath}\n`);
		return;
	}

	if (request.method !== 'GET' && request.method !== 'HEAD') {
		reply(response, 405, 'method not allowed\n', {Allow: 'GET, HEAD'});
		return;
	}

	registry.render().then(
		body => {
			response.writeHead(200, {'Content-Type': registry.contentType, 'Content-Length': Buffer.byteLength(body)});
			response.end(request.method === 'HEAD' ? undefined : body);
		},
		(error: unknown) => {
			report(asError(error));
			if (!response.headersSent) {
				reply(response, 500, 'metrics could not be rendered\n');
			}
		},
	);
}

function listen(server: Server, host: string, port: number): Promise<void> {
	return new Promise((resolve, reject) => {
		const onError = (error: NodeJS.ErrnoException): void => {
			reject(listenError(error, host, port));
		};

		server.once('error', onError);
		server.listen({host, port}, () => {
			server.off('error', onError);
			resolve();
		});
	});
}

/** Serves GET /metrics in the Prometheus text format from perftop's own registry; anything else is 404. */
export async function createPrometheusExporter(options: PrometheusExporterOptions): Promise<PrometheusExporter> {
	const host = options.host ?? defaultPrometheusHost;
	const {port} = options;
	if (!Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new Error(`port ${port} is not a TCP port (0–65535)`);
	}

	const registry = createPerftopRegistry({hostname: options.hostname});
	const report = (error: Error): void => {
		try {
			options.onError?.(error);
		} catch {
			// A failing error handler must not take the sampling loop down with it.
		}
	};

	const server = createServer((request, response) => {
		try {
			handle(registry, request, response, report);
		} catch (error) {
			report(asError(error));
			if (!response.headersSent) {
				reply(response, 500, 'metrics could not be rendered\n');
			}
		}
	});

	await listen(server, host, port);
	server.on('error', report);

	let closing: Promise<void> | undefined;
	return {
		update: registry.update,
		address: {host, port: (server.address() as AddressInfo).port},
		close() {
			closing ??= new Promise(resolve => {
				server.close(() => {
					resolve();
				});
				// Prometheus keeps scrape connections alive; without this, close would wait for them to time out.
				server.closeAllConnections();
			});
			return closing;
		},
	};
}
