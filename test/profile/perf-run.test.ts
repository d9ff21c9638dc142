import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeEach, describe, expect, it} from 'vitest';
import {perfMissing, ProfileCancelled, profileProcess, ProfileError, type ProfileOptions} from '../../source/profile/perf-run.js';
import {busyShellScript, createFakePerf} from '../helpers/fake-perf.js';

const fake = createFakePerf();
const temporary = path.join(fake.root, 'tmp');

function options(mode: string, overrides: Partial<ProfileOptions> = {}, script?: string): ProfileOptions {
	return {pid: 4242, durationS: 0.3, frequencyHz: 99, procfs: fake.procfs, euid: 0, env: fake.env(mode, script), ...overrides};
}

beforeEach(() => {
	fake.reset();
	mkdirSync(temporary, {recursive: true});
	process.env['TMPDIR'] = temporary;
});

afterAll(() => {
	fake.remove();
});

describe('profileProcess with a fake perf on PATH', () => {
	it('records cpu-clock stacks of the PID alone, folds perf script, and removes its temporary files', async () => {
		const result = await profileProcess(options('record'));
		expect(readFileSync(fake.argsFile, 'utf8').trim()).toMatch(/^record -e cpu-clock -F 99 -g -p 4242 -o \S+\/perf\.data$/);
		expect(result.profile.samples).toBe(208);
		expect(result.target).toEqual({pid: 4242, name: 'busy', uid: 1000});
		expect(result.warnings).toEqual([]);
		expect(readdirSync(temporary)).toEqual([]);
	});

	it('says perf is missing and which package provides it', async () => {
		await expect(profileProcess(options('record', {env: {PATH: path.join(fake.root, 'empty')}}))).rejects.toThrow(perfMissing);
		expect(perfMissing).toContain('linux-perf');
	});

	it('names the sysctl when perf_event_paranoid forbids a non-root user', async () => {
		fake.writeProc('sys/kernel/perf_event_paranoid', '3\n');
		await expect(profileProcess(options('paranoid', {euid: 1000}))).rejects.toThrow("kernel.perf_event_paranoid is 3; allow your own processes with 'sysctl -w kernel.perf_event_paranoid=2' as root, or run perftop as root");
	});

	it("says another user's process needs root or its owner", async () => {
		await expect(profileProcess(options('paranoid', {euid: 1001}))).rejects.toThrow('perf may not profile busy (PID 4242, uid 1000) as uid 1001: run perftop as root or as that user');
	});

	it('names CAP_PERFMON for root in a container without it', async () => {
		fake.writeProc('self/status', 'Name:\tnode\nCapEff:\t00000000a80425fb\n');
		await expect(profileProcess(options('paranoid'))).rejects.toThrow('without CAP_PERFMON (a container?); start it with --cap-add PERFMON');
	});

	it('refuses an invalid PID before running anything, and a PID with no process', async () => {
		await expect(profileProcess(options('record', {pid: Number.NaN}))).rejects.toThrow("invalid PID 'NaN'");
		await expect(profileProcess(options('record', {pid: -1}))).rejects.toThrow(ProfileError);
		await expect(profileProcess(options('record', {pid: 999}))).rejects.toThrow('no process with PID 999');
		expect(existsSync(fake.argsFile)).toBe(false);
	});

	it('says the process went away before perf attached', async () => {
		await expect(profileProcess(options('gone'))).rejects.toThrow('PID 4242 exited before perf could attach');
	});

	it('keeps what was sampled when the process exits mid-profile, and says so', async () => {
		const result = await profileProcess(options('exits', {durationS: 5}));
		expect(result.recordedS).toBeLessThan(5);
		expect(result.warnings[0]).toMatch(/^PID 4242 exited after \d\.\d s of the 5 s asked$/);
		expect(result.profile.samples).toBe(208);
	});

	it('says a profile of a mostly idle process is thin rather than presenting it as the answer', async () => {
		const few = path.join(fake.root, 'few.txt');
		writeFileSync(few, readFileSync(busyShellScript, 'utf8').split('\n\n').slice(0, 3).join('\n\n'));
		const result = await profileProcess(options('record', {durationS: 1}, few));
		expect(result.warnings).toEqual(['3 samples in 1 s: it was on CPU 3 % of the time — see its I/O and wait states']);
	});

	it('says a thin profile comes from waiting for a CPU when the process sat on a run queue', async () => {
		fake.writeProc('4242/task/4242/schedstat', '0 0 0\n');
		const few = path.join(fake.root, 'few.txt');
		writeFileSync(few, readFileSync(busyShellScript, 'utf8').split('\n\n').slice(0, 3).join('\n\n'));
		const result = await profileProcess(options('saturated', {durationS: 1}, few));
		expect(result.warnings).toEqual(['3 samples in 1 s: it was on CPU 3 % of the time; its threads waited 0.9 s for a CPU — the CPUs are saturated, see the run queue']);
	});

	it('fails with the reason when not one sample was taken', async () => {
		const none = path.join(fake.root, 'none.txt');
		writeFileSync(none, '');
		await expect(profileProcess(options('record', {}, none))).rejects.toThrow('no samples in 0.3 s: busy (PID 4242) was not on a CPU while it was profiled');
	});

	it('keeps frames whose bytes are not UTF-8', async () => {
		const bytes = path.join(fake.root, 'bytes.txt');
		writeFileSync(bytes, Buffer.concat([Buffer.from('busy 4242 1.0: cpu-clock:\n\t1 f'), Buffer.from([0xFF]), Buffer.from('g (/app)\n\n')]));
		const result = await profileProcess(options('record', {}, bytes));
		expect(result.profile.tree.names).toContain('f\uFFFDg');
	});

	it('kills perf and cleans up when cancelled', async () => {
		const controller = new AbortController();
		const running = profileProcess(options('record', {durationS: 30, signal: controller.signal}));
		while (!existsSync(fake.pidFile)) {
			await new Promise(resolve => {
				setTimeout(resolve, 20);
			});
		}

		controller.abort();
		await expect(running).rejects.toThrow(ProfileCancelled);
		expect(await gone(Number(readFileSync(fake.pidFile, 'utf8')))).toBe(true);
		expect(readdirSync(temporary)).toEqual([]);
	});

	it('kills perf when perftop exits in the middle of a profile', async () => {
		const module = new URL('../../source/profile/perf-run.ts', import.meta.url).pathname;
		const {env} = options('record');
		const program = `import {profileProcess} from ${JSON.stringify(module)};
			profileProcess({pid: 4242, durationS: 30, frequencyHz: 99, procfs: ${JSON.stringify(fake.procfs)}}).catch(() => {});
			const wait = setInterval(() => { try { require('node:fs').readFileSync(${JSON.stringify(fake.pidFile)}); clearInterval(wait); process.exit(0); } catch {} }, 20);`;
		const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program.replace("require('node:fs')", "(await import('node:fs'))").replace('() => { try', 'async () => { try')], {env, timeout: 20_000, encoding: 'utf8'});
		expect(result.status).toBe(0);
		expect(await gone(Number(readFileSync(fake.pidFile, 'utf8')))).toBe(true);
	});
});

/** Whether the process is gone (or a zombie waiting for init to reap it) within two seconds. */
async function gone(pid: number): Promise<boolean> {
	for (let attempt = 0; attempt < 100; attempt++) {
		let state = '';
		try {
			state = /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1] ?? '';
		} catch {
			return true;
		}

		if (state === 'Z') {
			return true;
		}

		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
	}

	return false;
}
