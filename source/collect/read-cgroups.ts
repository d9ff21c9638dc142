import {readdirSync} from 'node:fs';
import path from 'node:path';
import {errorReason} from '../errors.js';
import {type CgroupHierarchies, type CgroupHierarchy, type CgroupV1Controller, findCgroupHierarchies} from './cgroup-mounts.js';
import type {HeldFile, HeldFiles} from './held-files.js';
import {parseBlkioServiceBytes, parseCpuMax, parseFlatKeyed, parseIoStat, parseLimit, parseSingleValue} from './parse-cgroup-files.js';
import {parseMountInfo} from './parse-mountinfo.js';
import {createContainerNames} from './read-container-names.js';
import {parsePressure} from './parse-pressure.js';
import {topIndices} from './top-indices.js';
import type {CgroupReading, CgroupsReading, PressureResource, WorkloadNames} from './types.js';

// Reads every control group of the mounted hierarchies. Reading files is the cost (each ~1–2 µs on
// cgroupfs; 500 groups × 13 files would be 10 ms a tick), so each file is read as often as it changes
// meaning (`Cadence`):
// - `tick`: the counters every group's rates come from (CPU time, memory in use, I/O bytes);
// - `scan`: limits and pids, read at each directory walk (a readdir a group, the other large cost):
//   when the unified root's count of descendants moves, when a group's file has gone, and every 10
//   ticks where v1 hierarchies are mounted (nothing tells of a new v1 group), every 30 on v2 alone
//   (where only a changed limit or task count waits for it);
// - `focus`: the saturation and error files (PSI, memory.events, memory.stat, v1 failcnt), only for the
//   groups worth judging: those with a memory limit or CPU quota, where they mean something, and the
//   top `focusGroups` by CPU, memory and I/O of the last tick (collect/read-processes.ts reads command
//   lines for its top processes the same way). A limited group far from its limits at the last tick
//   (see `farFromLimits`) reads only its limit counters (memory.events, v1 failcnt, oom_control and
//   cpu.stat), so an OOM kill or a throttled period is never missed; its PSI and memory.stat, which
//   say how it suffers at a limit, wait until it nears one or is among the top groups.
// Files are held open between reads as the process files are. It is one piece (over 500 lines)
// because the file tables, the cadences and the reader's walk share one Group shape and one pass:
// each file spec writes into the group its walk made, and which specs a tick reads depends on the
// groups the last tick found (the top groups, the ones far from their limits).

type Group = {-readonly [Key in keyof CgroupReading]: CgroupReading[Key]} & {pressure: {cpu?: PressureResource; memory?: PressureResource; io?: PressureResource} | undefined};

/**
 * A group with every field present (undefined until read): one object shape for every group keeps the
 * per-file updates of a 500-group tick on V8's fast path.
 */
function newGroup(groupPath: string, scanned?: Group): Group {
	return {
		path: groupPath,
		cpuUsageUs: undefined,
		cpuPeriods: undefined,
		cpuThrottledPeriods: undefined,
		cpuThrottledUs: undefined,
		cpuQuotaUs: scanned?.cpuQuotaUs,
		cpuPeriodUs: scanned?.cpuPeriodUs,
		memoryBytes: undefined,
		memoryLimitBytes: scanned?.memoryLimitBytes,
		memoryHighBytes: scanned?.memoryHighBytes,
		memoryInactiveFileBytes: undefined,
		memoryMajorFaults: undefined,
		memoryLimitHits: undefined,
		memoryOomKills: undefined,
		ioReadBytes: undefined,
		ioWriteBytes: undefined,
		pids: scanned?.pids,
		pidsMax: scanned?.pidsMax,
		pressure: undefined,
	};
}

type Cadence = 'tick' | 'scan' | 'focus';

/** How a file's text lands in a group; the group holds what its scan and earlier files of the tick gave it. */
type FileSpec = {
	readonly name: string;
	readonly cadence: Cadence;
	readonly apply: (text: string, group: Group) => void;
	/** Read only when this holds as well (memory.stat only for a group with a memory limit). */
	readonly when?: (group: Group) => boolean;
	/** A focus file that a limited group reads only while near a limit (or in the top groups). */
	readonly nearLimitOnly?: true;
};

const microseconds = (nanoseconds: number): number => nanoseconds / 1000;

function pressureSpec(resource: 'cpu' | 'memory' | 'io'): FileSpec {
	return {
		name: `${resource}.pressure`,
		cadence: 'focus',
		nearLimitOnly: true,
		apply(text, group) {
			group.pressure ??= {cpu: undefined, memory: undefined, io: undefined};
			group.pressure[resource] = parsePressure(text);
		},
	};
}

/** memory.stat is a long file the kernel sums on each read: worth it only where a limit makes reclaim local. */
const memoryLimited = (group: CgroupReading): boolean => group.memoryLimitBytes !== undefined || group.memoryHighBytes !== undefined;
/** v1 cpu.stat counts only CFS bandwidth periods: nothing without a quota. */
const cpuLimited = (group: CgroupReading): boolean => group.cpuQuotaUs !== undefined;
const limited = (group: CgroupReading): boolean => memoryLimited(group) || cpuLimited(group);

/** Below this share of every limit a group's PSI and reclaim cannot come from its own limit. */
const nearLimitShare = 0.5;

/**
 * A limited group, read at two ticks, that used under half of its CPU quota in the periods it ran and
 * was never throttled, and holds under half of its memory limit: nothing of it is at a limit. Unknown
 * figures count as near, so a group's first ticks are read in full.
 */
function farFromLimits(group: CgroupReading, before: CgroupReading | undefined): boolean {
	const memoryLimit = Math.min(group.memoryLimitBytes ?? Number.POSITIVE_INFINITY, group.memoryHighBytes ?? Number.POSITIVE_INFINITY);
	if (memoryLimit !== Number.POSITIVE_INFINITY && (group.memoryBytes === undefined || group.memoryBytes >= memoryLimit * nearLimitShare)) {
		return false;
	}

	if (group.cpuQuotaUs === undefined) {
		return true;
	}

	if (before === undefined || group.cpuUsageUs === undefined || before.cpuUsageUs === undefined || group.cpuPeriods === undefined || before.cpuPeriods === undefined
		|| group.cpuThrottledPeriods === undefined || before.cpuThrottledPeriods === undefined) {
		return false;
	}

	const periods = group.cpuPeriods - before.cpuPeriods;
	return group.cpuThrottledPeriods === before.cpuThrottledPeriods && group.cpuUsageUs - before.cpuUsageUs <= group.cpuQuotaUs * periods * nearLimitShare;
}

// The pids controller's files are the same in v1 and v2 (Documentation/admin-guide/cgroup-v1/pids.rst).
const pidsFiles: readonly FileSpec[] = [
	{name: 'pids.current', cadence: 'scan', apply(text, group) {
		group.pids = parseSingleValue(text);
	}},
	{name: 'pids.max', cadence: 'scan', apply(text, group) {
		group.pidsMax = parseLimit(text);
	}},
];

// Documentation/admin-guide/cgroup-v2.rst. The limits come before memory.stat, which depends on them.
const unifiedFiles: readonly FileSpec[] = [
	{name: 'cpu.stat', cadence: 'tick', apply(text, group) {
		const values = parseFlatKeyed(text);
		group.cpuUsageUs = values.get('usage_usec');
		group.cpuPeriods = values.get('nr_periods');
		group.cpuThrottledPeriods = values.get('nr_throttled');
		group.cpuThrottledUs = values.get('throttled_usec');
	}},
	{name: 'cpu.max', cadence: 'scan', apply(text, group) {
		const max = parseCpuMax(text);
		group.cpuQuotaUs = max.quotaUs;
		group.cpuPeriodUs = max.periodUs;
	}},
	{name: 'memory.current', cadence: 'tick', apply(text, group) {
		group.memoryBytes = parseSingleValue(text);
	}},
	{name: 'memory.max', cadence: 'scan', apply(text, group) {
		group.memoryLimitBytes = parseLimit(text);
	}},
	{name: 'memory.high', cadence: 'scan', apply(text, group) {
		group.memoryHighBytes = parseLimit(text);
	}},
	{name: 'memory.events', cadence: 'focus', apply(text, group) {
		const values = parseFlatKeyed(text);
		const max = values.get('max');
		group.memoryLimitHits = max === undefined ? undefined : max + (values.get('high') ?? 0);
		group.memoryOomKills = values.get('oom_kill');
	}},
	{name: 'memory.stat', cadence: 'focus', when: memoryLimited, nearLimitOnly: true, apply(text, group) {
		const values = parseFlatKeyed(text);
		group.memoryInactiveFileBytes = values.get('inactive_file');
		group.memoryMajorFaults = values.get('pgmajfault');
	}},
	{name: 'io.stat', cadence: 'tick', apply(text, group) {
		const bytes = parseIoStat(text);
		group.ioReadBytes = bytes.readBytes;
		group.ioWriteBytes = bytes.writeBytes;
	}},
	...pidsFiles,
	pressureSpec('cpu'),
	pressureSpec('memory'),
	pressureSpec('io'),
];

// In the hybrid layout the unified hierarchy has no controllers: only its per-group PSI adds anything.
const hybridUnifiedFiles = unifiedFiles.filter(spec => spec.name.endsWith('.pressure'));

// Documentation/admin-guide/cgroup-v1/: v1 counts CPU in ns (cpuacct.usage, cpu.stat throttled_time).
const v1Files: Readonly<Record<CgroupV1Controller, readonly FileSpec[]>> = {
	cpuacct: [
		{name: 'cpuacct.usage', cadence: 'tick', apply(text, group) {
			group.cpuUsageUs = microseconds(parseSingleValue(text));
		}},
	],
	cpu: [
		{name: 'cpu.stat', cadence: 'focus', when: cpuLimited, apply(text, group) {
			const values = parseFlatKeyed(text);
			group.cpuPeriods = values.get('nr_periods');
			group.cpuThrottledPeriods = values.get('nr_throttled');
			const throttled = values.get('throttled_time');
			group.cpuThrottledUs = throttled === undefined ? undefined : microseconds(throttled);
		}},
		{name: 'cpu.cfs_quota_us', cadence: 'scan', apply(text, group) {
			group.cpuQuotaUs = parseLimit(text);
		}},
		{name: 'cpu.cfs_period_us', cadence: 'scan', apply(text, group) {
			group.cpuPeriodUs = parseSingleValue(text);
		}},
	],
	memory: [
		{name: 'memory.usage_in_bytes', cadence: 'tick', apply(text, group) {
			group.memoryBytes = parseSingleValue(text);
		}},
		{name: 'memory.limit_in_bytes', cadence: 'scan', apply(text, group) {
			group.memoryLimitBytes = parseLimit(text);
		}},
		{name: 'memory.failcnt', cadence: 'focus', apply(text, group) {
			group.memoryLimitHits = parseSingleValue(text);
		}},
		{name: 'memory.oom_control', cadence: 'focus', apply(text, group) {
			group.memoryOomKills = parseFlatKeyed(text).get('oom_kill');
		}},
		{name: 'memory.stat', cadence: 'focus', when: memoryLimited, nearLimitOnly: true, apply(text, group) {
			const values = parseFlatKeyed(text);
			group.memoryInactiveFileBytes = values.get('total_inactive_file');
			group.memoryMajorFaults = values.get('total_pgmajfault');
		}},
	],
	blkio: [
		{name: 'blkio.throttle.io_service_bytes_recursive', cadence: 'tick', apply(text, group) {
			const bytes = parseBlkioServiceBytes(text);
			group.ioReadBytes = bytes.readBytes;
			group.ioWriteBytes = bytes.writeBytes;
		}},
	],
	pids: pidsFiles,
};

/** One file of one group found by the walk. */
type Source = {
	readonly path: string;
	readonly file: string;
	readonly held: HeldFile;
	readonly spec: FileSpec;
};

/** Most cgroup files are a line or a few; memory.stat (~1.5 KiB) is read on from there. */
const expectedFileBytes = 512;

/** One hierarchy's files as the last walk found them, in path order (a parent before its children). */
type Scan = {
	readonly sources: readonly Source[];
	readonly failure?: string;
};

export type CgroupReaderOptions = {
	readonly procfs: string;
	readonly sysfs: string;
	readonly rootfs: string;
	readonly files: HeldFiles;
	/** Walk the hierarchies again after this many ticks (default 10 with v1 hierarchies, 30 on v2 alone). */
	readonly rescanTicks?: number;
	/** Unlimited groups read in depth: the top this many by CPU, memory and I/O of the last tick (default 10 each). */
	readonly focusGroups?: number;
};

export type CgroupOutcome = {
	/** Undefined when no hierarchy is mounted or none could be read. */
	readonly reading?: CgroupsReading;
	/** Why a hierarchy, or all of them, could not be read: one line each. */
	readonly failures: readonly string[];
};

export type CgroupReader = {
	readonly read: () => CgroupOutcome;
};

const gone = new Set(['ENOENT', 'ENODEV']);
const unsupported = new Set(['EOPNOTSUPP', 'ENOTSUP']);

function errorCode(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Every directory under `hierarchy` with the files of `specs` it holds, in the specs' order (which
 * memory.stat's condition relies on). Throws the top directory's own error; a subdirectory that goes
 * away during the walk is skipped.
 */
function walk(hierarchy: CgroupHierarchy, specs: readonly FileSpec[], heldFile: (file: string) => HeldFile): Source[] {
	const byName = new Map(specs.map(spec => [spec.name, spec]));
	const sources: Source[] = [];
	const pending: Array<{readonly directory: string; readonly group: string}> = [{directory: hierarchy.directory, group: hierarchy.root}];
	for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
		let entries;
		try {
			entries = readdirSync(next.directory, {withFileTypes: true});
		} catch (error) {
			if (next.directory === hierarchy.directory) {
				throw error;
			}

			continue;
		}

		const found: Source[] = [];
		for (const entry of entries) {
			if (entry.isDirectory()) {
				pending.push({directory: path.join(next.directory, entry.name), group: path.posix.join(next.group, entry.name)});
			} else if (next.group !== '/') {
				const spec = byName.get(entry.name);
				if (spec !== undefined) {
					const file = path.join(next.directory, entry.name);
					found.push({path: next.group, file, held: heldFile(file), spec});
				}
			}
		}

		found.sort((a, b) => specs.indexOf(a.spec) - specs.indexOf(b.spec));
		sources.push(...found);
	}

	return sources;
}

function scan(hierarchy: CgroupHierarchy, specs: readonly FileSpec[], heldFile: (file: string) => HeldFile): Scan {
	try {
		return {sources: walk(hierarchy, specs, heldFile)};
	} catch (error) {
		return {sources: [], failure: `cannot read ${hierarchy.directory}: ${errorReason(error)}`};
	}
}

/** What one pass over a list of sources found. */
type Pass = {
	readonly groups: Map<string, Group>;
	/** Groups whose files have gone since the walk. */
	readonly removed: Set<string>;
	readonly failures: string[];
};

function compareText(a: string, b: string): number {
	return a < b ? -1 : (a > b ? 1 : 0);
}

/**
 * A reader of the control groups (cgroup v1, v2 or both). Never throws: a hierarchy that cannot be
 * walked is a failure line and the others are still read; a group whose files went away since the
 * walk is left out of the tick and the next tick walks again.
 */
export function createCgroupReader(options: CgroupReaderOptions): CgroupReader {
	const rescanTicks = () => options.rescanTicks ?? (hierarchies?.mode === 'v2' ? 30 : 10);
	const focusGroups = options.focusGroups ?? 10;
	let hierarchies: CgroupHierarchies | undefined;
	let scans: Scan[] = [];
	/** The scan-cadence figures of each group (limits, pids), from the last walk. */
	let scanned = new Map<string, Group>();
	let ticksSinceScan = Number.POSITIVE_INFINITY;
	let unifiedDescendants: string | undefined;
	let mountFailure: string | undefined;
	let focus = new Set<string>();
	/** Limited groups far from their limits at the last tick (farFromLimits). */
	let far = new Set<string>();
	let previous = new Map<string, CgroupReading>();
	let ends = new Int32Array(0);
	/** Each file's held descriptor, kept across walks while the file is still found. */
	let heldFiles = new Map<string, HeldFile>();
	const names = createContainerNames(options.rootfs);
	/** Names of the containers and pods among the walked groups: new groups only appear at a walk. */
	let workloadNames: WorkloadNames | undefined;

	function rescan(): string[] {
		const mountinfo = `${options.procfs}/self/mountinfo`;
		try {
			hierarchies = findCgroupHierarchies(parseMountInfo(options.files.read(mountinfo)), options);
			mountFailure = hierarchies === undefined ? 'no cgroup hierarchy is mounted' : undefined;
		} catch (error) {
			hierarchies = undefined;
			mountFailure = `cannot read ${mountinfo}: ${errorReason(error)}`;
		}

		scans = [];
		const held = new Map<string, HeldFile>();
		const heldFile = (file: string): HeldFile => {
			const kept = heldFiles.get(file) ?? options.files.file(file);
			held.set(file, kept);
			return kept;
		};

		if (hierarchies?.unified) {
			scans.push(scan(hierarchies.unified, hierarchies.mode === 'v2' ? unifiedFiles : hybridUnifiedFiles, heldFile));
		}

		for (const [controller, hierarchy] of hierarchies?.v1 ?? []) {
			scans.push(scan(hierarchy, v1Files[controller], heldFile));
		}

		for (const [file, kept] of heldFiles) {
			if (!held.has(file)) {
				options.files.release(kept);
			}
		}

		heldFiles = held;

		ticksSinceScan = 0;
		unifiedDescendants = descendantsOfUnified();
		const pass: Pass = {groups: new Map(), removed: new Set(), failures: []};
		for (const {sources} of scans) {
			readSources(sources, 'scan', pass);
		}

		scanned = pass.groups;
		workloadNames = names.namesFor(scanned.keys());
		return pass.failures;
	}

	/** The unified root's cgroup.stat: its counts move whenever a group is made or removed. */
	function descendantsOfUnified(): string | undefined {
		const unified = hierarchies?.unified;
		if (unified === undefined) {
			return undefined;
		}

		try {
			return options.files.read(path.join(unified.directory, 'cgroup.stat'));
		} catch {
			return undefined;
		}
	}

	function read(): CgroupOutcome {
		const scanFailures = ticksSinceScan >= rescanTicks() || (hierarchies?.unified !== undefined && descendantsOfUnified() !== unifiedDescendants) ? rescan() : [];
		ticksSinceScan++;
		if (hierarchies === undefined) {
			return {failures: [mountFailure ?? 'no cgroup hierarchy is mounted']};
		}

		const pass: Pass = {groups: new Map(), removed: new Set(), failures: [...scanFailures]};
		for (const [groupPath, group] of scanned) {
			pass.groups.set(groupPath, newGroup(groupPath, group));
		}

		let readable = false;
		for (const {sources, failure} of scans) {
			if (failure === undefined) {
				readable = true;
				readSources(sources, 'tick', pass);
			} else {
				pass.failures.push(failure);
			}
		}

		if (pass.removed.size > 0) {
			ticksSinceScan = Number.POSITIVE_INFINITY;
		}

		if (!readable) {
			return {failures: pass.failures};
		}

		const groups: CgroupReading[] = [];
		for (const group of pass.groups.values()) {
			if (!pass.removed.has(group.path)) {
				groups.push(group);
			}
		}

		groups.sort((a, b) => compareText(a.path, b.path));
		focus = topGroups(groups);
		far = new Set(groups.filter(group => limited(group) && farFromLimits(group, previous.get(group.path))).map(group => group.path));
		previous = new Map(groups.map(group => [group.path, group]));
		const named = workloadNames !== undefined && (workloadNames.containers.size > 0 || workloadNames.pods.size > 0);
		return {reading: {mode: hierarchies.mode, groups, ...(named && {names: workloadNames})}, failures: pass.failures};
	}

	/** The top `focusGroups` by CPU time and I/O bytes since the last tick, and by memory in use. */
	function topGroups(groups: readonly CgroupReading[]): Set<string> {
		const since = (group: CgroupReading, value: (reading: CgroupReading) => number | undefined) => {
			const before = previous.get(group.path);
			return (value(group) ?? 0) - (before === undefined ? 0 : (value(before) ?? 0));
		};

		const rankings: Array<(group: CgroupReading) => number> = [
			group => since(group, reading => reading.cpuUsageUs),
			group => group.memoryBytes ?? 0,
			group => since(group, reading => (reading.ioReadBytes ?? 0) + (reading.ioWriteBytes ?? 0)),
		];
		const top = new Set<string>();
		const values = new Float64Array(groups.length);
		for (const load of rankings) {
			for (const [index, group] of groups.entries()) {
				values[index] = load(group);
			}

			for (const index of topIndices(values, focusGroups)) {
				top.add(groups[index]!.path);
			}
		}

		return top;
	}

	/**
	 * Reads the sources of one cadence: `scan` the scan files, `tick` the tick files and the focus files
	 * of the groups in focus. The files are read back to back into the shared buffer (half by the
	 * helper thread for a long list, as the process files are) and parsed afterwards.
	 */
	function readSources(sources: readonly Source[], phase: 'scan' | 'tick', pass: Pass): void {
		const chosen: Source[] = [];
		for (const source of sources) {
			const {spec} = source;
			if ((phase === 'scan') !== (spec.cadence === 'scan')) {
				continue;
			}

			// A group is made by the first file read for it: in the hybrid layout, groups of the unified
			// hierarchy that no v1 controller has (most of systemd's) stay out unless in focus.
			const group = pass.groups.get(source.path) ?? newGroup(source.path);
			const judged = focus.has(source.path) || (limited(group) && !(spec.nearLimitOnly && far.has(source.path)));
			if ((spec.cadence === 'focus' && !judged) || (spec.when !== undefined && !spec.when(group))) {
				continue;
			}

			pass.groups.set(source.path, group);
			chosen.push(source);
		}

		// One failure a hierarchy is enough to say what is wrong; hundreds would bury the rest.
		let reported = false;
		const report = (line: string) => {
			if (!reported) {
				pass.failures.push(line);
				reported = true;
			}
		};

		if (ends.length < chosen.length) {
			ends = new Int32Array(chosen.length * 2);
		}

		options.files.readEach(chosen.map(source => source.held), expectedFileBytes, 0, ends, (index, error) => {
			const source = chosen[index]!;
			const code = errorCode(error);
			if (code !== undefined && gone.has(code)) {
				pass.removed.add(source.path);
			} else if (code === undefined || !unsupported.has(code)) {
				// EOPNOTSUPP: PSI switched off for the group (kernel ≥ 6.1, runc#3900), not a failure.
				report(`cannot read ${source.file}: ${errorReason(error)}`);
			}
		});
		const buffer = options.files.buffer();
		let start = 0;
		for (const [index, source] of chosen.entries()) {
			const end = ends[index]!;
			if (end < 0) {
				continue;
			}

			try {
				source.spec.apply(buffer.toString('latin1', start, end), pass.groups.get(source.path)!);
			} catch (error) {
				report(`cannot parse ${source.file}: ${errorReason(error)}`);
			}

			start = end;
		}
	}

	return {read};
}
