import {inCgroup, type ProcessGroup, type ProcessSample, type ResourceKind, resourceKindOf, resourceName} from '../metrics/types.js';
import {groupWorkers, rankGroups} from './process-groups.js';
import {cgroupTrouble, type CpuCulprits, recommend} from './recommend.js';
import {defaultThresholds, severityRankOf, type Thresholds} from './severity.js';
import type {Analysis, Bottleneck, UseAssessment} from './types.js';

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
	culprits: CpuCulprits = {},
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
				topProcesses = topOfCgroup(assessment, groups.filter(group => inCgroup(group, resourceName(assessment.resource))), thresholds, maxProcesses);
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
				recommendation: recommend(assessment, topProcesses, thresholds, assessment.kind === 'cpu' ? culprits : undefined),
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
 * The processes of a cgroup bottleneck, heaviest first by the resource in trouble (cgroupTrouble):
 * CPU for CPU and throttling, resident memory for memory, bytes for I/O.
 */
function topOfCgroup(assessment: UseAssessment, inside: readonly ProcessGroup[], thresholds: Thresholds, max: number): ProcessGroup[] {
	const trouble = cgroupTrouble(assessment, thresholds) ?? 'cpu';
	return topGroupsFor(trouble, inside, max);
}

/** How many cgroup bottlenecks have their processes read each tick: the highest ranked. */
export const CGROUPS_NAMED_PER_TICK = 3;

/** The paths of the highest ranked cgroup bottlenecks (all MEDIUM or worse), whose processes are worth reading. */
export function cgroupsToName(analysis: Analysis, max = CGROUPS_NAMED_PER_TICK): string[] {
	return analysis.bottlenecks
		.filter(bottleneck => resourceKindOf(bottleneck.resource) === 'cgroup')
		.slice(0, max)
		.map(bottleneck => resourceName(bottleneck.resource));
}

/**
 * The analysis with the cgroup bottlenecks in `members` (path → the processes read from its cgroup.procs
 * and its descendants', joined with the tick's sample) naming their heaviest processes in their own
 * processes and advice; without it only the top processes of the sample, whose groups are known, could be named.
 */
export function withCgroupMembers(
	analysis: Analysis,
	members: ReadonlyMap<string, readonly ProcessSample[]>,
	thresholds: Thresholds = defaultThresholds,
	maxProcesses = TOP_PROCESSES_PER_BOTTLENECK,
): Analysis {
	const bottlenecks = analysis.bottlenecks.map(bottleneck => {
		const processes = resourceKindOf(bottleneck.resource) === 'cgroup' ? members.get(resourceName(bottleneck.resource)) : undefined;
		const assessment = processes && analysis.assessments.find(candidate => candidate.resource === bottleneck.resource);
		if (processes === undefined || assessment === undefined) {
			return bottleneck;
		}

		const topProcesses = topOfCgroup(assessment, groupWorkers(processes), thresholds, maxProcesses);
		return {...bottleneck, topProcesses, recommendation: recommend(assessment, topProcesses, thresholds)};
	});
	return {...analysis, bottlenecks};
}

function topGroupsFor(kind: ResourceKind, groups: readonly ProcessGroup[], max: number): ProcessGroup[] {
	return rankGroups(groups, group => loadOn(kind, group)).slice(0, max);
}
