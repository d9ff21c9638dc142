import {resourceKindOf, type MetricValue, type ProcessSample, type ResourceId} from './types.js';

// The top processes of a tick as store series, so reports over a time range can name the heaviest
// processes and fit RSS growth (leak suspects). The name is part of the resource so a reused pid
// running another program starts a new series.

export function processResource(process: Pick<ProcessSample, 'pid' | 'name'>): ResourceId {
	return `process:${process.pid}/${process.name}`;
}

/** `process:812/postgres` → {pid: 812, name: 'postgres'}; undefined for any other resource. */
export function parseProcessResource(resource: ResourceId): {pid: number; name: string} | undefined {
	const match = /^process:(\d+)\/(.*)$/s.exec(resource);
	return match ? {pid: Number(match[1]), name: match[2]!} : undefined;
}

export function processMetrics(processes: readonly ProcessSample[]): MetricValue[] {
	const metrics: MetricValue[] = [];
	for (const process of processes) {
		const resource = processResource(process);
		metrics.push(
			{id: 'process.cpu_pct', resource, value: process.cpuPct},
			{id: 'process.rss_bytes', resource, value: process.rssBytes},
			{id: 'process.io_bytes_per_s', resource, value: process.ioBytesPerSec},
		);
	}

	return metrics;
}

/** The series of a recorded range without the per-process ones: what baselines, comparisons and the USE view cover. */
export function hostSeries<T>(series: ReadonlyMap<string, T>): Map<string, T> {
	return new Map([...series].filter(([key]) => resourceKindOf(key.slice(key.indexOf('|') + 1)) !== 'process'));
}
