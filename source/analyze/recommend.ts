// Recommendations for every kind of resource: one piece, as evidence.ts is for evidence, because each
// kind's advice is a few lines over the same Reading of its scored USE cells and the same helpers.
import {formatValue} from '../metrics/format.js';
import type {MetricId, ProcessGroup, ResourceKind, Switcher} from '../metrics/types.js';
import {resourceName} from '../metrics/types.js';
import {formatMbitPerSec, formatPct, HOT_CORE_AVERAGE_BELOW_PCT, HOT_CORE_PCT, kernelText, normalisedSaturation, PAGE_BYTES} from './evidence.js';
import {groupName, groupPids} from './process-groups.js';
import {isDown} from './service-down.js';
import {defaultThresholds, pointsFor, type Thresholds} from './severity.js';
import {forkerText, type ForkingParent} from './forkers.js';
import type {Bottleneck, UseAssessment} from './types.js';

/** Which USE cells of a resource score, and the values behind them. */
type Reading = {
	readonly assessment: UseAssessment;
	readonly name: string;
	readonly value: (id: MetricId) => number | undefined;
	readonly uPoints: number;
	readonly sPoints: number;
	readonly ePoints: number;
	readonly top: ProcessGroup | undefined;
	readonly thresholds: Thresholds;
	readonly culprits: CpuCulprits;
};

/** Who a CPU storm comes from, where the tick found out: named in the advice rather than a tool to find them. */
export type CpuCulprits = {
	/** The parent with the most children started in the last interval, for fork storms. */
	readonly forker?: ForkingParent;
	/** The busiest processes' context switches, busiest first, for context-switch storms. */
	readonly switchers?: readonly Switcher[];
};

// The methodology's generic advice, used only when the data allows nothing more specific.
const genericAdvice: Record<ResourceKind, string> = {
	cpu: 'profile the hot processes, scale out or pin them',
	memory: 'find the growing process, add memory or reduce cache pressure',
	io: 'find the writer, spread the I/O or move to faster storage',
	disk: 'find the writer, spread the I/O or move to faster storage',
	fs: 'free space or grow the filesystem',
	net: 'check bandwidth use and connection pooling',
	tcp: 'check bandwidth use and connection pooling',
	system: 'look at the busiest resource first',
	service: 'check the service\'s slowest endpoints and the host that serves it',
	process: 'look at the busiest resource first',
	cgroup: 'raise the group\'s limit or find what in it grew',
};

/**
 * One recommendation for one resource, driven by which of U, S and E scores: specific, naming the
 * numbers and the heaviest process where the data allows, the methodology's generic advice otherwise.
 */
export function recommend(assessment: UseAssessment, topProcesses: readonly ProcessGroup[], thresholds: Thresholds = defaultThresholds, culprits: CpuCulprits = {}): string {
	const {values} = assessment;
	const reading: Reading = {
		assessment,
		name: assessment.name ?? resourceName(assessment.resource),
		value: id => values?.get(id),
		uPoints: pointsFor(assessment.utilizationPct, thresholds.utilizationPct),
		sPoints: pointsFor(assessment.saturation, thresholds.saturation),
		ePoints: pointsFor(assessment.errorPct, thresholds.errorPct),
		top: topProcesses[0],
		thresholds,
		culprits,
	};
	return specific(reading) ?? generic(assessment);
}

function specific(reading: Reading): string | undefined {
	switch (reading.assessment.kind) {
		case 'cpu': {
			return cpuAdvice(reading);
		}

		case 'memory': {
			return memoryAdvice(reading);
		}

		case 'disk': {
			return diskAdvice(reading);
		}

		case 'io': {
			return ioAdvice(reading);
		}

		case 'fs': {
			return filesystemAdvice(reading);
		}

		case 'net': {
			return networkAdvice(reading);
		}

		case 'tcp': {
			return tcpAdvice(reading);
		}

		case 'service': {
			return serviceAdvice(reading);
		}

		case 'cgroup': {
			return cgroupAdvice(reading);
		}

		default: {
			return undefined;
		}
	}
}

/** Which of a group's resources its trouble is in: the one whose metrics score most (memory first on a tie). */
export function cgroupTrouble(assessment: UseAssessment, thresholds: Thresholds = defaultThresholds): 'memory' | 'cpu' | 'io' | undefined {
	const value = (id: MetricId) => assessment.values?.get(id);
	const cell = (id: MetricId) => {
		const raw = value(id);
		if (raw === undefined) {
			return 0;
		}

		switch (id) {
			case 'cgroup.memory_pct':
			case 'cgroup.cpu_pct': {
				return pointsFor(raw, thresholds.utilizationPct);
			}

			case 'cgroup.oom_kills_per_s': {
				return raw > 0 ? 3 : 0;
			}

			default: {
				return pointsFor(normalisedSaturation(id, raw), thresholds.saturation);
			}
		}
	};

	const memory = Math.max(...(['cgroup.memory_pct', 'cgroup.oom_kills_per_s', 'cgroup.memory_limit_hits_per_s', 'cgroup.major_faults_per_s', 'cgroup.memory_psi_some_pct'] as const).map(cell));
	const cpu = Math.max(...(['cgroup.cpu_pct', 'cgroup.throttled_pct', 'cgroup.cpu_psi_some_pct'] as const).map(cell));
	const io = cell('cgroup.io_psi_some_pct');
	const most = Math.max(memory, cpu, io);
	if (most === 0) {
		return undefined;
	}

	return memory === most ? 'memory' : (cpu === most ? 'cpu' : 'io');
}

/**
 * "cgroup /system.slice/postgres.service: memory 243 MiB of 256 MiB limit (95%), 12 OOM kills — raise
 * memory.max or find the leak": the group's own evidence, and what to change for the resource in trouble.
 */
function cgroupAdvice(reading: Reading): string | undefined {
	const trouble = cgroupTrouble(reading.assessment, reading.thresholds);
	if (trouble === undefined) {
		return undefined;
	}

	const evidence = reading.assessment.evidence.slice(0, 2).join(', ');
	const limited = trouble === 'memory' ? reading.value('cgroup.memory_limit_bytes') !== undefined : reading.value('cgroup.cpu_quota_cores') !== undefined;
	const advice: Record<typeof trouble, string> = {
		memory: limited
			? 'raise memory.max (v1: memory.limit_in_bytes) or find the leak'
			: 'no limit of its own: find the growing process in it, or give it a memory.max so it cannot starve the rest',
		cpu: limited
			? 'raise cpu.max (v1: cpu.cfs_quota_us) or make its work cheaper'
			: 'no quota of its own: profile its hot processes, or cap it with cpu.max to protect the rest',
		io: 'find the reader or writer in it, or cap it with io.max',
	};
	return `cgroup ${reading.name}: ${evidence} — ${advice[trouble]}${cgroupCulprit(trouble, reading.top)}`;
}

/** The group's heaviest process by the resource in trouble, as the host's advice names one; nothing when none is known. */
function cgroupCulprit(trouble: 'memory' | 'cpu' | 'io', top: ProcessGroup | undefined): string {
	if (top === undefined) {
		return '';
	}

	switch (trouble) {
		case 'memory': {
			return `; ${largest(top)}`;
		}

		case 'cpu': {
			return `; top consumer ${cpuConsumer(top)}`;
		}

		case 'io': {
			return `; ${ioProcess(top).text}`;
		}
	}
}

function generic(assessment: UseAssessment): string {
	const name = resourceName(assessment.resource);
	const evidence = assessment.evidence.slice(0, 2).join(', ');
	return `${name}: ${evidence === '' ? 'under load' : evidence} — ${genericAdvice[assessment.kind] ?? genericAdvice.system}`;
}

function known(...parts: Array<string | undefined>): string {
	return parts.filter(part => part !== undefined).join(', ');
}

function maybe(value: number | undefined, text: (value: number) => string): string | undefined {
	return value === undefined ? undefined : text(value);
}

function cpuConsumer(process: ProcessGroup): string {
	return `${groupName(process)} (${groupPids(process)}, ${formatPct(process.cpuPct ?? 0)})`;
}

/** CPU saturation signals with a cause of their own, more telling than a long run queue, which any of them lengthens. */
const CPU_CAUSES = ['cpu.steal_pct', 'system.forks_per_s', 'system.context_switches_per_core_per_s'] as const;

/** The cause that weighs most by what it was judged at, when one scores at least a point; else undefined. */
function cpuCause(reading: Reading, thresholds: Thresholds): string | undefined {
	let best: {id: MetricId; level: number} | undefined;
	for (const id of CPU_CAUSES) {
		const judged = reading.assessment.judged?.[id];
		const level = judged === undefined ? 0 : normalisedSaturation(id, judged);
		if (level > thresholds.saturation.one && (best === undefined || level > best.level)) {
			best = {id, level};
		}
	}

	return best?.id;
}

function cpuAdvice(reading: Reading): string | undefined {
	const {value, top} = reading;
	const busyPct = value('cpu.busy_pct');
	if (reading.sPoints > 0) {
		return cpuSaturationAdvice(reading, cpuCause(reading, reading.thresholds));
	}

	const hottestPct = value('cpu.core_busy_pct');
	if (busyPct !== undefined && hottestPct !== undefined && hottestPct > HOT_CORE_PCT && busyPct < HOT_CORE_AVERAGE_BELOW_PCT) {
		const who = top ? `; top consumer ${cpuConsumer(top)}` : '';
		return `cpu: one core at ${formatPct(hottestPct)} while the average is ${formatPct(busyPct)} — a single thread is the limit${who} — parallelise it or give it a faster core`;
	}

	const interruptPct = (value('cpu.irq_pct') ?? 0) + (value('cpu.softirq_pct') ?? 0);
	if (reading.uPoints > 0 && busyPct !== undefined && interruptPct > busyPct / 2) {
		return `cpu: busy ${formatPct(busyPct)}, ${formatPct(interruptPct)} of it in interrupts — device or network interrupt load: find the source in /proc/interrupts and /proc/softirqs, spread it over cores (irqbalance, RSS/RPS) or reduce the packet rate`;
	}

	if (reading.uPoints > 0 && busyPct !== undefined) {
		return top
			? `cpu: busy ${formatPct(busyPct)} but not queueing — fine for throughput work; top consumer ${cpuConsumer(top)} — profile it if latency matters`
			: `cpu: busy ${formatPct(busyPct)} but not queueing — fine for throughput work; profile the hot process if latency matters`;
	}

	return undefined;
}

/** Advice for the CPU's saturation: its cause when one scores (steal, forks, context switches), else the queue. */
function cpuSaturationAdvice(reading: Reading, cause: string | undefined): string {
	const {value, top} = reading;
	const kernel = kernelText({get: value});
	switch (cause) {
		case 'cpu.steal_pct': {
			return `cpu: steal ${formatPct(value('cpu.steal_pct') ?? 0)} — the hypervisor gives these cores to other guests while this one waits: move to a less contended host or a larger instance, or ask the provider`;
		}

		case 'system.forks_per_s': {
			const forks = formatValue(value('system.forks_per_s'), 'per_second');
			const {forker} = reading.culprits;
			const parent = forker === undefined ? 'find the parent (ps -eo ppid,comm, execsnoop)' : `top: ${forkerText(forker)}`;
			return `cpu: ${known(kernel, `new processes ${forks}`)} — a process is forking in a loop (a shell loop, a crash-restart cycle, a check that spawns commands): ${parent}; batch the work or stop it`;
		}

		case 'system.context_switches_per_core_per_s': {
			const switches = formatValue(value('system.context_switches_per_core_per_s'), 'per_second');
			const busiest = reading.culprits.switchers?.[0];
			const who = busiest === undefined
				? 'find them with pidstat -w, cut the thread count or batch the work'
				: `the busiest is ${busiest.name} (pid ${busiest.pid}) at ${formatValue(busiest.switchesPerSec, 'per_second')}: look at its locking (perf record -g -p ${busiest.pid}), cut its thread count or batch the work`;
			return `cpu: ${known(kernel, `context switches ${switches} per core`)} — threads hand the CPU back and forth (lock contention, too many threads, tiny pipe or socket messages): ${who}`;
		}

		default: {
			const excess = value('cpu.runqueue_excess_per_core');
			const queued = excess !== undefined && excess > 0;
			const facts = known(
				queued ? `run queue ${Number((excess + 1).toFixed(1))}× cores` : undefined,
				maybe(value('cpu.psi_some_pct'), pct => `PSI some ${formatPct(pct)}`),
			);
			const problem = queued ? 'more runnable threads than cores' : 'runnable tasks wait for a CPU';
			return top
				? `cpu: ${facts} — ${problem}; top consumer ${cpuConsumer(top)} — reduce its parallelism or add cores`
				: `cpu: ${facts} — ${problem}; reduce parallelism or add cores`;
		}
	}
}

function largest(process: ProcessGroup | undefined): string {
	return process ? `largest ${groupName(process)} (${groupPids(process)}, ${formatValue(process.rssBytes, 'bytes')})` : '';
}

function memoryAdvice(reading: Reading): string | undefined {
	const {value, top} = reading;
	const usedPct = value('memory.used_pct');
	const swapPagesPerSec = value('memory.swap_pages_per_s');
	const majorFaultsPerSec = value('memory.major_faults_per_s');
	const psiPct = value('memory.psi_some_pct');
	const oomPerSec = value('memory.oom_kills_per_s');
	const used = maybe(usedPct, pct => `used ${formatPct(pct)}`);
	const who = top ? `; ${largest(top)}` : '';
	const culprit = top ? 'shrink or cap it (cgroup memory.max)' : 'find the largest process';

	if (reading.ePoints > 0 && oomPerSec !== undefined && oomPerSec > 0) {
		return `memory: ${known('the OOM killer fired', used)} — processes are being killed for memory${who} — ${culprit} or add RAM`;
	}

	if (reading.sPoints > 0) {
		const faults = majorFaultsPerSec !== undefined && majorFaultsPerSec > 0 ? `major faults ${formatValue(majorFaultsPerSec, 'per_second')}` : undefined;
		const swapping = swapPagesPerSec !== undefined && swapPagesPerSec > 0;
		if (swapping) {
			return `memory: ${known(`swap ${formatValue(swapPagesPerSec * PAGE_BYTES, 'bytes_per_second')}`, faults)} — the working set exceeds RAM${who} — ${culprit} or add RAM`;
		}

		const faultSaturation = majorFaultsPerSec === undefined ? 0 : normalisedSaturation('memory.major_faults_per_s', majorFaultsPerSec);
		const psiSaturation = psiPct === undefined ? 0 : normalisedSaturation('memory.psi_some_pct', psiPct);
		if (faults !== undefined && faultSaturation >= psiSaturation) {
			return `memory: ${faults} without swapping — file pages are read back from disk: the page cache is too small for the working set${who} — ${culprit}, or add RAM`;
		}

		if (psiPct !== undefined) {
			return `memory: ${known(`PSI some ${formatPct(psiPct)}`, used)} — tasks stall on memory reclaim${who} — ${culprit} or add RAM`;
		}
	}

	if (reading.uPoints > 0 && used !== undefined) {
		return top
			? `memory: ${used} with no swapping or stalls — fine for now; watch the ${largest(top)} for growth`
			: `memory: ${used} with no swapping or stalls — fine for now; watch the largest processes for growth`;
	}

	return undefined;
}

/**
 * The process doing the most I/O, as "top writer x (pid n, 38 MB/s)" or "top reader …"; over a
 * recorded range, which keeps only read and write together, "top I/O …". `writer` is undefined then.
 */
function ioProcess(process: ProcessGroup): {text: string; writer: boolean | undefined} {
	const who = `${groupName(process)} (${groupPids(process)}`;
	if (process.readBytesPerSec === undefined && process.writeBytesPerSec === undefined) {
		return {text: `top I/O ${who}, ${formatValue(process.ioBytesPerSec ?? 0, 'bytes_per_second')})`, writer: undefined};
	}

	const readBytesPerSec = process.readBytesPerSec ?? 0;
	const writeBytesPerSec = process.writeBytesPerSec ?? 0;
	const writer = writeBytesPerSec >= readBytesPerSec;
	const rate = formatValue(writer ? writeBytesPerSec : readBytesPerSec, 'bytes_per_second');
	return {text: `top ${writer ? 'writer' : 'reader'} ${who}, ${rate})`, writer};
}

function diskAdvice(reading: Reading): string | undefined {
	const {value, top, name} = reading;
	const utilPct = value('disk.util_pct');
	const queue = value('disk.queue_size');
	const facts = known(
		maybe(utilPct, pct => `${formatPct(pct)} busy`),
		maybe(value('disk.await_ms'), ms => `await ${formatValue(ms, 'milliseconds')}`),
		maybe(queue, size => `aqu-sz ${formatValue(size, 'ratio')}`),
	);
	if (facts === '') {
		return undefined;
	}

	const io = top ? ioProcess(top) : undefined;
	if (reading.sPoints > 0) {
		if (!io) {
			return `${name}: ${facts} — requests are queueing; find the writer (per-process I/O needs privilege: iotop as root), then spread the I/O or move to faster storage`;
		}

		const action = io.writer === undefined
			? 'spread or reduce its I/O'
			: (io.writer ? 'spread or reduce its writes, check for fsync storms' : 'cache more of its reads (more page cache) or spread them');
		return `${name}: ${facts}; ${io.text} — ${action}`;
	}

	if (reading.uPoints > 0) {
		// %util counts time with any request in flight: an SSD or array serving many in parallel can be
		// "100 % busy" with capacity to spare, so without a queue the load is near, not past, the limit.
		const who = io ? `; ${io.text}` : '';
		return `${name}: ${facts} but not queueing — busy % overstates saturation on SSDs and arrays; watch await${who}`;
	}

	return undefined;
}

function ioAdvice(reading: Reading): string | undefined {
	const psiPct = reading.value('io.psi_some_pct');
	if (reading.sPoints === 0 || psiPct === undefined) {
		return undefined;
	}

	const io = reading.top ? ioProcess(reading.top) : undefined;
	const who = io ? `; ${io.text}` : '';
	return `io: tasks stalled on block I/O ${formatPct(psiPct)} of the time${who} — look at the busiest disk, reduce or spread the I/O, or move to faster storage`;
}

function filesystemAdvice(reading: Reading): string | undefined {
	const {value, name} = reading;
	const usedPct = value('fs.used_pct');
	const inodesPct = value('fs.inodes_used_pct');
	if (reading.uPoints === 0) {
		return undefined;
	}

	if (inodesPct !== undefined && (usedPct === undefined || inodesPct > usedPct)) {
		return `${name}: inodes ${formatPct(inodesPct)} used — too many small files: clear caches, temp and session directories, or rebuild with more inodes`;
	}

	if (usedPct === undefined) {
		return undefined;
	}

	const free = maybe(value('fs.available_bytes'), bytes => `, ${formatValue(bytes, 'bytes')} free`) ?? '';
	return `${name}: ${formatPct(usedPct)} full${free} — delete or move data, rotate and compress logs, or grow the filesystem`;
}

function networkAdvice(reading: Reading): string | undefined {
	const {value, name} = reading;
	if (reading.ePoints > 0) {
		const errorPct = value('net.error_pct');
		const dropsPerSec = value('net.drops_per_s') ?? 0;
		const errorsPerSec = value('net.errors_per_s') ?? 0;
		const detail = known(
			dropsPerSec > 0 ? `drops ${formatValue(dropsPerSec, 'per_second')}` : undefined,
			errorsPerSec > 0 ? `errors ${formatValue(errorsPerSec, 'per_second')}` : undefined,
		);
		const facts = `error rate ${formatPct(errorPct ?? 0)}${detail === '' ? '' : ` (${detail})`}`;
		return dropsPerSec >= errorsPerSec
			? `${name}: ${facts} — packets dropped: enlarge the NIC ring buffers (ethtool -G) and check the receive backlog (netdev_max_backlog)`
			: `${name}: ${facts} — link errors: check the cable, duplex and driver (ethtool -S ${name})`;
	}

	const speedMbps = value('net.speed_mbps');
	if (reading.uPoints > 0 && speedMbps !== undefined) {
		const rx = value('net.rx_bytes_per_s') ?? 0;
		const tx = value('net.tx_bytes_per_s') ?? 0;
		const [direction, bytesPerSec] = rx >= tx ? ['rx', rx] : ['tx', tx];
		// Per-process network accounting needs root or eBPF, so no process is named here.
		return `${name}: ${direction} ${formatMbitPerSec(bytesPerSec)} of ${speedMbps} Mbit/s — the link is near capacity: find the heavy flows (ss, iftop), compress or batch, or move to a faster link`;
	}

	return undefined;
}

function tcpAdvice(reading: Reading): string | undefined {
	const {value} = reading;
	const retransPct = value('tcp.retrans_pct');
	const listenDropsPerSec = value('tcp.listen_drops_per_s');
	const udpErrorsPerSec = value('tcp.udp_errors_per_s');
	if (reading.ePoints > reading.sPoints && udpErrorsPerSec !== undefined) {
		return `tcp: UDP errors ${formatValue(udpErrorsPerSec, 'per_second')} — receive buffers overflow: raise net.core.rmem_max and SO_RCVBUF, or read faster`;
	}

	if (reading.sPoints === 0) {
		return undefined;
	}

	const retransSaturation = retransPct === undefined ? 0 : normalisedSaturation('tcp.retrans_pct', retransPct);
	const dropSaturation = listenDropsPerSec === undefined ? 0 : normalisedSaturation('tcp.listen_drops_per_s', listenDropsPerSec);
	if (listenDropsPerSec !== undefined && dropSaturation >= retransSaturation) {
		return `tcp: listen drops ${formatValue(listenDropsPerSec, 'per_second')} — raise the listen backlog / accept faster (net.core.somaxconn, the server's backlog argument, more accept workers)`;
	}

	if (retransPct !== undefined) {
		return `tcp: retransmits ${formatPct(retransPct)} — segments are lost or delayed on the path: check NIC errors and drops on both ends, and congestion`;
	}

	return undefined;
}

/** The first `max` distinct recommendations, in bottleneck order (most severe first). */
export function topRecommendations(bottlenecks: readonly Bottleneck[], max = 5): string[] {
	const unique = new Set<string>();
	for (const bottleneck of bottlenecks) {
		if (unique.size >= max) {
			break;
		}

		unique.add(bottleneck.recommendation);
	}

	return [...unique];
}

/** A probed target: failures send the operator to the service itself, slowness to its slow endpoints. */
function serviceAdvice(reading: Reading): string | undefined {
	const {value, name} = reading;
	const failing = value('service.failing_s');
	if (isDown(failing)) {
		// An HTTP status means it runs and answers, wrongly; no status means nothing answered at all.
		const status = value('service.last_status');
		return status === undefined
			? `${name}: down for ${formatValue(failing, 'seconds')}, no answer — check that it runs and listens, then its own logs and its health endpoint`
			: `${name}: down for ${formatValue(failing, 'seconds')}, answering HTTP ${status} — read the service's own logs and check its health endpoint`;
	}

	const errorPct = value('service.error_pct');
	if (reading.ePoints > 0 && errorPct !== undefined) {
		return `${name}: ${formatPct(errorPct)} of probes fail — read the service's own logs and check its health endpoint`;
	}

	const p95Ms = value('service.latency_p95_ms');
	if (reading.uPoints > 0 && p95Ms !== undefined) {
		return `${name}: p95 ${formatValue(p95Ms, 'milliseconds')}, ${formatPct(value('service.latency_budget_pct') ?? 0)} of the response-time budget — find its slow endpoints (its access log, traces), then the host that serves it`;
	}

	return undefined;
}
