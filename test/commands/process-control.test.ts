import {type ChildProcess, spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {failureReason, reniceProcess, signalProcess} from '../../source/commands/process-control.js';
import {readProcessStart} from '../../source/collect/read-process-start.js';

const children: ChildProcess[] = [];
afterEach(() => {
	for (const child of children.splice(0)) {
		child.kill('SIGKILL');
	}
});

function sleeper(): {child: ChildProcess; pid: number; startTimeTicks: number} {
	const child = spawn('sleep', ['600'], {stdio: 'ignore'});
	children.push(child);
	const pid = child.pid!;
	return {child, pid, startTimeTicks: readProcessStart('/proc', pid)!};
}

const exited = (child: ChildProcess) => new Promise<NodeJS.Signals | null>(resolve => {
	child.once('exit', (_code, signal) => {
		resolve(signal);
	});
});

describe('signalProcess', () => {
	it('sends the signal to the process with that pid and start time', async () => {
		const {child, pid, startTimeTicks} = sleeper();
		const gone = exited(child);
		expect(signalProcess('/proc', {pid, startTimeTicks, name: 'sleep'}, 'SIGTERM')).toBe(`sent SIGTERM to ${pid} (sleep)`);
		expect(await gone).toBe('SIGTERM');
	});

	it('leaves a pid alone whose start time is not the selected process\'s: the pid was reused', () => {
		const {pid, startTimeTicks} = sleeper();
		expect(signalProcess('/proc', {pid, startTimeTicks: startTimeTicks - 1, name: 'sleep'}, 'SIGKILL')).toBe(`cannot signal ${pid} (sleep): it has exited and pid ${pid} is now another process`);
		expect(readProcessStart('/proc', pid)).toBe(startTimeTicks);
	});

	it('refuses what is not a process id (0 and negatives signal process groups), an unknown signal, and another /proc', () => {
		expect(signalProcess('/proc', {pid: 0, startTimeTicks: undefined, name: 'x'}, 'SIGTERM')).toBe('cannot signal pid 0: not a process id');
		expect(signalProcess('/proc', {pid: -5, startTimeTicks: undefined, name: 'x'}, 'SIGTERM')).toBe('cannot signal pid -5: not a process id');
		expect(signalProcess('/proc', {pid: 1.5, startTimeTicks: undefined, name: 'x'}, 'SIGTERM')).toBe('cannot signal pid 1.5: not a process id');
		expect(signalProcess('/proc', {pid: 1, startTimeTicks: undefined, name: 'init'}, 'SIGSEGV')).toBe('cannot signal 1 (init): unknown signal SIGSEGV');
		expect(signalProcess('/host/proc', {pid: 1, startTimeTicks: undefined, name: 'init'}, 'SIGTERM')).toMatch(/^cannot signal 1 \(init\): perftop reads another \/proc/);
	});

	it('says a process that has gone has exited', async () => {
		const {child, pid, startTimeTicks} = sleeper();
		const gone = exited(child);
		child.kill('SIGKILL');
		await gone;
		expect(signalProcess('/proc', {pid, startTimeTicks, name: 'sleep'}, 'SIGTERM')).toBe(`cannot signal ${pid} (sleep): no such process — it has exited`);
	});

	it('turns EPERM and ESRCH into one line that says what to do', () => {
		expect(failureReason(Object.assign(new Error('kill EPERM'), {code: 'EPERM'}), 'signal')).toBe('operation not permitted — run as its user or root');
		expect(failureReason({code: 'ERR_SYSTEM_ERROR', info: {code: 'EACCES'}}, 'renice')).toMatch(/^permission denied — only root may lower a nice value/);
		expect(failureReason(Object.assign(new Error('kill ESRCH'), {code: 'ESRCH'}), 'signal')).toBe('no such process — it has exited');
	});
});

describe('reniceProcess', () => {
	it('sets the nice value of the process, checked by its start time', () => {
		const {pid, startTimeTicks} = sleeper();
		expect(reniceProcess('/proc', {pid, startTimeTicks, name: 'sleep'}, 7)).toBe(`reniced ${pid} (sleep) to 7`);
		// Field 19 of /proc/<pid>/stat is the nice value; comm is `sleep`, without spaces.
		expect(readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[18]).toBe('7');
	});

	it('refuses a value outside -20 … 19 and a reused pid', () => {
		const {pid, startTimeTicks} = sleeper();
		expect(reniceProcess('/proc', {pid, startTimeTicks, name: 'sleep'}, 20)).toBe(`cannot renice ${pid} (sleep): nice must be a whole number from -20 to 19`);
		expect(reniceProcess('/proc', {pid, startTimeTicks: startTimeTicks + 1, name: 'sleep'}, 5)).toMatch(/is now another process$/);
	});
});
