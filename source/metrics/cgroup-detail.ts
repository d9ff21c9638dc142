import type {CgroupMembers} from '../collect/read-cgroup-procs.js';
import type {CgroupSeries} from './cgroup-history.js';
import type {ProcessSample} from './types.js';

// What the engine reads for the one group whose detail view is open: its processes, joined with the
// tick's process sample, and its series from the in-memory cgroup history.

export type CgroupProcess = {
	readonly pid: number;
	/** The group it is in: the detail's own, or one of its descendants. */
	readonly group: string;
	/** Its figures this tick; undefined when the sample does not hold it (it started or ended since). */
	readonly process: ProcessSample | undefined;
};

export type CgroupDetail = {
	readonly path: string;
	/** Every process of the group and its descendants, by pid; empty when `failure` says why. */
	readonly processes: readonly CgroupProcess[];
	readonly failure?: string;
	/** Undefined when the group was not in the last tick. */
	readonly series: CgroupSeries | undefined;
};

export function cgroupDetailOf(read: CgroupMembers, processes: readonly ProcessSample[], series: CgroupSeries | undefined): CgroupDetail {
	const byPid = new Map(processes.map(process => [process.pid, process]));
	return {
		path: read.path,
		processes: read.members.map(member => ({pid: member.pid, group: member.group, process: byPid.get(member.pid)})),
		...(read.failure === undefined ? {} : {failure: read.failure}),
		series,
	};
}
