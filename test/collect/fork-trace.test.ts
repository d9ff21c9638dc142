import {closeSync, constants, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, describe, expect, it} from 'vitest';
import {readPipe, removeStaleForkTraces, startForkTrace, tracefsRoots} from '../../source/collect/fork-trace.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'perftop-fork-trace-'));
afterAll(() => {
	rmSync(root, {recursive: true, force: true});
});

/** A sysfs whose tracefs has the given instance directories, and a procfs with the given pids alive. */
function machine(name: string, instances: readonly string[], alive: readonly number[]): {sysfs: string; procfs: string} {
	const sysfs = path.join(root, name, 'sys');
	const procfs = path.join(root, name, 'proc');
	for (const instance of instances) {
		mkdirSync(path.join(sysfs, 'kernel/tracing/instances', instance), {recursive: true});
	}

	mkdirSync(path.join(sysfs, 'kernel/tracing/instances'), {recursive: true});
	for (const pid of alive) {
		mkdirSync(path.join(procfs, String(pid)), {recursive: true});
	}

	return {sysfs, procfs};
}

describe('fork tracing', () => {
	it('looks for tracefs where it is mounted today, then under debugfs', () => {
		expect(tracefsRoots('/host/sys')).toEqual(['/host/sys/kernel/tracing', '/host/sys/kernel/debug/tracing']);
	});

	it('says in one line where it looked when no tracefs is mounted', () => {
		const sysfs = path.join(root, 'bare/sys');
		mkdirSync(path.join(sysfs, 'kernel/tracing'), {recursive: true});
		expect(startForkTrace(tracefsRoots(sysfs))).toBe(`tracefs is not mounted at ${sysfs}/kernel/tracing or ${sysfs}/kernel/debug/tracing`);
	});

	it('leaves nothing behind when the instance cannot be set up', () => {
		// A plain directory takes the mkdir but has none of the files the kernel puts in an instance.
		const {sysfs} = machine('plain', [], []);
		expect(startForkTrace(tracefsRoots(sysfs))).toBe(`tracefs: ENOENT on ${sysfs}/kernel/tracing/instances/perftop-${process.pid}`);
		expect(readdirSync(path.join(sysfs, 'kernel/tracing/instances'))).toEqual([]);
	});

	it('removes the instances of perftops that are gone, and only those', () => {
		const {sysfs, procfs} = machine('stale', ['perftop-4242', 'perftop-999999', `perftop-${process.pid}`, 'perftop-x1', 'other-tool'], [4242]);
		removeStaleForkTraces(tracefsRoots(sysfs), procfs);
		expect(readdirSync(path.join(sysfs, 'kernel/tracing/instances')).sort()).toEqual(['other-tool', 'perftop-4242', `perftop-${process.pid}`, 'perftop-x1'].sort());
	});

	it('without tracefs the stale sweep does nothing', () => {
		expect(() => {
			removeStaleForkTraces(tracefsRoots(path.join(root, 'none/sys')), path.join(root, 'none/proc'));
		}).not.toThrow();
	});

	it('reads what a non-blocking descriptor holds after the previous partial line', () => {
		const file = path.join(root, 'pipe');
		writeFileSync(file, ' comm=bash pid=8812 child_comm=bash child_pid=9001\n            bash-8812    [000] ..');
		const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
		try {
			expect(readPipe(fd, '            bash-8812    [001] d..1. 12.5: sched_process_fork:')).toBe('            bash-8812    [001] d..1. 12.5: sched_process_fork: comm=bash pid=8812 child_comm=bash child_pid=9001\n            bash-8812    [000] ..');
			expect(readPipe(fd, 'rest')).toBe('rest');
		} finally {
			closeSync(fd);
		}
	});
});
