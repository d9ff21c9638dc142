import type {MetricDefinition} from './types.js';

// Saturation normalisation. The methodology scores saturation on a 0–10+ scale (> 1 → 1 point,
// > 5 → 2, > 10 → 3; > 5 makes a bottleneck). Each saturation metric says how its raw value maps:
// - PSI `some` avg10 %: × 0.1, so 50 % of wall time with a task stalled is a bottleneck, 100 % scores 10.
// - run-queue excess per core (runnable tasks beyond one per core, per core): × 5, so twice as many
//   runnable tasks as cores (excess 1.0 per core) is a bottleneck.
// - disk aqu-sz (average requests queued or in service): × 1, as `iostat -x` reports it; a sustained
//   queue of 5 on one device is a bottleneck.
// - swap traffic and major faults, pages/s: × 0.001 (4 MB/s of swap ≈ 1; 20 MB/s = bottleneck).
// - TCP retransmitted share of sent segments, %: × 1 (5 % retransmits = bottleneck).
// - listen-queue drops/s: × 1 (any sustained drop rate matters; 5/s = bottleneck).
// Error normalisation maps to an "error rate %": NIC error share of packets is a % already (× 1);
// any OOM kill in an interval scores the maximum (× 1000 on a per-second rate).

const PSI_SCALE = 0.1;
const PAGES_SCALE = 0.001;

export const catalogue: readonly MetricDefinition[] = [
	// CPU, whole machine (resource `cpu`). Percentages of all cores' time, as mpstat's `all` row.
	{id: 'cpu.busy_pct', label: 'busy', unit: 'percent', resourceKind: 'cpu', use: 'utilization', description: 'Share of CPU time not idle or waiting for I/O (user + nice + system + irq + softirq + steal).'},
	{id: 'cpu.user_pct', label: 'user', unit: 'percent', resourceKind: 'cpu', use: 'info', description: 'User time, including guest time.'},
	{id: 'cpu.nice_pct', label: 'nice', unit: 'percent', resourceKind: 'cpu', use: 'info', description: 'User time at a positive nice value.'},
	{id: 'cpu.system_pct', label: 'system', unit: 'percent', resourceKind: 'cpu', use: 'info', description: 'Kernel time.'},
	{id: 'cpu.iowait_pct', label: 'iowait', unit: 'percent', resourceKind: 'cpu', use: 'info', description: 'Idle time with I/O outstanding.'},
	{id: 'cpu.irq_pct', label: 'irq', unit: 'percent', resourceKind: 'cpu', use: 'info', description: 'Hardware interrupt time.'},
	{id: 'cpu.softirq_pct', label: 'softirq', unit: 'percent', resourceKind: 'cpu', use: 'info', description: 'Software interrupt time.'},
	{id: 'cpu.steal_pct', label: 'steal', unit: 'percent', resourceKind: 'cpu', use: 'info', description: 'Time the hypervisor ran another guest while this one wanted to run.'},
	{id: 'cpu.idle_pct', label: 'idle', unit: 'percent', resourceKind: 'cpu', use: 'info', description: 'Idle time without outstanding I/O.'},
	{id: 'cpu.runnable', label: 'runnable', unit: 'count', resourceKind: 'cpu', use: 'info', description: 'Tasks running or waiting to run (procs_running).'},
	{id: 'cpu.runqueue_excess_per_core', label: 'run-queue excess', unit: 'ratio', resourceKind: 'cpu', use: 'saturation', saturationScale: 5, description: 'Runnable tasks beyond one per core, divided by cores.'},
	{id: 'cpu.psi_some_pct', label: 'PSI some', unit: 'percent', resourceKind: 'cpu', use: 'saturation', saturationScale: PSI_SCALE, description: 'Share of time some runnable task waited for a CPU (PSI avg10).'},
	{id: 'cpu.psi_full_pct', label: 'PSI full', unit: 'percent', resourceKind: 'cpu', use: 'info', description: 'Share of time all non-idle tasks waited for a CPU (PSI avg10).'},

	// One core (resource `cpu:<n>`). Informational: imbalance shows as evidence, not as separate bottlenecks.
	{id: 'cpu.core_busy_pct', label: 'busy', unit: 'percent', resourceKind: 'cpu', use: 'info', description: 'Busy share of one core.'},
	{id: 'cpu.core_user_pct', label: 'user', unit: 'percent', resourceKind: 'cpu', use: 'info', description: 'User share of one core.'},
	{id: 'cpu.core_system_pct', label: 'system', unit: 'percent', resourceKind: 'cpu', use: 'info', description: 'Kernel share of one core.'},
	{id: 'cpu.core_iowait_pct', label: 'iowait', unit: 'percent', resourceKind: 'cpu', use: 'info', description: 'I/O-wait share of one core.'},

	// System-wide scheduler figures (resource `system`).
	{id: 'system.load1', label: 'load 1m', unit: 'count', resourceKind: 'system', use: 'info', description: 'Load average over 1 minute.'},
	{id: 'system.load5', label: 'load 5m', unit: 'count', resourceKind: 'system', use: 'info', description: 'Load average over 5 minutes.'},
	{id: 'system.load15', label: 'load 15m', unit: 'count', resourceKind: 'system', use: 'info', description: 'Load average over 15 minutes.'},
	{id: 'system.context_switches_per_s', label: 'ctx switches', unit: 'per_second', resourceKind: 'system', use: 'info', description: 'Context switches per second.'},
	{id: 'system.forks_per_s', label: 'forks', unit: 'per_second', resourceKind: 'system', use: 'info', description: 'Processes created per second.'},
	{id: 'system.blocked_tasks', label: 'D-state', unit: 'count', resourceKind: 'system', use: 'info', description: 'Tasks in uninterruptible sleep, usually waiting for I/O (procs_blocked).'},
	{id: 'system.uptime_s', label: 'uptime', unit: 'seconds', resourceKind: 'system', use: 'info', description: 'Time since boot.'},

	// Memory (resource `memory`).
	{id: 'memory.used_pct', label: 'used', unit: 'percent', resourceKind: 'memory', use: 'utilization', description: 'Memory in use, excluding reclaimable cache: (MemTotal − MemAvailable) / MemTotal.'},
	{id: 'memory.used_bytes', label: 'used', unit: 'bytes', resourceKind: 'memory', use: 'info', description: 'MemTotal − MemAvailable.'},
	{id: 'memory.available_bytes', label: 'available', unit: 'bytes', resourceKind: 'memory', use: 'info', description: 'MemAvailable: memory that can be had without swapping.'},
	{id: 'memory.total_bytes', label: 'total', unit: 'bytes', resourceKind: 'memory', use: 'info', description: 'MemTotal.'},
	{id: 'memory.cache_bytes', label: 'buff/cache', unit: 'bytes', resourceKind: 'memory', use: 'info', description: 'Buffers + Cached + SReclaimable, as free(1) reports buff/cache.'},
	{id: 'memory.dirty_bytes', label: 'dirty', unit: 'bytes', resourceKind: 'memory', use: 'info', description: 'Dirty pages waiting to be written.'},
	{id: 'memory.writeback_bytes', label: 'writeback', unit: 'bytes', resourceKind: 'memory', use: 'info', description: 'Pages being written back now.'},
	{id: 'memory.swap_used_bytes', label: 'swap used', unit: 'bytes', resourceKind: 'memory', use: 'info', description: 'SwapTotal − SwapFree.'},
	{id: 'memory.swap_used_pct', label: 'swap used', unit: 'percent', resourceKind: 'memory', use: 'info', description: 'Share of swap in use; undefined without swap.'},
	{id: 'memory.swap_in_pages_per_s', label: 'swap in', unit: 'per_second', resourceKind: 'memory', use: 'info', description: 'Pages swapped in per second (pswpin).'},
	{id: 'memory.swap_out_pages_per_s', label: 'swap out', unit: 'per_second', resourceKind: 'memory', use: 'info', description: 'Pages swapped out per second (pswpout).'},
	{id: 'memory.swap_pages_per_s', label: 'swap traffic', unit: 'per_second', resourceKind: 'memory', use: 'saturation', saturationScale: PAGES_SCALE, description: 'Pages swapped in plus out per second.'},
	{id: 'memory.major_faults_per_s', label: 'major faults', unit: 'per_second', resourceKind: 'memory', use: 'saturation', saturationScale: PAGES_SCALE, description: 'Page faults that needed I/O, per second (pgmajfault).'},
	{id: 'memory.psi_some_pct', label: 'PSI some', unit: 'percent', resourceKind: 'memory', use: 'saturation', saturationScale: PSI_SCALE, description: 'Share of time some task stalled on memory (PSI avg10).'},
	{id: 'memory.psi_full_pct', label: 'PSI full', unit: 'percent', resourceKind: 'memory', use: 'info', description: 'Share of time all non-idle tasks stalled on memory (PSI avg10).'},
	{id: 'memory.oom_kills_per_s', label: 'OOM kills', unit: 'per_second', resourceKind: 'memory', use: 'errors', errorScale: 1000, description: 'Processes killed by the OOM killer per second (oom_kill).'},

	// Block I/O stall, host-wide (resource `io`).
	{id: 'io.psi_some_pct', label: 'PSI some', unit: 'percent', resourceKind: 'io', use: 'saturation', saturationScale: PSI_SCALE, description: 'Share of time some task stalled on block I/O (PSI avg10).'},
	{id: 'io.psi_full_pct', label: 'PSI full', unit: 'percent', resourceKind: 'io', use: 'info', description: 'Share of time all non-idle tasks stalled on block I/O (PSI avg10).'},

	// One block device (resource `disk:<dev>`), with iostat -x definitions.
	{id: 'disk.util_pct', label: 'util', unit: 'percent', resourceKind: 'disk', use: 'utilization', description: 'Share of time the device had I/O in flight (%util).'},
	{id: 'disk.read_iops', label: 'r/s', unit: 'per_second', resourceKind: 'disk', use: 'info', description: 'Reads completed per second.'},
	{id: 'disk.write_iops', label: 'w/s', unit: 'per_second', resourceKind: 'disk', use: 'info', description: 'Writes completed per second.'},
	{id: 'disk.read_bytes_per_s', label: 'read', unit: 'bytes_per_second', resourceKind: 'disk', use: 'info', description: 'Bytes read per second.'},
	{id: 'disk.write_bytes_per_s', label: 'write', unit: 'bytes_per_second', resourceKind: 'disk', use: 'info', description: 'Bytes written per second.'},
	{id: 'disk.read_await_ms', label: 'r_await', unit: 'milliseconds', resourceKind: 'disk', use: 'info', description: 'Average time per completed read, queue included (r_await).'},
	{id: 'disk.write_await_ms', label: 'w_await', unit: 'milliseconds', resourceKind: 'disk', use: 'info', description: 'Average time per completed write, queue included (w_await).'},
	{id: 'disk.await_ms', label: 'await', unit: 'milliseconds', resourceKind: 'disk', use: 'info', description: 'Average time per completed read or write.'},
	{id: 'disk.queue_size', label: 'aqu-sz', unit: 'count', resourceKind: 'disk', use: 'saturation', saturationScale: 1, description: 'Average number of requests queued or in service (aqu-sz).'},
	{id: 'disk.in_flight', label: 'in flight', unit: 'count', resourceKind: 'disk', use: 'info', description: 'Requests in flight at the moment of reading.'},

	// One mounted filesystem (resource `fs:<mount point>`), as df reports it.
	{id: 'fs.used_pct', label: 'used', unit: 'percent', resourceKind: 'fs', use: 'utilization', description: 'used / (used + available to unprivileged users), as df Use%.'},
	{id: 'fs.inodes_used_pct', label: 'inodes used', unit: 'percent', resourceKind: 'fs', use: 'utilization', description: 'Share of inodes in use; undefined where the filesystem has no inode limit.'},
	{id: 'fs.available_bytes', label: 'free', unit: 'bytes', resourceKind: 'fs', use: 'info', description: 'Space available to unprivileged users.'},
	{id: 'fs.size_bytes', label: 'size', unit: 'bytes', resourceKind: 'fs', use: 'info', description: 'Filesystem size.'},

	// One network interface (resource `net:<iface>`).
	{id: 'net.util_pct', label: 'util', unit: 'percent', resourceKind: 'net', use: 'utilization', description: 'Busier direction (full duplex) as a share of link speed; undefined where the speed is unknown (lo, virtual links).'},
	{id: 'net.rx_bytes_per_s', label: 'rx', unit: 'bytes_per_second', resourceKind: 'net', use: 'info', description: 'Bytes received per second.'},
	{id: 'net.tx_bytes_per_s', label: 'tx', unit: 'bytes_per_second', resourceKind: 'net', use: 'info', description: 'Bytes sent per second.'},
	{id: 'net.rx_packets_per_s', label: 'rx pkt', unit: 'per_second', resourceKind: 'net', use: 'info', description: 'Packets received per second.'},
	{id: 'net.tx_packets_per_s', label: 'tx pkt', unit: 'per_second', resourceKind: 'net', use: 'info', description: 'Packets sent per second.'},
	{id: 'net.errors_per_s', label: 'errors', unit: 'per_second', resourceKind: 'net', use: 'info', description: 'Receive plus transmit errors per second.'},
	{id: 'net.drops_per_s', label: 'drops', unit: 'per_second', resourceKind: 'net', use: 'info', description: 'Receive plus transmit drops per second.'},
	{id: 'net.error_pct', label: 'error rate', unit: 'percent', resourceKind: 'net', use: 'errors', errorScale: 1, description: 'Errors and drops as a share of packets.'},
	{id: 'net.speed_mbps', label: 'link', unit: 'count', resourceKind: 'net', use: 'info', description: 'Link speed in Mbit/s, where the driver reports one.'},

	// The TCP/UDP stack (resource `tcp`).
	{id: 'tcp.retrans_pct', label: 'retrans', unit: 'percent', resourceKind: 'tcp', use: 'saturation', saturationScale: 1, description: 'Retransmitted segments as a share of segments sent.'},
	{id: 'tcp.retrans_per_s', label: 'retrans/s', unit: 'per_second', resourceKind: 'tcp', use: 'info', description: 'Segments retransmitted per second.'},
	{id: 'tcp.listen_drops_per_s', label: 'listen drops', unit: 'per_second', resourceKind: 'tcp', use: 'saturation', saturationScale: 1, description: 'Connections dropped at a full or failing listen queue per second (ListenDrops).'},
	{id: 'tcp.listen_overflows_per_s', label: 'listen overflows', unit: 'per_second', resourceKind: 'tcp', use: 'info', description: 'Accept-queue overflows per second (ListenOverflows).'},
	{id: 'tcp.active_opens_per_s', label: 'active opens', unit: 'per_second', resourceKind: 'tcp', use: 'info', description: 'Outgoing connections opened per second.'},
	{id: 'tcp.passive_opens_per_s', label: 'passive opens', unit: 'per_second', resourceKind: 'tcp', use: 'info', description: 'Incoming connections accepted per second.'},
	{id: 'tcp.established', label: 'established', unit: 'count', resourceKind: 'tcp', use: 'info', description: 'Connections currently established.'},
	{id: 'tcp.in_errors_per_s', label: 'TCP in errors', unit: 'per_second', resourceKind: 'tcp', use: 'info', description: 'Segments received in error per second.'},
	{id: 'tcp.udp_errors_per_s', label: 'UDP errors', unit: 'per_second', resourceKind: 'tcp', use: 'errors', errorScale: 0.1, description: 'UDP receive errors and buffer overruns per second (10/s scores as 1 %).'},

	// A top process (resource `process:<pid>/<name>`), recorded but never assessed as a resource.
	{id: 'process.cpu_pct', label: 'CPU', unit: 'percent', resourceKind: 'process', use: 'info', description: 'CPU time of one process, % of one core.'},
	{id: 'process.rss_bytes', label: 'RSS', unit: 'bytes', resourceKind: 'process', use: 'info', description: 'Resident memory of one process.'},
	{id: 'process.io_bytes_per_s', label: 'I/O', unit: 'bytes_per_second', resourceKind: 'process', use: 'info', description: 'Bytes one process read plus wrote per second (/proc/<pid>/io).'},

	// One probed HTTP endpoint (resource `service:<name>`), over the probe window (source/probe/red.ts).
	// USE for a service is RED. Its "utilization" is how much of the response-time budget p95 uses:
	// p95 / threshold × 100, so a p95 above the threshold (> 100 %) is past the methodology's 80 % bottleneck line
	// and the service becomes a bottleneck with its latency as evidence; 80 % of the budget already scores 2 points.
	// Raw latencies stay informational so they are not judged twice. Errors: the failed share of probes is an
	// error-rate % already (× 1). A service has no queue perftop can see, so no saturation metric.
	{id: 'service.latency_budget_pct', label: 'p95 of budget', unit: 'percent', resourceKind: 'service', use: 'utilization', description: 'p95 response time as a share of the response-time threshold (default 500 ms).'},
	{id: 'service.error_pct', label: 'errors', unit: 'percent', resourceKind: 'service', use: 'errors', errorScale: 1, description: 'Share of probes that failed (no response, or a status other than the expected one).'},
	{id: 'service.requests_per_s', label: 'rate', unit: 'per_second', resourceKind: 'service', use: 'info', description: 'Probes completed per second over the window; on `service`, the sum over targets.'},
	{id: 'service.latency_p50_ms', label: 'p50', unit: 'milliseconds', resourceKind: 'service', use: 'info', description: 'Median response time over the window, redirects and body included.'},
	{id: 'service.latency_p95_ms', label: 'p95', unit: 'milliseconds', resourceKind: 'service', use: 'info', description: '95th percentile response time over the window.'},
	{id: 'service.latency_p99_ms', label: 'p99', unit: 'milliseconds', resourceKind: 'service', use: 'info', description: '99th percentile response time over the window.'},
	{id: 'service.health_score', label: 'health', unit: 'count', resourceKind: 'service', use: 'info', description: 'Mean of 0.7 × time score + 0.3 × availability per probe (0–100); on `service`, the mean over targets.'},
	{id: 'service.last_status', label: 'status', unit: 'count', resourceKind: 'service', use: 'info', description: 'HTTP status of the latest probe; unknown when it got no response.'},
	{id: 'service.body_bytes', label: 'body', unit: 'bytes', resourceKind: 'service', use: 'info', description: 'Body size of the latest response, read up to 1 MiB.'},
	{id: 'service.overall_error_pct', label: 'errors', unit: 'percent', resourceKind: 'service', use: 'info', description: 'Failed share of all probes across targets (resource `service`); informational so failures are judged once, per target.'},
];

const byId = new Map(catalogue.map(definition => [definition.id, definition]));

export function metricDefinition(id: string): MetricDefinition | undefined {
	return byId.get(id);
}
