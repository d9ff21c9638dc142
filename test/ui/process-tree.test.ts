import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {ProcessSample} from '../../source/metrics/types.js';
import {nestProcesses} from '../../source/ui/process-tree.js';
import {compareProcesses} from '../../source/ui/sections.js';
import {process} from '../helpers/snapshot-builder.js';

/** pid, ppid, start time and comm as captured from this kind of machine's /proc/<pid>/stat. */
function captured(): ProcessSample[] {
	return readFileSync('test/fixtures/process-tree/debian-vm.txt', 'utf8')
		.split('\n')
		.filter(line => line !== '' && !line.startsWith('#'))
		.map(line => {
			const [pid, ppid, start, ...name] = line.split(' ');
			return process(Number(pid), {ppid: Number(ppid), startTimeTicks: Number(start), name: name.join(' '), command: name.join(' '), cpuPct: 0});
		});
}

const byCpu = compareProcesses('cpu');
const none = new Set<string>();
const line = (row: {prefix: string; process: ProcessSample}) => `${row.prefix}${row.process.pid}`;

describe('nestProcesses', () => {
	it('puts every captured process exactly once under its parent, init and kthreadd as roots', () => {
		const processes = captured();
		const rows = nestProcesses(processes, byCpu, none);
		expect(rows.map(row => row.process.pid).sort((a, b) => a - b)).toEqual(processes.map(process => process.pid).sort((a, b) => a - b));
		expect(rows.filter(row => row.prefix === '').map(row => row.process.pid)).toEqual([1, 2]);
		const lines = rows.map(line);
		// 25182 (bash) has two children: bash 25193 (with npm exec under it) and tail 25194, the last.
		const at = lines.findIndex(text => text.endsWith(' 25182'));
		const indent = lines[at]!.indexOf('└');
		expect(lines.slice(at, at + 6).map(text => text.slice(indent))).toEqual([
			'└─ 25182',
			'   ├─ 25193',
			'   │  └─ 26922',
			'   │     └─ 27060',
			'   │        └─ 27063',
			'   └─ 25194',
		]);
	});

	it('sorts each level by the current sort, ties by pid', () => {
		const rows = nestProcesses(
			[process(1, {ppid: 0, startTimeTicks: 1}), process(10, {ppid: 1, startTimeTicks: 5, cpuPct: 1}), process(11, {ppid: 1, startTimeTicks: 5, cpuPct: 90}), process(12, {ppid: 1, startTimeTicks: 5, cpuPct: 1})],
			byCpu,
			none,
		);
		expect(rows.map(line)).toEqual(['1', '├─ 11', '├─ 10', '└─ 12']);
	});

	it('makes a process whose parent is not listed (exited, filtered out) a root', () => {
		const processes = captured().filter(process => process.pid !== 25182);
		const rows = nestProcesses(processes, byCpu, none);
		expect(rows.filter(row => row.prefix === '').map(row => row.process.pid)).toEqual([1, 2, 25193, 25194]);
	});

	it('does not hang a process under a parent that started after it: that pid was reused', () => {
		const rows = nestProcesses(
			[process(1, {ppid: 0, startTimeTicks: 1}), process(500, {ppid: 1, startTimeTicks: 9000, name: 'new'}), process(600, {ppid: 500, startTimeTicks: 100})],
			byCpu,
			none,
		);
		expect(rows.map(line)).toEqual(['1', '└─ 500', '600']);
	});

	it('picks, of two readings of one pid, the parent that started before the child', () => {
		const rows = nestProcesses(
			[process(7, {ppid: 0, startTimeTicks: 50}), process(7, {ppid: 0, startTimeTicks: 10}), process(8, {ppid: 7, startTimeTicks: 20})],
			byCpu,
			none,
		);
		expect(rows.map(row => `${row.prefix}${row.process.pid}@${row.process.startTimeTicks}`)).toEqual(['7@50', '7@10', '└─ 8@20']);
	});

	it('breaks a cycle a racing read could produce, listing each process once', () => {
		const rows = nestProcesses(
			[process(1, {ppid: 0, startTimeTicks: 1}), process(30, {ppid: 31, startTimeTicks: 5}), process(31, {ppid: 30, startTimeTicks: 5}), process(32, {ppid: 32, startTimeTicks: 5})],
			byCpu,
			none,
		);
		expect(rows.map(line)).toEqual(['1', '32', '30', '└─ 31']);
	});

	it('folds a collapsed branch, marking it, and does not mistake what it hides for a cycle', () => {
		const processes = captured();
		const rows = nestProcesses(processes, byCpu, new Set(['2:25']));
		const kthreadd = rows.find(row => row.process.pid === 2);
		expect(kthreadd).toMatchObject({parent: true, collapsed: true});
		expect(rows.some(row => row.process.ppid === 2)).toBe(false);
		expect(rows.filter(row => row.prefix === '').map(row => row.process.pid)).toEqual([1, 2]);
	});
});
