import path from 'node:path';
import {createHeldFiles} from './held-files.js';
import {isKernelFilesystem} from './kernel-filesystem.js';
import {parseDiskStats, readWholeDiskNames, selectWholeDisks} from './parse-diskstats.js';
import {parseLoadAvg} from './parse-loadavg.js';
import {parseMemInfo} from './parse-meminfo.js';
import {parseMountInfo, selectRealFilesystems} from './parse-mountinfo.js';
import {type NetDevCounters, parseNetDev} from './parse-net-dev.js';
import {parseNetstat} from './parse-netstat.js';
import {parsePressure} from './parse-pressure.js';
import {parseStat} from './parse-stat.js';
import {parseVmStat} from './parse-vmstat.js';
import {parseLinkSpeed} from './read-link-speed.js';
import {createCgroupReader} from './read-cgroups.js';
import {createProcessReader} from './read-processes.js';
import {createUserNames} from './read-users.js';
import {createStatfsState, defaultStatfsTimeoutMs, readFilesystems, type StatfsFunction} from './statfs.js';
import type {
	CollectOptions,
	CollectorGroup,
	DiskStatReading,
	FilesystemReading,
	NetDevReading,
	PressureReading,
	PressureResource,
	RawReading,
	Unavailable,
} from './types.js';
import {errorReason} from '../errors.js';

/** USER_HZ: 100 on every architecture Linux supports in user space (sysconf(_SC_CLK_TCK)). */
export const ticksPerSecond = 100;

export type LinuxCollectorOptions = CollectOptions & {
	/** Where uids are named; default /etc/passwd. */
	readonly passwdPath?: string;
	/** Bytes per page for RSS; default 4096. */
	readonly pageSize?: number;
	/** Command lines are read for the top N processes by CPU, memory and I/O (default 50). */
	readonly topProcesses?: number;
	/** Monotonic clock in ms; default performance.now. */
	readonly clock?: () => number;
	/** Wall clock in ms since the epoch; default Date.now. */
	readonly wallClock?: () => number;
	/**
	 * Treat `procfs` as live (default: only when it is a real procfs): keep kernel files open
	 * between reads and reread them from the start, and list the pid directories again only when
	 * the kernel's task count has moved. Forcing it on a fixture tree models a live machine's
	 * steady state; a tree edited in place between reads must leave it off.
	 */
	readonly holdFilesOpen?: boolean;
	/** statfs(2), replaceable so tests can simulate a hung mount. */
	readonly statfs?: StatfsFunction;
};

export type LinuxCollector = {
	/** One reading of every group. Never rejects: a failing group lands in `unavailable`. */
	readonly read: () => Promise<RawReading>;
	/** Release the process files held open between reads. */
	readonly close: () => void;
};

const pressureResources = ['cpu', 'memory', 'io'] as const;

/**
 * The counters with a link speed. Spelled out: a spread with a key added (`{...counters, speedMbps}`)
 * takes V8's slow path, about a microsecond an interface.
 */
function withSpeed(counters: NetDevCounters, speedMbps: number): NetDevReading {
	return {
		name: counters.name,
		rxBytes: counters.rxBytes,
		rxPackets: counters.rxPackets,
		rxErrors: counters.rxErrors,
		rxDrops: counters.rxDrops,
		txBytes: counters.txBytes,
		txPackets: counters.txPackets,
		txErrors: counters.txErrors,
		txDrops: counters.txDrops,
		speedMbps,
	};
}

function errorCode(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException | undefined)?.code;
}

export function createLinuxCollector(options: LinuxCollectorOptions): LinuxCollector {
	const {procfs, sysfs} = options;
	const rootfs = options.rootfs ?? '/';
	const clock = options.clock ?? (() => performance.now());
	const wallClock = options.wallClock ?? (() => Date.now());
	const live = options.holdFilesOpen ?? isKernelFilesystem(procfs);
	const files = createHeldFiles(live);
	const statfsState = createStatfsState();
	let wholeDisks: {readonly devices: string; readonly names: ReadonlySet<string>} | undefined;
	const statfsTimeoutMs = options.statfsTimeoutMs ?? defaultStatfsTimeoutMs;
	const processes = createProcessReader({
		procfs,
		userName: createUserNames(options.passwdPath ?? path.join(rootfs, 'etc', 'passwd')),
		pageSize: options.pageSize,
		topProcesses: options.topProcesses,
		files,
		clock,
	});
	const cgroupReader = createCgroupReader({procfs, sysfs, rootfs, files});

	async function read(): Promise<RawReading> {
		const timestamp = wallClock();
		const monotonicMs = clock();
		const unavailable: Unavailable[] = [];

		function fail(group: CollectorGroup, reason: string): undefined {
			unavailable.push({group, reason});
			return undefined;
		}

		function readText(group: CollectorGroup, relativePath: string): string | undefined {
			const path = `${procfs}/${relativePath}`;
			try {
				return files.read(path);
			} catch (error) {
				return fail(group, `cannot read ${path}: ${errorReason(error)}`);
			}
		}

		function readGroup<T>(group: CollectorGroup, relativePath: string, parse: (text: string) => T): T | undefined {
			const text = readText(group, relativePath);
			if (text === undefined) {
				return undefined;
			}

			try {
				return parse(text);
			} catch (error) {
				return fail(group, `cannot parse ${procfs}/${relativePath}: ${errorReason(error)}`);
			}
		}

		// The cgroup walk can hold the thread for tens of milliseconds on a host with hundreds of groups
		// (each tenth tick, and the first): done before statfs starts, it cannot use up statfs's deadline.
		const cgroups = cgroupReader.read();
		for (const reason of cgroups.failures) {
			fail('cgroup', reason);
		}

		// statfs is the one asynchronous read: start it next so it overlaps the synchronous ones.
		const filesystems = readFilesystemGroup(fail);

		const stat = readGroup('cpu', 'stat', parseStat);
		const loadavg = readGroup('loadavg', 'loadavg', parseLoadAvg);
		const pressure = readPressure(fail);
		const meminfo = readGroup('memory', 'meminfo', parseMemInfo);
		const vmstat = readGroup('vmstat', 'vmstat', parseVmStat);
		const disks = readGroup('disk', 'diskstats', text => {
			const readings = parseDiskStats(text);
			return selectWholeDisks(readings, wholeDiskNames(readings), options.includeVirtualDisks);
		});
		const network = readGroup('network', 'net/dev', parseNetDev);
		const netstat = readNetstat(fail);
		let processList;
		try {
			processList = processes.read(live ? stat?.forks : undefined);
		} catch (error) {
			fail('process', `cannot read processes in ${procfs}: ${errorReason(error)}`);
		}

		return {
			timestamp,
			monotonicMs,
			ticksPerSecond,
			...(stat && {stat}),
			...(loadavg && {loadavg}),
			...(pressure && {pressure}),
			...(meminfo && {meminfo}),
			...(vmstat && {vmstat}),
			...(disks && {disks}),
			...(network && {network: withLinkSpeeds(network)}),
			...(netstat && {netstat}),
			...(processList && {processes: processList}),
			...(cgroups.reading && {cgroups: cgroups.reading}),
			...await filesystems.then(list => list && {filesystems: list}),
			unavailable,
		};
	}

	/**
	 * <sysfs>/block changes only when a block device comes or goes, and then so does the list in
	 * /proc/diskstats: while that list is the same, the last listing stands. A name is a whole disk
	 * or a partition for as long as it exists, so a device replaced by another of its name between
	 * two reads cannot make the kept listing wrong.
	 */
	function wholeDiskNames(readings: readonly DiskStatReading[]): ReadonlySet<string> | undefined {
		const devices = readings.map(reading => reading.name).join(' ');
		if (wholeDisks?.devices !== devices) {
			const names = readWholeDiskNames(sysfs);
			// An unlistable directory is asked again next time rather than remembered.
			wholeDisks = names && {devices, names};
			return names;
		}

		return wholeDisks.names;
	}

	/** PSI needs kernel ≥ 4.20 with CONFIG_PSI and psi=1: without it the group is simply absent. */
	function readPressure(fail: (group: CollectorGroup, reason: string) => undefined): PressureReading | undefined {
		const reading: {cpu?: PressureResource; memory?: PressureResource; io?: PressureResource} = {};
		let found = false;
		for (const resource of pressureResources) {
			const path = `${procfs}/pressure/${resource}`;
			let text: string;
			try {
				text = files.read(path);
			} catch (error) {
				// ENOENT: no PSI in this kernel; EOPNOTSUPP: built in but switched off (psi=0).
				const code = errorCode(error);
				if (code === 'ENOENT' || code === 'EOPNOTSUPP' || code === 'ENOTSUP') {
					continue;
				}

				fail('pressure', `cannot read ${path}: ${errorReason(error)}`);
				continue;
			}

			try {
				reading[resource] = parsePressure(text);
				found = true;
			} catch (error) {
				fail('pressure', `cannot parse ${path}: ${errorReason(error)}`);
			}
		}

		return found ? reading : undefined;
	}

	function readNetstat(fail: (group: CollectorGroup, reason: string) => undefined) {
		let snmpText: string;
		let netstatText: string;
		const snmpPath = `${procfs}/net/snmp`;
		const netstatPath = `${procfs}/net/netstat`;
		try {
			snmpText = files.read(snmpPath);
			netstatText = files.read(netstatPath);
		} catch (error) {
			const path = (error as NodeJS.ErrnoException).path ?? snmpPath;
			return fail('netstat', `cannot read ${path}: ${errorReason(error)}`);
		}

		try {
			return parseNetstat(snmpText, netstatText);
		} catch (error) {
			return fail('netstat', `cannot parse ${snmpPath} or ${netstatPath}: ${errorReason(error)}`);
		}
	}

	function withLinkSpeeds(interfaces: readonly NetDevCounters[]): NetDevReading[] {
		const readings: NetDevReading[] = [];
		for (const counters of interfaces) {
			if (counters.name === 'lo' && !options.includeLoopback) {
				continue;
			}

			const speedMbps = readSpeed(counters.name);
			readings.push(speedMbps === undefined ? counters : withSpeed(counters, speedMbps));
		}

		return readings;
	}

	/** Unknown (undefined) for virtual interfaces (EINVAL), a link that is down, or an odd driver. */
	function readSpeed(interfaceName: string): number | undefined {
		if (interfaceName.includes('/') || interfaceName === '..' || interfaceName === '.') {
			return undefined;
		}

		try {
			return parseLinkSpeed(files.read(`${sysfs}/class/net/${interfaceName}/speed`));
		} catch {
			return undefined;
		}
	}

	async function readFilesystemGroup(fail: (group: CollectorGroup, reason: string) => undefined): Promise<FilesystemReading[] | undefined> {
		const path = `${procfs}/self/mountinfo`;
		let mounts;
		try {
			mounts = selectRealFilesystems(parseMountInfo(files.read(path)), {includeTmpfs: options.includeTmpfs});
		} catch (error) {
			const verb = errorCode(error) === undefined ? 'parse' : 'read';
			return fail('filesystem', `cannot ${verb} ${path}: ${errorReason(error)}`);
		}

		const outcome = await readFilesystems(mounts, statfsState, statfsTimeoutMs, options.statfs, rootfs);
		for (const reason of outcome.failures) {
			fail('filesystem', reason);
		}

		return outcome.filesystems;
	}

	function close(): void {
		processes.close();
		files.releaseAll();
	}

	return {read, close};
}
