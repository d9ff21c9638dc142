// An incremental HTTP/1.1 response reader for probes (RFC 9112): the status, Location and what body
// framing and connection reuse need. The body is counted up to a cap and dropped, never kept.
// It replaces node:http's client on the probe path, whose per-request machinery (agent, ClientRequest,
// IncomingMessage streams, header objects) cost several times the socket work of a small request.
// Probes run once a second or less, so this code mostly runs unoptimised and cache-cold: a head is
// checked and read with a few regular expressions (native code) rather than byte by byte in JavaScript.

/** Response head bytes accepted before the response is rejected: node:http's default (`http.maxHeaderSize`). */
export const maxHeadBytes = 16_384;
/** A chunk-size line (with extensions) longer than this is not a chunk size. */
const maxChunkLineBytes = 4096;

/** The response broke HTTP/1.1: reported as an invalid response, never retried. */
export class InvalidResponse extends Error {}

/** What one `push` or `end` left the reader in. */
export type ReadState = 'more' | 'complete' | 'truncated';

type Phase =
	| 'head' // a response head (after a 1xx, another one follows)
	| 'length' // a Content-Length body
	| 'chunk-size'
	| 'chunk-data'
	| 'chunk-end' // the empty line after a chunk's data
	| 'trailers'
	| 'until-close' // no framing: the body ends when the server closes the connection
	| 'done';

// RFC 9112 §2.2: a bare LF may end a line as well as CRLF. The empty line ends the head.
const emptyLine = /\n\r?\n/;
const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: [^\r\n]*)?\r?\n/;
// A field line starts with a token and a colon (RFC 9110 §5.1, §5.6.2; \x60 is a backquote), or with
// whitespace when it continues the line before (obsolete line folding, RFC 9112 §5.2).
const fieldLineStart = String.raw`(?:[!#$%&'*+.^_\x60|~\w-]+:|[ \t])`;
// The field lines after the status line, then the empty line.
const fieldLines = new RegExp(String.raw`(?:${fieldLineStart}[^\r\n]*\r?\n)*\r?\n$`, 'y');
const startsAsFieldLine = new RegExp(`^${fieldLineStart}`);
// The fields a probe acts on, with any folded continuation lines.
const wantedField = /^(content-length|transfer-encoding|connection|location):[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/gim;
const fold = /\r?\n[ \t]+/g;
const closeOption = /(?:^|,)[ \t]*close[ \t]*(?:,|$)/i;
const keepAliveOption = /(?:^|,)[ \t]*keep-alive[ \t]*(?:,|$)/i;
// Codings apply in order; only a final `chunked` frames the body (RFC 9112 §6.3).
const finalChunked = /(?:^|,)[ \t]*chunked[ \t]*$/i;
const digits = /^\d+$/;
const hexDigits = /^[\da-fA-F]{1,13}$/;

/** The fields a probe acts on, as received: repeated ones joined with commas (RFC 9110 §5.3), Location the first. */
type HeadFields = {
	connection: string;
	transferEncoding: string | undefined;
	contentLength: string | undefined;
	location: string | undefined;
};

function fieldsOf(head: string): HeadFields {
	const fields: HeadFields = {connection: '', transferEncoding: undefined, contentLength: undefined, location: undefined};
	wantedField.lastIndex = 0;
	for (let match = wantedField.exec(head); match !== null; match = wantedField.exec(head)) {
		const raw = match[2]!;
		// §5.2: a recipient reads an obs-fold as a space.
		const value = (raw.includes('\n') ? raw.replace(fold, ' ') : raw).trim();
		switch (match[1]!.toLowerCase()) {
			case 'location': {
				// The first one counts, as in node:http.
				fields.location ??= value;
				break;
			}

			case 'connection': {
				fields.connection = fields.connection === '' ? value : `${fields.connection}, ${value}`;
				break;
			}

			case 'transfer-encoding': {
				fields.transferEncoding = fields.transferEncoding === undefined ? value : `${fields.transferEncoding}, ${value}`;
				break;
			}

			default: {
				fields.contentLength = fields.contentLength === undefined ? value : `${fields.contentLength}, ${value}`;
			}
		}
	}

	return fields;
}

/** Repeated or list values must all agree (RFC 9112 §6.3). */
function contentLengthOf(value: string): number {
	if (digits.test(value)) {
		return Number(value);
	}

	const lengths = new Set(value.split(',').map(item => item.trim()));
	const [only] = lengths;
	if (lengths.size !== 1 || !digits.test(only!)) {
		throw new InvalidResponse(`bad Content-Length '${value.slice(0, 40)}'`);
	}

	return Number(only);
}

/** The first line of the head that is not a field line, for the error. */
function badFieldLine(head: string): string {
	const line = head.split(/\r?\n/).slice(1).find(text => !startsAsFieldLine.test(text)) ?? '';
	return line.slice(0, 40);
}

/**
 * Reads one response to a GET or HEAD request from the bytes of a connection, read by read.
 * 1xx interim responses are skipped. After `complete`, `reusable` says whether the connection may carry
 * another request: HTTP/1.1 without `Connection: close` (or 1.0 with `keep-alive`), a framed body, and
 * no bytes beyond the response.
 */
export class ResponseReader {
	status = 0;
	location: string | undefined = undefined;
	bodyBytes = 0;
	/** The body was longer than the cap: `bodyBytes` is the cap and the rest was not read. */
	truncated = false;
	/** The first byte of the response has arrived (a kept-alive connection closed before it is stale, not broken). */
	started = false;
	private phase: Phase = 'head';
	/** The start of a head that has not all arrived (the read buffer is reused after each read). */
	private partialHead = '';
	private partialLine = '';
	private trailerBytes = 0;
	private remaining = 0;
	private keepAlive = false;
	private extraBytes = false;

	constructor(private readonly head: boolean, private readonly bodyCapBytes: number) {}

	/** A truncated body was left unread, so its connection is out of step even if this read happened to hold the rest. */
	get reusable(): boolean {
		return this.phase === 'done' && this.keepAlive && !this.extraBytes && !this.truncated;
	}

	/** Reads bytes[0, length) of the connection. Throws `InvalidResponse`. */
	push(bytes: Buffer, length: number): ReadState {
		this.started = true;
		let offset = 0;
		while (offset < length) {
			if (this.phase === 'done') {
				this.extraBytes = true;
				return 'complete';
			}

			offset = this.pushPart(bytes, offset, length);
			if (offset < 0) {
				return 'truncated';
			}
		}

		return this.phase === 'done' ? 'complete' : 'more';
	}

	/** The server closed the connection: the end of an unframed body, else a response cut short (undefined). */
	end(): ReadState | undefined {
		if (this.phase === 'until-close') {
			this.phase = 'done';
		}

		return this.phase === 'done' ? 'complete' : undefined;
	}

	/** Consumes bytes for the current phase; the offset after them, or −1 once the body passed the cap. */
	private pushPart(bytes: Buffer, offset: number, end: number): number {
		switch (this.phase) {
			case 'head': {
				return this.pushHead(bytes, offset, end);
			}

			case 'length':
			case 'chunk-data': {
				const taken = Math.min(this.remaining, end - offset);
				this.remaining -= taken;
				if (this.remaining === 0) {
					this.phase = this.phase === 'length' ? 'done' : 'chunk-end';
				}

				return this.count(taken) ? offset + taken : -1;
			}

			case 'until-close': {
				return this.count(end - offset) ? end : -1;
			}

			default: {
				return this.pushLine(bytes, offset, end);
			}
		}
	}

	/** Adds body bytes; false once they pass the cap (the count then stops at the cap). */
	private count(bytes: number): boolean {
		this.bodyBytes += bytes;
		if (this.bodyBytes > this.bodyCapBytes) {
			this.bodyBytes = this.bodyCapBytes;
			this.truncated = true;
			return false;
		}

		return true;
	}

	/** Reads a whole head once it has arrived, keeping its start until then. */
	private pushHead(bytes: Buffer, offset: number, end: number): number {
		// No more than a head can hold is decoded: the rest of a large read is body.
		const decoded = Math.min(end, offset + maxHeadBytes + 1 - this.partialHead.length);
		const text = this.partialHead + bytes.toString('latin1', offset, decoded);
		const empty = emptyLine.exec(text);
		const headLength = empty === null ? text.length : empty.index + empty[0].length;
		if (headLength > maxHeadBytes) {
			throw new InvalidResponse(`header section longer than ${maxHeadBytes} bytes`);
		}

		if (empty === null) {
			this.partialHead = text;
			return end;
		}

		const consumed = headLength - this.partialHead.length;
		this.partialHead = '';
		this.readHead(headLength === text.length ? text : text.slice(0, headLength));
		return offset + consumed;
	}

	private readHead(head: string): void {
		const status = statusLine.exec(head);
		const code = Number(status?.[2] ?? 0);
		if (status === null || code < 100) {
			throw new InvalidResponse(`bad status line '${head.slice(0, Math.min(40, head.search(/\r?\n/)))}'`);
		}

		fieldLines.lastIndex = status[0].length;
		if (!fieldLines.test(head)) {
			throw new InvalidResponse(`bad header line '${badFieldLine(head)}'`);
		}

		if (code < 200) {
			// No upgrade was asked for, so a 101 cannot be followed by anything this reader understands.
			if (code === 101) {
				throw new InvalidResponse('unexpected 101 Switching Protocols');
			}

			// Another head follows.
			return;
		}

		this.endOfHead(status[1] === '1', code, fieldsOf(head));
	}

	private endOfHead(http11: boolean, status: number, fields: HeadFields): void {
		const {connection, transferEncoding, location} = fields;
		const contentLength = fields.contentLength === undefined ? undefined : contentLengthOf(fields.contentLength);
		if (transferEncoding !== undefined && contentLength !== undefined) {
			// A smuggling sign that node:http rejects as well.
			throw new InvalidResponse('both Content-Length and Transfer-Encoding');
		}

		this.status = status;
		this.location = location;
		// HTTP/1.1 keeps the connection unless told otherwise; 1.0 only when told to.
		this.keepAlive = closeOption.test(connection) ? false : (http11 || keepAliveOption.test(connection));
		if (this.head || status === 204 || status === 304) {
			this.phase = 'done';
		} else if (transferEncoding !== undefined && finalChunked.test(transferEncoding)) {
			this.phase = 'chunk-size';
		} else if (transferEncoding !== undefined || contentLength === undefined) {
			this.keepAlive = false;
			this.phase = 'until-close';
		} else {
			this.remaining = contentLength;
			this.phase = contentLength === 0 ? 'done' : 'length';
		}
	}

	/** Reads up to the end of a chunk-size, chunk-end or trailer line (which may have begun in an earlier read). */
	private pushLine(bytes: Buffer, offset: number, end: number): number {
		const found = bytes.indexOf(10, offset);
		const newline = found < end ? found : -1;
		const lineEnd = newline === -1 ? end : newline;
		if (this.phase === 'trailers') {
			this.trailerBytes += lineEnd + 1 - offset;
			if (this.trailerBytes > maxHeadBytes) {
				throw new InvalidResponse(`trailer section longer than ${maxHeadBytes} bytes`);
			}
		} else if (this.partialLine.length + lineEnd - offset > maxChunkLineBytes) {
			throw new InvalidResponse('chunk size line too long');
		}

		const text = bytes.toString('latin1', offset, lineEnd);
		if (newline === -1) {
			this.partialLine += text;
			return end;
		}

		let line = this.partialLine === '' ? text : this.partialLine + text;
		this.partialLine = '';
		if (line.endsWith('\r')) {
			line = line.slice(0, -1);
		}

		this.readLine(line);
		return newline + 1;
	}

	private readLine(line: string): void {
		if (this.phase === 'chunk-size') {
			const semicolon = line.indexOf(';');
			const size = (semicolon === -1 ? line : line.slice(0, semicolon)).trim();
			if (!hexDigits.test(size)) {
				throw new InvalidResponse(`bad chunk size '${size.slice(0, 20)}'`);
			}

			this.remaining = Number.parseInt(size, 16);
			this.phase = this.remaining === 0 ? 'trailers' : 'chunk-data';
		} else if (this.phase === 'chunk-end') {
			if (line !== '') {
				throw new InvalidResponse('chunk data longer than its size');
			}

			this.phase = 'chunk-size';
		} else if (line === '') {
			// Trailer fields mean nothing to a probe; the empty line ends the response.
			this.phase = 'done';
		}
	}
}
