import {catalogue} from '../../source/metrics/catalogue.js';
import {type MetricId, type ResourceKind, seriesKey} from '../../source/metrics/types.js';
import {seededRandom} from './seeded-random.js';

// A recorded range built in memory, shaped like the store's readRange answer: every catalogue metric of
// a small host (two cores, one disk, two links) at 1 Hz, quiet unless a test plants a load in it.

const resourcesByKind: Readonly<Partial<Record<ResourceKind, readonly string[]>>> = {
	cpu: ['cpu'],
	memory: ['memory'],
	io: ['io'],
	disk: ['disk:vda'],
	fs: ['fs:/'],
	net: ['net:eth0', 'net:lo'],
	tcp: ['tcp'],
	system: ['system'],
};

export const dayStartMs = Date.UTC(2026, 11, 6, 0, 0, 0);

export type RecordedDay = {
	readonly timestamps: Float64Array;
	readonly sessionIds: Int32Array;
	readonly series: Map<string, Float64Array>;
	/** Sets `id|resource` to `value(tick)` for ticks from ≤ tick < to. */
	readonly plant: (id: MetricId, resource: string, from: number, to: number, value: (tick: number) => number) => void;
};

/** `ticks` quiet ticks one second apart: utilization 10–30 %, saturation well under 1, no errors, small noise elsewhere. */
export function recordedDay(ticks: number, seed = 1): RecordedDay {
	const next = seededRandom(seed);
	const timestamps = new Float64Array(ticks);
	for (let tick = 0; tick < ticks; tick++) {
		timestamps[tick] = dayStartMs + tick * 1000;
	}

	const series = new Map<string, Float64Array>();
	for (const definition of catalogue) {
		const resources = definition.id.startsWith('cpu.core_') ? ['cpu:0', 'cpu:1'] : resourcesByKind[definition.resourceKind] ?? [];
		for (const resource of resources) {
			const values = new Float64Array(ticks);
			for (let tick = 0; tick < ticks; tick++) {
				values[tick] = quietValue(definition.use, definition.unit === 'percent', definition.saturationScale ?? 1, definition.floor !== undefined, next);
			}

			series.set(seriesKey(definition.id, resource), values);
		}
	}

	return {
		timestamps,
		sessionIds: new Int32Array(ticks).fill(1),
		series,
		plant(id, resource, from, to, value) {
			const values = series.get(seriesKey(id, resource))!;
			for (let tick = from; tick < to; tick++) {
				values[tick] = value(tick);
			}
		},
	};
}

function quietValue(use: string, percent: boolean, saturationScale: number, hasFloor: boolean, next: () => number): number {
	if (hasFloor) {
		return 0;
	}

	switch (use) {
		case 'utilization': {
			return Math.round((10 + 20 * next()) * 100) / 100;
		}

		case 'saturation': {
			return (0.3 * next()) / saturationScale;
		}

		case 'errors': {
			return 0;
		}

		default: {
			return Math.round((percent ? 5 : 1000) * next() * 100) / 100;
		}
	}
}
