import type {Sample} from '../../source/metrics/types.js';

/** Deterministic tick `tick`: the crash test can tell exactly which ticks survived. */
export function crashSample(startMs: number, tick: number): Sample {
	return {
		timestamp: startMs + tick * 1000,
		intervalMs: 1000,
		metrics: [
			{id: 'cpu.busy_pct', resource: 'cpu', value: (tick % 10_000) / 100},
			{id: 'memory.used_bytes', resource: 'memory', value: 1_000_000 + tick * 4096},
			{id: 'disk.util_pct', resource: 'disk:vda', value: tick % 7 === 0 ? undefined : tick % 100},
		],
		processes: [],
		unavailable: [],
	};
}
