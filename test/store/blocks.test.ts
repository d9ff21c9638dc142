import {describe, expect, it} from 'vitest';
import type {MetricValue, Sample} from '../../source/metrics/types.js';
import {
	appendEncodedTick, appendSample, appendWithLayout, createBlock, encodeTick, fitsLayout, layoutOf, type OpenBlock,
} from '../../source/store/blocks.js';

function sampleOf(timestamp: number, metrics: MetricValue[]): Sample {
	return {timestamp, intervalMs: 1000, metrics, processes: [], unavailable: []};
}

const steps: Record<string, number> = {'cpu.busy_pct': 0.01, 'memory.used_bytes': 1};

function registryFor() {
	const registered: string[] = [];
	const stepFor = (id: string, _resource: string, key: string) => {
		if (!registered.includes(key)) {
			registered.push(key);
		}

		return steps[id] ?? 0.001;
	};

	return {registered, stepFor};
}

function columnsOf(block: OpenBlock): Record<string, number[]> {
	return Object.fromEntries([...block.columns].map(([key, values]) => [key, [...values.subarray(0, block.timestamps.length)]]));
}

const ticks: Sample[] = [
	sampleOf(1000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 12.345}, {id: 'memory.used_bytes', resource: 'memory', value: undefined}]),
	sampleOf(2000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 13}, {id: 'memory.used_bytes', resource: 'memory', value: 4096}]),
	// A new disk appears and the order changes: the layout must be rebuilt.
	sampleOf(3000, [{id: 'memory.used_bytes', resource: 'memory', value: 8192}, {id: 'disk.util_pct', resource: 'disk:vda', value: 5}, {id: 'cpu.busy_pct', resource: 'cpu', value: Number.NaN}]),
	sampleOf(4000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 14}, {id: 'memory.used_bytes', resource: 'memory', value: 4096}]),
];

describe('tick layouts', () => {
	it('fills the same columns as resolving every metric each tick, reusing a layout while the shape holds', () => {
		const reference = createBlock(0, 10, 1);
		const plain = registryFor();
		for (const sample of ticks) {
			appendSample(reference, sample.timestamp, sample, plain.stepFor);
		}

		const cached = createBlock(0, 10, 1);
		const viaLayout = registryFor();
		let layout = layoutOf(ticks[0]!.metrics, viaLayout.stepFor);
		const layouts = new Set([layout]);
		for (const sample of ticks) {
			if (!fitsLayout(layout, sample.metrics)) {
				layout = layoutOf(sample.metrics, viaLayout.stepFor);
				layouts.add(layout);
			}

			appendWithLayout(cached, sample.timestamp, sample, layout);
		}

		expect(layouts.size).toBe(3);
		expect(columnsOf(cached)).toEqual(columnsOf(reference));
		expect([...cached.columns.keys()]).toEqual([...reference.columns.keys()]);
		expect(viaLayout.registered).toEqual(plain.registered);
		expect(columnsOf(cached)['cpu.busy_pct|cpu']).toEqual([1235, 1300, Number.NaN, 1400]);
	});

	it('creates no column for a series that has only gaps', () => {
		const block = createBlock(0, 10, 1);
		const {stepFor} = registryFor();
		const sample = sampleOf(1000, [{id: 'cpu.busy_pct', resource: 'cpu', value: 1}, {id: 'net.errors_per_s', resource: 'net:eth0', value: undefined}]);
		appendWithLayout(block, 1000, sample, layoutOf(sample.metrics, stepFor));
		expect([...block.columns.keys()]).toEqual(['cpu.busy_pct|cpu']);
	});

	it('does not fit a sample whose resource, id or length differs', () => {
		const {stepFor} = registryFor();
		const layout = layoutOf(ticks[0]!.metrics, stepFor);
		expect(fitsLayout(layout, ticks[1]!.metrics)).toBe(true);
		expect(fitsLayout(layout, [{id: 'cpu.busy_pct', resource: 'cpu:0', value: 1}, {id: 'memory.used_bytes', resource: 'memory', value: 1}])).toBe(false);
		expect(fitsLayout(layout, [{id: 'cpu.idle_pct', resource: 'cpu', value: 1}, {id: 'memory.used_bytes', resource: 'memory', value: 1}])).toBe(false);
		expect(fitsLayout(layout, ticks[0]!.metrics.slice(0, 1))).toBe(false);
	});
});

describe('recent rows', () => {
	it('round-trips each tick through encodeTick, even when a later tick needs a larger row', () => {
		const block = createBlock(0, 10, 1);
		const {stepFor} = registryFor();
		const wide = sampleOf(2000, Array.from({length: 300}, (_, index) => ({id: 'memory.used_bytes', resource: `m${index}`, value: 2 ** 40 + index})));
		appendSample(block, 1000, ticks[1]!, stepFor);
		appendSample(block, 2000, wide, stepFor);
		const keys = [...block.columns.keys()];
		const idOf = (key: string) => keys.indexOf(key) + 1;
		const rows = [encodeTick(block, 0, idOf), encodeTick(block, 1, idOf)];
		// Rows are copies: encoding another tick must not change a row already handed out.
		const again = encodeTick(block, 0, idOf);
		const copy = createBlock(0, 10, 1);
		rows.forEach((row, index) => {
			appendEncodedTick(copy, block.timestamps[index]!, row, id => keys[id - 1]);
		});
		expect(columnsOf(copy)).toEqual(Object.fromEntries(keys.map(key => [key, columnsOf(block)[key]])));
		expect(rows[0]!.length).toBeLessThan(rows[1]!.length);
		expect(again).toEqual(rows[0]);
	});
});
