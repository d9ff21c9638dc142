// Raw readings: counters and gauges exactly as the kernel reports them, in base units.
// Rates are derived later (metrics/derive.ts) from two readings; nothing here is a rate.

/** Why a group of readings is missing from a tick. Never an exception past the collector boundary. */
export type Unavailable = {
	readonly group: CollectorGroup;
	readonly reason: string;
};

export type CollectorGroup =
	| 'cpu'
	| 'loadavg'
	| 'pressure'
	| 'memory'
	| 'vmstat'
	| 'disk'
	| 'filesystem'
	| 'network'
	| 'netstat'
	| 'process'
	| 'cgroup';

/** Jiffies (USER_HZ) per state, from a `cpu` line of /proc/stat (proc(5)). */
export type CpuTimes = {
	readonly user: number;
	readonly nice: number;
	readonly system: number;
	readonly idle: number;
	readonly iowait: number;
	readonly irq: number;
	readonly softirq: number;
	readonly steal: number;
	readonly guest: number;
	readonly guestNice: number;
};

export type StatReading = {
	readonly total: CpuTimes;
	/** Keyed by core name as in /proc/stat (`cpu0`, `cpu1` …). An offline core has no line. */
	readonly cores: ReadonlyMap<string, CpuTimes>;
	readonly contextSwitches: number;
	/** `processes`: forks since boot. */
	readonly forks: number;
	readonly procsRunning: number;
	readonly procsBlocked: number;
	/** Boot time, seconds since the epoch. */
	readonly bootTimeSec: number;
};

export type LoadAvgReading = {
	readonly load1: number;
	readonly load5: number;
	readonly load15: number;
	readonly runnableEntities: number;
	readonly totalEntities: number;
};

/** One line of /proc/pressure/<resource>: avg10 in %, total stall time in µs. */
export type PressureLine = {
	readonly avg10: number;
	readonly avg60: number;
	readonly avg300: number;
	readonly totalUs: number;
};

export type PressureResource = {
	readonly some: PressureLine;
	/** cpu `full` appears only on kernels ≥ 5.13. */
	readonly full?: PressureLine;
};

export type PressureReading = {
	readonly cpu?: PressureResource;
	readonly memory?: PressureResource;
	readonly io?: PressureResource;
};

/** /proc/meminfo, converted from kB to bytes. */
export type MemInfoReading = {
	readonly totalBytes: number;
	readonly freeBytes: number;
	readonly availableBytes: number;
	readonly buffersBytes: number;
	readonly cachedBytes: number;
	readonly sReclaimableBytes: number;
	readonly shmemBytes: number;
	readonly dirtyBytes: number;
	readonly writebackBytes: number;
	readonly swapTotalBytes: number;
	readonly swapFreeBytes: number;
};

/** Counters from /proc/vmstat. `oomKill` is absent before kernel 4.13. */
export type VmStatReading = {
	readonly pswpin: number;
	readonly pswpout: number;
	readonly pgmajfault: number;
	readonly pgfault: number;
	readonly oomKill?: number;
};

/** One whole device of /proc/diskstats (Documentation/admin-guide/iostats.rst). Sectors are 512 bytes. */
export type DiskStatReading = {
	readonly name: string;
	readonly readsCompleted: number;
	readonly readsMerged: number;
	readonly sectorsRead: number;
	readonly readTimeMs: number;
	readonly writesCompleted: number;
	readonly writesMerged: number;
	readonly sectorsWritten: number;
	readonly writeTimeMs: number;
	readonly inFlight: number;
	readonly ioTimeMs: number;
	readonly weightedIoTimeMs: number;
};

export type FilesystemReading = {
	readonly mountPoint: string;
	readonly device: string;
	readonly fsType: string;
	readonly sizeBytes: number;
	/** Free for unprivileged users (statfs f_bavail), as `df` reports. */
	readonly availableBytes: number;
	readonly freeBytes: number;
	readonly inodes: number;
	readonly inodesFree: number;
};

/** One interface of /proc/net/dev, plus its link speed from /sys/class/net/<if>/speed where known. */
export type NetDevReading = {
	readonly name: string;
	readonly rxBytes: number;
	readonly rxPackets: number;
	readonly rxErrors: number;
	readonly rxDrops: number;
	readonly txBytes: number;
	readonly txPackets: number;
	readonly txErrors: number;
	readonly txDrops: number;
	/** Mbit/s; undefined for `lo`, virtual interfaces, or a link that is down (speed -1). */
	readonly speedMbps?: number;
};

/** TCP/UDP counters from /proc/net/snmp and /proc/net/netstat. */
export type NetstatReading = {
	readonly tcpActiveOpens: number;
	readonly tcpPassiveOpens: number;
	readonly tcpCurrEstab: number;
	readonly tcpOutSegs: number;
	readonly tcpRetransSegs: number;
	readonly tcpInErrs: number;
	readonly udpInErrors: number;
	readonly udpRcvbufErrors: number;
	readonly udpSndbufErrors: number;
	readonly listenOverflows: number;
	readonly listenDrops: number;
};

/** One process from /proc/<pid>/{stat,status,io}. CPU times are in jiffies. */
export type ProcessReading = {
	readonly pid: number;
	readonly name: string;
	readonly command: string;
	readonly state: string;
	/** The parent's pid; 0 where the parent is outside the pid namespace (init, kthreadd) or unknown. */
	readonly ppid: number;
	readonly uid: number;
	readonly user: string;
	readonly utimeTicks: number;
	readonly stimeTicks: number;
	/** Jiffies after boot: with pid, identifies a process across pid reuse. */
	readonly startTimeTicks: number;
	readonly rssBytes: number;
	readonly threads: number;
	/**
	 * From /proc/<pid>/io, its own: what the children it reaped brought into it is taken out
	 * (reaped-io.ts). Undefined when not readable (another user's process without privilege).
	 */
	readonly readBytes?: number;
	readonly writeBytes?: number;
	/**
	 * Its control groups other than the root, deepest first (one on v2; on v1 one a hierarchy where they
	 * differ), read for the named top processes only; undefined for the others.
	 */
	readonly cgroups?: readonly string[];
};

/** Everything one tick read. A group is absent when its source was unavailable; `unavailable` says why. */
export type RawReading = {
	/** Wall clock, ms since the epoch. */
	readonly timestamp: number;
	/** Monotonic clock, ms: the only clock rates are computed from. */
	readonly monotonicMs: number;
	/** USER_HZ, for converting jiffies (100 on every Linux architecture perftop supports). */
	readonly ticksPerSecond: number;
	readonly stat?: StatReading;
	readonly loadavg?: LoadAvgReading;
	readonly pressure?: PressureReading;
	readonly meminfo?: MemInfoReading;
	readonly vmstat?: VmStatReading;
	readonly disks?: readonly DiskStatReading[];
	readonly filesystems?: readonly FilesystemReading[];
	readonly network?: readonly NetDevReading[];
	readonly netstat?: NetstatReading;
	readonly processes?: readonly ProcessReading[];
	readonly cgroups?: CgroupsReading;
	readonly unavailable: readonly Unavailable[];
};

/**
 * Which cgroup hierarchies are mounted (Documentation/admin-guide/cgroup-v2.rst, cgroup-v1/):
 * `v2` the unified hierarchy alone, `v1` controllers on hierarchies of their own, `hybrid` both
 * (controllers on v1, a controller-less cgroup2 beside them, as systemd mounts at /sys/fs/cgroup/unified).
 */
export type CgroupMode = 'v1' | 'v2' | 'hybrid';

/**
 * One control group, joined by its path across the hierarchies (v1) or from the unified one (v2).
 * Normalised in the parsers: times in µs, sizes in bytes; a field is absent when its file is absent or
 * unreadable, and a limit is absent when there is none (`max`, -1, or v1's near-2^63 "unlimited").
 */
export type CgroupReading = {
	/** `/` for the root, else `/system.slice/nginx.service` as /proc/<pid>/cgroup writes it. */
	readonly path: string;
	/** CPU time used by the group and its descendants (v2 cpu.stat usage_usec, v1 cpuacct.usage). */
	readonly cpuUsageUs?: number;
	/** CFS bandwidth periods elapsed and throttled, and time throttled (cpu.stat). */
	readonly cpuPeriods?: number;
	readonly cpuThrottledPeriods?: number;
	readonly cpuThrottledUs?: number;
	/** The quota per period (v2 cpu.max, v1 cpu.cfs_quota_us / cpu.cfs_period_us); absent without one. */
	readonly cpuQuotaUs?: number;
	readonly cpuPeriodUs?: number;
	/** memory.current (v2), memory.usage_in_bytes (v1). */
	readonly memoryBytes?: number;
	/** memory.max (v2), memory.limit_in_bytes (v1); absent when unlimited. */
	readonly memoryLimitBytes?: number;
	/** memory.high (v2): the throttling line below the limit; absent when unset. */
	readonly memoryHighBytes?: number;
	/** Inactive page cache, which reclaim takes first: usage minus this is the working set (cadvisor). */
	readonly memoryInactiveFileBytes?: number;
	/** Major faults of the group's processes since it was created (memory.stat pgmajfault, v1 total_pgmajfault). */
	readonly memoryMajorFaults?: number;
	/** Times usage hit the limit: v2 memory.events `max` + `high`, v1 memory.failcnt. */
	readonly memoryLimitHits?: number;
	/** Processes the OOM killer killed in the group (memory.events `oom_kill`, v1 memory.oom_control `oom_kill`, kernel ≥ 4.13). */
	readonly memoryOomKills?: number;
	/** Bytes read and written, all devices (v2 io.stat rbytes/wbytes, v1 blkio.throttle.io_service_bytes_recursive). */
	readonly ioReadBytes?: number;
	readonly ioWriteBytes?: number;
	readonly pids?: number;
	/** pids.max; absent when `max`. */
	readonly pidsMax?: number;
	/** The group's own PSI files (v2 only; a kernel ≥ 6.1 may switch them off per group). */
	readonly pressure?: PressureReading;
};

export type CgroupsReading = {
	readonly mode: CgroupMode;
	readonly groups: readonly CgroupReading[];
	/** What the runtimes and kubelet call the containers and pods among the groups, where their files were readable (root-only). */
	readonly names?: WorkloadNames;
};

/** A Kubernetes pod as people name it. */
export type PodIdentity = {
	readonly namespace: string;
	readonly name: string;
};

/** What a runtime's own record says of one container; each part only where the record has it. */
export type ContainerIdentity = {
	/** `web` (Docker, Podman, nerdctl), `nginx` (a container of a pod), `sandbox` (a pod's pause container). */
	readonly name?: string;
	readonly pod?: PodIdentity & {readonly uid?: string};
};

export type WorkloadNames = {
	/** By the container's full 64-hex id. */
	readonly containers: ReadonlyMap<string, ContainerIdentity>;
	/** By pod uid, with dashes. */
	readonly pods: ReadonlyMap<string, PodIdentity>;
};

/** Devices the collector skips unless asked: each defaults to false. */
export type DeviceSelection = {
	/** Include loop, ram and zram devices (partitions never: their whole disk is read). */
	readonly includeVirtualDisks?: boolean;
	/** Include the loopback interface. */
	readonly includeLoopback?: boolean;
	/** Keep tmpfs mounts among the filesystems. */
	readonly includeTmpfs?: boolean;
};

/** Which devices and how deep to read; every field has a default in the collector. */
export type CollectOptions = DeviceSelection & {
	readonly procfs: string;
	readonly sysfs: string;
	/**
	 * The monitored machine's `/` (node_exporter's --path.rootfs): mount points from mountinfo are
	 * stat'ed under it, and user names read from its etc/passwd. Default `/`.
	 */
	readonly rootfs?: string;
	/** statfs deadline per mount, so a hung network mount cannot stall a tick. */
	readonly statfsTimeoutMs?: number;
};
