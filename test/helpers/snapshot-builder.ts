import type {Baseline, BaselineMetric} from '../../source/analyze/baseline.js';
import {compareToBaseline, type Band, type Deviation, type UsedSigmaKind} from '../../source/analyze/compare.js';
import {groupWorkers} from '../../source/analyze/process-groups.js';
import type {Bottleneck, Severity, UseAssessment} from '../../source/analyze/types.js';
import type {Comparison, DashboardActions, EngineHandle, HistoryView, RecordingState, Snapshot} from '../../source/engine/types.js';
import {type Inventory, type MetricId, type MetricValue, type ProcessSample, resourceKindOf} from '../../source/metrics/types.js';
import {withIoSum} from './sample-builder.js';

/** Hand-built snapshots for UI tests: every figure is chosen by the test, nothing read from this machine. */
export const testInventory: Inventory = {
	hostname: 'db-1',
	os: 'Ubuntu 24.04',
	kernel: '6.8.0-31-generic',
	cpuModel: 'Test CPU',
	cores: 2,
	memoryBytes: 8 * 1024 ** 3,
	bootTime: 1_700_000_000,
};

export type SnapshotSpec = {
	/** Metric values keyed `id|resource`, as seriesKey builds them. */
	readonly metrics?: Readonly<Record<string, number | undefined>>;
	readonly processes?: readonly ProcessSample[];
	readonly assessments?: readonly UseAssessment[];
	readonly bottlenecks?: readonly Bottleneck[];
	/** History per series key, oldest first; all series share the longest length (shorter ones are NaN-padded on the left). */
	readonly history?: Readonly<Record<string, readonly number[]>>;
	readonly recording?: RecordingState;
	readonly intervalMs?: number;
	/** The sample's own interval: undefined marks a first reading without rates. */
	readonly sampleIntervalMs?: number | undefined;
	readonly timestamp?: number;
	readonly inventory?: Inventory;
	/** Present while a baseline is selected. */
	readonly comparison?: Comparison;
	/** The latest probe's error per failing target (Sample.probeErrors). */
	readonly probeErrors?: Readonly<Record<string, string>>;
};

/** 2024-03-05 14:07:09 local time. */
export const testTimestamp = new Date(2024, 2, 5, 14, 7, 9).getTime();

export function process(pid: number, fields: Partial<ProcessSample> = {}): ProcessSample {
	return withIoSum({
		pid,
		name: `proc${pid}`,
		command: `/usr/bin/proc${pid} --flag`,
		user: 'root',
		state: 'S',
		cpuPct: 1,
		rssBytes: 1024 * 1024,
		readBytesPerSec: 0,
		writeBytesPerSec: 0,
		threads: 1,
		...fields,
	});
}

export function assessment(resource: string, severity: Severity, fields: Partial<UseAssessment> = {}): UseAssessment {
	const scores: Record<Severity, number> = {LOW: 0, MEDIUM: 2, HIGH: 5, CRITICAL: 8};
	return {
		resource,
		kind: resourceKindOf(resource),
		utilizationPct: undefined,
		saturation: undefined,
		errorPct: undefined,
		score: scores[severity],
		severity,
		bottleneck: severity === 'HIGH' || severity === 'CRITICAL',
		evidence: [],
		...fields,
	};
}

function historyView(history: Readonly<Record<string, readonly number[]>>, timestamp: number): HistoryView {
	const length = Math.max(0, ...Object.values(history).map(series => series.length));
	const padded = new Map(Object.entries(history).map(([key, series]) => [key, [...Array.from({length: length - series.length}, () => Number.NaN), ...series]]));
	return {
		capacity: 600,
		timestamps: Array.from({length}, (_value, index) => timestamp - (length - 1 - index) * 1000),
		series: key => padded.get(key) ?? [],
	};
}

export function buildSnapshot(spec: SnapshotSpec = {}): Snapshot {
	const timestamp = spec.timestamp ?? testTimestamp;
	const metrics: MetricValue[] = Object.entries(spec.metrics ?? {}).map(([key, value]) => {
		const bar = key.indexOf('|');
		return {id: key.slice(0, bar) as MetricId, resource: key.slice(bar + 1), value};
	});
	return {
		inventory: spec.inventory ?? testInventory,
		sample: {
			timestamp,
			intervalMs: 'sampleIntervalMs' in spec ? spec.sampleIntervalMs : 1000,
			metrics,
			processes: spec.processes ?? [],
			unavailable: [],
			...(spec.probeErrors === undefined ? {} : {probeErrors: spec.probeErrors}),
		},
		analysis: {assessments: spec.assessments ?? [], bottlenecks: spec.bottlenecks ?? []},
		history: historyView(spec.history ?? {}, timestamp),
		recording: spec.recording ?? {kind: 'off'},
		intervalMs: spec.intervalMs ?? 1000,
		...(spec.comparison === undefined ? {} : {comparison: spec.comparison}),
	};
}

/** A quiet two-core VM: everything LOW. */
export const idleMetrics: Readonly<Record<string, number | undefined>> = {
	'cpu.busy_pct|cpu': 3.2,
	'cpu.user_pct|cpu': 2,
	'cpu.system_pct|cpu': 1.2,
	'cpu.iowait_pct|cpu': 0,
	'cpu.steal_pct|cpu': 0,
	'cpu.runnable|cpu': 1,
	'cpu.psi_some_pct|cpu': 0,
	'cpu.core_busy_pct|cpu:0': 4,
	'cpu.core_busy_pct|cpu:1': 2.4,
	'system.load1|system': 0.12,
	'system.load5|system': 0.08,
	'system.load15|system': 0.05,
	'system.uptime_s|system': 3 * 86_400 + 4 * 3600,
	'memory.used_pct|memory': 25,
	'memory.used_bytes|memory': 2 * 1024 ** 3,
	'memory.total_bytes|memory': 8 * 1024 ** 3,
	'memory.available_bytes|memory': 6 * 1024 ** 3,
	'memory.cache_bytes|memory': 3 * 1024 ** 3,
	'memory.dirty_bytes|memory': 1024 * 1024,
	'memory.writeback_bytes|memory': 0,
	'memory.swap_used_bytes|memory': 0,
	'memory.psi_some_pct|memory': 0,
	'disk.util_pct|disk:vda': 1.5,
	'disk.read_bytes_per_s|disk:vda': 0,
	'disk.write_bytes_per_s|disk:vda': 40_960,
	'disk.read_iops|disk:vda': 0,
	'disk.write_iops|disk:vda': 3,
	'disk.await_ms|disk:vda': 0.8,
	'disk.queue_size|disk:vda': 0.01,
	'disk.util_pct|disk:vdb': 0,
	'fs.used_pct|fs:/': 41,
	'fs.size_bytes|fs:/': 40 * 1024 ** 3,
	'fs.available_bytes|fs:/': 23 * 1024 ** 3,
	'fs.inodes_used_pct|fs:/': 9,
	'net.rx_bytes_per_s|net:eth0': 2048,
	'net.tx_bytes_per_s|net:eth0': 1024,
	'net.rx_packets_per_s|net:eth0': 12,
	'net.tx_packets_per_s|net:eth0': 10,
	'net.errors_per_s|net:eth0': 0,
	'net.drops_per_s|net:eth0': 0,
	'net.util_pct|net:eth0': undefined,
	'tcp.retrans_pct|tcp': 0,
	'tcp.established|tcp': 7,
};

export const idleAssessments: readonly UseAssessment[] = [
	assessment('cpu', 'LOW', {utilizationPct: 3.2, saturation: 0}),
	assessment('memory', 'LOW', {utilizationPct: 25, saturation: 0}),
	assessment('disk:vda', 'LOW', {utilizationPct: 1.5, saturation: 0.01}),
	assessment('disk:vdb', 'LOW', {utilizationPct: 0, saturation: 0}),
	assessment('net:eth0', 'LOW', {errorPct: 0}),
];

export const idleProcesses: readonly ProcessSample[] = [
	process(812, {name: 'postgres', command: 'postgres: checkpointer', user: 'postgres', cpuPct: 0.5, rssBytes: 300 * 1024 ** 2, writeBytesPerSec: 4096}),
	process(1, {name: 'systemd', command: '/sbin/init', cpuPct: 0.1, rssBytes: 12 * 1024 ** 2}),
	process(2201, {name: 'node', command: 'node server.js', user: 'app', cpuPct: 2.5, rssBytes: 150 * 1024 ** 2, readBytesPerSec: 100}),
];

export function idleSnapshot(fields: SnapshotSpec = {}): Snapshot {
	return buildSnapshot({
		metrics: idleMetrics,
		assessments: idleAssessments,
		processes: idleProcesses,
		history: {'cpu.busy_pct|cpu': [2, 3, Number.NaN, 4, 3.2], 'memory.used_pct|memory': [25, 25, 25]},
		...fields,
	});
}

/** vda saturated by a writer: the disk is CRITICAL, CPU iowait MEDIUM. */
export function loadedSnapshot(fields: SnapshotSpec = {}): Snapshot {
	const writer = process(4242, {name: 'pg_dump', command: 'pg_dump --all', user: 'postgres', cpuPct: 35, rssBytes: 80 * 1024 ** 2, writeBytesPerSec: 120 * 1024 ** 2});
	return buildSnapshot({
		metrics: {
			...idleMetrics,
			'cpu.busy_pct|cpu': 55,
			'cpu.iowait_pct|cpu': 40,
			'disk.util_pct|disk:vda': 97,
			'disk.write_bytes_per_s|disk:vda': 120 * 1024 ** 2,
			'disk.await_ms|disk:vda': 41,
			'disk.queue_size|disk:vda': 6.2,
		},
		assessments: [
			assessment('cpu', 'MEDIUM', {utilizationPct: 55, saturation: 1.2}),
			assessment('memory', 'LOW', {utilizationPct: 25, saturation: 0}),
			assessment('disk:vda', 'CRITICAL', {utilizationPct: 97, saturation: 6.2, evidence: ['vda busy 97 %', 'await 41 ms', 'aqu-sz 6.2']}),
			assessment('disk:vdb', 'LOW', {utilizationPct: 0}),
			assessment('net:eth0', 'LOW', {errorPct: 0}),
		],
		bottlenecks: [
			{resource: 'disk:vda', severity: 'CRITICAL', score: 8, evidence: ['vda busy 97 %', 'await 41 ms', 'aqu-sz 6.2'], topProcesses: groupWorkers([writer]), recommendation: 'find the writer'},
			{resource: 'cpu', severity: 'MEDIUM', score: 2, evidence: ['busy 55 %', 'iowait 40 %'], topProcesses: groupWorkers([writer]), recommendation: 'profile'},
		],
		processes: [...idleProcesses, writer],
		...fields,
	});
}

export type FakeEngine = EngineHandle & {
	/** Deliver a snapshot to subscribers, as a tick would. */
	readonly push: (snapshot: Snapshot) => void;
	readonly intervalCalls: number[];
	/** Every watchProcess call, in order. */
	readonly watched: Array<number | undefined>;
	/** Every watchCgroup call, in order. */
	readonly watchedCgroups: Array<string | undefined>;
	readonly listenerCount: () => number;
};

export function fakeEngine(initial?: Snapshot): FakeEngine {
	const listeners = new Set<(snapshot: Snapshot) => void>();
	let latest = initial;
	const intervalCalls: number[] = [];
	const watched: Array<number | undefined> = [];
	const watchedCgroups: Array<string | undefined> = [];
	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		latest: () => latest,
		setIntervalMs(intervalMs) {
			intervalCalls.push(intervalMs);
		},
		watchProcess(pid) {
			watched.push(pid);
		},
		watchCgroup(path) {
			watchedCgroups.push(path);
		},
		push(snapshot) {
			latest = snapshot;
			for (const listener of listeners) {
				listener(snapshot);
			}
		},
		intervalCalls,
		watched,
		watchedCgroups,
		listenerCount: () => listeners.size,
	};
}

export type FakeActions = DashboardActions & {
	readonly calls: string[];
};

/** Actions that record their calls; each may be replaced, e.g. by one that rejects. */
export function fakeActions(overrides: Partial<DashboardActions> = {}): FakeActions {
	const calls: string[] = [];
	const savedNames = ['db-1-2024-03-01', 'db-1-2024-02-01'];
	const base: DashboardActions = {
		writeReport: async scope => `/tmp/perftop-${scope === 'range' ? 'report' : 'snapshot'}-db-1.md`,
		saveBaseline: async (name, replace) => (!replace && savedNames.includes(name) ? {kind: 'exists'} : {kind: 'saved', message: `baseline saved: ${name}`}),
		listBaselines: async () => savedNames,
		selectBaseline: async name => (name === undefined ? 'baseline off' : `comparing with ${name}`),
		profileProcess: async () => {
			throw new Error('perf is not installed: on Debian install the package linux-perf (apt-get install linux-perf)');
		},
		processHistory: async () => ({timestamps: [], cpuPct: [], rssBytes: [], ioBytesPerSec: []}),
		signalProcess: async (target, signal) => `sent ${signal} to ${target.pid} (${target.name})`,
		reniceProcess: async (target, nice) => `reniced ${target.pid} (${target.name}) to ${nice}`,
		history() {
			throw new Error('baselines need the recording database (perftop was started with --no-record)');
		},
	};
	const merged = {...base, ...overrides};
	return {
		writeReport(scope, snapshot) {
			calls.push(`writeReport:${scope}`);
			return merged.writeReport(scope, snapshot);
		},
		saveBaseline(name, replace) {
			calls.push(`saveBaseline:${name}${replace ? ':replace' : ''}`);
			return merged.saveBaseline(name, replace);
		},
		listBaselines() {
			calls.push('listBaselines');
			return merged.listBaselines();
		},
		selectBaseline(name) {
			calls.push(`selectBaseline:${name ?? 'off'}`);
			return merged.selectBaseline(name);
		},
		profileProcess(pid, durationS, signal) {
			calls.push(`profileProcess:${pid}`);
			return merged.profileProcess(pid, durationS, signal);
		},
		processHistory(process, fromMs, toMs) {
			calls.push(`processHistory:${process.pid}`);
			return merged.processHistory(process, fromMs, toMs);
		},
		signalProcess(target, signal) {
			calls.push(`signalProcess:${target.pid}:${target.startTimeTicks ?? ''}:${signal}`);
			return merged.signalProcess(target, signal);
		},
		history() {
			calls.push('history');
			return merged.history();
		},
		reniceProcess(target, nice) {
			calls.push(`reniceProcess:${target.pid}:${nice}`);
			return merged.reniceProcess(target, nice);
		},
		calls,
	};
}

/** A baseline summary with the figures a test cares about; the rest follow from them. */
export function baselineMetric(fields: Partial<BaselineMetric> & Pick<BaselineMetric, 'median' | 'sigma'>): BaselineMetric {
	const {median, sigma} = fields;
	return {
		count: 3600,
		mean: median,
		stddev: sigma,
		mad: sigma / 1.4826,
		robustSigma: sigma,
		p5: median - 1.6 * sigma,
		p50: median,
		p95: median + 1.6 * sigma,
		p99: median + 2.3 * sigma,
		min: median - 3 * sigma,
		max: median + 3 * sigma,
		skewness: 0,
		skewed: false,
		sigmaKind: 'stddev',
		firstMs: testTimestamp - 86_400_000,
		lastMs: testTimestamp - 3_600_000,
		...fields,
	};
}

export function testBaseline(name: string, metrics: Readonly<Record<string, BaselineMetric>>): Baseline {
	return {
		schemaVersion: 1,
		name,
		createdAt: testTimestamp - 3_600_000,
		fromMs: testTimestamp - 86_400_000,
		toMs: testTimestamp - 3_600_000,
		minSamples: 10,
		metrics,
		leftOut: [],
	};
}

/** A deviation as compare.ts builds one: (value − median) / σ, banded at 2 and 3 σ. */
export function deviation(key: string, value: number, median: number, sigma: number, sigmaKind: UsedSigmaKind = 'stddev'): Deviation {
	const bar = key.indexOf('|');
	const deviationSigma = (value - median) / sigma;
	const magnitude = Math.abs(deviationSigma);
	const band: Band = magnitude > 3 ? 'critical' : magnitude > 2 ? 'warning' : 'normal';
	return {key, id: key.slice(0, bar), resource: key.slice(bar + 1), value, median, sigma, sigmaKind, deviationSigma, band, harmless: false};
}

/**
 * The loaded snapshot's comparison with "db-1-2024-03-01", judged by compare.ts: CPU busy 55 % against a
 * median of 20 ± 10 (▲3.5σ, critical, raised), vda util 97 % against 60 ± 14.8 (▲2.5σ, warning, robust σ),
 * load 1m below its median (σ at the floor of one task ÷ 2), memory on its median.
 */
export function loadedComparison(): Comparison {
	const baseline = testBaseline('db-1-2024-03-01', {
		'cpu.busy_pct|cpu': baselineMetric({median: 20, sigma: 10, p5: 10, p95: 30}),
		'disk.util_pct|disk:vda': baselineMetric({median: 60, sigma: 14.8, sigmaKind: 'robust', skewed: true}),
		'memory.used_pct|memory': baselineMetric({median: 25, sigma: 0.2, p5: 24, p95: 26}),
		'system.load1|system': baselineMetric({median: 0.5, sigma: 0.2}),
	});
	const current = new Map([
		['cpu.busy_pct|cpu', 55],
		['disk.util_pct|disk:vda', 97],
		['system.load1|system', 0.12],
		['memory.used_pct|memory', 25],
	]);
	return {
		baseline,
		deviations: compareToBaseline(current, baseline),
		anomalies: [{key: 'cpu.busy_pct|cpu', band: 'critical'}],
		events: [],
	};
}

/** Three probed targets: api healthy, auth slow and failing some probes, legacy not answering. */
export const serviceMetrics: Readonly<Record<string, number | undefined>> = {
	'service.requests_per_s|service': 0.3,
	'service.overall_error_pct|service': 40,
	'service.health_score|service': 52,
	'service.requests_per_s|service:api': 0.1,
	'service.error_pct|service:api': 0,
	'service.latency_p50_ms|service:api': 35,
	'service.latency_p95_ms|service:api': 45,
	'service.latency_p99_ms|service:api': 60,
	'service.latency_budget_pct|service:api': 9,
	'service.health_score|service:api': 96.8,
	'service.failing_s|service:api': 0,
	'service.last_status|service:api': 200,
	'service.body_bytes|service:api': 2048,
	'service.requests_per_s|service:auth': 0.1,
	'service.error_pct|service:auth': 20,
	'service.latency_p50_ms|service:auth': 380,
	'service.latency_p95_ms|service:auth': 720,
	'service.latency_p99_ms|service:auth': 910,
	'service.latency_budget_pct|service:auth': 144,
	'service.health_score|service:auth': 60,
	'service.failing_s|service:auth': 0,
	'service.last_status|service:auth': 200,
	'service.body_bytes|service:auth': 512,
	'service.requests_per_s|service:legacy': 0.1,
	'service.error_pct|service:legacy': 100,
	'service.latency_p50_ms|service:legacy': undefined,
	'service.latency_p95_ms|service:legacy': undefined,
	'service.latency_p99_ms|service:legacy': undefined,
	'service.health_score|service:legacy': 0,
	'service.failing_s|service:legacy': 45,
	'service.last_status|service:legacy': undefined,
	'service.body_bytes|service:legacy': undefined,
};

export const serviceHistory: Readonly<Record<string, readonly number[]>> = {
	'service.latency_p95_ms|service:api': [40, 42, 45, 44, 45],
	'service.latency_p95_ms|service:auth': [300, 450, 600, Number.NaN, 720],
};

/** The idle machine plus three probed services; auth is a bottleneck on latency, legacy down (refused for 45 s). */
export function servicesSnapshot(fields: SnapshotSpec = {}): Snapshot {
	return buildSnapshot({
		metrics: {...idleMetrics, ...serviceMetrics},
		probeErrors: {'service:legacy': 'connection refused by 127.0.0.1:9'},
		assessments: [
			...idleAssessments,
			assessment('service:api', 'LOW', {utilizationPct: 9, errorPct: 0}),
			assessment('service:auth', 'CRITICAL', {utilizationPct: 144, errorPct: 20, evidence: ['auth p95 720 ms of 500 ms budget', 'errors 20 %']}),
			assessment('service:legacy', 'CRITICAL', {errorPct: 100, evidence: ['last probe failed: connection refused by 127.0.0.1:9'], floor: {severity: 'CRITICAL', reason: 'down: every probe failed for 45s'}}),
		],
		bottlenecks: [
			{resource: 'service:auth', severity: 'CRITICAL', score: 8, evidence: ['p95 720 ms of 500 ms budget', 'errors 20 %'], topProcesses: [], recommendation: 'check auth'},
		],
		processes: idleProcesses,
		history: {'cpu.busy_pct|cpu': [2, 3, 4], ...serviceHistory},
		...fields,
	});
}
