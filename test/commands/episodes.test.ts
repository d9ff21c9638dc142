import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ProcessSample} from '../../source/metrics/types.js';
import {openStore} from '../../source/store/open-store.js';
import {runCommand} from '../helpers/run-command.js';
import {sampleAt, tempDatabase} from '../store/temp-db.js';

// `perftop episodes` on a database written through the store: two minutes with the CPU saturated for
// forty seconds by two stress-ng workers, whose process records name them.
const startMs = Date.now() - 180_000;
let database: ReturnType<typeof tempDatabase>;

function worker(pid: number, cpuPct: number): ProcessSample {
	return {pid, name: 'stress-ng-cpu', command: 'stress-ng --cpu 2', user: 'root', state: 'R', cpuPct, rssBytes: 4e6, readBytesPerSec: 0, writeBytesPerSec: 0, ioBytesPerSec: 0, threads: 1, ppid: 4240};
}

beforeAll(() => {
	database = tempDatabase();
	const {store} = openStore({path: database.path, host: 'box', bootId: 'boot-a', version: '0.1.0'});
	for (let tick = 0; tick < 120; tick++) {
		const busy = tick >= 40 && tick < 80;
		const pct = busy ? 99 : 10;
		store.write({
			...sampleAt(startMs + tick * 1000, [
				{id: 'cpu.busy_pct', resource: 'cpu', value: pct},
				{id: 'cpu.core_busy_pct', resource: 'cpu:0', value: pct},
				{id: 'cpu.core_busy_pct', resource: 'cpu:1', value: pct},
				{id: 'memory.used_pct', resource: 'memory', value: 30},
			]),
			processes: busy ? [worker(4242, 95), worker(4243, 95), {...worker(77, 8), name: 'sshd', ppid: 1}] : [{...worker(77, 8), name: 'sshd', ppid: 1}],
		});
	}

	store.close();
});

afterAll(() => {
	database.cleanup();
});

describe('perftop episodes', () => {
	it('names the episode, its span and the workers that used the CPU, by pid', async () => {
		const {code, stdout} = await runCommand('episodes', [], {db: database.path, since: '1h'});
		expect(code).toBe(0);
		expect(stdout).toMatch(/^1 bottleneck episode between .* \(120 recorded ticks\)\n\ncpu MEDIUM \d\d:\d\d:\d\d → \d\d:\d\d:\d\d \(40s\), peak busy 99% at /);
		expect(stdout).toContain('stress-ng-cpu ×2 (pids 4242, 4243) used 96 % of the CPU\'s busy time (76 CPU-seconds)');
	});

	it('--json gives the episode with its documented keys', async () => {
		const {code, stdout} = await runCommand('episodes', [], {db: database.path, since: '1h', json: true});
		expect(code).toBe(0);
		const parsed = JSON.parse(stdout) as {ticks: number; episodes: Array<Record<string, unknown> & {contributors: {measure: string; processes: Array<{pid: number; pids: number[]}>}; signals: unknown[]}>};
		expect(parsed.ticks).toBe(120);
		expect(parsed.episodes).toHaveLength(1);
		expect(parsed.episodes[0]).toMatchObject({resource: 'cpu', kind: 'cpu', durationMs: 40_000, ongoing: false, startMs: startMs + 40_000, endMs: startMs + 79_000});
		expect(Object.keys(parsed.episodes[0]!).sort()).toEqual(['contributors', 'durationMs', 'end', 'endMs', 'kind', 'ongoing', 'peak', 'resource', 'signals', 'start', 'startMs']);
		expect(parsed.episodes[0]!.contributors.measure).toBe('cpu_seconds');
		expect(parsed.episodes[0]!.contributors.processes[0]!.pids).toEqual([4242, 4243]);
	});

	it('says in one line that a range holds no recorded tick (exit 1), and refuses bad flags (exit 2)', async () => {
		const empty = await runCommand('episodes', [], {db: database.path, from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z'});
		expect(empty).toMatchObject({code: 1, stdout: ''});
		expect(empty.stderr).toMatch(/^perftop: no recorded samples between 2020-01-01 00:00:00 UTC and 2020-01-02 00:00:00 UTC in .*\n$/);
		expect(await runCommand('episodes', [], {db: database.path, from: '2020-01-02T00:00:00Z', to: '2020-01-01T00:00:00Z'})).toMatchObject({code: 2, stderr: 'perftop: --to must be later than --from\n'});
		expect(await runCommand('episodes', ['cpu'], {db: database.path})).toMatchObject({code: 2, stderr: "perftop: episodes: unexpected 'cpu'\n"});
	});
});
