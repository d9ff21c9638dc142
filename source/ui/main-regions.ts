import type {Snapshot} from '../engine/types.js';
import {mainLayout, type MainLayout} from './layout.js';
import {bottleneckListLength} from './sections.js';
import {serviceTargets} from './services.js';

/** A part of the main view, in cells from the view's top left (the line under the header). */
export type Region = {readonly top: number; readonly left: number; readonly width: number; readonly height: number};

/**
 * Where MainView draws each part: MainView sizes its boxes from these and the mouse finds what a click
 * landed on in them, so the two cannot disagree.
 */
export type MainRegions = {
	readonly layout: MainLayout;
	/** The four resource panels by focus index: CPU and Memory in the top row, Disk and Network under them. */
	readonly panels: readonly Region[];
	/** Undefined without probed services. */
	readonly services: Region | undefined;
	/** The bottleneck list, its title rule included. */
	readonly bottlenecks: Region;
	/** The "vs baseline" section, beside or above the process table; undefined when it is not shown. */
	readonly comparison: Region | undefined;
	/** Undefined when no line is left for it. */
	readonly processes: Region | undefined;
};

/** Cells between the two panels of a row, and between the process table and the comparison beside it. */
export const gutter = 1;

/** The main view's layout for this snapshot; the app reads the process table's height from it for PgUp/PgDn. */
export function mainLayoutFor(snapshot: Snapshot, width: number, height: number): MainLayout {
	const processRows = (snapshot.sample.allProcesses ?? snapshot.sample.processes).length;
	return mainLayout(height, bottleneckListLength(snapshot), {serviceTargets: serviceTargets(snapshot).length, deviations: snapshot.comparison?.deviations.length, width, processRows});
}

/** The parts of the main view, top to bottom, for this snapshot in `width` × `height` cells. */
export function mainRegions(snapshot: Snapshot, width: number, height: number): MainRegions {
	const layout = mainLayoutFor(snapshot, width, height);
	const {panelHeight, servicesHeight, bottleneckHeight, processHeight} = layout;
	const leftWidth = Math.floor((width - gutter) / 2);
	const right = {left: leftWidth + gutter, width: width - gutter - leftWidth};
	const panels = [0, panelHeight].flatMap(top => [{top, left: 0, width: leftWidth, height: panelHeight}, {top, ...right, height: panelHeight}]);
	let top = 2 * panelHeight;
	const services = servicesHeight > 0 ? {top, left: 0, width, height: servicesHeight} : undefined;
	top += servicesHeight;
	const bottlenecks = {top, left: 0, width, height: bottleneckHeight};
	top += bottleneckHeight;
	const placement = snapshot.comparison === undefined ? 'none' : layout.comparison.placement;
	let comparison: Region | undefined;
	if (placement === 'below') {
		comparison = {top, left: 0, width: layout.comparison.width, height: layout.comparison.height};
		top += layout.comparison.height;
	}

	const processWidth = placement === 'beside' ? width - gutter - layout.comparison.width : width;
	if (placement === 'beside') {
		comparison = {top, left: processWidth + gutter, width: layout.comparison.width, height: processHeight};
	}

	const processes = processHeight > 0 ? {top, left: 0, width: processWidth, height: processHeight} : undefined;
	return {layout, panels, services, bottlenecks, comparison, processes};
}

/** Whether the cell (0-based, in the view's coordinates) lies in the region. */
export function inRegion(region: Region | undefined, column: number, row: number): boolean {
	return region !== undefined && column >= region.left && column < region.left + region.width && row >= region.top && row < region.top + region.height;
}
