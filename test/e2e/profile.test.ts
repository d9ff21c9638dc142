import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, describe, expect, it} from 'vitest';

// The real perf profiling a busy child, when perf works on this machine.
const cli = path.resolve('dist/cli.js');
const output = mkdtempSync(path.join(os.tmpdir(), 'perftop-profile-e2e-'));

function perfWorks(): string | undefined {
	const probe = spawnSync('perf', ['record', '-e', 'cpu-clock', '-o', path.join(output, 'probe.data'), '--', 'true'], {encoding: 'utf8', timeout: 20_000});
	if (probe.error) {
		return `perf cannot run here: ${probe.error.message}`;
	}

	return probe.status === 0 ? undefined : `perf record -e cpu-clock fails here: ${probe.stderr.split('\n').find(line => line.trim() !== '') ?? `exit ${probe.status}`}`;
}

const skipReason = perfWorks();
if (skipReason) {
	console.warn(`skipping the real-perf profile test: ${skipReason}`);
}

afterAll(() => {
	rmSync(output, {recursive: true, force: true});
});

describe.skipIf(skipReason !== undefined)('perftop profile with the real perf', () => {
	it('profiles a busy shell loop and names the shell in its stacks', async () => {
		const busy = spawn('timeout', ['60', 'sh', '-c', 'while :; do :; done'], {stdio: 'ignore'});
		// timeout's child is the shell that spins; perf -p follows the one PID it is given.
		await new Promise(resolve => {
			setTimeout(resolve, 300);
		});
		const shell = spawnSync('pgrep', ['-P', String(busy.pid)], {encoding: 'utf8'}).stdout.trim();
		try {
			const result = spawnSync(process.execPath, [cli, 'profile', shell, '--duration', '3s', '--output', path.join(output, 'busy.html')], {encoding: 'utf8', timeout: 60_000});
			expect(result.stderr).toBe('');
			expect(result.status).toBe(0);
			expect(result.stdout).toMatch(new RegExp(`^sh \\(PID ${shell}\\): \\d+ samples in 3 s at 99 Hz`));
			expect(readFileSync(path.join(output, 'busy.folded'), 'utf8')).toMatch(/^sh;/m);
			expect(readFileSync(path.join(output, 'busy.html'), 'utf8')).toContain('<canvas id="flame">');
		} finally {
			busy.kill();
		}
	});
});
