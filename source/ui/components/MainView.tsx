import {Box} from 'ink';
import type {Snapshot} from '../../engine/types.js';
import {mainRegions} from '../main-regions.js';
import {panelIds, panelSummary, resourcePanelCount} from '../panels.js';
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

/**
 * The 2×2 resource panels, the Services row when targets are probed, the bottleneck list, the process
 * table and, with a baseline active, the "vs baseline" section; each sized and placed by mainRegions.
 */
export function MainView({snapshot, focus, table, editing, netInterface, width, height, theme}: Props) {
	const regions = mainRegions(snapshot, width, height);
	const {panels, services, bottlenecks, comparison, processes} = regions;
	const panel = (index: number) => (
		<ResourcePanel summary={panelSummary(panelIds[index]!, snapshot, {netInterface})} width={panels[index]!.width} height={panels[index]!.height} focused={!table.focused && focus === index} theme={theme}/>
	);
	const row = (first: number) => (
		<Box flexDirection="row" height={panels[first]!.height}>
			<Box width={panels[first]!.width} marginRight={panels[first + 1]!.left - panels[first]!.width}>{panel(first)}</Box>
			<Box width={panels[first + 1]!.width}>{panel(first + 1)}</Box>
		</Box>
	);
	const processTable = processes === undefined
		? null
		: <ProcessTable table={table} editing={editing} width={processes.width} height={processes.height} theme={theme} {...(snapshot.recorded?.noProcesses === undefined ? {} : {missing: snapshot.recorded.noProcesses})}/>;
	const section = comparison === undefined || snapshot.comparison === undefined
		? null
		: <ComparisonSection comparison={snapshot.comparison} width={comparison.width} height={comparison.height} theme={theme}/>;
	const beside = comparison !== undefined && processes !== undefined && comparison.left > 0;
	return (
		<Box flexDirection="column">
			{row(0)}
			{row(2)}
			{services === undefined ? null : <ServicesPanel snapshot={snapshot} width={services.width} height={services.height} focused={!table.focused && focus === resourcePanelCount} theme={theme}/>}
			<BottleneckList snapshot={snapshot} width={bottlenecks.width} height={bottlenecks.height} theme={theme}/>
			{beside
				? (
					<Box flexDirection="row" height={processes.height}>
						<Box width={processes.width} marginRight={comparison.left - processes.width} flexDirection="column">{processTable}</Box>
						<Box width={comparison.width}>{section}</Box>
					</Box>
				)
				: <>{section}{processTable}</>}
		</Box>
	);
}
