import {analyzeTick} from '../analyze/analyze.js';
import {activeAnomalies, emptyAnomalyState, stepAnomalies, type AnomalyEvent, type AnomalyState} from '../analyze/anomaly.js';
import type {Baseline} from '../analyze/baseline.js';
import {cgroupsToName, withCgroupMembers} from '../analyze/bottlenecks.js';
import {compareToBaseline} from '../analyze/compare.js';
import {leakSuspects, type LeakSuspect} from '../analyze/forecast.js';
import {defaultThresholds, type Thresholds} from '../analyze/severity.js';
import {type AnalysisMemory, emptyMemory} from '../analyze/sustain.js';
import type {Analysis} from '../analyze/types.js';
import type {ForkTracer} from '../collect/fork-trace.js';
import type {CgroupMembers, CgroupProcsReader} from '../collect/read-cgroup-procs.js';
import type {ProcessDetailReading} from '../collect/read-process-detail.js';
import type {RawReading} from '../collect/types.js';
import {cgroupDetailOf, type CgroupDetail} from '../metrics/cgroup-detail.js';
import {cgroupHistoryWidth, createCgroupHistory} from '../metrics/cgroup-history.js';
import {derive} from '../metrics/derive.js';
import {deriveProcessDetail, type ProcessDetail} from '../metrics/process-detail.js';
import {emptyRssWatch, watchRss} from '../metrics/rss-watch.js';
import {createHistory} from '../metrics/series.js';
import {switchRates, switcherCandidates, type SwitchCount} from '../metrics/switchers.js';
import {seriesKey, type ForkTrace, type Inventory, type MetricValue, type ProcessSample, type ResourceId, type Sample} from '../metrics/types.js';
import type {Comparison, EngineHandle, RecordingState, Snapshot} from './types.js';

export type Collector = {
	readonly read: () => Promise<RawReading>;
};

/** Where samples go after analysis; returns the state to show. Never throws. */
export type Recorder = {
	readonly write: (sample: Sample) => RecordingState;
	/** Anomaly raises and clears, kept with the samples. */
	readonly recordEvents: (events: readonly AnomalyEvent[]) => void;
	readonly state: () => RecordingState;
	readonly close: () => void;
};

export type EngineOptions = {
	readonly collector: Collector;
	readonly inventory: Inventory;
	readonly intervalMs: number;
	readonly topProcesses: number;
	/** Ticks of history kept in memory for charts: at least the widest chart. */
	readonly historyCapacity: number;
	readonly recorder?: Recorder;
	/** Severity thresholds from the config file (the methodology's defaults otherwise). */
	readonly thresholds?: Thresholds;
	/** Resources the config excludes (`exclude.disks` …) are dropped from every sample. */
	readonly keepResource?: (resource: ResourceId) => boolean;
	/** Probed services: their RED metrics join each tick's sample; started and stopped with the loop. */
	readonly services?: {
		readonly metrics: (nowMs: number) => MetricValue[];
		readonly lastErrors: () => Readonly<Record<ResourceId, string>>;
		readonly start: () => void;
		readonly stop: () => Promise<void>;
	};
	/** Called when a tick fails unexpectedly; the loop goes on. */
	readonly onError?: (error: unknown) => void;
	/** Reads the depth of one process's detail view (memory by kind, faults, descriptors, I/O, sockets). */
	readonly readProcessDetail?: (pid: number) => ProcessDetailReading;
	/** Counts one process's context switches, all threads; undefined when it is gone or the kernel keeps no count. */
	readonly readSwitches?: (pid: number) => number | undefined;
	/** Lists the processes of one control group and its descendants (the group whose detail view is open). */
	readonly readCgroupProcs?: CgroupProcsReader;
	/** Starts counting forks by parent from the kernel's fork events; a string says why it cannot. */
	readonly traceForks?: () => ForkTracer | string;
};

export type Engine = EngineHandle & {
	/** Start ticking: one tick now, the next after min(interval, 1 s) so rates appear quickly, then every interval. */
	readonly start: () => void;
	readonly stop: () => void;
	/** One tick outside the loop: collect → derive → analyze → record → snapshot. */
	readonly tick: () => Promise<Snapshot>;
	/** Compare every following tick against this baseline; undefined turns comparison off. */
	readonly setBaseline: (baseline: Baseline | undefined) => void;
	/**
	 * Publish the latest snapshot again with the recorder's state now, without a tick: the dashboard's
	 * store attaches after its first frame, and the header should not say `rec opening` for a whole interval.
	 */
	readonly refreshRecording: () => void;
};

export function createEngine(options: EngineOptions): Engine {
	const {collector, inventory, recorder, topProcesses, services, keepResource} = options;
	const thresholds = options.thresholds ?? defaultThresholds;
	const history = createHistory(options.historyCapacity);
	const listeners = new Set<(snapshot: Snapshot) => void>();
	let intervalMs = options.intervalMs;
	let previous: RawReading | undefined;
	let latest: Snapshot | undefined;
	let timer: NodeJS.Timeout | undefined;
	let running = false;
	let stopped = false;
	let ticking: Promise<Snapshot> | undefined;
	let baseline: Baseline | undefined;
	let anomalyState: AnomalyState = emptyAnomalyState;
	// The process whose detail view is open: read each tick, for that one process only.
	let watchedPid: number | undefined;
	let previousDetail: {readonly reading: ProcessDetailReading; readonly timestamp: number} | undefined;
	// The control group whose detail view is open: its processes listed each tick; every group's recent series kept.
	let watchedCgroup: string | undefined;
	const cgroupHistory = createCgroupHistory(cgroupHistoryWidth);
	// The top processes' RSS over the last hour, and the leak suspects it gives (recomputed when it changes).
	let rssWatch = emptyRssWatch;
	let leaks: readonly LeakSuspect[] = [];
	// The context switches counted last tick, by pid (withSwitchers).
	let switchCounts: ReadonlyMap<number, SwitchCount> = new Map();
	// While a fork storm is judged: the running fork count, or why there is none (withForkTrace).
	let forkTracer: ForkTracer | string | undefined;

	function processDetail(timestamp: number): ProcessDetail | undefined {
		if (watchedPid === undefined || !options.readProcessDetail) {
			return undefined;
		}

		const reading = options.readProcessDetail(watchedPid);
		const detail = deriveProcessDetail(previousDetail?.reading, reading, timestamp - (previousDetail?.timestamp ?? timestamp));
		previousDetail = {reading, timestamp};
		return detail;
	}

	function cgroupDetail(sample: Sample, readCgroupProcs = options.readCgroupProcs): CgroupDetail | undefined {
		if (watchedCgroup === undefined) {
			return undefined;
		}

		const read = readCgroupProcs?.(watchedCgroup) ?? {path: watchedCgroup, members: [], failure: 'not read on this system'};
		return cgroupDetailOf(read, sample.allProcesses ?? sample.processes, cgroupHistory.series(watchedCgroup));
	}

	/**
	 * The analysis with its highest ranked cgroup bottlenecks naming their heaviest processes: each one's
	 * cgroup.procs (descendants included) read and joined with the tick's processes. Nothing is read
	 * while no group is judged MEDIUM or worse.
	 */
	function withCgroupProcesses(analysis: Analysis, sample: Sample, readCgroupProcs: CgroupProcsReader | undefined): Analysis {
		const paths = readCgroupProcs ? cgroupsToName(analysis) : [];
		if (readCgroupProcs === undefined || paths.length === 0) {
			return analysis;
		}

		const members = new Map<string, ProcessSample[]>();
		for (const path of paths) {
			const read = readCgroupProcs(path);
			if (read.failure === undefined) {
				const joined = cgroupDetailOf(read, sample.allProcesses ?? sample.processes, undefined).processes;
				members.set(path, joined.flatMap(member => member.process ?? []));
			}
		}

		return withCgroupMembers(analysis, members, thresholds);
	}

	/** One tick's reader of cgroup.procs: a group both judged and open in its detail view is read once. */
	function cgroupProcsOfTick(): CgroupProcsReader | undefined {
		const read = options.readCgroupProcs;
		if (read === undefined) {
			return undefined;
		}

		const members = new Map<string, CgroupMembers>();
		return path => {
			let found = members.get(path);
			if (found === undefined) {
				found = read(path);
				members.set(path, found);
			}

			return found;
		};
	}

	let analysisMemory: AnalysisMemory = emptyMemory;

	function compare(sample: Sample): Comparison | undefined {
		if (!baseline) {
			return undefined;
		}

		const current = new Map<string, number | undefined>();
		for (const metric of sample.metrics) {
			current.set(seriesKey(metric.id, metric.resource), metric.value);
		}

		const deviations = compareToBaseline(current, baseline);
		const step = stepAnomalies(anomalyState, deviations, sample.timestamp);
		anomalyState = step.state;
		const events = step.events.map(event => ({...event, baseline: baseline!.name}));
		if (events.length > 0) {
			recorder?.recordEvents(events);
		}

		return {baseline, deviations, anomalies: activeAnomalies(anomalyState), events};
	}

	async function collectAndPublish(): Promise<Snapshot> {
		const reading = await collector.read();
		const sample = withForkTrace(withSwitchers(withServices(filtered(derive(previous, reading, {topProcesses})))));
		previous = reading;
		history.push(sample);
		cgroupHistory.push(sample.cgroups);
		const recording: RecordingState = recorder ? recorder.write(sample) : {kind: 'off'};
		const comparison = compare(sample);
		const judged = analyzeTick(sample, thresholds, analysisMemory);
		analysisMemory = judged.memory;
		const readCgroupProcs = cgroupProcsOfTick();
		const analysis = withCgroupProcesses(judged.analysis, sample, readCgroupProcs);
		followForkStorm(judged.analysis.assessments.find(assessment => assessment.resource === 'cpu')?.judged?.['system.forks_per_s']);
		const detail = processDetail(sample.timestamp);
		const groupDetail = cgroupDetail(sample, readCgroupProcs);
		const watched = watchRss(rssWatch, sample.processes, sample.timestamp);
		if (watched !== rssWatch) {
			rssWatch = watched;
			leaks = leakSuspects(watched.tracks);
		}

		const snapshot: Snapshot = {
			inventory,
			sample,
			analysis,
			history: history.view(),
			recording,
			intervalMs,
			...(comparison ? {comparison} : {}),
			...(detail ? {processDetail: detail} : {}),
			...(groupDetail ? {cgroupDetail: groupDetail} : {}),
			...(leaks.length > 0 ? {leakSuspects: leaks} : {}),
		};
		publish(snapshot);
		return snapshot;
	}

	function publish(snapshot: Snapshot): void {
		latest = snapshot;
		for (const listener of listeners) {
			listener(snapshot);
		}
	}

	/**
	 * While the last tick judged the CPU saturated by context switches, the busiest processes' switches
	 * are counted (a few small reads a tick, and none otherwise): from the second such tick on, the
	 * sample names the top switchers.
	 */
	function withSwitchers(sample: Sample): Sample {
		const cpu = latest?.analysis.assessments.find(assessment => assessment.resource === 'cpu');
		if (!options.readSwitches || !((cpu?.judged?.['system.context_switches_per_core_per_s'] ?? 0) > 0)) {
			switchCounts = new Map();
			return sample;
		}

		const counts: SwitchCount[] = [];
		for (const process of switcherCandidates(sample.processes)) {
			const switches = options.readSwitches(process.pid);
			if (switches !== undefined) {
				counts.push({pid: process.pid, startTimeTicks: process.startTimeTicks, switches, timestamp: sample.timestamp});
			}
		}

		const switchers = switchRates(switchCounts, counts, sample.processes);
		switchCounts = new Map(counts.map(count => [count.pid, count]));
		return switchers.length > 0 ? {...sample, switchers} : sample;
	}

	/**
	 * Forks counted by parent since the previous tick, while a fork storm is judged: the kernel's fork
	 * events name the parent of every child, including those that exited before the tick read /proc.
	 */
	function withForkTrace(sample: Sample): Sample {
		if (forkTracer === undefined) {
			return sample;
		}

		const counted = typeof forkTracer === 'string' ? forkTracer : forkTracer.read();
		if (typeof counted === 'string' && typeof forkTracer === 'object') {
			forkTracer.stop();
			forkTracer = counted;
		}

		const forkTrace: ForkTrace = typeof counted === 'string'
			? {kind: 'unavailable', reason: counted}
			: {kind: 'counted', parents: counted.parents, windowMs: counted.windowMs, lost: counted.lost};
		return {...sample, forkTrace};
	}

	/**
	 * Counting starts when a tick judges a fork storm, so the next tick is exact (this one named the
	 * parent from /proc), and ends with the storm: a quiet tick costs nothing. Why it cannot start is
	 * kept for the storm, not tried again each tick.
	 */
	function followForkStorm(forksJudged: number | undefined): void {
		if ((forksJudged ?? 0) <= 0) {
			endForkTrace();
		} else if (forkTracer === undefined && options.traceForks && !stopped) {
			forkTracer = options.traceForks();
		}
	}

	function endForkTrace(): void {
		if (typeof forkTracer === 'object') {
			forkTracer.stop();
		}

		forkTracer = undefined;
	}

	function filtered(sample: Sample): Sample {
		return keepResource ? {...sample, metrics: sample.metrics.filter(metric => keepResource(metric.resource))} : sample;
	}

	function withServices(sample: Sample): Sample {
		return services ? {...sample, metrics: [...sample.metrics, ...services.metrics(sample.timestamp)], probeErrors: services.lastErrors()} : sample;
	}

	function tick(): Promise<Snapshot> {
		// Never two collections at once: a slow tick delays the next instead of overlapping it.
		ticking ??= collectAndPublish().finally(() => {
			ticking = undefined;
		});
		return ticking;
	}

	function schedule(delayMs: number): void {
		clearTimeout(timer);
		if (!running) {
			return;
		}

		timer = setTimeout(() => {
			const startedAt = performance.now();
			tick()
				.catch((error: unknown) => options.onError?.(error))
				.finally(() => {
					schedule(Math.max(0, intervalMs - (performance.now() - startedAt)));
				});
		}, delayMs);
	}

	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		latest: () => latest,
		setIntervalMs(next) {
			intervalMs = next;
			schedule(intervalMs);
		},
		start() {
			if (running) {
				return;
			}

			running = true;
			services?.start();
			// The second reading comes at most a second after the first, so rates show soon even at long
			// intervals. A caller that took the first reading itself (the dashboard paints its first frame
			// from it) gets the second one that much later, not at once: rates over the few milliseconds
			// since would be all rounding.
			if (latest !== undefined) {
				schedule(Math.min(intervalMs, 1000));
				return;
			}

			tick()
				.catch((error: unknown) => options.onError?.(error))
				.finally(() => {
					schedule(Math.min(intervalMs, 1000));
				});
		},
		stop() {
			running = false;
			clearTimeout(timer);
			endForkTrace();
			if (!stopped) {
				stopped = true;
				void services?.stop();
				recorder?.close();
			}
		},
		tick,
		watchProcess(pid) {
			if (pid !== watchedPid) {
				watchedPid = pid;
				previousDetail = undefined;
			}
		},
		watchCgroup(path) {
			if (path === watchedCgroup) {
				return;
			}

			watchedCgroup = path;
			// The detail opens with its processes and sparklines, not a tick later.
			const groupDetail = latest && cgroupDetail(latest.sample);
			if (latest !== undefined && groupDetail !== undefined) {
				publish({...latest, cgroupDetail: groupDetail});
			}
		},
		setBaseline(next) {
			baseline = next;
			anomalyState = emptyAnomalyState;
		},
		refreshRecording() {
			if (latest !== undefined && recorder !== undefined) {
				publish({...latest, recording: recorder.state()});
			}
		},
	};
}
