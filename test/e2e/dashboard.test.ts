import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os, {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

// The real binary in a real terminal (tmux, 160x48) on this machine: start, keys, screen text, quit.
const cli = path.resolve('dist/cli.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const session = `perftop-e2e-${process.pid}`;

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, {encoding: 'utf8'});
}

function screen(): string {
	return tmux('capture-pane', '-p', '-t', session);
}

async function poll<T>(probe: () => T | undefined, describeFailure: () => string, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const result = probe();
		if (result !== undefined) {
			return result;
		}

		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
	}

	throw new Error(describeFailure());
}

async function waitFor(predicate: (text: string) => boolean): Promise<string> {
	let text = '';
	return poll(() => {
		text = screen();
		return predicate(text) ? text : undefined;
	}, () => `screen never matched; last screen:\n${text}`);
}

if (!hasTmux) {
	console.warn('test/e2e/dashboard.test.ts skipped: tmux is not installed');
}

describe.skipIf(!hasTmux)('dashboard in tmux', () => {
	let stateDirectory: string;

	beforeAll(() => {
		stateDirectory = mkdtempSync(path.join(tmpdir(), 'perftop-e2e-'));
		// CI is unset for perftop: with CI set, Ink (rightly) draws only the last frame.
		tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '48', '-e', `PERFTOP_DB=${path.join(stateDirectory, 'e2e.db')}`, '-e', 'TERM=xterm-256color', `env -u CI ${process.execPath} ${cli}; echo $? > ${path.join(stateDirectory, 'exit-status')}`);
	});

	afterAll(() => {
		spawnSync('tmux', ['kill-session', '-t', session]);
		rmSync(stateDirectory, {recursive: true, force: true});
	});

	it('shows the four panels, bottlenecks, processes and key hints', async () => {
		const text = await waitFor(screen => screen.includes('Top processes'));
		for (const heading of ['CPU', 'Memory', 'Disk', 'Network', 'Bottleneck', 'Top processes', 'q quit']) {
			expect(text).toContain(heading);
		}

		// Ink updates in place only while the frame is shorter than the terminal: the last row stays empty.
		const rows = text.replace(/\n$/, '').split('\n');
		expect(rows).toHaveLength(48);
		expect(rows[47]!.trim()).toBe('');
	});

	it('? opens the help overlay and Esc/? closes it', async () => {
		tmux('send-keys', '-t', session, '?');
		const help = await waitFor(screen => /pause or resume the view/.test(screen));
		expect(help).toContain('sort processes by CPU, memory, I/O');
		tmux('send-keys', '-t', session, '?');
		await waitFor(screen => !screen.includes('pause or resume the view') && screen.includes('Top processes'));
	});

	it('p pauses the view and shows PAUSED, p again resumes', async () => {
		tmux('send-keys', '-t', session, 'p');
		await waitFor(screen => screen.includes('PAUSED'));
		tmux('send-keys', '-t', session, 'p');
		await waitFor(screen => !screen.includes('PAUSED'));
	});

	it('Enter opens the CPU detail view and Esc goes back', async () => {
		// Separate writes: a terminal delivers "1\r" typed fast as one chunk, which is not a key press.
		tmux('send-keys', '-t', session, '1');
		tmux('send-keys', '-t', session, 'Enter');
		await waitFor(screen => /cpu0|core/i.test(screen) && !screen.includes('Top processes'));
		tmux('send-keys', '-t', session, 'Escape');
		await waitFor(screen => screen.includes('Top processes'));
	});

	it('reflows to the compact view when the window shrinks', async () => {
		tmux('resize-window', '-t', session, '-x', '60', '-y', '15');
		const compact = await waitFor(screen => !screen.includes('Top processes') && screen.trim().length > 0);
		expect(compact.split('\n').every(line => line.length <= 60)).toBe(true);
		tmux('resize-window', '-t', session, '-x', '160', '-y', '48');
		await waitFor(screen => screen.includes('Top processes'));
	});

	it('q quits with exit status 0 and restores the terminal', async () => {
		tmux('send-keys', '-t', session, 'q');
		const statusFile = path.join(stateDirectory, 'exit-status');
		const status = await poll(() => {
			const text = existsSync(statusFile) ? readFileSync(statusFile, 'utf8') : '';
			return text.endsWith('\n') ? text : undefined;
		}, () => 'perftop did not exit after q');
		expect(status).toBe('0\n');
	});
});

describe.skipIf(!hasTmux)('dashboard in tmux, a key pressed while it starts', () => {
	const startSession = `${session}-early`;
	let stateDirectory: string;

	beforeAll(() => {
		stateDirectory = mkdtempSync(path.join(tmpdir(), 'perftop-e2e-early-'));
		tmux('new-session', '-d', '-s', startSession, '-x', '160', '-y', '48', '-e', `PERFTOP_DB=${path.join(stateDirectory, 'e2e.db')}`, '-e', 'TERM=xterm-256color', `env -u CI ${process.execPath} ${cli}`);
		// Sent at once: the terminal echoes it while Node is still loading the dashboard.
		tmux('send-keys', '-t', startSession, 'o');
	});

	afterAll(() => {
		spawnSync('tmux', ['kill-session', '-t', startSession]);
		rmSync(stateDirectory, {recursive: true, force: true});
	});

	it('handles the key and keeps the echoed character out of the frame, through later updates', async () => {
		const first = await poll(() => {
			const text = tmux('capture-pane', '-p', '-t', startSession);
			return text.includes('Top processes') ? text : undefined;
		}, () => 'the dashboard never appeared');
		const firstClock = /\d\d:\d\d:\d\d/.exec(first.split('\n')[0]!)?.[0];
		// A tick later the clock is updated in place, by column: one cell off if the frame started after the echo.
		const later = await poll(() => {
			const text = tmux('capture-pane', '-p', '-t', startSession);
			return text.split('\n')[0]!.includes(firstClock ?? 'never') ? undefined : text;
		}, () => 'the clock never moved');
		const header = later.split('\n')[0]!;
		expect(header.startsWith(`${os.hostname()}  `)).toBe(true);
		expect(header).toMatch(/^\S+ {2}\d\d:\d\d:\d\d {2}/);
		expect(later).toContain('RSS▼');
	});
});
