import {describe, expect, it} from 'vitest';
import {analyzeTick} from '../../source/analyze/analyze.js';
import {defaultThresholds} from '../../source/analyze/severity.js';
import {type AnalysisMemory, emptyMemory} from '../../source/analyze/sustain.js';
import type {Analysis, UseAssessment} from '../../source/analyze/types.js';
import type {Sample} from '../../source/metrics/types.js';
import {buildSample} from '../helpers/sample-builder.js';
import {idleMetrics} from './scenarios.js';

type Metrics = Readonly<Record<string, number | undefined>>;

/** One sample a tick over idle figures with `changes` on top, judged in turn as the engine does. */
function judge(ticks: readonly Metrics[]): Analysis[] {
	let memory: AnalysisMemory = emptyMemory;
	return ticks.map((changes, index) => {
		const sample: Sample = buildSample({timestamp: Date.UTC(2025, 0, 1) + index * 1000, metrics: {...idleMetrics, ...changes}});
		const judged = analyzeTick(sample, defaultThresholds, memory);
		memory = judged.memory;
		return judged.analysis;
	});
}

function of(analysis: Analysis, resource: string): UseAssessment {
	const found = analysis.assessments.find(assessment => assessment.resource === resource);
	if (!found) {
		throw new Error(`no ${resource}`);
	}

	return found;
}

const severities = (analyses: readonly Analysis[], resource: string) => analyses.map(analysis => of(analysis, resource).severity);

/** Issue 14's memory cgroup at its limit: 746 MiB/s of swap, memory 3 % used: S 191 → 3 points, MEDIUM by score. */
const swapping: Metrics = {'memory.used_pct@memory': 3, 'memory.swap_pages_per_s@memory': 191_000, 'memory.major_faults_per_s@memory': 96_000, 'memory.psi_some_pct@memory': 39};

describe('severity floor: saturation above 10 for 3 ticks is at least HIGH', () => {
	it('lifts the swapping cgroup to HIGH on the third tick and keeps the additive score', () => {
		const analyses = judge([swapping, swapping, swapping]);
		expect(severities(analyses, 'memory')).toEqual(['MEDIUM', 'MEDIUM', 'HIGH']);
		const memory = of(analyses[2]!, 'memory');
		expect(memory.score).toBe(3);
		expect(memory.floor).toEqual({severity: 'HIGH', reason: 'saturation above 10 for 3 ticks'});
		expect(analyses[2]!.bottlenecks[0]).toMatchObject({resource: 'memory', severity: 'HIGH', score: 3, floor: {severity: 'HIGH'}});
	});

	it('needs three consecutive ticks: a dip to 10 (not above) restarts the count', () => {
		const atTen = {'memory.swap_pages_per_s@memory': 10_000};
		expect(severities(judge([swapping, swapping, atTen, swapping, swapping]), 'memory')).toEqual(['MEDIUM', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'MEDIUM']);
		expect(severities(judge([{'memory.swap_pages_per_s@memory': 10_001}, {'memory.swap_pages_per_s@memory': 10_001}, {'memory.swap_pages_per_s@memory': 10_001}]), 'memory').at(-1)).toBe('HIGH');
	});

	it('an unknown value confirms nothing: the count starts again after it', () => {
		const gap = {'memory.swap_pages_per_s@memory': undefined, 'memory.major_faults_per_s@memory': undefined, 'memory.psi_some_pct@memory': undefined};
		expect(severities(judge([swapping, swapping, gap, swapping, swapping, swapping]), 'memory')).toEqual(['MEDIUM', 'MEDIUM', 'LOW', 'MEDIUM', 'MEDIUM', 'HIGH']);
	});

	it('ranks a floored HIGH above a MEDIUM of the same score', () => {
		const cpuMedium = {'cpu.busy_pct@cpu': 100};
		const [, , third] = judge([{...swapping, ...cpuMedium}, {...swapping, ...cpuMedium}, {...swapping, ...cpuMedium}]);
		expect(third!.bottlenecks.map(entry => `${entry.resource} ${entry.severity} ${entry.score}`)).toEqual(['memory HIGH 3', 'cpu MEDIUM 3']);
	});
});

describe('severity floor: an OOM kill this tick is at least HIGH', () => {
	it('holds for the tick with the kill only', () => {
		const analyses = judge([{}, {'memory.oom_kills_per_s@memory': 1}, {'memory.oom_kills_per_s@memory': 0}]);
		expect(severities(analyses, 'memory')).toEqual(['LOW', 'HIGH', 'LOW']);
		expect(of(analyses[1]!, 'memory').floor).toEqual({severity: 'HIGH', reason: 'OOM kills this tick'});
		// E 1,000 % → 3 points: MEDIUM by score.
		expect(of(analyses[1]!, 'memory').score).toBe(3);
	});
});

describe('severity floor: PSI full above 10 % for 3 ticks is CRITICAL', () => {
	const full = (pct: number) => ({'io.psi_some_pct@io': pct, 'io.psi_full_pct@io': pct});

	it('raises io on the third tick above 10 %, from LOW by score (PSI some 12 % is 1 point)', () => {
		const analyses = judge([full(12), full(12), full(12)]);
		expect(severities(analyses, 'io')).toEqual(['LOW', 'LOW', 'CRITICAL']);
		expect(of(analyses[2]!, 'io').floor).toEqual({severity: 'CRITICAL', reason: 'PSI full 12%, above 10% for 3 ticks'});
		expect(analyses[2]!.bottlenecks[0]).toMatchObject({resource: 'io', severity: 'CRITICAL'});
	});

	it('is strict and needs the ticks in a row', () => {
		expect(severities(judge([full(10), full(10), full(10)]), 'io').at(-1)).not.toBe('CRITICAL');
		expect(severities(judge([full(11), full(11), full(9), full(11)]), 'io').at(-1)).not.toBe('CRITICAL');
	});

	it('applies to memory and cpu as well', () => {
		const memory = {'memory.psi_some_pct@memory': 40, 'memory.psi_full_pct@memory': 25};
		expect(severities(judge([memory, memory, memory]), 'memory').at(-1)).toBe('CRITICAL');
		const cpu = {'cpu.psi_some_pct@cpu': 40, 'cpu.psi_full_pct@cpu': 25};
		expect(severities(judge([cpu, cpu, cpu]), 'cpu').at(-1)).toBe('CRITICAL');
	});
});

describe('the run queue is judged over time', () => {
	const flicker = {'cpu.runnable@cpu': 5, 'cpu.runqueue_excess_per_core@cpu': 1.5};

	it('a one-tick run queue of 5 on 2 cores is no bottleneck, and the evidence says it did not hold', () => {
		const analyses = judge([{}, {}, {}, flicker, {}]);
		expect(analyses.map(analysis => analysis.bottlenecks.length)).toEqual([0, 0, 0, 0, 0]);
		expect(of(analyses[3]!, 'cpu').evidence).toContain('run queue 5 for 2 cores, not held (≤ 2 within 3 ticks)');
	});

	it('while the window fills, says when it will be judged', () => {
		expect(of(judge([flicker])[0]!, 'cpu').evidence).toContain('run queue 5 for 2 cores (judged after 3 ticks)');
	});

	it('a queue held for 3 ticks scores at its lowest of the three', () => {
		const analyses = judge([flicker, {'cpu.runnable@cpu': 4, 'cpu.runqueue_excess_per_core@cpu': 1}, flicker]);
		const cpu = of(analyses[2]!, 'cpu');
		expect(cpu.judged?.['cpu.runqueue_excess_per_core']).toBe(1);
		expect(cpu.saturation).toBe(5);
		expect(cpu.evidence).toContain('run queue 5 for 2 cores, ≥ 4 for 3 ticks');
	});
});

describe('stays LOW', () => {
	/** 600 one-second ticks with what a quiet machine shows now and then: each spike lasts one tick. */
	function idleWithSpikes(): Metrics[] {
		return Array.from({length: 600}, (_, tick) => {
			switch (tick % 20) {
				case 5: {
					return {'cpu.runnable@cpu': 5, 'cpu.runqueue_excess_per_core@cpu': 1.5};
				}

				case 9: {
					// A shell script starting: a burst of forks in the kernel.
					return {'cpu.busy_pct@cpu': 60, 'cpu.system_pct@cpu': 45, 'cpu.system_share_pct@cpu': 75, 'system.forks_per_s@system': 900, 'system.context_switches_per_core_per_s@system': 40_000};
				}

				case 13: {
					return {'cpu.steal_pct@cpu': 8, 'cpu.psi_some_pct@cpu': 30, 'io.psi_some_pct@io': 20, 'io.psi_full_pct@io': 15};
				}

				default: {
					return {'cpu.system_pct@cpu': 1, 'cpu.system_share_pct@cpu': 60, 'system.forks_per_s@system': 4, 'system.context_switches_per_core_per_s@system': 300};
				}
			}
		});
	}

	it('an idle machine with one-tick spikes: every resource LOW for 10 minutes', () => {
		const raised = judge(idleWithSpikes()).flatMap((analysis, tick) => analysis.assessments.filter(assessment => assessment.severity !== 'LOW').map(assessment => `${tick} ${assessment.resource} ${assessment.severity}`));
		expect(raised).toEqual([]);
	});

	it('a steady 35 % user-time load with its own flickers: every resource LOW for 10 minutes', () => {
		const steady: Metrics[] = Array.from({length: 600}, (_, tick) => ({
			'cpu.busy_pct@cpu': 33 + (tick % 5),
			'cpu.user_pct@cpu': 33,
			'cpu.system_pct@cpu': 2,
			'cpu.system_share_pct@cpu': 6,
			'cpu.psi_some_pct@cpu': 2,
			'system.forks_per_s@system': 15,
			'system.context_switches_per_core_per_s@system': 2500,
			...(tick % 17 === 3 ? {'cpu.runnable@cpu': 4, 'cpu.runqueue_excess_per_core@cpu': 1} : {'cpu.runnable@cpu': 1, 'cpu.runqueue_excess_per_core@cpu': 0}),
		}));
		const raised = judge(steady).flatMap((analysis, tick) => analysis.assessments.filter(assessment => assessment.severity !== 'LOW').map(assessment => `${tick} ${assessment.resource} ${assessment.severity}`));
		expect(raised).toEqual([]);
	});
});
