import {cpSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {type CgroupV2Figures, cgroupV2Mountinfo, writeCgroupV2Tree} from './cgroup-v2-tree.js';

// A synthetic /proc and /sys pair for a big machine, written from scratch so its size is exact.
// Files the sizes do not touch (meminfo, vmstat, pressure, snmp, mountinfo …) come from the real
// vm-2cpu capture.

export type LargeTreeSizes = {
	readonly cpus: number;
	readonly disks: number;
	readonly interfaces: number;
	readonly processes: number;
	readonly cgroups: number;
};

export const largeTreeSizes: LargeTreeSizes = {cpus: 256, disks: 64, interfaces: 64, processes: 2000, cgroups: 500};

/**
 * `count` v2 groups: slices of 24 services each (the slice itself is a group too), every fifth service
 * with a memory limit and a CPU quota, as a busy container host has.
 */
export function largeCgroupFigures(count: number): CgroupV2Figures[] {
	const groups: CgroupV2Figures[] = [];
	for (let index = 0; groups.length < count; index++) {
		const slice = `/slice-${Math.floor(index / 24)}.slice`;
		if (index % 24 === 0) {
			groups.push({path: slice, usageUsec: index * 1_000_000, memoryCurrent: index * 4_000_000});
			if (groups.length === count) {
				break;
			}
		}

		const limited = index % 5 === 0;
		groups.push({
			path: `${slice}/service-${index}.service`,
			usageUsec: index * 37_000,
			memoryCurrent: 20_000_000 + index * 1000,
			rbytes: index * 4096,
			wbytes: index * 8192,
			pids: 1 + (index % 9),
			...(limited && {cpuMax: '50000 100000', periods: index, throttled: index % 7, memoryMax: 268_435_456, inactiveFile: 1_000_000, pgmajfault: index}),
		});
	}

	return groups;
}

export type LargeTree = {
	readonly procfs: string;
	readonly sysfs: string;
	readonly passwdPath: string;
};

const captured = 'test/fixtures/proc/vm-2cpu';

function statFile(cpus: number): string {
	const lines = [`cpu  ${cpus * 1000} 0 ${cpus * 300} ${cpus * 9000} 20 0 15 0 0 0`];
	for (let cpu = 0; cpu < cpus; cpu++) {
		lines.push(`cpu${cpu} ${1000 + cpu} 0 ${300 + cpu} ${9000 - cpu} 20 0 15 0 0 0`);
	}

	lines.push(
		`intr 123456 ${Array.from({length: 64}, () => '0').join(' ')}`,
		'ctxt 987654321',
		'btime 1795000000',
		'processes 123456',
		'procs_running 3',
		'procs_blocked 0',
		'softirq 1 0 0 0 0 0 0 0 0 0 0',
	);
	return `${lines.join('\n')}\n`;
}

function diskstatsFile(disks: number): string {
	const lines: string[] = [];
	for (let disk = 0; disk < disks; disk++) {
		const name = `nvme${disk}n1`;
		lines.push(` 259 ${disk * 2} ${name} ${disk * 1000} 12 ${disk * 8000} 400 ${disk * 900} 30 ${disk * 7000} 500 0 ${disk * 10} 900 0 0 0 0 0 0`);
		lines.push(` 259 ${(disk * 2) + 1} ${name}p1 ${disk * 999} 12 ${disk * 7990} 399 ${disk * 899} 30 ${disk * 6990} 499 0 ${disk * 9} 898 0 0 0 0 0 0`);
	}

	return `${lines.join('\n')}\n`;
}

function netDevFile(interfaces: number): string {
	const lines = [
		'Inter-|   Receive                                                |  Transmit',
		' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
		'    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0',
	];
	for (let index = 0; index < interfaces; index++) {
		lines.push(`  eth${index}: ${index * 100_000} ${index * 100} 0 0 0 0 0 0 ${index * 50_000} ${index * 50} 0 0 0 0 0 0`);
	}

	return `${lines.join('\n')}\n`;
}

function processFiles(pid: number): {stat: string; status: string; io: string; cmdline: string} {
	const uid = pid % 3 === 0 ? 0 : 1000;
	return {
		stat: `${pid} (worker ${pid % 7}) S 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${pid % 500} ${pid % 200} 0 0 20 0 ${1 + (pid % 8)} 0 ${10_000 + pid} 123456789 ${1000 + (pid % 4000)} 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 0 0 0 0 0 0\n`,
		status: `Name:\tworker ${pid % 7}\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t${pid}\nNgid:\t0\nPid:\t${pid}\nPPid:\t1\nTracerPid:\t0\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nGid:\t${uid}\t${uid}\t${uid}\t${uid}\nThreads:\t${1 + (pid % 8)}\n`,
		io: `rchar: ${pid * 10}\nwchar: ${pid * 5}\nsyscr: 10\nsyscw: 5\nread_bytes: ${pid * 4096}\nwrite_bytes: ${pid * 1024}\ncancelled_write_bytes: 0\n`,
		cmdline: `/usr/bin/worker\0--id\0${pid}\0`,
	};
}

/** Writes the tree under `directory` (which must exist and be empty) and returns its roots. */
export function writeLargeTree(directory: string, sizes: LargeTreeSizes = largeTreeSizes): LargeTree {
	const procfs = path.join(directory, 'proc');
	const sysfs = path.join(directory, 'sys');
	mkdirSync(procfs, {recursive: true});
	for (const file of ['loadavg', 'meminfo', 'vmstat', 'pressure', 'net', 'self']) {
		cpSync(path.join(captured, file), path.join(procfs, file), {recursive: true});
	}

	// The captured machine mounts v1 controllers; a large host of today has the unified hierarchy.
	const mountinfo = path.join(procfs, 'self', 'mountinfo');
	const withoutCgroups = readFileSync(mountinfo, 'utf8').split('\n').filter(line => !line.includes(' - cgroup')).join('\n');
	writeFileSync(mountinfo, `${withoutCgroups.trimEnd()}\n${cgroupV2Mountinfo.split('\n').find(line => line.includes('cgroup2'))}\n`);
	writeCgroupV2Tree(sysfs, largeCgroupFigures(sizes.cgroups));
	writeFileSync(path.join(procfs, 'stat'), statFile(sizes.cpus));
	writeFileSync(path.join(procfs, 'diskstats'), diskstatsFile(sizes.disks));
	writeFileSync(path.join(procfs, 'net', 'dev'), netDevFile(sizes.interfaces));
	for (let disk = 0; disk < sizes.disks; disk++) {
		mkdirSync(path.join(sysfs, 'block', `nvme${disk}n1`), {recursive: true});
		writeFileSync(path.join(sysfs, 'block', `nvme${disk}n1`, 'dev'), `259:${disk * 2}\n`);
	}

	for (let index = 0; index < sizes.interfaces; index++) {
		mkdirSync(path.join(sysfs, 'class', 'net', `eth${index}`), {recursive: true});
		writeFileSync(path.join(sysfs, 'class', 'net', `eth${index}`, 'speed'), '10000\n');
	}

	for (let pid = 100; pid < 100 + sizes.processes; pid++) {
		const pidDirectory = path.join(procfs, String(pid));
		mkdirSync(pidDirectory);
		for (const [name, text] of Object.entries(processFiles(pid))) {
			writeFileSync(path.join(pidDirectory, name), text);
		}
	}

	const passwdPath = path.join(directory, 'passwd');
	writeFileSync(passwdPath, 'root:x:0:0:root:/root:/bin/bash\nada:x:1000:1000::/home/ada:/bin/bash\n');
	return {procfs, sysfs, passwdPath};
}
