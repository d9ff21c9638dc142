import {formatValue} from '../metrics/format.js';
import type {CgroupSample} from '../metrics/types.js';
import {cleanText, truncate} from './text.js';

// The cgroup view's rows: the groups as a tree under their parents, siblings sorted by the chosen
// resource (heaviest first), with the limits beside the usage.

export type CgroupSort = 'cpu' | 'memory' | 'io';

export const cgroupSorts: readonly CgroupSort[] = ['cpu', 'memory', 'io'];

export const cgroupSortNames: Readonly<Record<CgroupSort, string>> = {cpu: 'CPU', memory: 'memory', io: 'I/O'};

export type CgroupRow = {
	readonly sample: CgroupSample;
	readonly depth: number;
	readonly hasChildren: boolean;
	readonly collapsed: boolean;
};

function load(sample: CgroupSample, sort: CgroupSort): number {
	switch (sort) {
		case 'cpu': {
			return sample.cpuCores ?? -1;
		}

		case 'memory': {
			return sample.memoryBytes ?? -1;
		}

		case 'io': {
			return sample.ioBytesPerSec ?? -1;
		}
	}
}

function parentOf(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash <= 0 ? '/' : path.slice(0, slash);
}

/**
 * The visible rows, depth first: a group's children follow it unless it is collapsed. A group whose
 * parent is not among the samples (v1 hierarchies that differ, the root) hangs from its nearest
 * ancestor that is, or from the top.
 */
export function cgroupRows(samples: readonly CgroupSample[], sort: CgroupSort, collapsed: ReadonlySet<string>): CgroupRow[] {
	const byPath = new Map(samples.map(sample => [sample.path, sample]));
	const children = new Map<string, CgroupSample[]>();
	for (const sample of samples) {
		let parent = parentOf(sample.path);
		while (parent !== '/' && !byPath.has(parent)) {
			parent = parentOf(parent);
		}

		const siblings = children.get(parent) ?? [];
		siblings.push(sample);
		children.set(parent, siblings);
	}

	const rows: CgroupRow[] = [];
	const visit = (parent: string, depth: number) => {
		const siblings = (children.get(parent) ?? []).sort((a, b) => load(b, sort) - load(a, sort) || (a.path < b.path ? -1 : 1));
		for (const sample of siblings) {
			const hasChildren = children.has(sample.path);
			const isCollapsed = hasChildren && collapsed.has(sample.path);
			rows.push({sample, depth, hasChildren, collapsed: isCollapsed});
			if (hasChildren && !isCollapsed) {
				visit(sample.path, depth + 1);
			}
		}
	};

	visit('/', 0);
	return rows;
}

const columns = {cpu: 20, memory: 28, io: 12, tasks: 7};

/** The header line of the table: the sorted column marked ▼. */
export function cgroupHeader(sort: CgroupSort, width: number): string {
	const mark = (name: CgroupSort, text: string) => (name === sort ? `${text}▼` : text);
	const cells = [
		mark('cpu', 'CPU (of quota)').padStart(columns.cpu),
		mark('memory', 'MEMORY (of limit)').padStart(columns.memory),
		mark('io', 'I/O').padStart(columns.io),
		'TASKS'.padStart(columns.tasks),
		'  CGROUP',
	];
	return truncate(cells.join(''), width);
}

/** "0.49 of 0.5 (98%)" with a quota, "1.2 (60%)" of the machine without one; `—` unknown. */
function cpuCell(sample: CgroupSample): string {
	if (sample.cpuCores === undefined) {
		return '—';
	}

	const cores = Number(sample.cpuCores.toFixed(2));
	const pct = formatValue(sample.cpuPct, 'percent');
	return sample.cpuQuotaCores === undefined ? `${cores} (${pct})` : `${cores} of ${Number(sample.cpuQuotaCores.toFixed(2))} (${pct})`;
}

function memoryCell(sample: CgroupSample): string {
	if (sample.memoryBytes === undefined) {
		return '—';
	}

	const used = formatValue(sample.memoryBytes, 'bytes');
	return sample.memoryLimitBytes === undefined ? used : `${used} of ${formatValue(sample.memoryLimitBytes, 'bytes')} (${formatValue(sample.memoryPct, 'percent')})`;
}

/** One row: figures, then the name indented under its parent with a fold mark. */
export function cgroupRowText(row: CgroupRow, width: number): string {
	const {sample} = row;
	const mark = row.hasChildren ? (row.collapsed ? '▸ ' : '▾ ') : '  ';
	const cells = [
		cpuCell(sample).padStart(columns.cpu),
		memoryCell(sample).padStart(columns.memory),
		formatValue(sample.ioBytesPerSec, 'bytes_per_second').padStart(columns.io),
		(sample.pids === undefined ? '—' : String(sample.pids)).padStart(columns.tasks),
		`  ${'  '.repeat(row.depth)}${mark}${cleanText(sample.name)}`,
	];
	return truncate(cells.join(''), width);
}
