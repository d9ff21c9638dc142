import {ioSum} from '../../source/metrics/processes.js';
import type {MetricId, MetricValue, ProcessSample, Sample} from '../../source/metrics/types.js';

export type SampleSpec = {
	/** `'<metric id>@<resource>'` → value; undefined stands for a value the collector could not know. */
	readonly metrics?: Readonly<Record<string, number | undefined>>;
	readonly processes?: readonly ProcessSample[];
	readonly timestamp?: number;
	readonly intervalMs?: number;
};

/** A hand-built Sample: `buildSample({metrics: {'cpu.busy_pct@cpu': 97, 'disk.util_pct@disk:vda': 99}})`. */
export function buildSample(spec: SampleSpec = {}): Sample {
	const metrics: MetricValue[] = Object.entries(spec.metrics ?? {}).map(([key, value]) => {
		const at = key.indexOf('@');
		if (at === -1) {
			throw new Error(`metric key "${key}" needs the form <id>@<resource>`);
		}

		return {id: key.slice(0, at) as MetricId, resource: key.slice(at + 1), value};
	});
	return {
		timestamp: spec.timestamp ?? Date.UTC(2025, 0, 1),
		intervalMs: 'intervalMs' in spec ? spec.intervalMs : 1000,
		metrics,
		processes: spec.processes ?? [],
		unavailable: [],
	};
}

/** A process with quiet defaults; override what the case is about. */
export function buildProcess(overrides: Partial<ProcessSample> & Pick<ProcessSample, 'pid' | 'name'>): ProcessSample {
	return withIoSum({
		command: overrides.name,
		user: 'root',
		state: 'S',
		cpuPct: 0,
		rssBytes: 0,
		readBytesPerSec: 0,
		writeBytesPerSec: 0,
		threads: 1,
		...overrides,
	});
}

/** The process with `ioBytesPerSec` its read + write, as the derivation makes it, unless the case sets it. */
export function withIoSum(process: Omit<ProcessSample, 'ioBytesPerSec'> & {readonly ioBytesPerSec?: number}): ProcessSample {
	return {...process, ioBytesPerSec: 'ioBytesPerSec' in process ? process.ioBytesPerSec : ioSum(process.readBytesPerSec, process.writeBytesPerSec)};
}
