import {renderFlameGraphHtml} from './flamegraph-html.js';
import {renderFlameGraphSvg} from './flamegraph-svg.js';
import {foldedText, type FrameTree} from './frame-tree.js';
import {hotFunctions, type HotFunction} from './hot-functions.js';
import type {ProcessProfile} from './perf-run.js';

/** A finished profile as the dashboard's profile view shows it. */
export type ProfileViewData = {
	/** `node (PID 6145)`. */
	readonly title: string;
	/** `987 samples in 10 s at 99 Hz: on CPU 99 % of the time`. */
	readonly summary: string;
	readonly warnings: readonly string[];
	readonly tree: FrameTree;
	readonly modules: ReadonlyMap<string, string>;
	readonly hot: readonly HotFunction[];
	/** Where the flame graph and folded stacks were written, or why they were not. */
	readonly files: string;
};

export function profileViewData(result: ProcessProfile, hot: readonly HotFunction[], files: string): ProfileViewData {
	return {title: profileName(result), summary: profileSummary(result), warnings: result.warnings, tree: result.profile.tree, modules: result.profile.modules, hot, files};
}

export type ProfileFormat = 'html' | 'svg' | 'folded' | 'json';

export const profileFormats: readonly ProfileFormat[] = ['html', 'svg', 'folded', 'json'];

/** `busy (PID 4242)`. */
export function profileName(result: ProcessProfile): string {
	return `${result.target.name} (PID ${result.target.pid})`;
}

/** `987 samples in 10 s at 99 Hz: on CPU 99 % of the time`. */
export function profileSummary(result: ProcessProfile): string {
	const seconds = Number.isInteger(result.recordedS) ? String(result.recordedS) : result.recordedS.toFixed(1);
	return `${result.profile.samples} samples in ${seconds} s at ${result.frequencyHz} Hz: on CPU ${Math.round(result.onCpuPct)} % of the time`;
}

/** The text of one output file of a profile. */
export function renderProfile(result: ProcessProfile, format: ProfileFormat, hot: readonly HotFunction[] = hotFunctions(result.profile.tree, result.profile.modules)): string {
	if (format === 'folded') {
		return foldedText(result.profile.tree);
	}

	if (format === 'html' || format === 'svg') {
		const subtitle = [profileSummary(result), new Date(result.startedAtMs).toISOString(), ...result.warnings].join(' · ');
		const page = {title: `${profileName(result)}: on-CPU flame graph`, subtitle, tree: result.profile.tree, modules: result.profile.modules};
		return format === 'html' ? renderFlameGraphHtml(page) : renderFlameGraphSvg(page);
	}

	const stacks = foldedText(result.profile.tree).trimEnd().split('\n').filter(line => line !== '').map(line => {
		const space = line.lastIndexOf(' ');
		return {stack: line.slice(0, space).split(';'), samples: Number(line.slice(space + 1))};
	});
	return `${JSON.stringify({
		pid: result.target.pid,
		name: result.target.name,
		startedAt: new Date(result.startedAtMs).toISOString(),
		recordedS: result.recordedS,
		frequencyHz: result.frequencyHz,
		event: result.profile.event ?? null,
		samples: result.profile.samples,
		onCpuPct: result.onCpuPct,
		warnings: result.warnings,
		hotFunctions: hot.map(entry => ({...entry, module: entry.module ?? null})),
		stacks,
	}, null, '\t')}\n`;
}
