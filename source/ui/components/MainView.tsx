import {Box} from 'ink';
import type {Snapshot} from '../../engine/types.js';
import {mainLayout} from '../layout.js';
import {panelIds, panelSummary} from '../panels.js';
import type {ProcessSort} from '../sections.js';
import type {Theme} from '../theme.js';
import {BottleneckList} from './BottleneckList.js';
import {ProcessTable} from './ProcessTable.js';
import {ResourcePanel} from './ResourcePanel.js';

export type Props = {
	readonly snapshot: Snapshot;
	readonly focus: number;
	readonly sort: ProcessSort;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

const gutter = 1;

/** The 2×2 resource panels, the bottleneck list and the process table, sized to fill `height` exactly. */
export function MainView({snapshot, focus, sort, width, height, theme}: Props) {
	const layout = mainLayout(height, snapshot.analysis.bottlenecks.length);
	const leftWidth = Math.floor((width - gutter) / 2);
	const rightWidth = width - gutter - leftWidth;
	const panel = (index: number, panelWidth: number) => (
		<ResourcePanel summary={panelSummary(panelIds[index]!, snapshot)} width={panelWidth} height={layout.panelHeight} focused={focus === index} theme={theme}/>
	);
	const row = (first: number) => (
		<Box flexDirection="row" height={layout.panelHeight}>
			<Box width={leftWidth} marginRight={gutter}>{panel(first, leftWidth)}</Box>
			<Box width={rightWidth}>{panel(first + 1, rightWidth)}</Box>
		</Box>
	);
	return (
		<Box flexDirection="column">
			{row(0)}
			{row(2)}
			<BottleneckList snapshot={snapshot} width={width} height={layout.bottleneckHeight} theme={theme}/>
			{layout.processHeight > 0 ? <ProcessTable processes={snapshot.sample.processes} sort={sort} width={width} height={layout.processHeight} theme={theme}/> : null}
		</Box>
	);
}
