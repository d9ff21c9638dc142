import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseForkTrace} from '../../source/collect/parse-fork-trace.js';

// Captured on this project's VM (kernel 6.18) from a tracing instance's trace_pipe during `timeout 3
// bash -c 'while :; do /bin/true; done'` (the loop is bash 13553; the others are this machine's other
// sessions, and the capturing shell starting `timeout`), with a 4 KiB ring buffer read once the loop
// had ended, so both CPUs lost events.
const captured = readFileSync(new URL('../fixtures/tracefs/fork-loop-trace-pipe.txt', import.meta.url), 'utf8');

describe('parseForkTrace', () => {
	it('counts the captured fork events by parent, and the events the ring buffer lost', () => {
		expect(parseForkTrace(captured)).toEqual({
			parents: [
				{pid: 13553, name: 'bash', children: 233},
				{pid: 29483, name: 'bash', children: 3},
				{pid: 13475, name: 'bash', children: 1},
				{pid: 13548, name: 'bash', children: 1},
				{pid: 14379, name: 'bash', children: 1},
				{pid: 14601, name: 'timeout', children: 1},
			],
			lost: 203 + 609,
		});
	});

	it('reads the lines of perftop\'s own instance, printed without the task, CPU and timestamp (captured)', () => {
		const text = 'sched_process_fork: comm=bash pid=4461 child_comm=bash child_pid=4467\n'
			+ 'sched_process_fork: comm=bash pid=4467 child_comm=bash child_pid=4468\n'
			+ 'sched_process_fork: comm=timeout pid=4468 child_comm=timeout child_pid=4469\n';
		expect(parseForkTrace(text)).toEqual({parents: [{pid: 4461, name: 'bash', children: 1}, {pid: 4467, name: 'bash', children: 1}, {pid: 4468, name: 'timeout', children: 1}], lost: 0});
	});

	it('takes a parent name with spaces whole, and skips a partial last line', () => {
		const text = '  Web Content-77 [000] ..... 5.1: sched_process_fork: comm=Web Content pid=77 child_comm=Web Content child_pid=78\n'
			+ '  Web Content-77 [000] ..... 5.2: sched_process_fork: comm=Web Content pid=77 child_comm=Web Content child_pid=79\n'
			+ '  Web Content-77 [000] ..... 5.3: sched_process_fork: comm=Web Content pid=77 child_comm=Web';
		expect(parseForkTrace(text)).toEqual({parents: [{pid: 77, name: 'Web Content', children: 2}], lost: 0});
	});

	it('skips malformed lines and counts an uncounted loss as one event', () => {
		const text = 'sched_process_fork: comm=x pid=abc child_comm=y child_pid=2\n'
			+ 'sched_process_fork: comm=x child_pid=2\n'
			+ 'CPU:0 [LOST EVENTS]\n'
			+ 'CPU:1 [LOST 12 EVENTS]\n'
			+ '\n';
		expect(parseForkTrace(text)).toEqual({parents: [], lost: 13});
	});
});
