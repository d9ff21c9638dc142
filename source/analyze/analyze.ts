import type {Sample} from '../metrics/types.js';
import {rankBottlenecks} from './bottlenecks.js';
import {forkingParent} from './forkers.js';
import {defaultThresholds, type Thresholds} from './severity.js';
import {type AnalysisMemory, createSustainer} from './sustain.js';
import type {Analysis, UseAssessment} from './types.js';
import {type AssessOptions, assessResources} from './use.js';

/**
 * One tick's USE analysis, judged over time: what earlier ticks showed goes in as `memory` (run queue
 * and kind-of-work rates must persist, severity floors need their ticks) and comes out for the next tick.
 */
export function analyzeTick(sample: Sample, thresholds: Thresholds, memory: AnalysisMemory): {analysis: Analysis; memory: AnalysisMemory} {
	const {assessments, memory: next} = assessTick(sample, thresholds, memory);
	const cpu = assessments.find(assessment => assessment.resource === 'cpu');
	// Naming the forking parent walks every process: only when forks score.
	const forker = (cpu?.judged?.['system.forks_per_s'] ?? 0) > 0 ? forkingParent(sample) : undefined;
	return {analysis: {assessments, bottlenecks: rankBottlenecks(assessments, sample.processes, thresholds, undefined, {forker, switchers: sample.switchers})}, memory: next};
}

/**
 * analyzeTick's assessments alone (the same severities and memory), without the ranking, advice and,
 * unless asked, evidence lines: what judging a recorded range tick by tick for its severities needs.
 */
export function assessTick(sample: Sample, thresholds: Thresholds, memory: AnalysisMemory, options: AssessOptions = {}): {assessments: UseAssessment[]; memory: AnalysisMemory} {
	const sustainer = createSustainer(memory);
	return {assessments: assessResources(sample, thresholds, sustainer, options), memory: sustainer.memory()};
}

/**
 * A sample judged alone: for one that already stands for a span of time (a recorded range at its 95th
 * percentile), where every value is taken as it is.
 */
export function analyze(sample: Sample, thresholds: Thresholds = defaultThresholds): Analysis {
	const assessments = assessResources(sample, thresholds);
	return {assessments, bottlenecks: rankBottlenecks(assessments, sample.processes, thresholds)};
}
