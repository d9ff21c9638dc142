import type {SampleSpec} from '../helpers/sample-builder.js';
import {buildProcess} from '../helpers/sample-builder.js';

type Metrics = NonNullable<SampleSpec['metrics']>;

/** A quiet 2-core VM: a few % busy, nothing queued, no errors. */
export const idleMetrics: Metrics = {
	'cpu.busy_pct@cpu': 3,
	'cpu.idle_pct@cpu': 96,
	'cpu.runnable@cpu': 1,
	'cpu.runqueue_excess_per_core@cpu': 0,
	'cpu.psi_some_pct@cpu': 0.3,
	'cpu.core_busy_pct@cpu:0': 4,
	'cpu.core_busy_pct@cpu:1': 2,
	'system.load1@system': 0.08,
	'system.blocked_tasks@system': 0,
	'memory.used_pct@memory': 31,
	'memory.swap_pages_per_s@memory': 0,
	'memory.major_faults_per_s@memory': 0,
	'memory.psi_some_pct@memory': 0,
	'memory.oom_kills_per_s@memory': 0,
	'io.psi_some_pct@io': 0.1,
	'disk.util_pct@disk:vda': 1.5,
	'disk.await_ms@disk:vda': 0.8,
	'disk.queue_size@disk:vda': 0.01,
	'disk.write_bytes_per_s@disk:vda': 40_960,
	'fs.used_pct@fs:/': 45,
	'fs.inodes_used_pct@fs:/': 8,
	'fs.available_bytes@fs:/': 21e9,
	'net.util_pct@net:eth0': 0.01,
	'net.rx_bytes_per_s@net:eth0': 1200,
	'net.tx_bytes_per_s@net:eth0': 800,
	'net.speed_mbps@net:eth0': 1000,
	'net.error_pct@net:eth0': 0,
	'net.util_pct@net:lo': undefined,
	'net.rx_bytes_per_s@net:lo': 300,
	'net.tx_bytes_per_s@net:lo': 300,
	'net.error_pct@net:lo': 0,
	'tcp.retrans_pct@tcp': 0,
	'tcp.listen_drops_per_s@tcp': 0,
	'tcp.udp_errors_per_s@tcp': 0,
};

export const stress = buildProcess({pid: 4411, name: 'stress-ng', cpuPct: 99, rssBytes: 8e6, threads: 2});
export const postgres = buildProcess({pid: 812, name: 'postgres', cpuPct: 12, rssBytes: 600e6, readBytesPerSec: 1e6, writeBytesPerSec: 38e6});
export const java = buildProcess({pid: 3301, name: 'java', cpuPct: 30, rssBytes: 3.5e9});
export const sshd = buildProcess({pid: 700, name: 'sshd', cpuPct: 0.1, rssBytes: 9e6});

/** `stress-ng --cpu 2` on 2 cores: every core busy, but nothing waits. */
export const cpuBoundMetrics: Metrics = {
	...idleMetrics,
	'cpu.busy_pct@cpu': 100,
	'cpu.idle_pct@cpu': 0,
	'cpu.runnable@cpu': 2,
	'cpu.runqueue_excess_per_core@cpu': 0,
	'cpu.psi_some_pct@cpu': 0.5,
	'cpu.core_busy_pct@cpu:0': 100,
	'cpu.core_busy_pct@cpu:1': 100,
};

/** `stress-ng --cpu 8` on 2 cores: 4× as many runnable threads as cores. */
export const cpuSaturatedMetrics: Metrics = {
	...cpuBoundMetrics,
	'cpu.runnable@cpu': 8,
	'cpu.runqueue_excess_per_core@cpu': 3,
	'cpu.psi_some_pct@cpu': 90,
};

/** fio random direct writes: vda pegged with a deep queue. */
export const diskSaturatedMetrics: Metrics = {
	...idleMetrics,
	'cpu.busy_pct@cpu': 22,
	'io.psi_some_pct@io': 70,
	'disk.util_pct@disk:vda': 98,
	'disk.await_ms@disk:vda': 45,
	'disk.queue_size@disk:vda': 12,
	'disk.write_bytes_per_s@disk:vda': 40e6,
};

/** A working set beyond RAM with a small swap file. */
export const swappingMetrics: Metrics = {
	...idleMetrics,
	'memory.used_pct@memory': 96,
	'memory.swap_pages_per_s@memory': 30_000,
	'memory.major_faults_per_s@memory': 900,
	'memory.psi_some_pct@memory': 45,
	'cpu.busy_pct@cpu': 35,
};

/** iperf3 over loopback: lots of traffic on lo, some CPU, nothing else. */
export const loopbackMetrics: Metrics = {
	...idleMetrics,
	'cpu.busy_pct@cpu': 55,
	'net.rx_bytes_per_s@net:lo': 3.2e9,
	'net.tx_bytes_per_s@net:lo': 3.2e9,
};
