import {resourceKindOf, type MetricValue, type ProcessSample, type ResourceId} from './types.js';

// The top processes of a tick as store series, so reports over a time range can name the heaviest
// processes, their users, and fit RSS growth (leak suspects). The name and user are part of the
// resource, so a reused pid running another program (or a process that changed user) starts a new
// series, and the store keeps the user without a column of its own. A user name holds no `:` or `/`
// (passwd(5) fields); the name comes last as it may hold either (`kworker/0:1`).

export type ProcessIdentity = {readonly pid: number; readonly name: string; readonly user: string | undefined};

/** `process:<pid>:<user>/<name>`. */
export function processResource(process: Pick<ProcessSample, 'pid' | 'name' | 'user'>): ResourceId {
	const user = process.user?.replaceAll(/[:/]/g, '_');
	return user === undefined || user === '' ? `process:${process.pid}/${process.name}` : `process:${process.pid}:${user}/${process.name}`;
}

/**
 * `process:812:postgres/postgres` → {pid: 812, user: 'postgres', name: 'postgres'}; recorded before
 * the user was kept, `process:812/postgres` has an unknown user. Undefined for any other resource.
 */
export function parseProcessResource(resource: ResourceId): ProcessIdentity | undefined {
	const match = /^process:(\d+)(?::([^/]*))?\/(.*)$/s.exec(resource);
	return match ? {pid: Number(match[1]), user: match[2], name: match[3]!} : undefined;
}

export function processMetrics(processes: readonly ProcessSample[]): MetricValue[] {
	const metrics: MetricValue[] = [];
	for (const process of processes) {
		const resource = processResource(process);
		metrics.push(
			{id: 'process.cpu_pct', resource, value: process.cpuPct},
			{id: 'process.rss_bytes', resource, value: process.rssBytes},
			{id: 'process.io_bytes_per_s', resource, value: process.ioBytesPerSec},
			{id: 'process.parent_pid', resource, value: process.ppid},
		);
	}

	return metrics;
}

/** The series of a recorded range without the per-process ones: what baselines, comparisons and the USE view cover. */
export function hostSeries<T>(series: ReadonlyMap<string, T>): Map<string, T> {
	return new Map([...series].filter(([key]) => resourceKindOf(key.slice(key.indexOf('|') + 1)) !== 'process'));
}
