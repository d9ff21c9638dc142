import {rssTrend} from '../analyze/forecast.js';
import {formatValue} from '../metrics/format.js';
import type {ProcessDetail} from '../metrics/process-detail.js';
import type {ProcessDetailInput, ProcessDetailSection} from './process-detail.js';
import {joinFitting} from './text.js';

/** Like the reports' leak suspects: a fit needs a quarter of an hour of RSS readings. */
const trendNeedsMs = 15 * 60_000;

/**
 * The process detail's depth, below its overview: memory by kind and its growth, scheduling, and
 * files, I/O and sockets. Read for the process on screen only (EngineHandle.watchProcess); a group the
 * kernel would not let perftop read shows `—`, and the reasons come once, at the end.
 */
export function processDepthSections(input: ProcessDetailInput, width: number): ProcessDetailSection[] {
	const detail = input.snapshot.processDetail?.pid === input.process.pid ? input.snapshot.processDetail : undefined;
	const perSecond = (value: number | undefined) => formatValue(value, 'per_second');
	const bytes = (value: number | undefined) => formatValue(value, 'bytes');
	const memory = detail?.memory;
	const sections: ProcessDetailSection[] = [
		{
			title: 'Memory',
			lines: [
				joinFitting([
					`RSS ${bytes(memory?.rssBytes ?? input.process.rssBytes)}`,
					`PSS ${bytes(memory?.pssBytes)}: anon ${bytes(memory?.anonBytes)}, file ${bytes(memory?.fileBytes)}, shmem ${bytes(memory?.shmemBytes)}`,
					`swap ${bytes(memory?.swapBytes)}`,
				], width),
				joinFitting([`faults ${perSecond(detail?.minorFaultsPerSec)} minor`, `${perSecond(detail?.majorFaultsPerSec)} major (from disk)`], width),
				joinFitting([growthText(input)], width),
			],
		},
		{
			title: 'Scheduling',
			lines: [
				joinFitting([`context switches ${perSecond(detail?.voluntarySwitchesPerSec)} voluntary (waits)`, `${perSecond(detail?.involuntarySwitchesPerSec)} involuntary`], width),
				joinFitting(['involuntary: preempted while it could still run — many mean it waits for a CPU (saturation)'], width),
			],
		},
		{
			title: 'Files, I/O and sockets',
			lines: [
				joinFitting([descriptorsText(detail), `TCP ${tcpText(detail)}`], width),
				joinFitting([
					`read ${formatValue(detail?.readCharsPerSec, 'bytes_per_second')} (storage ${formatValue(detail?.readBytesPerSec, 'bytes_per_second')})`,
					`write ${formatValue(detail?.writeCharsPerSec, 'bytes_per_second')} (storage ${formatValue(detail?.writeBytesPerSec, 'bytes_per_second')})`,
					`syscalls ${perSecond(detail?.syscallsPerSec)}`,
				], width),
			],
		},
	];
	const reasons = detail === undefined ? ['read on the next tick'] : detail.unavailable;
	if (reasons.length > 0) {
		sections.push({title: '— means', lines: [joinFitting([`not read: ${reasons.join('; ')}`], width)]});
	}

	return sections;
}

function descriptorsText(detail: ProcessDetail | undefined): string {
	const descriptors = detail?.descriptors;
	if (descriptors === undefined) {
		return 'descriptors —';
	}

	if (descriptors.limit === undefined || !Number.isFinite(descriptors.limit)) {
		return `descriptors ${descriptors.open} (limit ${descriptors.limit === undefined ? '—' : 'unlimited'})`;
	}

	return `descriptors ${descriptors.open} of ${descriptors.limit} (${formatValue((descriptors.open / descriptors.limit) * 100, 'percent')})`;
}

function tcpText(detail: ProcessDetail | undefined): string {
	if (detail?.tcp === undefined) {
		return '—';
	}

	const states = [...detail.tcp].sort((a, b) => b[1] - a[1]);
	return states.length === 0 ? 'none' : states.map(([state, count]) => `${count} ${state}`).join(', ');
}

/** RSS trend over the recorded ticks of the process (the detail view's history), by the reports' leak-suspect rule. */
function growthText({history}: ProcessDetailInput): string {
	const recorded = history === undefined || typeof history === 'string' ? undefined : history;
	const timestamps = recorded?.timestamps ?? [];
	const trend = rssTrend(timestamps, recorded?.rssBytes ?? []);
	if (trend === undefined) {
		const heldMs = timestamps.length > 1 ? timestamps.at(-1)! - timestamps[0]! : 0;
		return `RSS trend — (needs ${formatValue(trendNeedsMs / 1000, 'seconds')} of readings as a top process, ${formatValue(heldMs / 1000, 'seconds')} held)`;
	}

	const perHour = `${trend.slopeBytesPerHour >= 0 ? '+' : '-'}${formatValue(Math.abs(trend.slopeBytesPerHour), 'bytes')}/h`;
	const verdict = trend.suspect ? ' — steady growth: a leak suspect' : '';
	return `RSS trend ${perHour} (R² ${trend.r2.toFixed(2)}, over ${formatValue(trend.spanMs / 1000, 'seconds')})${verdict}`;
}
