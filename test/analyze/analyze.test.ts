import {describe, expect, it} from 'vitest';
import {analyze} from '../../source/analyze/analyze.js';
import {resolveThresholds} from '../../source/analyze/severity.js';
import {buildSample} from '../helpers/sample-builder.js';
import {cpuBoundMetrics, cpuSaturatedMetrics, diskSaturatedMetrics, idleMetrics, java, loopbackMetrics, postgres, sshd, stress, swappingMetrics} from './scenarios.js';

const processes = [sshd, java, postgres, stress];

describe('analyze', () => {
	it.each([
		['idle', idleMetrics, undefined],
		['CPU-bound', cpuBoundMetrics, 'cpu'],
		['CPU-saturated', cpuSaturatedMetrics, 'cpu'],
		['disk saturation', diskSaturatedMetrics, 'disk:vda'],
		['memory swapping', swappingMetrics, 'memory'],
		['loopback traffic', loopbackMetrics, undefined],
	] as const)('%s: the top bottleneck is %s', (_name, metrics, top) => {
		const analysis = analyze(buildSample({metrics, processes}));
		expect(analysis.bottlenecks[0]?.resource).toBe(top);
		for (const bottleneck of analysis.bottlenecks) {
			expect(bottleneck.severity).not.toBe('LOW');
		}
	});

	it('words CPU-bound and CPU-saturated differently', () => {
		const bound = analyze(buildSample({metrics: cpuBoundMetrics, processes})).bottlenecks[0]?.recommendation;
		const saturated = analyze(buildSample({metrics: cpuSaturatedMetrics, processes})).bottlenecks[0]?.recommendation;
		expect(bound).toContain('not queueing');
		expect(saturated).toContain('more runnable threads than cores');
		expect(bound).not.toBe(saturated);
	});

	it('assesses every resource, not only the bottlenecks', () => {
		const analysis = analyze(buildSample({metrics: cpuBoundMetrics, processes}));
		expect(analysis.assessments).toHaveLength(8);
		expect(analysis.bottlenecks).toHaveLength(1);
	});

	it('shows the loopback throughput without judging it', () => {
		const analysis = analyze(buildSample({metrics: loopbackMetrics, processes}));
		const lo = analysis.assessments.find(assessment => assessment.resource === 'net:lo');
		expect(lo?.evidence[0]).toMatch(/^lo has no link speed: throughput .+, utilization not defined$/);
	});

	it('copes with a first sample where no rate is known yet', () => {
		const metrics = Object.fromEntries(Object.keys(idleMetrics).map(key => [key, undefined]));
		const analysis = analyze(buildSample({metrics, intervalMs: undefined, processes: [{...stress, cpuPct: undefined}]}));
		expect(analysis.bottlenecks).toEqual([]);
		for (const assessment of analysis.assessments) {
			expect(assessment.utilizationPct).toBeUndefined();
			expect(assessment.score).toBe(0);
		}
	});

	it('passes thresholds through to severity and bottleneck flags', () => {
		const sample = buildSample({metrics: cpuBoundMetrics, processes});
		const lenient = resolveThresholds({utilizationPct: {one: 100, two: 100, three: 100}, bottleneck: {utilizationPct: 100}});
		expect(analyze(sample, lenient).bottlenecks).toEqual([]);
	});
});
