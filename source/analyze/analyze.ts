import type {Sample} from '../metrics/types.js';
import {rankBottlenecks} from './bottlenecks.js';
import {forkingParent} from './forkers.js';
import {defaultThresholds, type Thresholds} from './severity.js';
import {type AnalysisMemory, createSustainer} from './sustain.js';
import type {Analysis} from './types.js';
import {assessResources} from './use.js';

/**
 * One tick's USE analysis, judged over time: what earlier ticks showed goes in as `memory` (run queue
 * and kind-of-work rates must persist, severity floors need their ticks) and comes out for the next tick.
 */
export function analyzeTick(sample: Sample, thresholds: Thresholds, memory: AnalysisMemory): {analysis: Analysis; memory: AnalysisMemory} {
	const sustainer = createSustainer(memory);
	const assessments = assessResources(sample, thresholds, sustainer);
	const cpu = assessments.find(assessment => assessment.resource === 'cpu');
	// Naming the forking parent walks every process: only when forks score.
	const forker = (cpu?.judged?.['system.forks_per_s'] ?? 0) > 0 ? forkingParent(sample) : undefined;
	return {analysis: {assessments, bottlenecks: rankBottlenecks(assessments, sample.processes, thresholds, undefined, forker)}, memory: sustainer.memory()};
}

/**
 * A sample judged alone: for one that already stands for a span of time (a recorded range at its 95th
 * percentile), where every value is taken as it is.
 */
export function analyze(sample: Sample, thresholds: Thresholds = defaultThresholds): Analysis {
	const assessments = assessResources(sample, thresholds);
	return {assessments, bottlenecks: rankBottlenecks(assessments, sample.processes, thresholds)};
}
