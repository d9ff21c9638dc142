import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ConnectionPool} from '../../source/probe/connection.js';
import {maxBodyBytes, probeTarget} from '../../source/probe/http-probe.js';
import type {ProbeTarget} from '../../source/probe/types.js';
import {closedPort, startRawServer, startTestServer, type TestServer} from './test-server.js';

let server: TestServer;

beforeAll(async () => {
	server = await startTestServer();
});

afterAll(async () => {
	await server.close();
});

function target(path: string, fields: Partial<ProbeTarget> = {}): ProbeTarget {
	return {name: 't', url: `${server.baseUrl}${path}`, method: 'GET', intervalSeconds: 10, timeoutSeconds: 5, ...fields};
}

describe('probeTarget against a loopback server', () => {
	it('a fast endpoint: status, body size, ok, a timestamp from the injected clock', async () => {
		const result = await probeTarget(target('/fast'), {now: () => 1234});
		expect(result).toMatchObject({target: 't', timestamp: 1234, status: 200, bodyBytes: 2, truncated: false, redirects: 0, ok: true});
		expect(result.error).toBeUndefined();
		expect(result.durationMs).toBeGreaterThan(0);
	});

	it('a slow endpoint within the deadline is ok', async () => {
		expect(await probeTarget(target('/slow?ms=120'))).toMatchObject({status: 200, ok: true, bodyBytes: 4});
	});

	it('a 500 is a response, but not ok', async () => {
		expect(await probeTarget(target('/fail'))).toMatchObject({status: 500, ok: false, bodyBytes: 6, error: 'HTTP 500, expected < 400'});
	});

	it('expectStatus decides what is ok', async () => {
		expect(await probeTarget(target('/status/404', {expectStatus: [404]}))).toMatchObject({status: 404, ok: true});
		expect(await probeTarget(target('/fast', {expectStatus: [204]}))).toMatchObject({status: 200, ok: false, error: 'HTTP 200, expected 204'});
	});

	it('follows a chain of 3 relative redirects', async () => {
		expect(await probeTarget(target('/redirect/3'))).toMatchObject({status: 200, redirects: 3, ok: true, bodyBytes: 2});
	});

	it('follows 5 hops, and a 6th is "too many redirects"', async () => {
		expect(await probeTarget(target('/redirect/5'))).toMatchObject({status: 200, redirects: 5, ok: true});
		const before = server.hits.get('/fast') ?? 0;
		expect(await probeTarget(target('/redirect/6'))).toMatchObject({ok: false, redirects: 5, error: 'too many redirects (more than 5)'});
		expect(server.hits.get('/fast') ?? 0).toBe(before);
	});

	it('follows an absolute redirect, and does not follow one it is told to expect', async () => {
		expect(await probeTarget(target('/absolute-redirect'))).toMatchObject({status: 200, redirects: 1, ok: true});
		expect(await probeTarget(target('/absolute-redirect', {expectStatus: [301]}))).toMatchObject({status: 301, redirects: 0, ok: true});
	});

	it('refuses to follow a redirect to another scheme', async () => {
		expect(await probeTarget(target('/to-ftp'))).toMatchObject({ok: false, error: 'redirect to unsupported URL scheme \'ftp:\''});
	});

	it('reads a 5 MB body only up to the 1 MB cap, then drops the connection', async () => {
		const result = await probeTarget(target('/huge'));
		expect(result).toMatchObject({status: 200, ok: true, bodyBytes: maxBodyBytes, truncated: true});
		expect(maxBodyBytes).toBe(1_048_576);
	});

	it('a body of exactly the cap is not truncated', async () => {
		expect(await probeTarget(target('/exact'))).toMatchObject({bodyBytes: maxBodyBytes, truncated: false});
	});

	it('HEAD reads no body', async () => {
		expect(await probeTarget(target('/huge', {method: 'HEAD'}))).toMatchObject({status: 200, bodyBytes: 0, truncated: false, ok: true});
	});

	it('a hanging endpoint ends at the deadline', async () => {
		const result = await probeTarget(target('/hang', {timeoutSeconds: 0.2}));
		expect(result).toMatchObject({ok: false, error: 'timed out after 0.2 s', bodyBytes: 0});
		expect(result.status).toBeUndefined();
	});

	it('the deadline covers the whole probe, a slow body included', async () => {
		expect(await probeTarget(target('/slow?ms=2000', {timeoutSeconds: 0.2}))).toMatchObject({ok: false, error: 'timed out after 0.2 s'});
	});

	it('a closed port is "connection refused"', async () => {
		const port = await closedPort();
		expect(await probeTarget({...target('/'), url: `http://127.0.0.1:${port}/`})).toMatchObject({ok: false, error: `connection refused by 127.0.0.1:${port}`});
	});

	it('a .invalid name fails as a DNS failure without asking any resolver', async () => {
		expect(await probeTarget({...target('/'), url: 'http://perftop-probe.invalid/health'})).toMatchObject({ok: false, error: 'DNS lookup failed for perftop-probe.invalid'});
	});

	it('TLS spoken to a plain HTTP server is a TLS failure', async () => {
		const result = await probeTarget({...target('/'), url: `https://127.0.0.1:${server.port}/fast`});
		expect(result.ok).toBe(false);
		expect(result.error).toMatch(new RegExp(`^TLS failure with 127\\.0\\.0\\.1:${server.port}: `));
	});

	it('an external abort is reported as stopped, not as a timeout', async () => {
		const controller = new AbortController();
		const pending = probeTarget(target('/hang', {timeoutSeconds: 5}), {signal: controller.signal});
		setTimeout(() => {
			controller.abort();
		}, 20);
		expect(await pending).toMatchObject({ok: false, error: 'stopped'});
	});
});

function pooled(): ConnectionPool {
	return new ConnectionPool(true);
}

describe('connections', () => {
	it('a pool keeps the connection alive between probes; without one each probe opens its own', async () => {
		const before = server.connections();
		const connections = pooled();
		for (let index = 0; index < 3; index++) {
			expect(await probeTarget(target('/fast'), {connections})).toMatchObject({ok: true, bodyBytes: 2});
		}

		expect(server.connections() - before).toBe(1);
		connections.destroy();
		await probeTarget(target('/fast'));
		await probeTarget(target('/fast'));
		expect(server.connections() - before).toBe(3);
	});

	it('sends a plain GET with Host, user agent and credentials as Basic auth', async () => {
		const raw = await startRawServer(socket => socket.end('HTTP/1.1 204 No Content\r\n\r\n'));
		try {
			const url = `http://us%40er:p%3Ass@127.0.0.1:${raw.port}/health?full=1`;
			expect(await probeTarget({...target('/'), url})).toMatchObject({ok: true, status: 204});
			expect(raw.requests[0]!.split('\r\n')).toEqual([
				'GET /health?full=1 HTTP/1.1',
				`Host: 127.0.0.1:${raw.port}`,
				'User-Agent: perftop-probe',
				'Accept: */*',
				'Connection: close',
				`Authorization: Basic ${Buffer.from('us@er:p:ss').toString('base64')}`,
			]);
			const connections = pooled();
			await probeTarget({...target('/'), url: `${raw.baseUrl}/h`, method: 'HEAD'}, {connections});
			const head = raw.requests[1]!.split('\r\n');
			expect([head[0], head[4], head.length]).toEqual(['HEAD /h HTTP/1.1', 'Connection: keep-alive', 5]);
			connections.destroy();
		} finally {
			await raw.close();
		}
	});

	it('a kept-alive connection the server drops as it is reused is retried once on a new one', async () => {
		// The second request on any connection is dropped unanswered, as a server closing an idle connection would.
		const raw = await startRawServer((socket, index) => {
			if (index === 0) {
				socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
			} else {
				socket.destroy();
			}
		});
		try {
			const connections = pooled();
			const probe = {...target('/'), url: `${raw.baseUrl}/`};
			expect(await probeTarget(probe, {connections})).toMatchObject({ok: true});
			expect(await probeTarget(probe, {connections})).toMatchObject({ok: true, status: 200, bodyBytes: 2});
			expect(raw.connections()).toBe(2);
			connections.destroy();
		} finally {
			await raw.close();
		}
	});

	it('a response cut short on a new connection is a reset, not retried', async () => {
		const raw = await startRawServer(socket => {
			socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
		});
		try {
			expect(await probeTarget({...target('/'), url: `${raw.baseUrl}/`}, {connections: pooled()})).toMatchObject({ok: false, error: `connection reset by 127.0.0.1:${raw.port}`});
			expect(raw.connections()).toBe(1);
		} finally {
			await raw.close();
		}
	});

	it('reads chunked bodies after interim responses, and bodies that end with the connection', async () => {
		const raw = await startRawServer((socket, _, head) => {
			if (head.startsWith('GET /chunked')) {
				socket.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n');
				setTimeout(() => socket.write('4\r\ndefg\r\n0\r\n\r\n'), 10);
			} else {
				socket.end('HTTP/1.0 200 OK\r\n\r\nuntil close');
			}
		});
		try {
			const connections = pooled();
			expect(await probeTarget({...target('/'), url: `${raw.baseUrl}/chunked`}, {connections})).toMatchObject({ok: true, status: 200, bodyBytes: 7});
			expect(await probeTarget({...target('/'), url: `${raw.baseUrl}/chunked`}, {connections})).toMatchObject({ok: true, bodyBytes: 7});
			expect(raw.connections()).toBe(1);
			expect(await probeTarget({...target('/'), url: `${raw.baseUrl}/old`}, {connections})).toMatchObject({ok: true, bodyBytes: 11});
			connections.destroy();
		} finally {
			await raw.close();
		}
	});

	it('a response that is not HTTP/1.x is an invalid response', async () => {
		const raw = await startRawServer(socket => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
		try {
			expect(await probeTarget({...target('/'), url: `${raw.baseUrl}/`})).toMatchObject({
				ok: false,
				error: `invalid HTTP response from 127.0.0.1:${raw.port}: bad status line 'SSH-2.0-OpenSSH_9.6'`,
			});
		} finally {
			await raw.close();
		}
	});

	it('a connection that timed out is not reused', async () => {
		const before = server.connections();
		const connections = pooled();
		expect(await probeTarget(target('/fast'), {connections})).toMatchObject({ok: true});
		expect(await probeTarget(target('/hang', {timeoutSeconds: 0.1}), {connections})).toMatchObject({ok: false, error: 'timed out after 0.1 s'});
		expect(await probeTarget(target('/fast'), {connections})).toMatchObject({ok: true});
		expect(server.connections() - before).toBe(2);
		connections.destroy();
	});

	it('aborting the signal a pool was made with stops its probes in flight', async () => {
		const controller = new AbortController();
		const connections = new ConnectionPool(true, controller.signal);
		const pending = probeTarget(target('/hang', {timeoutSeconds: 5}), {connections, signal: controller.signal});
		setTimeout(() => {
			controller.abort();
		}, 20);
		expect(await pending).toMatchObject({ok: false, error: 'stopped'});
		expect(await probeTarget(target('/fast'), {connections, signal: controller.signal})).toMatchObject({ok: false, error: 'stopped'});
	});
});

// The certificates in fixtures/: a test CA, and a certificate it signed for localhost and 127.0.0.1, valid to 2126:
//   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca-key.pem -out test-ca.pem -days 36500 \
//     -subj "/CN=perftop test CA" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
//   openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout localhost-key.pem -out leaf.csr -subj /CN=localhost
//   openssl x509 -req -in leaf.csr -CA test-ca.pem -CAkey ca-key.pem -out localhost-cert.pem -days 36500 \
//     -extfile <(printf "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

type TlsServer = {readonly server: tls.Server; readonly port: number; readonly secureConnections: () => number};

async function startTlsServer(host: string): Promise<TlsServer> {
	let secureConnections = 0;
	const server = tls.createServer({key: readFileSync(path.join(fixtures, 'localhost-key.pem')), cert: readFileSync(path.join(fixtures, 'localhost-cert.pem'))}, socket => {
		secureConnections++;
		socket.on('error', () => undefined);
		socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure'));
	});
	server.on('tlsClientError', () => undefined);
	await new Promise<void>(resolve => {
		server.listen(0, host, resolve);
	});
	return {server, port: (server.address() as AddressInfo).port, secureConnections: () => secureConnections};
}

describe('https', () => {
	let tlsServer: TlsServer;
	// The same certificate served on an address it does not name (all of 127/8 is loopback on Linux).
	let otherAddress: TlsServer;

	beforeAll(async () => {
		tlsServer = await startTlsServer('127.0.0.1');
		otherAddress = await startTlsServer('127.0.0.2');
	});

	afterAll(async () => {
		for (const {server: listening} of [tlsServer, otherAddress]) {
			await new Promise<void>(resolve => {
				listening.close(() => {
					resolve();
				});
			});
		}
	});

	it('a certificate from a CA the system does not trust is a TLS failure', async () => {
		expect(await probeTarget({...target('/'), url: `https://127.0.0.1:${tlsServer.port}/`})).toMatchObject({
			ok: false,
			error: `TLS failure with 127.0.0.1:${tlsServer.port}: unable to verify the first certificate`,
		});
	});

	it('with the CA trusted: verified by name and by address, the connection kept alive, a wrong name refused', async () => {
		// NODE_EXTRA_CA_CERTS is read once, at start-up, so the trusting probes run in a child process.
		const script = `
			import {ConnectionPool} from ${JSON.stringify(path.resolve('source/probe/connection.ts'))};
			import {probeTarget} from ${JSON.stringify(path.resolve('source/probe/http-probe.ts'))};
			const connections = new ConnectionPool(true);
			const probe = url => probeTarget({name: 't', url, method: 'GET', intervalSeconds: 10, timeoutSeconds: 5}, {connections});
			const results = [];
			for (const url of ['https://localhost:${tlsServer.port}/', 'https://localhost:${tlsServer.port}/', 'https://127.0.0.1:${tlsServer.port}/']) {
				results.push(await probe(url));
			}
			results.push(await probeTarget({name: 't', url: 'https://127.0.0.2:${otherAddress.port}/', method: 'GET', intervalSeconds: 10, timeoutSeconds: 5}));
			connections.destroy();
			process.stdout.write(JSON.stringify(results));
		`;
		const before = tlsServer.secureConnections();
		const output = await new Promise<string>((resolve, reject) => {
			const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
				env: {...process.env, NODE_EXTRA_CA_CERTS: path.join(fixtures, 'test-ca.pem')},
				stdio: ['ignore', 'pipe', 'inherit'],
			});
			let text = '';
			child.stdout.on('data', (chunk: Buffer) => {
				text += chunk.toString();
			});
			child.once('error', reject);
			child.once('exit', () => {
				resolve(text);
			});
		});
		const results = JSON.parse(output) as Array<Record<string, unknown>>;
		expect(results.slice(0, 3).map(result => [result.ok, result.status, result.bodyBytes])).toEqual([[true, 200, 6], [true, 200, 6], [true, 200, 6]]);
		expect(results[3]).toMatchObject({ok: false, error: expect.stringMatching(new RegExp(`^TLS failure with 127\\.0\\.0\\.2:${otherAddress.port}: .*altnames`)) as unknown});
		// localhost twice on one connection, 127.0.0.1 on a second (another pool key).
		expect(tlsServer.secureConnections() - before).toBe(2);
	});
});
