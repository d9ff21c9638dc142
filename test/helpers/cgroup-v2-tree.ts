import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';

// cgroup v2 trees written from a few figures a group, in the kernel's own file formats
// (Documentation/admin-guide/cgroup-v2.rst; cpu.stat, cgroup.stat and the PSI files as a 6.18 kernel
// writes them, memory.stat with the keys of a 6.x kernel). This machine mounts its controllers on v1,
// so v2 hosts (systemd services, Docker, Kubernetes) are built here rather than captured.

export type CgroupV2Figures = {
	/** `/system.slice/nginx.service`. */
	readonly path: string;
	readonly usageUsec?: number;
	readonly periods?: number;
	readonly throttled?: number;
	readonly throttledUsec?: number;
	/** `max 100000` or `50000 100000`. */
	readonly cpuMax?: string;
	readonly memoryCurrent?: number;
	readonly memoryMax?: number | 'max';
	readonly memoryHigh?: number | 'max';
	readonly events?: {readonly high?: number; readonly max?: number; readonly oom?: number; readonly oomKill?: number};
	readonly inactiveFile?: number;
	readonly pgmajfault?: number;
	readonly rbytes?: number;
	readonly wbytes?: number;
	readonly pids?: number;
	readonly pidsMax?: number | 'max';
	/** PSI `some` and `full` totals, µs. */
	readonly psi?: Partial<Record<'cpu' | 'memory' | 'io', {readonly some: number; readonly full: number}>>;
};

export const cgroupV2Mountinfo = [
	'22 27 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:13 - proc proc rw',
	'23 27 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw',
	'27 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,discard,errors=remount-ro',
	'29 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot',
	'',
].join('\n');

function memoryStat(figures: CgroupV2Figures): string {
	const current = figures.memoryCurrent ?? 0;
	const inactiveFile = figures.inactiveFile ?? 0;
	const anon = Math.max(0, current - inactiveFile * 2);
	const lines: Array<[string, number]> = [
		['anon', anon], ['file', inactiveFile * 2], ['kernel', 1_900_544], ['kernel_stack', 49_152], ['pagetables', 319_488], ['sec_pagetables', 0],
		['percpu', 4800], ['sock', 0], ['vmalloc', 0], ['shmem', 0], ['zswap', 0], ['zswapped', 0], ['file_mapped', 4096], ['file_dirty', 0],
		['file_writeback', 0], ['swapcached', 0], ['anon_thp', 0], ['file_thp', 0], ['shmem_thp', 0], ['inactive_anon', anon], ['active_anon', 0],
		['inactive_file', inactiveFile], ['active_file', inactiveFile], ['unevictable', 0], ['slab_reclaimable', 612_104], ['slab_unreclaimable', 390_112],
		['slab', 1_002_216], ['workingset_refault_anon', 0], ['workingset_refault_file', 12], ['workingset_activate_anon', 0],
		['workingset_activate_file', 0], ['workingset_restore_anon', 0], ['workingset_restore_file', 0], ['workingset_nodereclaim', 0],
		['pgscan', 0], ['pgsteal', 0], ['pgscan_kswapd', 0], ['pgscan_direct', 0], ['pgscan_khugepaged', 0], ['pgsteal_kswapd', 0],
		['pgsteal_direct', 0], ['pgsteal_khugepaged', 0], ['pgfault', 91_257], ['pgmajfault', figures.pgmajfault ?? 0], ['pgrefill', 0],
		['pgactivate', 0], ['pgdeactivate', 0], ['pglazyfree', 0], ['pglazyfreed', 0], ['zswpin', 0], ['zswpout', 0], ['thp_fault_alloc', 0],
		['thp_collapse_alloc', 0],
	];
	return lines.map(([key, value]) => `${key} ${value}\n`).join('');
}

function pressure(totals: {readonly some: number; readonly full: number} | undefined): string {
	const {some, full} = totals ?? {some: 0, full: 0};
	return `some avg10=0.00 avg60=0.00 avg300=0.00 total=${some}\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=${full}\n`;
}

function groupFiles(figures: CgroupV2Figures): Record<string, string> {
	const events = figures.events ?? {};
	return {
		'cpu.stat': [
			`usage_usec ${figures.usageUsec ?? 0}`, `user_usec ${Math.round((figures.usageUsec ?? 0) * 0.7)}`, `system_usec ${Math.round((figures.usageUsec ?? 0) * 0.3)}`,
			'core_sched.force_idle_usec 0', `nr_periods ${figures.periods ?? 0}`, `nr_throttled ${figures.throttled ?? 0}`, `throttled_usec ${figures.throttledUsec ?? 0}`,
			'nr_bursts 0', 'burst_usec 0', '',
		].join('\n'),
		'cpu.max': `${figures.cpuMax ?? 'max 100000'}\n`,
		'memory.current': `${figures.memoryCurrent ?? 0}\n`,
		'memory.max': `${figures.memoryMax ?? 'max'}\n`,
		'memory.high': `${figures.memoryHigh ?? 'max'}\n`,
		'memory.events': `low 0\nhigh ${events.high ?? 0}\nmax ${events.max ?? 0}\noom ${events.oom ?? 0}\noom_kill ${events.oomKill ?? 0}\noom_group_kill 0\n`,
		'memory.stat': memoryStat(figures),
		'io.stat': figures.rbytes === undefined && figures.wbytes === undefined ? '' : `254:0 rbytes=${figures.rbytes ?? 0} wbytes=${figures.wbytes ?? 0} rios=12 wios=40 dbytes=0 dios=0\n`,
		'pids.current': `${figures.pids ?? 1}\n`,
		'pids.max': `${figures.pidsMax ?? 'max'}\n`,
		'cpu.pressure': pressure(figures.psi?.cpu),
		'memory.pressure': pressure(figures.psi?.memory),
		'io.pressure': pressure(figures.psi?.io),
		'cgroup.procs': '',
	};
}

/** Writes `<sysfs>/fs/cgroup` with the root's cgroup.stat and each group's files; returns the sysfs root. */
export function writeCgroupV2Tree(sysfs: string, groups: readonly CgroupV2Figures[]): string {
	const root = path.join(sysfs, 'fs', 'cgroup');
	mkdirSync(root, {recursive: true});
	writeFileSync(path.join(root, 'cgroup.stat'), `nr_descendants ${groups.length}\nnr_dying_descendants 0\n`);
	writeFileSync(path.join(root, 'cpu.pressure'), pressure(undefined));
	for (const figures of groups) {
		const directory = path.join(root, figures.path);
		mkdirSync(directory, {recursive: true});
		for (const [name, text] of Object.entries(groupFiles(figures))) {
			writeFileSync(path.join(directory, name), text);
		}
	}

	return sysfs;
}

/** Writes `<procfs>/self/mountinfo` (the v2 layout above, or `text`); returns the procfs root. */
export function writeMountinfo(procfs: string, text = cgroupV2Mountinfo): string {
	mkdirSync(path.join(procfs, 'self'), {recursive: true});
	writeFileSync(path.join(procfs, 'self', 'mountinfo'), text);
	return procfs;
}
