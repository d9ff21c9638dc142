import {describe, expect, it} from 'vitest';
import {catalogue, isMetricId, metricDefinition, type MetricId} from '../../source/metrics/catalogue.js';
import {seriesKey} from '../../source/metrics/types.js';

describe('catalogue', () => {
	it('declares each id once', () => {
		const ids = catalogue.map(definition => definition.id);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('MetricId is derived from the entries: a misspelt id does not compile (checked by tsc in npm test)', () => {
		const known: MetricId = 'cpu.busy_pct';
		// @ts-expect-error 'cpu.busy_pc' is not a catalogue id
		const misspelt: MetricId = 'cpu.busy_pc';
		// @ts-expect-error series keys take catalogue ids only
		seriesKey('memory.usd_pct', 'memory');
		expect(metricDefinition(known)?.label).toBe('busy');
		expect(metricDefinition(misspelt)).toBeUndefined();
	});

	it('every id an entry refers to (a saturation gate, a capacity for the minimum change) is a catalogue id', () => {
		const references = catalogue.flatMap(definition => [definition.saturationGate?.id, definition.minimumChange?.ofCapacity?.metric]).filter(id => id !== undefined);
		expect(references.filter(id => !isMetricId(id))).toEqual([]);
	});

	it('isMetricId accepts a stored id the catalogue declares and no other', () => {
		expect(isMetricId('disk.util_pct')).toBe(true);
		expect(isMetricId('disk.utilisation')).toBe(false);
	});
});
