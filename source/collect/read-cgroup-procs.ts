import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {errorMessage, errorReason} from '../errors.js';
import {type CgroupHierarchy, everyCgroupHierarchy} from './cgroup-mounts.js';
import {parseMountInfo} from './parse-mountinfo.js';

// The processes of one control group, read for the group whose detail view is open only
// (EngineHandle.watchCgroup): every process's /proc/<pid>/cgroup on every tick would cost far more.
// A group's path names a directory in each hierarchy that has it (v2's unified one; on v1 any
// controller's, name=systemd's included), and its processes are the union of those directories'
// cgroup.procs with their descendants': a service's processes often live in child groups.

export type CgroupMember = {
	readonly pid: number;
	/** The group it is in: the one asked for, or one of its descendants. */
	readonly group: string;
};

export type CgroupMembers = {
	readonly path: string;
	/** Each process once, by pid. */
	readonly members: readonly CgroupMember[];
	/** Why the group's processes could not be read; undefined when they were. */
	readonly failure?: string;
};

export type CgroupProcsReader = (groupPath: string) => CgroupMembers;

/**
 * cgroup.procs: one thread-group id a line, "not guaranteed to be sorted" and possibly listed twice
 * when a process moved while being read (Documentation/admin-guide/cgroup-v2.rst, cgroup-v1/cgroups.rst).
 */
export function parseCgroupProcs(text: string): number[] {
	const pids: number[] = [];
	for (const line of text.split('\n')) {
		if (line === '') {
			continue;
		}

		const pid = Number(line);
		if (!Number.isInteger(pid) || pid <= 0) {
			throw new Error(`expected a pid a line, got '${line}'`);
		}

		pids.push(pid);
	}

	return pids;
}

/** The directory of `groupPath` in `hierarchy`; undefined when the hierarchy shows a subtree without it. */
function directoryOf(hierarchy: CgroupHierarchy, groupPath: string): string | undefined {
	const {root} = hierarchy;
	if (root !== '/' && groupPath !== root && !groupPath.startsWith(`${root}/`)) {
		return undefined;
	}

	return path.join(hierarchy.directory, path.posix.relative(root, groupPath));
}

function errorCode(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Reads the members of `group` and its descendants in one hierarchy into `found` (a pid already there
 * keeps its group). False when the hierarchy has no such group; throws any other error of the group's
 * own directory, and skips a descendant that goes away while being read.
 */
function readHierarchy(directory: string, group: string, found: Map<number, string>): boolean {
	const pending = [{directory, group}];
	for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
		let entries;
		let text;
		const file = path.join(next.directory, 'cgroup.procs');
		try {
			entries = readdirSync(next.directory, {withFileTypes: true});
			text = readFileSync(file, 'latin1');
		} catch (error) {
			if (next.directory !== directory) {
				continue;
			}

			if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') {
				return false;
			}

			throw error;
		}

		let pids;
		try {
			pids = parseCgroupProcs(text);
		} catch (error) {
			throw new Error(`cannot parse ${file}: ${errorMessage(error)}`);
		}

		for (const pid of pids) {
			if (!found.has(pid)) {
				found.set(pid, next.group);
			}
		}

		for (const entry of entries) {
			if (entry.isDirectory()) {
				pending.push({directory: path.join(next.directory, entry.name), group: path.posix.join(next.group, entry.name)});
			}
		}
	}

	return true;
}

/**
 * A reader of one group's processes under the hierarchies mounted in `procfs`'s mountinfo (read once,
 * and again when no hierarchy has the group asked for: one may have been mounted since). Never throws.
 */
export function createCgroupProcsReader(roots: {readonly procfs: string; readonly sysfs: string; readonly rootfs: string}): CgroupProcsReader {
	let hierarchies: CgroupHierarchy[] | undefined;

	function mounted(): CgroupHierarchy[] {
		hierarchies ??= everyCgroupHierarchy(parseMountInfo(readFileSync(path.join(roots.procfs, 'self', 'mountinfo'), 'utf8')), roots);
		return hierarchies;
	}

	function readIn(list: readonly CgroupHierarchy[], groupPath: string, found: Map<number, string>): boolean {
		let seen = false;
		for (const hierarchy of list) {
			const directory = directoryOf(hierarchy, groupPath);
			if (directory !== undefined && readHierarchy(directory, groupPath, found)) {
				seen = true;
			}
		}

		return seen;
	}

	return groupPath => {
		const found = new Map<number, string>();
		try {
			if (!readIn(mounted(), groupPath, found)) {
				hierarchies = undefined;
				if (!readIn(mounted(), groupPath, found)) {
					return {path: groupPath, members: [], failure: 'the group is gone'};
				}
			}
		} catch (error) {
			const file = (error as NodeJS.ErrnoException).path;
			return {path: groupPath, members: [], failure: file === undefined ? errorMessage(error) : `cannot read ${file}: ${errorReason(error)}`};
		}

		const members = [...found].map(([pid, group]) => ({pid, group})).sort((a, b) => a.pid - b.pid);
		return {path: groupPath, members};
	};
}
