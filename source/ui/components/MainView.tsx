import {Box} from 'ink';
import type {Snapshot} from '../../engine/types.js';
import {mainLayout, type MainLayout} from '../layout.js';
import {panelIds, panelSummary, resourcePanelCount} from '../panels.js';
import {bottleneckListLength} from '../sections.js';
import {serviceTargets} from '../services.js';
import type {TableState} from '../table-state.js';
import type {Theme} from '../theme.js';
import {BottleneckList} from './BottleneckList.js';
import {ComparisonSection} from './ComparisonSection.js';
import {ProcessTable} from './ProcessTable.js';
import {ResourcePanel} from './ResourcePanel.js';
import {ServicesPanel} from './ServicesPanel.js';

export type Props = {
	readonly snapshot: Snapshot;
	readonly focus: number;
	readonly table: TableState;
	/** The process filter is being typed. */
	readonly editing: boolean;
	/** The interface picked with `i`; undefined: the busiest. */
	readonly netInterface?: string | undefined;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** Cells between the two panels of a row, and between the process table and the comparison beside it. */
export const gutter = 1;

/** The width of the left panel of a row; the right one has the rest, less the gutter. */
export function leftPanelWidth(width: number): number {
	return Math.floor((width - gutter) / 2);
}

/**
 * The 2×2 resource panels, the Services row when targets are probed, the bottleneck list, the process
 * table and, with a baseline active, the "vs baseline" section; sized to fit `height`.
 */
/** The main view's layout for this snapshot; the app reads the process table's height from it for PgUp/PgDn. */
export function mainLayoutFor(snapshot: Snapshot, width: number, height: number): MainLayout {
	const processRows = (snapshot.sample.allProcesses ?? snapshot.sample.processes).length;
	return mainLayout(height, bottleneckListLength(snapshot), {serviceTargets: serviceTargets(snapshot).length, deviations: snapshot.comparison?.deviations.length, width, processRows});
}

export function MainView({snapshot, focus, table, editing, netInterface, width, height, theme}: Props) {
	const {comparison} = snapshot;
	const layout = mainLayoutFor(snapshot, width, height);
	const leftWidth = leftPanelWidth(width);
	const rightWidth = width - gutter - leftWidth;
	const panel = (index: number, panelWidth: number) => (
		<ResourcePanel summary={panelSummary(panelIds[index]!, snapshot, {netInterface})} width={panelWidth} height={layout.panelHeight} focused={!table.focused && focus === index} theme={theme}/>
	);
	const row = (first: number) => (
		<Box flexDirection="row" height={layout.panelHeight}>
			<Box width={leftWidth} marginRight={gutter}>{panel(first, leftWidth)}</Box>
			<Box width={rightWidth}>{panel(first + 1, rightWidth)}</Box>
		</Box>
	);
	const placement = comparison === undefined ? 'none' : layout.comparison.placement;
	const processWidth = placement === 'beside' ? width - gutter - layout.comparison.width : width;
	const processes = layout.processHeight > 0
		? <ProcessTable table={table} editing={editing} width={processWidth} height={layout.processHeight} theme={theme} {...(snapshot.recorded?.noProcesses === undefined ? {} : {missing: snapshot.recorded.noProcesses})}/>
		: null;
	const section = comparison === undefined || placement === 'none'
		? null
		: <ComparisonSection comparison={comparison} width={layout.comparison.width} height={layout.comparison.height} theme={theme}/>;
	return (
		<Box flexDirection="column">
			{row(0)}
			{row(2)}
			{layout.servicesHeight > 0 ? <ServicesPanel snapshot={snapshot} width={width} height={layout.servicesHeight} focused={!table.focused && focus === resourcePanelCount} theme={theme}/> : null}
			<BottleneckList snapshot={snapshot} width={width} height={layout.bottleneckHeight} theme={theme}/>
			{placement === 'beside'
				? (
					<Box flexDirection="row" height={layout.processHeight}>
						<Box width={processWidth} marginRight={gutter} flexDirection="column">{processes}</Box>
						<Box width={layout.comparison.width}>{section}</Box>
					</Box>
				)
				: null}
			{placement === 'below' ? section : null}
			{placement === 'beside' ? null : processes}
		</Box>
	);
}
