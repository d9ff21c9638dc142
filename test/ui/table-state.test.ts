import {describe, expect, it} from 'vitest';
import type {ProcessSample} from '../../source/metrics/types.js';
import {focusTable, initialTableState, selectedRow, tableProcesses, tableReducer, type TableAction, type TableState} from '../../source/ui/table-state.js';
import {process} from '../helpers/snapshot-builder.js';

const at = (pid: number, cpuPct: number, fields: Partial<ProcessSample> = {}) => process(pid, {cpuPct, startTimeTicks: pid * 10, ...fields});
const loaded = (processes: readonly ProcessSample[]) => focusTable(tableProcesses(initialTableState, processes).table, true);
const apply = (table: TableState, ...actions: TableAction[]) => actions.reduce(tableReducer, table);
const pids = (table: TableState) => table.rows.map(row => row.process.pid);
const selectedPid = (table: TableState) => selectedRow(table)?.process.pid;

const tick1 = [at(1, 50), at(2, 40), at(3, 30), at(4, 20)];

describe('process table selection', () => {
	it('selects the top row when first focused, and nothing before', () => {
		const table = tableProcesses(initialTableState, tick1).table;
		expect(selectedRow(table)).toBeUndefined();
		expect(selectedPid(focusTable(table, true))).toBe(1);
	});

	it('follows the process, not the row, when the rows re-sort on a new tick', () => {
		const table = apply(loaded(tick1), {type: 'moveSelection', delta: 2});
		expect(selectedPid(table)).toBe(3);
		const next = tableProcesses(table, [at(1, 5), at(2, 40), at(3, 90), at(4, 20)]);
		expect(pids(next.table)).toEqual([3, 2, 4, 1]);
		expect(next.table.index).toBe(0);
		expect(selectedPid(next.table)).toBe(3);
		expect(next.message).toBeUndefined();
	});

	it('follows it across a change of sort and its reversal', () => {
		const table = apply(loaded([at(1, 50, {rssBytes: 1}), at(2, 40, {rssBytes: 3}), at(3, 30, {rssBytes: 2})]), {type: 'moveSelection', delta: 1});
		const byMemory = apply(table, {type: 'cycleSort'});
		expect(pids(byMemory)).toEqual([2, 3, 1]);
		expect(selectedPid(byMemory)).toBe(2);
		const reversed = apply(byMemory, {type: 'reverseSort'});
		expect(pids(reversed)).toEqual([1, 3, 2]);
		expect(selectedPid(reversed)).toBe(2);
	});

	it('moves to the neighbour below when the selected process exits, and says so', () => {
		const table = apply(loaded(tick1), {type: 'moveSelection', delta: 1});
		const next = tableProcesses(table, [at(1, 50), at(3, 30), at(4, 20)]);
		expect(selectedPid(next.table)).toBe(3);
		expect(next.message).toBe('2 (proc2) exited; selected 3 (proc3)');
	});

	it('moves to the neighbour above when the last row exits', () => {
		const table = apply(loaded(tick1), {type: 'moveSelection', delta: Number.POSITIVE_INFINITY});
		const next = tableProcesses(table, [at(1, 50), at(2, 40), at(3, 30)]);
		expect(selectedPid(next.table)).toBe(3);
	});

	it('takes a reused pid (new start time) for a new process: the selected one exited', () => {
		const table = apply(loaded(tick1), {type: 'moveSelection', delta: 1});
		const next = tableProcesses(table, [at(1, 50), at(2, 40, {startTimeTicks: 99_999}), at(3, 30), at(4, 20)]);
		expect(next.message).toBe('2 (proc2) exited; selected 3 (proc3)');
	});

	it('stops following a process that exits', () => {
		const table = apply(loaded(tick1), {type: 'toggleFollow'});
		expect(table.follow).toBe(true);
		const next = tableProcesses(table, [at(2, 40), at(3, 30)]);
		expect(next.table.follow).toBe(false);
		expect(next.message).toBe('1 (proc1) exited (no longer followed); selected 2 (proc2)');
	});

	it('moves by pages and jumps to either end, clamped', () => {
		const table = loaded(tick1);
		expect(selectedPid(apply(table, {type: 'moveSelection', delta: 3}))).toBe(4);
		expect(selectedPid(apply(table, {type: 'moveSelection', delta: 30}))).toBe(4);
		expect(selectedPid(apply(table, {type: 'moveSelection', delta: -1}))).toBe(1);
		expect(selectedPid(apply(table, {type: 'moveSelection', delta: Number.POSITIVE_INFINITY}, {type: 'moveSelection', delta: Number.NEGATIVE_INFINITY}))).toBe(1);
	});
});

describe('process table filter', () => {
	const mixed = [
		at(1, 50, {name: 'postgres', command: '/usr/lib/postgresql/bin/postgres -D /data', user: 'postgres'}),
		at(2, 40, {name: 'node', command: 'node server.js --port 8080', user: 'www'}),
		at(3, 30, {name: 'sleep', command: 'sleep 300', user: 'root'}),
	];

	it('matches a substring of the name, the command line or the user, ignoring case', () => {
		expect(pids(apply(loaded(mixed), {type: 'setFilter', filter: 'SLE'}))).toEqual([3]);
		expect(pids(apply(loaded(mixed), {type: 'setFilter', filter: '8080'}))).toEqual([2]);
		expect(pids(apply(loaded(mixed), {type: 'setFilter', filter: 'www'}))).toEqual([2]);
		expect(pids(apply(loaded(mixed), {type: 'setFilter', filter: 'o'}))).toEqual([1, 2, 3]);
	});

	it('moves the selection to a shown neighbour without calling it an exit, and clearing keeps it', () => {
		const filtered = apply(loaded(mixed), {type: 'setFilter', filter: 'sleep'});
		expect(selectedPid(filtered)).toBe(3);
		const cleared = apply(filtered, {type: 'setFilter', filter: ''});
		expect(pids(cleared)).toEqual([1, 2, 3]);
		expect(selectedPid(cleared)).toBe(3);
		expect(tableProcesses(filtered, mixed).message).toBeUndefined();
	});

	it('keeps the selection while a filter matches nothing, and finds it again', () => {
		const none = apply(loaded(mixed), {type: 'moveSelection', delta: 1}, {type: 'setFilter', filter: 'zzz'});
		expect(none.rows).toEqual([]);
		expect(selectedRow(none)).toBeUndefined();
		expect(selectedPid(apply(none, {type: 'setFilter', filter: ''}))).toBe(2);
	});

	it('shows one user', () => {
		expect(pids(apply(loaded(mixed), {type: 'setUser', user: 'root'}))).toEqual([3]);
		expect(pids(apply(loaded(mixed), {type: 'setUser', user: 'root'}, {type: 'setUser', user: undefined}))).toEqual([1, 2, 3]);
	});
});

describe('process table tree', () => {
	const family = [at(1, 0, {ppid: 0, startTimeTicks: 1}), at(20, 5, {ppid: 1}), at(21, 90, {ppid: 20}), at(30, 50, {ppid: 1})];

	it('nests the rows and folds the selected branch with Space', () => {
		const tree = apply(loaded(family), {type: 'toggleTree'});
		expect(tree.rows.map(row => `${row.prefix}${row.process.pid}`)).toEqual(['1', '├─ 30', '└─ 20', '   └─ 21']);
		const folded = apply(tree, {type: 'moveSelection', delta: Number.NEGATIVE_INFINITY}, {type: 'moveSelection', delta: 2}, {type: 'toggleCollapse'});
		expect(pids(folded)).toEqual([1, 30, 20]);
		expect(selectedRow(folded)).toMatchObject({collapsed: true});
		expect(pids(apply(folded, {type: 'toggleCollapse'}))).toEqual([1, 30, 20, 21]);
	});

	it('leaves a leaf alone on Space', () => {
		const tree = apply(loaded(family), {type: 'toggleTree'}, {type: 'moveSelection', delta: Number.POSITIVE_INFINITY});
		expect(apply(tree, {type: 'toggleCollapse'})).toBe(tree);
	});
});
