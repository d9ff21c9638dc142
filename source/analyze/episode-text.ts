import {metricDefinition} from '../metrics/catalogue.js';
import {formatBytes, formatDuration, formatValue} from '../metrics/format.js';
import type {Contributor, EpisodeContributors} from './episode-contributors.js';
import {type CoMovingSignal, signalText} from './episode-signals.js';
import type {Episode} from './episodes.js';

/** An episode with who used the resource during it and what else moved with it: what reports and `perftop episodes` show. */
export type EpisodeFinding = Episode & {
	readonly contributors: EpisodeContributors;
	readonly signals: readonly CoMovingSignal[];
};

/** `03:10:05` in UTC (reports' times are UTC, so golden files do not depend on the time zone). */
function clock(ms: number): string {
	return new Date(ms).toISOString().slice(11, 19);
}

/** `vda` for `disk:vda`, `the CPU` for `cpu`: how a resource reads inside a sentence. */
function resourceName(resource: string): string {
	if (resource === 'cpu') {
		return 'the CPU';
	}

	const colon = resource.indexOf(':');
	return colon === -1 ? resource : resource.slice(colon + 1);
}

/** `disk:vda HIGH 03:10:05 → 03:25:04 (15m), peak util 98.2 % at 03:17:40`. */
export function episodeHeadline(episode: Episode): string {
	const {peak} = episode;
	const definition = peak.metric === undefined ? undefined : metricDefinition(peak.metric);
	const value = definition === undefined ? '' : ` ${definition.label} ${formatValue(peak.value, definition.unit)}`;
	const end = episode.ongoing ? `${clock(episode.endMs)}, still open` : clock(episode.endMs);
	return `${episode.resource} ${peak.severity} ${clock(episode.startMs)} → ${end} (${formatDuration(episode.durationMs / 1000)}), peak${value} at ${clock(peak.atMs)}`;
}

/** `postgres (pid 812)`, `fio ×4 (pids 901, 902, 903 …)`. */
export function contributorName(contributor: Contributor): string {
	const pids = contributor.pids.length === 1 ? `pid ${contributor.pid}` : `pids ${contributor.pids.slice(0, 3).join(', ')}${contributor.count > 3 ? ' …' : ''}`;
	return `${contributor.name} (${pids})`;
}

function share(contributor: Contributor): string {
	return contributor.share === undefined ? '' : `${Math.round(contributor.share * 100)} % of `;
}

/** Whether the programs' sum is the whole the shares are of: it exceeds the resource's own total by 1 % or more. */
function ofProgramsSum(contributors: Pick<EpisodeContributors, 'total' | 'attributed'>): boolean {
	const {total, attributed} = contributors;
	return total !== undefined && attributed > 0 && (total <= 0 || attributed >= total * 1.01);
}

/**
 * One contributor as a sentence: "postgres (pid 812) did 71 % of vda's reads and writes (1.2 GiB)",
 * "stress-ng-cpu ×2 (pids 4242, 4243) used 95 % of the CPU's busy time (190 CPU-seconds)",
 * "java (pid 10) grew by 590 MiB, 50 % of the growth of memory in use".
 */
export function contributorText(episode: Episode, contributors: EpisodeContributors, contributor: Contributor): string {
	const who = contributorName(contributor);
	switch (contributors.measure) {
		case 'cpu_seconds': {
			return `${who} used ${share(contributor)}${resourceName(episode.resource)}'s busy time (${contributor.amount.toFixed(0)} CPU-seconds)`;
		}

		case 'io_bytes': {
			const device = episode.kind === 'io' ? 'the disks\'' : `${resourceName(episode.resource)}'s`;
			return `${who} did ${share(contributor)}${device} reads and writes (${formatBytes(contributor.amount)})`;
		}

		default: {
			const whole = ofProgramsSum(contributors) ? 'the processes\' growth' : 'the growth of memory in use';
			return `${who} grew by ${formatBytes(contributor.amount)}${contributor.share === undefined ? '' : `, ${share(contributor)}${whole}`}`;
		}
	}
}

/**
 * What the shares leave over, under the contributors: "12 % not attributed to a recorded process", or,
 * when the programs used more than the resource's own total, that the shares are of their sum and why.
 */
export function restText(episode: {readonly resource: string; readonly kind: string}, contributors: Pick<EpisodeContributors, 'measure' | 'total' | 'attributed' | 'unattributed'>): string | undefined {
	const {measure, total, attributed, unattributed} = contributors;
	if (!ofProgramsSum(contributors)) {
		return unattributed !== undefined && unattributed >= 0.01 ? `${Math.round(unattributed * 100)} % not attributed to a recorded process` : undefined;
	}

	const resource = resourceName(episode.resource);
	switch (measure) {
		case 'cpu_seconds': {
			return `shares are of the processes' ${attributed.toFixed(0)} CPU-seconds, more than ${resource}'s busy time (${total!.toFixed(0)}): the two are read at slightly different moments`;
		}

		case 'io_bytes': {
			const device = episode.kind === 'io' ? 'the disks\'' : `${resource}'s`;
			return `shares are of the processes' ${formatBytes(attributed)} read and written, more than ${device} own (${formatBytes(total!)}): the two are read at slightly different moments`;
		}

		default: {
			const used = total! >= 0 ? `grew by ${formatBytes(total!)}` : `fell by ${formatBytes(-total!)}`;
			return `shares are of the processes' growth, ${formatBytes(attributed)} in all, while memory in use ${used}: RSS counts shared pages in each process, and others shrank`;
		}
	}
}

/** Why an episode names nobody, or undefined when it names someone. */
export function noContributorsText(contributors: EpisodeContributors): string | undefined {
	if (contributors.contributors.length > 0) {
		return undefined;
	}

	if (contributors.measure === undefined) {
		return 'no per-process figure for this resource (network and TCP accounting per process needs root or eBPF)';
	}

	return contributors.recordedTicks === 0 ? 'no process records in this span' : 'no recorded process used it';
}

/** The lines `perftop episodes` prints for one episode, indented under its headline. */
export function episodeLines(finding: EpisodeFinding): string[] {
	const lines = [episodeHeadline(finding)];
	const none = noContributorsText(finding.contributors);
	if (none === undefined) {
		for (const contributor of finding.contributors.contributors) {
			lines.push(`  ${contributorText(finding, finding.contributors, contributor)}`);
		}

		const rest = restText(finding, finding.contributors);
		if (rest !== undefined) {
			lines.push(`  ${rest}`);
		}
	} else {
		lines.push(`  contributors: ${none}`);
	}

	for (const signal of finding.signals) {
		lines.push(`  ${signalText(signal)}`);
	}

	return lines;
}
