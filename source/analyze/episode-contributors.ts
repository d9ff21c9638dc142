import type {MetricId, ProcessGroup, ProcessRecord, ProcessSample, ResourceKind} from '../metrics/types.js';
import type {Episode} from './episodes.js';
import {groupName, groupWorkers, workerGroupKey} from './process-groups.js';

/** What an episode's contributors are measured by: the resource's own use, per process. */
export type ContributionMeasure = 'cpu_seconds' | 'io_bytes' | 'rss_growth_bytes';

/** One program (workers of one program as one, analyze/process-groups.ts) and what it used of the resource during the episode. */
export type Contributor = {
	/** `postgres`, or `fio ×4` for workers. */
	readonly name: string;
	/** The first pid; `pids` lists them (at most the first 10). */
	readonly pid: number;
	readonly pids: readonly number[];
	/** How many processes were seen during the episode, at once or one after another. */
	readonly count: number;
	/** CPU seconds, bytes read and written, or RSS growth in bytes, over the episode. */
	readonly amount: number;
	/**
	 * `amount` ÷ the larger of the resource's own total and `attributed`, so the shares never add up to
	 * more than the whole; undefined when the resource's total is unknown.
	 */
	readonly share: number | undefined;
};

export type EpisodeContributors = {
	/** Undefined for a resource no per-process figure speaks for (network, TCP, filesystems, services). */
	readonly measure: ContributionMeasure | undefined;
	/**
	 * The resource's total over the episode, the shares' denominator: the machine's busy CPU seconds
	 * (busy % × cores × time), the device's bytes read and written (all devices' for `io`), the growth of
	 * memory in use. Undefined when not recorded.
	 */
	readonly total: number | undefined;
	/**
	 * What all programs seen used of it together (every one, not only those listed). It can exceed `total`:
	 * a process's counters and the device's (or the machine's) are read at slightly different moments, and
	 * RSS counts shared pages once in each process while other processes shrink. Then the shares are of
	 * this sum instead, as the only whole that holds every part.
	 */
	readonly attributed: number;
	/** Heaviest first, at most MAX_CONTRIBUTORS, each with at least 1 % of the total when that is known. */
	readonly contributors: readonly Contributor[];
	/** Share of the total no recorded process accounts for (processes below the recorded top N, exited ones, the kernel); 0 when `attributed` exceeds it, undefined without a total. */
	readonly unattributed: number | undefined;
	/** How many process records the episode's span held: 0 means there is nothing to attribute with. */
	readonly recordedTicks: number;
};

/** Host series over the range, aligned on its ticks, by `id|resource` (the store's readRange). */
export type HostHistory = {
	readonly timestamps: ArrayLike<number>;
	/** The recording session of each tick: the time between two ticks of different sessions is no interval. */
	readonly sessionIds?: ArrayLike<number>;
	readonly series: ReadonlyMap<string, ArrayLike<number>>;
};

export const MAX_CONTRIBUTORS = 5;
const minimumShare = 0.01;

/** The measure for a kind of resource, as bottlenecks.ts's loadOn ranks processes for it. */
export function measureFor(kind: ResourceKind): ContributionMeasure | undefined {
	switch (kind) {
		case 'cpu': {
			return 'cpu_seconds';
		}

		case 'disk':
		case 'io': {
			return 'io_bytes';
		}

		case 'memory': {
			return 'rss_growth_bytes';
		}

		default: {
			return undefined;
		}
	}
}

type Running = {
	name: string;
	pids: Set<number>;
	amount: number;
	/** For RSS growth: the group's resident memory when first and last seen in the span. */
	firstRss: number | undefined;
	lastRss: number;
};

type EpisodeTally = {
	readonly episode: Episode;
	readonly measure: ContributionMeasure;
	readonly groups: Map<string | number, Running>;
	recordedTicks: number;
};

/**
 * Adds up, per episode, what each program used of the episode's resource, from the process records in
 * time order (`add` once a tick); `result` divides by the resource's own total from the host series.
 * A process record's rates cover the interval before its tick, so a tick counts for the time since the
 * previous record of the same session. `/proc/<pid>/io` is not split per device: with one busy disk
 * (the usual case) its bytes are that disk's; with several, the shares are of all of them.
 */
export type ContributorTally = {
	/** The next process record, in time order. */
	readonly add: (tick: ProcessRecord) => void;
	/** The next record does not follow the last one (a new scan of another span): it counts no interval. */
	readonly restart: () => void;
	/** `historyOf(index)`: host series over the episode at that index (at least its span), for the resource's total. */
	readonly result: (historyOf: (index: number) => HostHistory) => EpisodeContributors[];
};

export function contributorTally(episodes: readonly Episode[]): ContributorTally {
	const tallies: EpisodeTally[] = [];
	for (const episode of episodes) {
		const measure = measureFor(episode.kind);
		if (measure !== undefined) {
			tallies.push({episode, measure, groups: new Map(), recordedTicks: 0});
		}
	}

	let previous: {timestampMs: number; sessionId: number} | undefined;
	const add = (tick: ProcessRecord) => {
		const seconds = previous?.sessionId === tick.sessionId ? (tick.timestampMs - previous.timestampMs) / 1000 : undefined;
		previous = tick;
		let groups: ProcessGroup[] | undefined;
		for (const tally of tallies) {
			if (tick.timestampMs < tally.episode.startMs || tick.timestampMs > tally.episode.endMs) {
				continue;
			}

			// Grouped once a tick, and only for ticks inside an episode.
			tally.recordedTicks++;
			if (tally.measure === 'rss_growth_bytes') {
				// Growth compares a program's RSS at two ticks: its workers summed at each. Grouped once a tick.
				groups ??= groupWorkers(tick.processes);
				for (const group of groups) {
					count(tally, group, group.pids, seconds);
				}
			} else {
				// CPU seconds and bytes add up process by process into the program's total.
				for (const process of tick.processes) {
					count(tally, process, [process.pid], seconds);
				}
			}
		}
	};

	const result = (historyOf: (index: number) => HostHistory) => {
		const byEpisode = new Map(tallies.map(tally => [tally.episode, tally]));
		return episodes.map((episode, index) => {
			const tally = byEpisode.get(episode);
			if (tally === undefined) {
				return {measure: undefined, total: undefined, attributed: 0, contributors: [], unattributed: undefined, recordedTicks: 0};
			}

			const total = resourceTotal(tally.measure, episode, historyOf(index));
			const amounts = [...tally.groups.values()].map(group => ({group, amount: tally.measure === 'rss_growth_bytes' ? group.lastRss - (group.firstRss ?? group.lastRss) : group.amount}));
			const ranked = amounts.filter(entry => entry.amount > 0).sort((a, b) => b.amount - a.amount || Math.min(...a.group.pids) - Math.min(...b.group.pids));
			const attributed = ranked.reduce((sum, entry) => sum + entry.amount, 0);
			// The whole the shares are of: never less than the parts (see `attributed`).
			const whole = total === undefined ? undefined : Math.max(total, attributed);
			const known = whole !== undefined && whole > 0;
			return {
				measure: tally.measure,
				total,
				attributed,
				contributors: ranked
					// Under 1 % of the whole names nobody worth chasing.
					.filter(entry => !known || entry.amount >= minimumShare * whole)
					.slice(0, MAX_CONTRIBUTORS)
					.map(({group, amount}) => {
						const pids = [...group.pids].sort((a, b) => a - b);
						// Workers that came and went under one parent count once each: `node ×3` for three in turn.
						return {name: groupName({name: group.name, count: pids.length}), pid: pids[0]!, pids: pids.slice(0, 10), count: pids.length, amount, share: known ? amount / whole : undefined};
					}),
				unattributed: known ? 1 - attributed / whole : undefined,
				recordedTicks: tally.recordedTicks,
			};
		});
	};

	return {
		add,
		restart() {
			previous = undefined;
		},
		result,
	};
}

function count(tally: EpisodeTally, group: ProcessSample, pids: readonly number[], seconds: number | undefined): void {
	const key = workerGroupKey(group);
	let running = tally.groups.get(key);
	if (running === undefined) {
		running = {name: group.name, pids: new Set(), amount: 0, firstRss: undefined, lastRss: 0};
		tally.groups.set(key, running);
	}

	for (const pid of pids) {
		running.pids.add(pid);
	}

	switch (tally.measure) {
		case 'cpu_seconds': {
			running.amount += seconds === undefined ? 0 : ((group.cpuPct ?? 0) / 100) * seconds;
			break;
		}

		case 'io_bytes': {
			running.amount += seconds === undefined ? 0 : (group.ioBytesPerSec ?? 0) * seconds;
			break;
		}

		case 'rss_growth_bytes': {
			// A program started during the episode grew from nothing.
			running.firstRss ??= group.startedAtMs !== undefined && group.startedAtMs >= tally.episode.startMs ? 0 : group.rssBytes;
			running.lastRss = group.rssBytes;
			break;
		}
	}
}

/** The resource's own total over the episode's ticks, from the host series; undefined when not recorded. */
function resourceTotal(measure: ContributionMeasure, episode: Episode, history: HostHistory): number | undefined {
	const {timestamps} = history;
	const within: number[] = [];
	for (let index = 0; index < timestamps.length; index++) {
		if (timestamps[index]! >= episode.startMs && timestamps[index]! <= episode.endMs) {
			within.push(index);
		}
	}

	const series = (id: MetricId, resource: string) => history.series.get(`${id}|${resource}`);
	if (measure === 'rss_growth_bytes') {
		const used = series('memory.used_bytes', 'memory');
		const known = within.map(index => used?.[index] ?? Number.NaN).filter(value => Number.isFinite(value));
		return known.length === 0 ? undefined : known.at(-1)! - known[0]!;
	}

	// Each tick's rate times the time since the tick before it (the first tick of the range has no interval).
	const integrate = (rates: ReadonlyArray<ArrayLike<number>>, factor: number) => {
		let sum: number | undefined;
		for (const index of within) {
			const sameSession = history.sessionIds === undefined || history.sessionIds[index] === history.sessionIds[index - 1];
			const seconds = index === 0 || !sameSession ? undefined : (timestamps[index]! - timestamps[index - 1]!) / 1000;
			for (const rate of rates) {
				const value = rate[index]!;
				if (seconds !== undefined && Number.isFinite(value)) {
					sum = (sum ?? 0) + value * factor * seconds;
				}
			}
		}

		return sum;
	};

	if (measure === 'cpu_seconds') {
		const busy = series('cpu.busy_pct', 'cpu');
		const cores = [...history.series.keys()].filter(key => key.startsWith('cpu.core_busy_pct|')).length;
		return busy === undefined || cores === 0 ? undefined : integrate([busy], cores / 100);
	}

	const devices = episode.kind === 'disk' ? [episode.resource] : [...history.series.keys()].filter(key => key.startsWith('disk.util_pct|')).map(key => key.slice(key.indexOf('|') + 1));
	const rates = devices.flatMap(device => [series('disk.read_bytes_per_s', device), series('disk.write_bytes_per_s', device)]).filter(rate => rate !== undefined);
	return rates.length === 0 ? undefined : integrate(rates, 1);
}
