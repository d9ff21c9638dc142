import {Text} from 'ink';
import type {Snapshot} from '../../engine/types.js';
import {cgroupDetailLines} from '../cgroup-detail.js';
import {type CgroupViewState, selectedCgroupIndex} from '../cgroup-state.js';
import {cgroupHeader, cgroupRows, cgroupRowText, cgroupSortNames} from '../cgroup-tree.js';
import {cleanText, truncate} from '../text.js';
import type {Theme} from '../theme.js';
import {panelTitle} from './ResourcePanel.js';

export type Props = {
	readonly view: CgroupViewState;
	readonly snapshot: Snapshot;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** Why there are no groups to show: the collector's reason, in one line. */
function unavailableText(snapshot: Snapshot): string {
	const reasons = snapshot.sample.unavailable.filter(entry => entry.group === 'cgroup').map(entry => entry.reason);
	return `cgroups: ${reasons.length === 0 ? 'not read on this system' : reasons.join('; ')}`;
}

/** The detail of a group this tick does not have: it went away, or (a recorded moment) was not among the top ones then. */
function goneLines(path: string | undefined, snapshot: Snapshot, width: number, theme: Theme): string[] {
	const why = snapshot.recorded === undefined ? 'is gone' : 'was not recorded at this moment (a recording keeps the top groups of each tick)';
	return [theme.accent(panelTitle('cgroup detail', width, true)), truncate(`${cleanText(path ?? '')} ${why}; Esc goes back`, width)];
}

/** `c`: every control group as a tree sorted by the chosen resource, limits beside usage; Enter opens the selected one. */
export function CgroupView({view, snapshot, width, height, theme}: Props) {
	const samples = snapshot.sample.cgroups;
	if (samples === undefined || samples.length === 0) {
		return <Text>{[theme.accent(panelTitle('cgroups', width, true)), truncate(unavailableText(snapshot), width)].join('\n')}</Text>;
	}

	if (view.detail) {
		const shown = samples.find(sample => sample.path === view.selected);
		return <Text>{(shown === undefined ? goneLines(view.selected, snapshot, width, theme) : cgroupDetailLines(shown, snapshot, view.sort, width, height, theme)).join('\n')}</Text>;
	}

	const rows = cgroupRows(samples, view.sort, view.collapsed);
	const selected = selectedCgroupIndex(view, samples);

	const failing = snapshot.sample.unavailable.some(entry => entry.group === 'cgroup') ? [theme.high(truncate(unavailableText(snapshot), width))] : [];
	const title = theme.accent(panelTitle(`cgroups · ${samples.length} groups · by ${cgroupSortNames[view.sort]}`, width, true));
	const room = Math.max(1, height - 2 - failing.length);
	const first = Math.max(0, Math.min(selected - Math.floor(room / 2), rows.length - room));
	const lines = rows.slice(first, first + room).map((row, index) => {
		const text = cgroupRowText(row, width);
		return first + index === selected ? theme.focus(text.padEnd(width)) : text;
	});
	return <Text>{[title, ...failing, theme.dim(cgroupHeader(view.sort, width)), ...lines].join('\n')}</Text>;
}
