import type {CatalogueEntry, MetricDefinition, MinimumChange, Unit} from './types.js';

// Saturation normalisation. The methodology scores saturation on a 0–10+ scale (> 1 → 1 point,
// > 5 → 2, > 10 → 3; > 5 makes a bottleneck). Each saturation metric says how its raw value maps:
// - PSI `some` % of the interval (from the `total` stall counter, not avg10, which lags a finished load
//   by several seconds): × 0.1, so 50 % of wall time with a task stalled is a bottleneck, 100 % scores 10.
// - run-queue excess per core (runnable tasks beyond one per core, per core): × 5, so twice as many
//   runnable tasks as cores (excess 1.0 per core) is a bottleneck.
// - disk aqu-sz (average requests queued or in service): × 1, as `iostat -x` reports it; a sustained
//   queue of 5 on one device is a bottleneck.
// - swap traffic and major faults, pages/s: × 0.001 (4 MB/s of swap ≈ 1; 20 MB/s = bottleneck).
// - TCP retransmitted share of sent segments, %: × 1 (5 % retransmits = bottleneck).
// - listen-queue drops/s: × 1 (any sustained drop rate matters; 5/s = bottleneck).
// - steal %: × 1, so steal above 5 % (a hypervisor giving this guest's CPU time to others) is a bottleneck.
// - forks/s: × 0.01 (500/s = bottleneck, 1,000/s scores 10), and context switches/s per core: × 0.0002
//   (25,000/s per core = bottleneck), each only while system time is above 30 % of all CPU time
//   (`saturationGate`): a shell forking in a loop makes 1,000–3,000 processes a second and puts ~48 % of
//   the machine in the kernel, a context-switch storm 100,000+ switches per core and 40–75 %; a build
//   forking hundreds of compilers a second spends 10–20 % in the kernel, a busy server switching 10,000
//   times a core spends most of its time in user code, and both stay quiet. The gate is a share of all
//   CPU time, not of busy time: beside other busy work the fork loop's share of busy time falls below
//   half (measured here: 43–52 % under a build, 94 % alone) while its kernel time stays near half the machine.
// Instantaneous readings and rates one busy second can spike (run queue, steal, forks, context switches)
// are `sustained`: judged at their lowest over the last 3 ticks, the same persistence anomalies use.
// Error normalisation maps to an "error rate %": NIC error share of packets is a % already (× 1);
// any OOM kill in an interval scores the maximum (× 1000 on a per-second rate).
//
// Severity floors (`floor`): the additive U + S + E score caps a resource whose only trouble is queueing
// or errors at MEDIUM (3 points of saturation), so the severity shown and ranked is at least
// - HIGH on any OOM kill in the tick: the kernel is already killing processes for memory;
// - CRITICAL when PSI `full` (every non-idle task stalled at once) exceeds 10 % for 3 ticks: for a tenth
//   of the time nothing on the machine made progress on that resource;
// - HIGH when normalised saturation exceeds 10 for 3 ticks (analyze/severity.ts, for every resource):
//   twice the bottleneck line, held, is more than a MEDIUM.

const PSI_SCALE = 0.1;
const PAGES_SCALE = 0.001;
/** Kernel-bound work: system time above 30 % of all CPU time opens the fork and context-switch gates. */
const KERNEL_BOUND = {id: 'cpu.system_pct', above: 30} as const;
const PSI_FULL_FLOOR = {above: 10, ticks: 3, severity: 'CRITICAL'} as const;

// Judging a deviation from a baseline. Each entry says which way a change hurts (`harmful`): more busy
// time, queueing, errors, traffic or latency hurt going up; idle time, available memory or space, link
// speed and service health hurt going down; sizes, uptime, reclaimable cache (buff/cache: the kernel
// gives it back on demand, and real pressure shows in used memory, PSI and major faults), the probe
// rate, the last status and body size hurt neither way (failures are judged through the error share).
// A deviation is an alarm only when it also exceeds a practical minimum change, so a steady series with
// a tiny σ does not turn a change nobody would act on into "critical". Per unit, unless an entry says:
// - percent: 2 points. Percentages are shares of a capacity, so 2 points are 2 % of the machine, the
//   disk or the link, whatever its size: less is within what an idle machine wanders.
// - bytes: 2 % of the resource's capacity for memory and filesystems (the same 2 points as their used
//   share: 480 MiB on a 24 GiB machine, 2 GiB on a 100 GiB disk); otherwise half the median, at least 1 MiB.
// - rates (per second, bytes per second) and counts: half the median, so a rate must change by half again
//   to matter, and at least 1 event/s, 1 MiB/s or 1 task (a rate idling near 0 has no useful median).
// - milliseconds: half the median, at least 5 ms (disk await idles at fractions of a millisecond).
// - ratio (run-queue excess per core): 0.25, a quarter of a core's worth of waiting tasks.
// - seconds: 60 s.
const unitMinimumChange: Readonly<Record<Unit, MinimumChange>> = {
	percent: {absolute: 2},
	bytes: {absolute: 1024 * 1024, ofMedian: 0.5},
	bytes_per_second: {absolute: 1024 * 1024, ofMedian: 0.5},
	per_second: {absolute: 1, ofMedian: 0.5},
	milliseconds: {absolute: 5, ofMedian: 0.5},
	count: {absolute: 1, ofMedian: 0.5},
	ratio: {absolute: 0.25},
	seconds: {absolute: 60},
};
const OF_MEMORY: MinimumChange = {absolute: 1024 * 1024, ofCapacity: {metric: 'memory.total_bytes', share: 0.02}};
const OF_FILESYSTEM: MinimumChange = {absolute: 1024 * 1024, ofCapacity: {metric: 'fs.size_bytes', share: 0.02}};
// Disk throughput and IOPS: a device's capacity is not known here (its busy share is judged by util %),
// so a change must be large for any disk: 50 IOPS or 10 MiB/s, or half the median.
const DISK_IOPS: MinimumChange = {absolute: 50, ofMedian: 0.5};
const DISK_BYTES: MinimumChange = {absolute: 10 * 1024 * 1024, ofMedian: 0.5};
// Established connections come and go with every client: a leak or a flood is tens at least.
const CONNECTIONS: MinimumChange = {absolute: 20, ofMedian: 0.5};
// OOM kills: any kill is worth telling (one kill in a 1 s tick is 1/s, in a 10 s one 0.1/s).
const ANY_EVENT: MinimumChange = {absolute: 0.01};

const entries = [
	// CPU, whole machine (resource `cpu`). Percentages of all cores' time, as mpstat's `all` row.
	{id: 'cpu.busy_pct', label: 'busy', unit: 'percent', resourceKind: 'cpu', use: 'utilization', harmful: 'up', description: 'Share of CPU time not idle or waiting for I/O (user + nice + system + irq + softirq + steal).'},
	{id: 'cpu.user_pct', label: 'user', unit: 'percent', resourceKind: 'cpu', use: 'info', harmful: 'up', description: 'User time, including guest time.'},
	{id: 'cpu.nice_pct', label: 'nice', unit: 'percent', resourceKind: 'cpu', use: 'info', harmful: 'up', description: 'User time at a positive nice value.'},
	{id: 'cpu.system_pct', label: 'system', unit: 'percent', resourceKind: 'cpu', use: 'info', harmful: 'up', description: 'Kernel time.'},
	{id: 'cpu.iowait_pct', label: 'iowait', unit: 'percent', resourceKind: 'cpu', use: 'info', harmful: 'up', description: 'Idle time with I/O outstanding.'},
	// Interrupt time is work this CPU does (counted in busy %), not queueing: informational, named in the evidence when large.
	{id: 'cpu.irq_pct', label: 'irq', unit: 'percent', resourceKind: 'cpu', use: 'info', harmful: 'up', kindOfWork: true, description: 'Hardware interrupt time.'},
	{id: 'cpu.softirq_pct', label: 'softirq', unit: 'percent', resourceKind: 'cpu', use: 'info', harmful: 'up', kindOfWork: true, description: 'Software interrupt time (network receive, block completion, timers).'},
	// Stolen time is a runnable vCPU waiting for a physical CPU the hypervisor gave to another guest: saturation one level down.
	{id: 'cpu.steal_pct', label: 'steal', unit: 'percent', resourceKind: 'cpu', use: 'saturation', harmful: 'up', saturationScale: 1, sustained: true, kindOfWork: true, description: 'Time the hypervisor ran another guest while this one wanted to run.'},
	{id: 'cpu.system_share_pct', label: 'kernel share', unit: 'percent', resourceKind: 'cpu', use: 'info', harmful: 'up', kindOfWork: true, description: 'System time as a share of busy time: near 100 % the kernel does nearly all the work (a fork loop alone: 94 %).'},
	{id: 'cpu.idle_pct', label: 'idle', unit: 'percent', resourceKind: 'cpu', use: 'info', harmful: 'down', description: 'Idle time without outstanding I/O.'},
	{id: 'cpu.runnable', label: 'runnable', unit: 'count', resourceKind: 'cpu', use: 'info', harmful: 'up', description: 'Tasks running or waiting to run (procs_running).'},
	{id: 'cpu.runqueue_excess_per_core', label: 'run-queue excess', unit: 'ratio', resourceKind: 'cpu', use: 'saturation', harmful: 'up', saturationScale: 5, sustained: true, description: 'Runnable tasks beyond one per core, divided by cores; an instantaneous reading, judged at its lowest over 3 ticks.'},
	{id: 'cpu.psi_some_pct', label: 'PSI some', unit: 'percent', resourceKind: 'cpu', use: 'saturation', harmful: 'up', saturationScale: PSI_SCALE, description: 'Share of time some runnable task waited for a CPU over the interval (PSI `total`).'},
	{id: 'cpu.psi_full_pct', label: 'PSI full', unit: 'percent', resourceKind: 'cpu', use: 'info', harmful: 'up', floor: PSI_FULL_FLOOR, description: 'Share of time all non-idle tasks waited for a CPU over the interval (PSI `total`).'},

	// One core (resource `cpu:<n>`). Informational: imbalance shows as evidence, not as separate bottlenecks.
	{id: 'cpu.core_busy_pct', label: 'busy', unit: 'percent', resourceKind: 'cpu', use: 'info', harmful: 'up', description: 'Busy share of one core.'},
	{id: 'cpu.core_user_pct', label: 'user', unit: 'percent', resourceKind: 'cpu', use: 'info', harmful: 'up', description: 'User share of one core.'},
	{id: 'cpu.core_system_pct', label: 'system', unit: 'percent', resourceKind: 'cpu', use: 'info', harmful: 'up', description: 'Kernel share of one core.'},
	{id: 'cpu.core_iowait_pct', label: 'iowait', unit: 'percent', resourceKind: 'cpu', use: 'info', harmful: 'up', description: 'I/O-wait share of one core.'},

	// System-wide scheduler figures (resource `system`). The CPU is judged with them (analyze/use.ts): forks and
	// context switches are kind-of-work signals of the CPU, which /proc/stat counts for the whole machine.
	{id: 'system.load1', label: 'load 1m', unit: 'count', resourceKind: 'system', use: 'info', harmful: 'up', description: 'Load average over 1 minute.'},
	{id: 'system.load5', label: 'load 5m', unit: 'count', resourceKind: 'system', use: 'info', harmful: 'up', description: 'Load average over 5 minutes.'},
	{id: 'system.load15', label: 'load 15m', unit: 'count', resourceKind: 'system', use: 'info', harmful: 'up', description: 'Load average over 15 minutes.'},
	{id: 'system.context_switches_per_s', label: 'ctx switches', unit: 'per_second', resourceKind: 'system', use: 'info', harmful: 'up', description: 'Context switches per second.'},
	{id: 'system.context_switches_per_core_per_s', label: 'ctx switches/core', unit: 'per_second', resourceKind: 'system', use: 'saturation', harmful: 'up', saturationScale: 0.0002, saturationGate: KERNEL_BOUND, sustained: true, kindOfWork: true, description: 'Context switches per second per online core (ctxt); saturation of the CPU while system time is above 30 % of all CPU time.'},
	{id: 'system.forks_per_s', label: 'forks', unit: 'per_second', resourceKind: 'system', use: 'saturation', harmful: 'up', saturationScale: 0.01, saturationGate: KERNEL_BOUND, sustained: true, kindOfWork: true, description: 'Processes created per second (processes); saturation of the CPU while system time is above 30 % of all CPU time.'},
	{id: 'system.blocked_tasks', label: 'D-state', unit: 'count', resourceKind: 'system', use: 'info', harmful: 'up', description: 'Tasks in uninterruptible sleep, usually waiting for I/O (procs_blocked).'},
	{id: 'system.uptime_s', label: 'uptime', unit: 'seconds', resourceKind: 'system', use: 'info', harmful: 'none', description: 'Time since boot.'},

	// Memory (resource `memory`).
	{id: 'memory.used_pct', label: 'used', unit: 'percent', resourceKind: 'memory', use: 'utilization', harmful: 'up', description: 'Memory in use, excluding reclaimable cache: (MemTotal − MemAvailable) / MemTotal.'},
	{id: 'memory.used_bytes', label: 'used', unit: 'bytes', resourceKind: 'memory', use: 'info', harmful: 'up', minimumChange: OF_MEMORY, description: 'MemTotal − MemAvailable.'},
	{id: 'memory.available_bytes', label: 'available', unit: 'bytes', resourceKind: 'memory', use: 'info', harmful: 'down', minimumChange: OF_MEMORY, description: 'MemAvailable: memory that can be had without swapping.'},
	{id: 'memory.total_bytes', label: 'total', unit: 'bytes', resourceKind: 'memory', use: 'info', harmful: 'none', description: 'MemTotal.'},
	{id: 'memory.cache_bytes', label: 'buff/cache', unit: 'bytes', resourceKind: 'memory', use: 'info', harmful: 'none', description: 'Buffers + Cached + SReclaimable, as free(1) reports buff/cache.'},
	{id: 'memory.dirty_bytes', label: 'dirty', unit: 'bytes', resourceKind: 'memory', use: 'info', harmful: 'up', minimumChange: OF_MEMORY, description: 'Dirty pages waiting to be written.'},
	{id: 'memory.writeback_bytes', label: 'writeback', unit: 'bytes', resourceKind: 'memory', use: 'info', harmful: 'up', minimumChange: OF_MEMORY, description: 'Pages being written back now.'},
	{id: 'memory.swap_used_bytes', label: 'swap used', unit: 'bytes', resourceKind: 'memory', use: 'info', harmful: 'up', minimumChange: OF_MEMORY, description: 'SwapTotal − SwapFree.'},
	{id: 'memory.swap_used_pct', label: 'swap used', unit: 'percent', resourceKind: 'memory', use: 'info', harmful: 'up', description: 'Share of swap in use; undefined without swap.'},
	{id: 'memory.swap_in_pages_per_s', label: 'swap in', unit: 'per_second', resourceKind: 'memory', use: 'info', harmful: 'up', description: 'Pages swapped in per second (pswpin).'},
	{id: 'memory.swap_out_pages_per_s', label: 'swap out', unit: 'per_second', resourceKind: 'memory', use: 'info', harmful: 'up', description: 'Pages swapped out per second (pswpout).'},
	{id: 'memory.swap_pages_per_s', label: 'swap traffic', unit: 'per_second', resourceKind: 'memory', use: 'saturation', harmful: 'up', saturationScale: PAGES_SCALE, description: 'Pages swapped in plus out per second.'},
	{id: 'memory.major_faults_per_s', label: 'major faults', unit: 'per_second', resourceKind: 'memory', use: 'saturation', harmful: 'up', saturationScale: PAGES_SCALE, description: 'Page faults that needed I/O, per second (pgmajfault).'},
	{id: 'memory.psi_some_pct', label: 'PSI some', unit: 'percent', resourceKind: 'memory', use: 'saturation', harmful: 'up', saturationScale: PSI_SCALE, description: 'Share of time some task stalled on memory over the interval (PSI `total`).'},
	{id: 'memory.psi_full_pct', label: 'PSI full', unit: 'percent', resourceKind: 'memory', use: 'info', harmful: 'up', floor: PSI_FULL_FLOOR, description: 'Share of time all non-idle tasks stalled on memory over the interval (PSI `total`).'},
	{id: 'memory.oom_kills_per_s', label: 'OOM kills', unit: 'per_second', resourceKind: 'memory', use: 'errors', harmful: 'up', minimumChange: ANY_EVENT, errorScale: 1000, floor: {above: 0, ticks: 1, severity: 'HIGH'}, description: 'Processes killed by the OOM killer per second (oom_kill).'},

	// Block I/O stall, host-wide (resource `io`).
	{id: 'io.psi_some_pct', label: 'PSI some', unit: 'percent', resourceKind: 'io', use: 'saturation', harmful: 'up', saturationScale: PSI_SCALE, description: 'Share of time some task stalled on block I/O over the interval (PSI `total`).'},
	{id: 'io.psi_full_pct', label: 'PSI full', unit: 'percent', resourceKind: 'io', use: 'info', harmful: 'up', floor: PSI_FULL_FLOOR, description: 'Share of time all non-idle tasks stalled on block I/O over the interval (PSI `total`).'},

	// One block device (resource `disk:<dev>`), with iostat -x definitions.
	{id: 'disk.util_pct', label: 'util', unit: 'percent', resourceKind: 'disk', use: 'utilization', harmful: 'up', description: 'Share of time the device had I/O in flight (%util).'},
	{id: 'disk.read_iops', label: 'r/s', unit: 'per_second', resourceKind: 'disk', use: 'info', harmful: 'up', minimumChange: DISK_IOPS, description: 'Reads completed per second.'},
	{id: 'disk.write_iops', label: 'w/s', unit: 'per_second', resourceKind: 'disk', use: 'info', harmful: 'up', minimumChange: DISK_IOPS, description: 'Writes completed per second.'},
	{id: 'disk.read_bytes_per_s', label: 'read', unit: 'bytes_per_second', resourceKind: 'disk', use: 'info', harmful: 'up', minimumChange: DISK_BYTES, description: 'Bytes read per second.'},
	{id: 'disk.write_bytes_per_s', label: 'write', unit: 'bytes_per_second', resourceKind: 'disk', use: 'info', harmful: 'up', minimumChange: DISK_BYTES, description: 'Bytes written per second.'},
	{id: 'disk.read_await_ms', label: 'r_await', unit: 'milliseconds', resourceKind: 'disk', use: 'info', harmful: 'up', description: 'Average time per completed read, queue included (r_await).'},
	{id: 'disk.write_await_ms', label: 'w_await', unit: 'milliseconds', resourceKind: 'disk', use: 'info', harmful: 'up', description: 'Average time per completed write, queue included (w_await).'},
	{id: 'disk.await_ms', label: 'await', unit: 'milliseconds', resourceKind: 'disk', use: 'info', harmful: 'up', description: 'Average time per completed read or write.'},
	{id: 'disk.queue_size', label: 'aqu-sz', unit: 'count', resourceKind: 'disk', use: 'saturation', harmful: 'up', saturationScale: 1, description: 'Average number of requests queued or in service (aqu-sz).'},
	{id: 'disk.in_flight', label: 'in flight', unit: 'count', resourceKind: 'disk', use: 'info', harmful: 'up', description: 'Requests in flight at the moment of reading.'},

	// One mounted filesystem (resource `fs:<mount point>`), as df reports it.
	{id: 'fs.used_pct', label: 'used', unit: 'percent', resourceKind: 'fs', use: 'utilization', harmful: 'up', description: 'used / (used + available to unprivileged users), as df Use%.'},
	{id: 'fs.inodes_used_pct', label: 'inodes used', unit: 'percent', resourceKind: 'fs', use: 'utilization', harmful: 'up', description: 'Share of inodes in use; undefined where the filesystem has no inode limit.'},
	{id: 'fs.available_bytes', label: 'free', unit: 'bytes', resourceKind: 'fs', use: 'info', harmful: 'down', minimumChange: OF_FILESYSTEM, description: 'Space available to unprivileged users.'},
	{id: 'fs.size_bytes', label: 'size', unit: 'bytes', resourceKind: 'fs', use: 'info', harmful: 'none', description: 'Filesystem size.'},

	// One network interface (resource `net:<iface>`).
	{id: 'net.util_pct', label: 'util', unit: 'percent', resourceKind: 'net', use: 'utilization', harmful: 'up', description: 'Busier direction (full duplex) as a share of link speed; undefined where the speed is unknown (lo, virtual links).'},
	{id: 'net.rx_bytes_per_s', label: 'rx', unit: 'bytes_per_second', resourceKind: 'net', use: 'info', harmful: 'up', description: 'Bytes received per second.'},
	{id: 'net.tx_bytes_per_s', label: 'tx', unit: 'bytes_per_second', resourceKind: 'net', use: 'info', harmful: 'up', description: 'Bytes sent per second.'},
	{id: 'net.rx_packets_per_s', label: 'rx pkt', unit: 'per_second', resourceKind: 'net', use: 'info', harmful: 'up', description: 'Packets received per second.'},
	{id: 'net.tx_packets_per_s', label: 'tx pkt', unit: 'per_second', resourceKind: 'net', use: 'info', harmful: 'up', description: 'Packets sent per second.'},
	{id: 'net.errors_per_s', label: 'errors', unit: 'per_second', resourceKind: 'net', use: 'info', harmful: 'up', description: 'Receive plus transmit errors per second.'},
	{id: 'net.drops_per_s', label: 'drops', unit: 'per_second', resourceKind: 'net', use: 'info', harmful: 'up', description: 'Receive plus transmit drops per second.'},
	{id: 'net.error_pct', label: 'error rate', unit: 'percent', resourceKind: 'net', use: 'errors', harmful: 'up', errorScale: 1, description: 'Errors and drops as a share of packets.'},
	{id: 'net.speed_mbps', label: 'link', unit: 'count', resourceKind: 'net', use: 'info', harmful: 'down', description: 'Link speed in Mbit/s, where the driver reports one.'},

	// The TCP/UDP stack (resource `tcp`).
	{id: 'tcp.retrans_pct', label: 'retrans', unit: 'percent', resourceKind: 'tcp', use: 'saturation', harmful: 'up', saturationScale: 1, description: 'Retransmitted segments as a share of segments sent.'},
	{id: 'tcp.retrans_per_s', label: 'retrans/s', unit: 'per_second', resourceKind: 'tcp', use: 'info', harmful: 'up', description: 'Segments retransmitted per second.'},
	{id: 'tcp.listen_drops_per_s', label: 'listen drops', unit: 'per_second', resourceKind: 'tcp', use: 'saturation', harmful: 'up', saturationScale: 1, description: 'Connections dropped at a full or failing listen queue per second (ListenDrops).'},
	{id: 'tcp.listen_overflows_per_s', label: 'listen overflows', unit: 'per_second', resourceKind: 'tcp', use: 'info', harmful: 'up', description: 'Accept-queue overflows per second (ListenOverflows).'},
	{id: 'tcp.active_opens_per_s', label: 'active opens', unit: 'per_second', resourceKind: 'tcp', use: 'info', harmful: 'up', description: 'Outgoing connections opened per second.'},
	{id: 'tcp.passive_opens_per_s', label: 'passive opens', unit: 'per_second', resourceKind: 'tcp', use: 'info', harmful: 'up', description: 'Incoming connections accepted per second.'},
	{id: 'tcp.established', label: 'established', unit: 'count', resourceKind: 'tcp', use: 'info', harmful: 'up', minimumChange: CONNECTIONS, description: 'Connections currently established.'},
	{id: 'tcp.in_errors_per_s', label: 'TCP in errors', unit: 'per_second', resourceKind: 'tcp', use: 'info', harmful: 'up', description: 'Segments received in error per second.'},
	{id: 'tcp.udp_errors_per_s', label: 'UDP errors', unit: 'per_second', resourceKind: 'tcp', use: 'errors', harmful: 'up', errorScale: 0.1, description: 'UDP receive errors and buffer overruns per second (10/s scores as 1 %).'},

	// One control group (resource `cgroup:<path>`; metrics/cgroups.ts), judged against its own limits. Only the
	// top groups by CPU %, memory % and I/O of a tick have these (default 10 each): they are what is recorded.
	// - CPU % of its quota (of all cores without one) is utilization; throttled periods % is saturation × 0.5,
	//   so a group throttled in more than 10 % of its periods is a bottleneck (20 % scores 10).
	// - memory: working set % of its limit (of the machine without one). Limit hits (v2 memory.events max +
	//   high, v1 failcnt) count every charge that met the limit, thousands a second while a group reclaims
	//   at it: × 0.01, so 500/s is a bottleneck. Major faults × 0.001 as the host's. PSI × 0.1 as the host's.
	// - OOM kills: any kill scores the maximum and floors the severity at HIGH, as the host's.
	// - I/O: bytes/s are informational (no capacity); io PSI is saturation.
	{id: 'cgroup.cpu_pct', label: 'CPU', unit: 'percent', resourceKind: 'cgroup', use: 'utilization', harmful: 'up', description: 'CPU time used as a share of the group\'s quota (cpu.max, v1 cfs_quota_us / cfs_period_us), or of all cores without one.'},
	{id: 'cgroup.cpu_cores', label: 'CPU cores', unit: 'ratio', resourceKind: 'cgroup', use: 'info', harmful: 'up', description: 'Cores\' worth of CPU time used over the interval.'},
	{id: 'cgroup.cpu_quota_cores', label: 'CPU quota', unit: 'ratio', resourceKind: 'cgroup', use: 'info', harmful: 'none', description: 'The CPU quota in cores; unknown without one.'},
	{id: 'cgroup.throttled_pct', label: 'throttled', unit: 'percent', resourceKind: 'cgroup', use: 'saturation', harmful: 'up', saturationScale: 0.5, description: 'Share of the interval\'s CFS periods in which the group was throttled (cpu.stat nr_throttled / nr_periods).'},
	{id: 'cgroup.cpu_psi_some_pct', label: 'CPU PSI some', unit: 'percent', resourceKind: 'cgroup', use: 'saturation', harmful: 'up', saturationScale: PSI_SCALE, description: 'Share of time some task of the group waited for a CPU (cpu.pressure; v2 only).'},
	{id: 'cgroup.memory_pct', label: 'memory', unit: 'percent', resourceKind: 'cgroup', use: 'utilization', harmful: 'up', description: 'Working set (usage minus inactive page cache) as a share of memory.max (else memory.high; v1 limit_in_bytes), or of the machine without a limit.'},
	{id: 'cgroup.memory_bytes', label: 'memory', unit: 'bytes', resourceKind: 'cgroup', use: 'info', harmful: 'up', description: 'Working set: memory.current (v1 usage_in_bytes) minus inactive page cache where memory.stat was read.'},
	{id: 'cgroup.memory_limit_bytes', label: 'memory limit', unit: 'bytes', resourceKind: 'cgroup', use: 'info', harmful: 'none', description: 'memory.max (else memory.high; v1 limit_in_bytes); unknown when unlimited.'},
	{id: 'cgroup.memory_limit_hits_per_s', label: 'limit hits', unit: 'per_second', resourceKind: 'cgroup', use: 'saturation', harmful: 'up', saturationScale: 0.01, description: 'Charges that met the memory limit per second (memory.events max + high; v1 memory.failcnt): reclaim at the limit.'},
	{id: 'cgroup.major_faults_per_s', label: 'major faults', unit: 'per_second', resourceKind: 'cgroup', use: 'saturation', harmful: 'up', saturationScale: PAGES_SCALE, description: 'Page faults of the group that needed I/O, per second (memory.stat pgmajfault; v1 total_pgmajfault).'},
	{id: 'cgroup.memory_psi_some_pct', label: 'memory PSI some', unit: 'percent', resourceKind: 'cgroup', use: 'saturation', harmful: 'up', saturationScale: PSI_SCALE, description: 'Share of time some task of the group stalled on memory (memory.pressure; v2 only).'},
	{id: 'cgroup.memory_psi_full_pct', label: 'memory PSI full', unit: 'percent', resourceKind: 'cgroup', use: 'info', harmful: 'up', floor: PSI_FULL_FLOOR, description: 'Share of time all non-idle tasks of the group stalled on memory (memory.pressure; v2 only).'},
	{id: 'cgroup.oom_kills_per_s', label: 'OOM kills', unit: 'per_second', resourceKind: 'cgroup', use: 'errors', harmful: 'up', minimumChange: ANY_EVENT, errorScale: 1000, floor: {above: 0, ticks: 1, severity: 'HIGH'}, description: 'Processes of the group killed by the OOM killer per second (memory.events oom_kill; v1 memory.oom_control oom_kill).'},
	{id: 'cgroup.io_bytes_per_s', label: 'I/O', unit: 'bytes_per_second', resourceKind: 'cgroup', use: 'info', harmful: 'up', description: 'Bytes read plus written per second (io.stat; v1 blkio.throttle.io_service_bytes_recursive).'},
	{id: 'cgroup.io_psi_some_pct', label: 'I/O PSI some', unit: 'percent', resourceKind: 'cgroup', use: 'saturation', harmful: 'up', saturationScale: PSI_SCALE, description: 'Share of time some task of the group stalled on block I/O (io.pressure; v2 only).'},
	{id: 'cgroup.pids', label: 'tasks', unit: 'count', resourceKind: 'cgroup', use: 'info', harmful: 'up', description: 'Tasks in the group (pids.current).'},
	{id: 'cgroup.pids_pct', label: 'tasks of max', unit: 'percent', resourceKind: 'cgroup', use: 'utilization', harmful: 'up', description: 'pids.current as a share of pids.max; unknown without a maximum.'},

	// One probed HTTP endpoint (resource `service:<name>`), over the probe window (source/probe/red.ts).
	// USE for a service is RED. Its "utilization" is how much of the response-time budget p95 uses:
	// p95 / threshold × 100, so a p95 above the threshold (> 100 %) is past the methodology's 80 % bottleneck line
	// and the service becomes a bottleneck with its latency as evidence; 80 % of the budget already scores 2 points.
	// Raw latencies stay informational so they are not judged twice. Errors: the failed share of probes is an
	// error-rate % already (× 1). A service has no queue perftop can see, so no saturation metric.
	{id: 'service.latency_budget_pct', label: 'p95 of budget', unit: 'percent', resourceKind: 'service', use: 'utilization', harmful: 'up', maximum: Number.POSITIVE_INFINITY, description: 'p95 response time as a share of the response-time threshold (default 500 ms).'},
	{id: 'service.error_pct', label: 'errors', unit: 'percent', resourceKind: 'service', use: 'errors', harmful: 'up', errorScale: 1, description: 'Share of probes that failed (no response, or a status other than the expected one).'},
	{id: 'service.requests_per_s', label: 'rate', unit: 'per_second', resourceKind: 'service', use: 'info', harmful: 'none', description: 'Probes completed per second over the window; on `service`, the sum over targets.'},
	{id: 'service.latency_p50_ms', label: 'p50', unit: 'milliseconds', resourceKind: 'service', use: 'info', harmful: 'up', description: 'Median response time over the window, redirects and body included.'},
	{id: 'service.latency_p95_ms', label: 'p95', unit: 'milliseconds', resourceKind: 'service', use: 'info', harmful: 'up', description: '95th percentile response time over the window.'},
	{id: 'service.latency_p99_ms', label: 'p99', unit: 'milliseconds', resourceKind: 'service', use: 'info', harmful: 'up', description: '99th percentile response time over the window.'},
	{id: 'service.health_score', label: 'health', unit: 'count', resourceKind: 'service', use: 'info', harmful: 'down', minimumChange: {absolute: 10}, maximum: 100, description: 'Mean of 0.7 × time score + 0.3 × availability per probe (0–100); on `service`, the mean over targets.'},
	{id: 'service.failing_s', label: 'failing for', unit: 'seconds', resourceKind: 'service', use: 'info', harmful: 'up', description: 'How long every probe has failed (since the first failure after the last success); 0 while the latest probe succeeds. 30 s or more is down (analyze/service-down.ts).'},
	{id: 'service.last_status', label: 'status', unit: 'count', resourceKind: 'service', use: 'info', harmful: 'none', description: 'HTTP status of the latest probe; unknown when it got no response.'},
	{id: 'service.body_bytes', label: 'body', unit: 'bytes', resourceKind: 'service', use: 'info', harmful: 'none', description: 'Body size of the latest response, read up to 1 MiB.'},
	{id: 'service.overall_error_pct', label: 'errors', unit: 'percent', resourceKind: 'service', use: 'info', harmful: 'up', description: 'Failed share of all probes across targets (resource `service`); informational so failures are judged once, per target.'},
] as const satisfies readonly CatalogueEntry[];

/**
 * Every id the catalogue declares, derived from the entries above: a misspelt id is a compile error
 * instead of a `—` at run time, and a new entry needs nothing else.
 */
export type MetricId = (typeof entries)[number]['id'];

export const catalogue: readonly MetricDefinition[] = entries;

const byId = new Map<string, MetricDefinition>(catalogue.map(definition => [definition.id, definition]));

/** Whether an id read from outside the code (a stored series key) is one the catalogue declares. */
export function isMetricId(id: string): id is MetricId {
	return byId.has(id);
}

export function metricDefinition(id: string): MetricDefinition | undefined {
	return byId.get(id);
}

/** The practical minimum change of a metric: its own, else its unit's. */
export function minimumChangeOf(definition: MetricDefinition): MinimumChange {
	return definition.minimumChange ?? unitMinimumChange[definition.unit];
}

/** What values a metric can take: none is negative, and a percentage tops out at 100 unless the entry says otherwise. */
export function valueRangeOf(definition: MetricDefinition): {readonly min: number; readonly max: number} {
	return {min: 0, max: definition.maximum ?? (definition.unit === 'percent' ? 100 : Number.POSITIVE_INFINITY)};
}
