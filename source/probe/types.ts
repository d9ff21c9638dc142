/** One HTTP endpoint to probe, as the config file declares it (validated: http: or https: only). */
export type ProbeTarget = {
	/** Unique; the resource id is `service:<name>`. */
	readonly name: string;
	readonly url: string;
	readonly method: 'GET' | 'HEAD';
	/** Statuses that count as success; undefined means any status below 400. */
	readonly expectStatus?: readonly number[];
	readonly intervalSeconds: number;
	/** Total deadline of one probe: DNS, connect, TLS, every redirect hop and the body. */
	readonly timeoutSeconds: number;
};

/** The outcome of one probe. A probe never throws: a failure is `ok: false` with `error`. */
export type ProbeResult = {
	/** The target's name. */
	readonly target: string;
	/** Wall clock at the start of the probe, ms since the epoch. */
	readonly timestamp: number;
	/** Status of the final response; undefined when no response arrived (DNS, refused, TLS, timeout). */
	readonly status?: number;
	/** From the start of the first request to the end of the last body (or the failure). */
	readonly durationMs: number;
	/** Body bytes read from the final response, at most the cap. */
	readonly bodyBytes: number;
	/** The body was longer than the cap: the rest was not read and the connection was closed. */
	readonly truncated: boolean;
	/** Redirect hops followed. */
	readonly redirects: number;
	/** A response arrived and its status was the expected one. */
	readonly ok: boolean;
	/** Why the probe failed: "DNS lookup failed for example.invalid", "timed out after 5 s", "HTTP 500, expected < 400". */
	readonly error?: string;
};
