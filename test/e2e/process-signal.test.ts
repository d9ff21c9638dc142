import {type ChildProcess, execFileSync, spawn, spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir, userInfo} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

// The real binary in tmux: filter the process table to a child of this test, send it TERM with `K`
// Enter, and see it gone. The child is a copy of sleep under a name of its own, so the filter finds
// it and nothing else on a shared machine.
const cli = path.resolve('dist/cli.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const session = `perftop-e2e-kill-${process.pid}`;
// comm holds 15 bytes at most.
const name = `ptkill${process.pid % 100_000}`;
const user = userInfo().username;

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, {encoding: 'utf8'});
}

async function waitFor(predicate: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let text = '';
	while (Date.now() < deadline) {
		text = tmux('capture-pane', '-p', '-t', session);
		if (predicate(text)) {
			return text;
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
	}

	throw new Error(`screen never matched; last screen:\n${text}`);
}

describe.skipIf(!hasTmux || !existsSync(cli) || !existsSync('/bin/sleep'))('signalling a process from the dashboard, in tmux', () => {
	let directory: string;
	let child: ChildProcess;

	beforeAll(() => {
		directory = mkdtempSync(path.join(tmpdir(), 'perftop-e2e-kill-'));
		copyFileSync('/bin/sleep', path.join(directory, name));
		child = spawn(path.join(directory, name), ['600'], {stdio: 'ignore'});
		tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '48', '-e', 'TERM=xterm-256color', `env -u CI ${process.execPath} ${cli} --no-record`);
	});

	afterAll(() => {
		spawnSync('tmux', ['kill-session', '-t', session]);
		child.kill('SIGKILL');
		rmSync(directory, {recursive: true, force: true});
	});

	it('/ filters to the child, K Enter sends it TERM, and it is gone', async () => {
		const exit = new Promise<NodeJS.Signals | null>(resolve => {
			child.once('exit', (_code, signal) => {
				resolve(signal);
			});
		});
		await waitFor(text => text.includes('Top processes'));
		tmux('send-keys', '-t', session, '/');
		tmux('send-keys', '-t', session, '-l', name);
		const filtered = await waitFor(text => text.includes(`/ ${name}_  1 of `));
		expect(filtered).toContain(`${child.pid} ${user}`);
		tmux('send-keys', '-t', session, 'Enter');
		tmux('send-keys', '-t', session, 'K');
		await waitFor(text => text.includes(`Signal ${child.pid} (${name}), user ${user}`));
		tmux('send-keys', '-t', session, 'Enter');
		await waitFor(text => text.includes(`sent SIGTERM to ${child.pid} (${name})`));
		expect(await exit).toBe('SIGTERM');
		const after = await waitFor(text => text.includes(`/ ${name}  0 of `));
		expect(after).not.toContain(`${child.pid} ${user}`);
	});
});
