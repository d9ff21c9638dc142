import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

// The real binary in a tmux with the mouse on (`inner`), whose client runs in a pane of another tmux
// (`outer`). Writing an xterm's mouse reports into the outer pane makes the inner tmux see a real click
// from its terminal: it passes it on to perftop only while perftop has asked for the mouse, re-encoded as
// perftop asked, as it would over SSH from a real terminal.
const cli = path.resolve('dist/cli.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `perftop-e2e-mouse-${process.pid}`;
const outer = `perftop-e2e-mouse-outer-${process.pid}`;

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, {encoding: 'utf8'});
}

function inner(...args: string[]): string {
	return tmux('-L', socket, ...args);
}

async function waitFor(predicate: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let text = '';
	while (Date.now() < deadline) {
		text = inner('capture-pane', '-p', '-t', 'in');
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

/** A left click as an xterm reports it (SGR, 1-based) at a 0-based cell of the screen. */
function click(column: number, row: number): string {
	return `\u001B[<0;${column + 1};${row + 1}M\u001B[<0;${column + 1};${row + 1}m`;
}

describe.skipIf(!hasTmux || !existsSync(cli))('the mouse in tmux', () => {
	beforeAll(() => {
		inner('-f', '/dev/null', 'new-session', '-d', '-s', 'in', '-x', '160', '-y', '47', `env -u CI ${process.execPath} ${cli} --no-record; echo EXITED; sleep 60`);
		inner('set', '-g', 'mouse', 'on');
		tmux('new-session', '-d', '-s', outer, '-x', '160', '-y', '48', '-e', 'TERM=xterm-256color', `tmux -L ${socket} attach -t in`);
	});

	afterAll(() => {
		spawnSync('tmux', ['kill-session', '-t', outer]);
		spawnSync('tmux', ['-L', socket, 'kill-server']);
	});

	it('a click focuses the panel under it, and quitting hands the mouse back to the terminal', async () => {
		const screen = await waitFor(text => text.includes('Top processes'));
		expect(inner('display', '-p', '-t', 'in', '#{mouse_standard_flag} #{mouse_sgr_flag}').trim()).toBe('1 1');
		const row = screen.split('\n').findIndex(line => line.includes('Network'));
		const column = screen.split('\n')[row]!.indexOf('Network');
		tmux('send-keys', '-t', outer, '-l', click(column, row));
		await waitFor(text => text.includes('━━ Network'));
		tmux('send-keys', '-t', outer, '-l', 'q');
		await waitFor(text => text.includes('EXITED'));
		expect(inner('display', '-p', '-t', 'in', '#{mouse_standard_flag} #{mouse_sgr_flag}').trim()).toBe('0 0');
	});
});
