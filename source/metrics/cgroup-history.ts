import type {CgroupSample, MetricId} from './types.js';

// The last ticks of every control group's CPU, memory and I/O, kept in memory for the live session so
// any group's detail view has sparklines from the start (the history and the store keep only the top
// groups of each tick). One Float32Array ring a group (a sparkline needs no more precision), dropped
// with the group: 500 groups × 3 series × 120 points is ~0.7 MB.

/** Ticks kept: the widest sparkline of the detail view. */
export const cgroupHistoryWidth = 120;

/** The metrics kept, as the detail view's rows name them. */
export type CgroupHistoryMetric = Extract<MetricId, 'cgroup.cpu_pct' | 'cgroup.memory_pct' | 'cgroup.io_bytes_per_s'>;

/** One group's series, oldest first, ending at the latest tick; NaN before the group was seen or where unknown. */
export type CgroupSeries = Readonly<Record<CgroupHistoryMetric, readonly number[]>>;

export type CgroupHistory = {
	/** One tick's groups; a group not among them is forgotten. Undefined (no reading this tick) changes nothing. */
	readonly push: (groups: readonly CgroupSample[] | undefined) => void;
	/** Copies of one group's series; undefined for a group not seen in the last tick. */
	readonly series: (path: string) => CgroupSeries | undefined;
	/** Groups held: for checking that memory stays bounded. */
	readonly groupCount: () => number;
};

type Ring = {
	/** `width` slots a metric (CPU, memory, I/O); tick t is at slot t % width. */
	readonly values: Float32Array;
	/** The last tick the group was in. */
	seen: number;
};

export function createCgroupHistory(width: number): CgroupHistory {
	const rings = new Map<string, Ring>();
	/** Ticks pushed. */
	let ticks = 0;

	return {
		push(groups) {
			if (groups === undefined) {
				return;
			}

			// Spelled out rather than looped over a table: this runs for every group every tick, and the
			// engine runs without TurboFan.
			const slot = ticks % width;
			for (const group of groups) {
				let ring = rings.get(group.path);
				if (ring === undefined) {
					ring = {values: new Float32Array(width * 3).fill(Number.NaN), seen: ticks};
					rings.set(group.path, ring);
				}

				ring.seen = ticks;
				ring.values[slot] = group.cpuPct ?? Number.NaN;
				ring.values[width + slot] = group.memoryPct ?? Number.NaN;
				ring.values[(2 * width) + slot] = group.ioBytesPerSec ?? Number.NaN;
			}

			// Each group is once in a tick: more rings than groups means some went.
			if (rings.size > groups.length) {
				for (const [path, ring] of rings) {
					if (ring.seen !== ticks) {
						rings.delete(path);
					}
				}
			}

			ticks++;
		},
		series(path) {
			const ring = rings.get(path);
			if (ring === undefined) {
				return undefined;
			}

			const length = Math.min(ticks, width);
			const metricSeries = (index: number) => Array.from({length}, (_, at) => ring.values[(index * width) + ((ticks - length + at) % width)]!);
			return {
				'cgroup.cpu_pct': metricSeries(0),
				'cgroup.memory_pct': metricSeries(1),
				'cgroup.io_bytes_per_s': metricSeries(2),
			};
		},
		groupCount: () => rings.size,
	};
}
