import type {Sample} from '../metrics/types.js';
import {rankBottlenecks} from './bottlenecks.js';
import {defaultThresholds, type Thresholds} from './severity.js';
import type {Analysis} from './types.js';
import {assessResources} from './use.js';

/** One tick's USE analysis: every resource assessed, and the ones worth attention ranked with advice. */
export function analyze(sample: Sample, thresholds: Thresholds = defaultThresholds): Analysis {
	const assessments = assessResources(sample, thresholds);
	return {assessments, bottlenecks: rankBottlenecks(assessments, sample.processes, thresholds)};
}
