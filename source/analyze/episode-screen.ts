import {metricDefinition} from '../metrics/catalogue.js';
import {resourceKindOf, type ResourceId} from '../metrics/types.js';
import {normalisedErrorPct, normalisedSaturation} from './evidence.js';
import {isBottleneck, scorePoints, severityOf, severityRankOf, type Thresholds} from './severity.js';
import {isAssessed} from './use.js';

// Judging every tick of a recorded day again costs ~100 µs a tick (use.ts's evidence and sustained
// readings): seconds for a day. Most recorded ticks are quiet, so a cheap screen first marks the ticks at
// which some resource *could* be judged a bottleneck or HIGH, and only those (with the ticks before them
// that sustained readings need) go through the judgement. The screen never decides on its own: it
// bounds each resource's U, S and E from above (the highest reading of each kind, before gates and
// sustained minimums, which only lower them) and asks severity.ts's own rules about the bounds, so a tick
// it passes over is one the judgement would have found quiet (test/analyze/episode-screen.test.ts
// checks this against judging every tick).

type ScreenedSeries = {
	readonly slot: number;
	readonly use: 'utilization' | 'saturation' | 'errors' | 'floor' | 'down';
	/** The catalogue's factor to the 0–10+ saturation scale or the error-rate %. */
	readonly scale: number;
	readonly values: ArrayLike<number>;
	/** For `floor`: a reading above this may lift the severity by a catalogue floor. */
	readonly above: number;
};

/** The series a resource is judged by, as `id|resource` keys with their values, and how many ticks there are. */
export type ScreenInput = {
	readonly count: number;
	readonly series: Iterable<readonly [string, ArrayLike<number>]>;
};

/** Whether the screen reads a series (`id|resource`): a utilization, saturation or error metric, a floor, a service's failing time. */
export function isScreened(key: string): boolean {
	const bar = key.indexOf('|');
	const resource = key.slice(bar + 1);
	const definition = metricDefinition(key.slice(0, bar));
	return definition !== undefined && isAssessed(resource === 'system' ? 'cpu' : resource)
		&& (definition.floor !== undefined || definition.id === 'service.failing_s' || definition.use === 'utilization' || definition.use === 'saturation' || definition.use === 'errors');
}

/**
 * For each judged resource, the ticks at which it could be judged a bottleneck or HIGH (1) or certainly
 * not (0); resources never flagged are left out. `system` readings count for the CPU, as use.ts judges them.
 */
export function mayBeEpisodeTicks(input: ScreenInput, thresholds: Thresholds): Map<ResourceId, Uint8Array> {
	const slots = new Map<ResourceId, number>();
	const screened: ScreenedSeries[] = [];
	for (const [key, values] of input.series) {
		const bar = key.indexOf('|');
		const id = key.slice(0, bar);
		const resource = key.slice(bar + 1);
		const judgedAs = resource === 'system' ? 'cpu' : resource;
		const definition = metricDefinition(id);
		if (definition === undefined || !isAssessed(judgedAs)) {
			continue;
		}

		let slot = slots.get(judgedAs);
		if (slot === undefined) {
			slot = slots.size;
			slots.set(judgedAs, slot);
		}

		if (definition.floor !== undefined) {
			screened.push({slot, use: 'floor', scale: 1, values, above: definition.floor.above});
		}

		if (id === 'service.failing_s') {
			screened.push({slot, use: 'down', scale: 1, values, above: 0});
		}

		if (definition.use === 'utilization' || definition.use === 'saturation' || definition.use === 'errors') {
			// The catalogue's normalisations are a factor (evidence.ts): the factor of 1 is taken once here.
			const scale = definition.use === 'saturation' ? normalisedSaturation(definition.id, 1) : definition.use === 'errors' ? normalisedErrorPct(definition.id, 1) : 1;
			screened.push({slot, use: definition.use, scale, values, above: 0});
		}
	}

	const resources = [...slots.keys()];
	const kinds = resources.map(resource => resourceKindOf(resource));
	const flags = resources.map(() => new Uint8Array(input.count));
	const u = new Float64Array(slots.size);
	const s = new Float64Array(slots.size);
	const e = new Float64Array(slots.size);
	const lifted = new Uint8Array(slots.size);
	const high = severityRankOf('HIGH');
	const {utilizationPct: uLine, saturation: sLine, errorPct: eLine} = thresholds;
	for (let tick = 0; tick < input.count; tick++) {
		u.fill(Number.NaN);
		s.fill(Number.NaN);
		e.fill(Number.NaN);
		lifted.fill(0);
		for (const entry of screened) {
			const value = entry.values[tick]!;
			if (Number.isNaN(value)) {
				continue;
			}

			switch (entry.use) {
				case 'utilization': {
					u[entry.slot] = maxKnown(u[entry.slot]!, value);
					break;
				}

				case 'saturation': {
					s[entry.slot] = maxKnown(s[entry.slot]!, value * entry.scale);
					break;
				}

				case 'errors': {
					e[entry.slot] = maxKnown(e[entry.slot]!, value * entry.scale);
					break;
				}

				default: {
					// A floor's reading above its line, or any failing time: the floors and the down rule decide, so the tick is judged.
					if (value > entry.above) {
						lifted[entry.slot] = 1;
					}
				}
			}
		}

		for (let slot = 0; slot < kinds.length; slot++) {
			const uBound = known(u[slot]!);
			const sBound = known(s[slot]!);
			const eBound = known(e[slot]!);
			// Below every first line nothing scores (pointsFor is strict): the score need not be asked.
			const scores = (uBound ?? 0) > uLine.one || (sBound ?? 0) > sLine.one || (eBound ?? 0) > eLine.one;
			if (lifted[slot] === 1 || isBottleneck(uBound, sBound, thresholds, kinds[slot])
				|| (scores && severityRankOf(severityOf(scorePoints(uBound, sBound, eBound, thresholds).total, thresholds)) >= high)) {
				flags[slot]![tick] = 1;
			}
		}
	}

	return new Map(resources.flatMap((resource, slot) => (flags[slot]!.includes(1) ? [[resource, flags[slot]!] as const] : [])));
}

function known(value: number): number | undefined {
	return Number.isNaN(value) ? undefined : value;
}

function maxKnown(current: number, value: number): number {
	return Number.isNaN(current) || value > current ? value : current;
}
