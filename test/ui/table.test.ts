import {describe, expect, it} from 'vitest';
import {columnWidths, formatTable, type Column} from '../../source/ui/table.js';

const columns: Column[] = [
	{header: 'PID', width: 5, align: 'right'},
	{header: 'NAME', width: 6},
	{header: 'COMMAND'},
];

describe('formatTable', () => {
	it('aligns columns and gives the flexible column what is left', () => {
		const lines = formatTable(columns, [['1', 'init', '/sbin/init'], ['812', 'postgres', 'postgres: checkpointer']], 30);
		expect(lines).toEqual([
			'  PID NAME   COMMAND          ',
			'    1 init   /sbin/init       ',
			'  812 postg… postgres: checkp…',
		]);
		for (const line of lines) {
			expect(line).toHaveLength(30);
		}
	});

	it('splits leftover width between flexible columns by flex share', () => {
		expect(columnWidths([{header: 'a', width: 4}, {header: 'b', flex: 1}, {header: 'c', flex: 3}], 25)).toEqual([4, 4, 15]);
	});

	it('stays within a width smaller than the fixed columns', () => {
		const lines = formatTable(columns, [['1', 'init', 'x']], 8);
		expect(lines.every(line => line.length === 8)).toBe(true);
		expect(lines[0]).toBe('  PID N…');
	});
});
