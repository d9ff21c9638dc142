import http from 'node:http';
import net, {type AddressInfo} from 'node:net';

export type TestServer = {
	readonly baseUrl: string;
	readonly port: number;
	/** Requests seen, by path, so tests can tell a probe was (not) made. */
	readonly hits: Map<string, number>;
	/** TCP connections accepted, so tests can tell a connection was (not) reused. */
	readonly connections: () => number;
	readonly close: () => Promise<void>;
};

const hugeBytes = 5 * 1024 * 1024;
const chunk = Buffer.alloc(64 * 1024, 'x');

function streamHuge(response: http.ServerResponse): void {
	let sent = 0;
	const writeMore = (): void => {
		while (sent < hugeBytes) {
			sent += chunk.length;
			if (!response.write(chunk)) {
				response.once('drain', writeMore);
				return;
			}
		}

		response.end();
	};

	response.writeHead(200, {'content-type': 'application/octet-stream', 'content-length': String(hugeBytes)});
	writeMore();
}

/**
 * A loopback server with the endpoints the probe tests need:
 * /fast, /slow?ms=N, /fail (500), /redirect/N (a chain of N relative redirects ending at /fast),
 * /absolute-redirect (to /fast by absolute URL), /huge (5 MiB), /exact (exactly 1 MiB), /hang (never answers),
 * /to-ftp (a redirect to an ftp: URL), /status/N.
 */
export async function startTestServer(): Promise<TestServer> {
	const hits = new Map<string, number>();
	const server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
		const redirect = /^\/redirect\/(\d+)$/.exec(url.pathname);
		if (redirect) {
			const remaining = Number(redirect[1]);
			response.writeHead(302, {location: remaining <= 1 ? '/fast' : `/redirect/${remaining - 1}`});
			response.end('moved');
			return;
		}

		const status = /^\/status\/(\d+)$/.exec(url.pathname);
		if (status) {
			response.writeHead(Number(status[1]));
			response.end();
			return;
		}

		switch (url.pathname) {
			case '/fast': {
				response.end('ok');
				return;
			}

			case '/slow': {
				setTimeout(() => response.end('slow'), Number(url.searchParams.get('ms') ?? '100'));
				return;
			}

			case '/fail': {
				response.writeHead(500);
				response.end('broken');
				return;
			}

			case '/absolute-redirect': {
				response.writeHead(301, {location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fast`});
				response.end();
				return;
			}

			case '/to-ftp': {
				response.writeHead(302, {location: 'ftp://127.0.0.1/file'});
				response.end();
				return;
			}

			case '/huge': {
				streamHuge(response);
				return;
			}

			case '/exact': {
				response.end(Buffer.alloc(1_048_576, 'y'));
				return;
			}

			case '/hang': {
				return;
			}

			default: {
				response.writeHead(404);
				response.end();
			}
		}
	});

	return {
		...await listenOnLoopback(server),
		hits,
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}

/** Listens on a free loopback port, counting the connections it accepts. */
async function listenOnLoopback(server: net.Server): Promise<{baseUrl: string; port: number; connections: () => number}> {
	let connections = 0;
	server.on('connection', () => {
		connections++;
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {baseUrl: `http://127.0.0.1:${port}`, port, connections: () => connections};
}

/** A loopback port with nothing listening: bound, read, then released. */
export async function closedPort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	await new Promise<void>(resolve => {
		server.close(() => {
			resolve();
		});
	});
	return port;
}

export type RawServer = {
	readonly baseUrl: string;
	readonly port: number;
	/** The request heads received, in order. */
	readonly requests: string[];
	readonly connections: () => number;
	readonly close: () => Promise<void>;
};

/**
 * A loopback TCP server that answers each request head with whatever `respond` writes on the socket:
 * for responses node:http would never send. `index` counts requests on that connection from 0.
 */
export async function startRawServer(respond: (socket: net.Socket, index: number, head: string) => void): Promise<RawServer> {
	const requests: string[] = [];
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		let pending = '';
		let index = 0;
		socket.on('data', chunk => {
			pending += chunk.toString('latin1');
			for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
				const head = pending.slice(0, end);
				pending = pending.slice(end + 4);
				requests.push(head);
				respond(socket, index++, head);
			}
		});
	});
	return {
		...await listenOnLoopback(server),
		requests,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}
