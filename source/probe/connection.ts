// Probe connections: plain TCP or TLS sockets carrying one request at a time, kept alive in a pool
// between a target's probes. Each socket gets its listeners once, when it opens; a request only swaps the
// reader they feed, so a probe on a kept-alive connection adds no listener and no stream object. Responses
// are read with `onread` into one shared buffer: no Buffer and no stream machinery per read.
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import type {ReadState, ResponseReader} from './http-response.js';

/** Where a request goes. Connections are pooled by `key`: scheme, host and port. */
export type Endpoint = {
	readonly key: string;
	readonly secure: boolean;
	/** Host name or IP address, without an IPv6 address's brackets. */
	readonly host: string;
	readonly port: number;
	/** TLS server name (SNI and the certificate's name); none for an IP address, as node:https does. */
	readonly servername: string | undefined;
};

export function endpointOf(url: URL): Endpoint {
	const secure = url.protocol === 'https:';
	const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
	const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
	return {key: `${url.protocol}//${url.host}`, secure, host, port, servername: net.isIP(host) === 0 ? host : undefined};
}

// RFC 6761: `.invalid` names never resolve, so they fail here without asking any resolver.
function isReservedInvalid(hostname: string): boolean {
	const name = hostname.toLowerCase().replace(/\.$/, '');
	return name === 'invalid' || name.endsWith('.invalid');
}

const lookup: net.LookupFunction = (hostname, options, callback) => {
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

// Shared by every connection: each read is handed to its reader, which is done with it, before the next read.
const readBuffer = Buffer.allocUnsafe(65_536);

/** `onRead` returns whether to go on reading (it always does: a connection that must stop is destroyed). */
function connect(endpoint: Endpoint, onRead: (length: number) => boolean): net.Socket {
	const options = {host: endpoint.host, port: endpoint.port, lookup, onread: {buffer: readBuffer, callback: onRead}};
	// tls.connect verifies the certificate against the system's CAs and the server name, like node:https.
	const socket = endpoint.secure ? tls.connect({...options, servername: endpoint.servername}) : net.connect(options);
	// As node:http does; the request is one write, so this only matters for TLS records.
	socket.setNoDelay(true);
	return socket;
}

/** A kept-alive connection the server closed just as it was reused: safe to retry once on a new one (Node's advice). */
export class StaleConnection extends Error {}

function closedEarly(): Error {
	return Object.assign(new Error('connection closed before the response ended'), {code: 'ECONNRESET'});
}

/** Hears how an exchange ended; called once per exchange, synchronously from the socket's events. */
export type ExchangeListener = {
	/** The response was read to its end, or to the body cap (`reader.truncated`). */
	readonly onResponse: () => void;
	readonly onFailure: (error: Error) => void;
};

/** One socket and the response being read from it, if any. */
export class Connection {
	/** False once the server ended it or it failed: it must not be reused. */
	usable = true;
	private readonly socket: net.Socket;
	private reader: ResponseReader | undefined = undefined;
	private listener: ExchangeListener | undefined = undefined;
	/** Responses read on it; one closed before the first byte of a later response was stale, not broken. */
	private served = 0;

	constructor(readonly endpoint: Endpoint, private readonly pool: ConnectionPool) {
		this.socket = connect(endpoint, length => {
			this.onRead(length);
			return true;
		});
		this.socket.on('end', () => {
			this.usable = false;
			if (this.reader?.end() === undefined) {
				this.fail(closedEarly());
			} else {
				this.succeed();
			}
		});
		this.socket.on('error', (error: Error) => {
			this.usable = false;
			this.fail(error);
		});
		this.socket.on('close', () => {
			this.usable = false;
			if (this.reader === undefined) {
				this.pool.forget(this);
			} else {
				this.fail(closedEarly());
			}
		});
	}

	/** Sends a request and reads its response into `reader`, telling `listener` how it ended. */
	exchange(request: Buffer, reader: ResponseReader, listener: ExchangeListener): void {
		this.reader = reader;
		this.listener = listener;
		this.socket.write(request);
	}

	/** Ends the exchange in progress with `error` and closes the socket (deadline, stop). */
	abort(error: Error): void {
		this.usable = false;
		this.fail(error);
		this.socket.destroy();
	}

	destroy(): void {
		this.usable = false;
		this.socket.destroy();
	}

	/** Between requests: kept, but not keeping the process alive (as node:http's agent does). */
	park(): void {
		this.served++;
		this.socket.unref();
	}

	unpark(): void {
		this.socket.ref();
	}

	private onRead(length: number): void {
		const {reader} = this;
		if (reader === undefined) {
			// Bytes nobody asked for: whatever the server meant, the connection is out of step.
			this.destroy();
			return;
		}

		let state: ReadState;
		try {
			state = reader.push(readBuffer, length);
		} catch (error) {
			this.usable = false;
			this.fail(error as Error);
			return;
		}

		if (state !== 'more') {
			this.succeed();
		}
	}

	private succeed(): void {
		const {listener} = this;
		this.reader = undefined;
		this.listener = undefined;
		listener?.onResponse();
	}

	private fail(error: Error): void {
		const {listener, reader} = this;
		if (listener === undefined || reader === undefined) {
			return;
		}

		this.reader = undefined;
		this.listener = undefined;
		const {code} = error as NodeJS.ErrnoException;
		const stale = this.served > 0 && !reader.started && (code === 'ECONNRESET' || code === 'EPIPE');
		listener.onFailure(stale ? new StaleConnection(error.message) : error);
	}
}

/**
 * Kept-alive connections by endpoint, most recently used first (the least likely to have been closed by
 * the server). A probe holds its connection for one request at a time, so the pool never holds more
 * connections to an endpoint than there are targets on it. A pool that does not reuse connections opens
 * a new one for every request and closes it after.
 */
export class ConnectionPool {
	private readonly idle = new Map<string, Connection[]>();
	/** Connections carrying a request, so that closing the pool ends their exchanges too. */
	private readonly busy = new Set<Connection>();
	private closed = false;

	/**
	 * Aborting `signal` closes the pool, ending the exchanges in flight: the prober shares one signal
	 * between all its probes, and one listener here spares each probe adding and removing its own.
	 */
	constructor(readonly reuses: boolean, readonly signal?: AbortSignal) {
		if (signal?.aborted) {
			this.closed = true;
		} else {
			signal?.addEventListener('abort', () => {
				this.destroy();
			}, {once: true});
		}
	}

	/** A kept-alive connection to the endpoint, or a new one (always when `fresh`). */
	take(endpoint: Endpoint, fresh: boolean): Connection {
		const parked = fresh || !this.reuses ? undefined : this.idle.get(endpoint.key);
		let connection = parked?.pop();
		while (connection !== undefined && !connection.usable) {
			connection.destroy();
			connection = parked?.pop();
		}

		if (connection === undefined) {
			connection = new Connection(endpoint, this);
		} else {
			connection.unpark();
		}

		this.busy.add(connection);
		return connection;
	}

	/** Takes a connection back: kept for the next request if `reusable` (its response left it ready), else closed. */
	give(connection: Connection, reusable: boolean): void {
		this.busy.delete(connection);
		if (!reusable || !this.reuses || !connection.usable || this.closed) {
			connection.destroy();
			return;
		}

		connection.park();
		const parked = this.idle.get(connection.endpoint.key);
		if (parked === undefined) {
			this.idle.set(connection.endpoint.key, [connection]);
		} else {
			parked.push(connection);
		}
	}

	/** A parked connection that closed (the server's idle timeout) leaves the pool. */
	forget(connection: Connection): void {
		const parked = this.idle.get(connection.endpoint.key);
		const index = parked?.indexOf(connection) ?? -1;
		if (index !== -1) {
			parked!.splice(index, 1);
		}
	}

	/** Closes every connection, ending exchanges in flight as stopped; any given back later are closed too. */
	destroy(): void {
		this.closed = true;
		for (const connection of this.busy) {
			connection.abort(new Error('stopped'));
		}

		this.busy.clear();
		for (const parked of this.idle.values()) {
			for (const connection of parked.splice(0)) {
				connection.destroy();
			}
		}
	}
}
