import {inCgroup, type ProcessGroup, type ProcessSample, type ResourceKind, resourceName} from '../metrics/types.js';
import type {ForkingParent} from './forkers.js';
import {groupWorkers, rankGroups} from './process-groups.js';
import {recommend} from './recommend.js';
import {defaultThresholds, severityRankOf, type Thresholds} from './severity.js';
import type {Bottleneck, UseAssessment} from './types.js';

/** How many processes each bottleneck names: enough to spot the culprit, few enough for one line. */
export const TOP_PROCESSES_PER_BOTTLENECK = 3;

/**
 * Resources at MEDIUM or above, most severe first (the shown severity, floors included), then highest
 * score; ties go to the one flagged as a bottleneck, then to the higher utilization (unknown counts
 * lowest), then keep the sample's order.
 */
export function rankBottlenecks(
	assessments: readonly UseAssessment[],
	processes: readonly ProcessSample[],
	thresholds: Thresholds = defaultThresholds,
	maxProcesses = TOP_PROCESSES_PER_BOTTLENECK,
	forker?: ForkingParent,
): Bottleneck[] {
	const medium = severityRankOf('MEDIUM');
	// Grouped once a tick, and only when something is ranked: per bottleneck it was most of the tick's
	// analysis; ranked once a kind of resource (several disks share one ranking).
	let groups: ProcessGroup[] | undefined;
	const topByKind = new Map<ResourceKind, ProcessGroup[]>();
	return assessments
		.map((assessment, index) => ({assessment, index, rank: severityRankOf(assessment.severity)}))
		.filter(entry => entry.rank >= medium)
		.sort((a, b) => b.rank - a.rank || compareAssessments(a.assessment, b.assessment) || a.index - b.index)
		.map(({assessment}) => {
			let topProcesses = topByKind.get(assessment.kind);
			if (assessment.kind === 'cgroup') {
				// Each group has processes of its own.
				groups ??= groupWorkers(processes);
				topProcesses = topOfCgroup(assessment, groups, maxProcesses);
			} else if (topProcesses === undefined) {
				groups ??= groupWorkers(processes);
				topProcesses = topGroupsFor(assessment.kind, groups, maxProcesses);
				topByKind.set(assessment.kind, topProcesses);
			}

			return {
				resource: assessment.resource,
				name: assessment.name,
				severity: assessment.severity,
				score: assessment.score,
				floor: assessment.floor,
				evidence: assessment.evidence,
				topProcesses,
				recommendation: recommend(assessment, topProcesses, thresholds, assessment.kind === 'cpu' ? forker : undefined),
			};
		});
}

/** After the severity: highest score, then the bottleneck flag, then utilization. */
function compareAssessments(a: UseAssessment, b: UseAssessment): number {
	return b.score - a.score
		|| Number(b.bottleneck) - Number(a.bottleneck)
		|| (b.utilizationPct ?? Number.NEGATIVE_INFINITY) - (a.utilizationPct ?? Number.NEGATIVE_INFINITY)
		|| 0;
}

/** A process's load on one kind of resource; undefined when it has none there or it is unknown. */
function loadOn(kind: ResourceKind, process: ProcessSample): number | undefined {
	switch (kind) {
		case 'cpu': {
			return process.cpuPct;
		}

		case 'memory': {
			return process.rssBytes;
		}

		// /proc/<pid>/io is not split per device, so the heaviest I/O processes stand for every busy disk;
		// with one busy disk, the usual case, that is exact.
		case 'disk':
		case 'io': {
			return process.ioBytesPerSec;
		}

		// Per-process network and socket accounting (net, tcp) needs root or eBPF, and bytes written say
		// nothing about which files grow (fs): naming a process there would be a guess.
		default: {
			return undefined;
		}
	}
}

/** The processes most responsible for load on a resource of this kind, workers of one program as one, heaviest first. */
export function topProcessesFor(kind: ResourceKind, processes: readonly ProcessSample[], max = TOP_PROCESSES_PER_BOTTLENECK): ProcessGroup[] {
	return topGroupsFor(kind, groupWorkers(processes), max);
}

/**
 * The processes of a cgroup bottleneck: those in the group or below it, among the processes whose group
 * is known (the named top ones), by memory when its memory share is the larger, else by CPU.
 */
function topOfCgroup(assessment: UseAssessment, groups: readonly ProcessGroup[], max: number): ProcessGroup[] {
	const path = resourceName(assessment.resource);
	const inside = groups.filter(group => inCgroup(group, path));
	const memoryPct = assessment.values?.get('cgroup.memory_pct') ?? 0;
	const cpuPct = assessment.values?.get('cgroup.cpu_pct') ?? 0;
	return topGroupsFor(memoryPct >= cpuPct ? 'memory' : 'cpu', inside, max);
}

function topGroupsFor(kind: ResourceKind, groups: readonly ProcessGroup[], max: number): ProcessGroup[] {
	return rankGroups(groups, group => loadOn(kind, group)).slice(0, max);
}
