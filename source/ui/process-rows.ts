import type {ProcessSample} from '../metrics/types.js';
import {nestProcesses} from './process-tree.js';
import {compareProcesses, type ProcessSort} from './sections.js';

/** One process across ticks and pid reuse: the pid with the kernel's start time, as htop and atop key them. */
export type ProcessKey = {
	readonly pid: number;
	readonly startTimeTicks: number | undefined;
};

/** A row of the process table: the process and, in the tree view, its depth and the glyphs before its name. */
export type ProcessRow = {
	readonly process: ProcessSample;
	readonly key: string;
	/** Tree glyphs (`│ ├─ `) before the command; '' in the flat list. */
	readonly prefix: string;
	/** In the tree view, whether it has children (shown or collapsed). */
	readonly parent: boolean;
	readonly collapsed: boolean;
};

/** What the table shows of the processes: order, the filter, one user, flat or as a tree. */
export type ProcessQuery = {
	readonly sort: ProcessSort;
	readonly reverse: boolean;
	/** Case-insensitive substring of name, command line or user; '' shows all. */
	readonly filter: string;
	readonly user: string | undefined;
	readonly tree: boolean;
	/** Keys (`keyText`) of the tree branches folded away. */
	readonly collapsed: ReadonlySet<string>;
};

export function processKey(process: ProcessSample): ProcessKey {
	return {pid: process.pid, startTimeTicks: process.startTimeTicks};
}

/** `812:4711`: a key usable in sets and maps; a process without a start time (a recorded range) has `812:`. */
export function keyText(key: ProcessKey): string {
	return `${key.pid}:${key.startTimeTicks ?? ''}`;
}

export function matchesQuery(process: ProcessSample, query: Pick<ProcessQuery, 'filter' | 'user'>): boolean {
	if (query.user !== undefined && process.user !== query.user) {
		return false;
	}

	if (query.filter === '') {
		return true;
	}

	const needle = query.filter.toLowerCase();
	return process.name.toLowerCase().includes(needle) || process.command.toLowerCase().includes(needle) || (process.user?.toLowerCase().includes(needle) ?? false);
}

export function flatRow(process: ProcessSample): ProcessRow {
	return {process, key: keyText(processKey(process)), prefix: '', parent: false, collapsed: false};
}

/** The rows the table shows, in order: filtered, then sorted (or nested under their parents in the tree view). */
export function processRowsFor(processes: readonly ProcessSample[], query: ProcessQuery): ProcessRow[] {
	const shown = query.filter === '' && query.user === undefined ? processes : processes.filter(process => matchesQuery(process, query));
	const compare = compareProcesses(query.sort, query.reverse);
	return query.tree ? nestProcesses(shown, compare, query.collapsed) : [...shown].sort(compare).map(process => flatRow(process));
}
