import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {parseCmdline, parseStatusUid} from './parse-process.js';

/**
 * What decides whether perf may profile a process, read once when a profile fails so its message can
 * name the fix: the perf_event_paranoid sysctl and perftop's own capabilities (kernel docs,
 * admin-guide/perf-security.rst: CAP_PERFMON since Linux 5.8, CAP_SYS_ADMIN before it).
 */
export type PerfAccess = {
	/** kernel.perf_event_paranoid: 2 lets a user profile its own processes' user space; 3 and up (Debian) nothing. */
	readonly paranoid: number | undefined;
	/** The CapEff mask of perftop itself. */
	readonly capabilities: bigint | undefined;
};

export const capSysAdmin = 21;
export const capPerfmon = 38;

/** The `CapEff:` line of /proc/<pid>/status, a hexadecimal mask (capabilities(7)). */
export function parseCapEff(statusText: string): bigint | undefined {
	const match = /^CapEff:\s*([\da-f]+)\s*$/im.exec(statusText);
	return match ? BigInt(`0x${match[1]!}`) : undefined;
}

export function hasCapability(mask: bigint | undefined, capability: number): boolean {
	return mask !== undefined && (mask & (1n << BigInt(capability))) !== 0n;
}

export function readPerfAccess(procfs: string): PerfAccess {
	const paranoidText = readOrEmpty(path.join(procfs, 'sys/kernel/perf_event_paranoid')).trim();
	return {
		paranoid: /^-?\d+$/.test(paranoidText) ? Number(paranoidText) : undefined,
		capabilities: parseCapEff(readOrEmpty(path.join(procfs, 'self/status'))),
	};
}

/** The process to profile: its name and owner, or undefined when there is no such process. */
export type ProfileTarget = {readonly pid: number; readonly name: string; readonly uid: number | undefined};

export function readProfileTarget(procfs: string, pid: number): ProfileTarget | undefined {
	const status = readOrEmpty(path.join(procfs, String(pid), 'status'));
	if (status === '') {
		return undefined;
	}

	const name = /^Name:\t(.*)$/m.exec(status)?.[1] ?? String(pid);
	return {pid, name, uid: parseStatusUid(status)};
}

/**
 * Time a process's threads spent running and waiting for a CPU (runnable, on a run queue), in ns, and
 * how many times they were put on a CPU: each is one context switch to the thread, voluntary or not.
 */
export type SchedTimes = {readonly runNs: number; readonly waitNs: number; readonly timeslices: number};

/** /proc/<pid>/task/<tid>/schedstat: run time, run-queue wait time (both ns), timeslices (kernel docs, scheduler/sched-stats.rst). */
export function parseSchedStat(text: string): SchedTimes | undefined {
	const [run, wait, timeslices] = text.trim().split(/\s+/).map(Number);
	return Number.isFinite(run) && Number.isFinite(wait) && Number.isFinite(timeslices) ? {runNs: run!, waitNs: wait!, timeslices: timeslices!} : undefined;
}

/** Summed over the process's threads; undefined when the kernel keeps no schedstats or the process is gone. */
export function readSchedTimes(procfs: string, pid: number): SchedTimes | undefined {
	let tasks: string[];
	try {
		tasks = readdirSync(path.join(procfs, String(pid), 'task'));
	} catch {
		return undefined;
	}

	let runNs = 0;
	let waitNs = 0;
	let timeslices = 0;
	let read = 0;
	for (const task of tasks) {
		const times = parseSchedStat(readOrEmpty(path.join(procfs, String(pid), 'task', task, 'schedstat')));
		if (times) {
			runNs += times.runNs;
			waitNs += times.waitNs;
			timeslices += times.timeslices;
			read++;
		}
	}

	return read > 0 ? {runNs, waitNs, timeslices} : undefined;
}

export type NamedProcess = {readonly pid: number; readonly name: string; readonly commandLine: string};

/**
 * Processes called `name`: their kernel name (comm, 15 characters at most) or their program's file
 * name (argv[0] without its folder), leaving out `exceptPid` (perftop itself). A process that exits
 * while the list is read is simply not in it.
 */
export function findProcessesByName(procfs: string, name: string, exceptPid: number): NamedProcess[] {
	const found: NamedProcess[] = [];
	for (const entry of readdirSync(procfs)) {
		const pid = Number(entry);
		if (!/^\d+$/.test(entry) || pid === exceptPid) {
			continue;
		}

		const comm = readOrEmpty(path.join(procfs, entry, 'comm')).trimEnd();
		const cmdline = readOrEmpty(path.join(procfs, entry, 'cmdline'));
		if (comm !== '' && (comm === name || path.basename(cmdline.split('\0')[0]!) === name)) {
			found.push({pid, name: comm, commandLine: parseCmdline(cmdline, comm)});
		}
	}

	return found.sort((a, b) => a.pid - b.pid);
}

function readOrEmpty(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}
