import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it, vi} from 'vitest';
import {createHeldFiles} from '../../source/collect/held-files.js';
import {createReadHelper} from '../../source/collect/read-helper.js';
import {createProcessReader, processesToName} from '../../source/collect/read-processes.js';
import {createUserNames} from '../../source/collect/read-users.js';
import {writeLargeTree} from '../helpers/large-proc-tree.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'perftop-processes-'));
// Copies of the 2,000-process tree take a while to delete on a loaded machine.
afterAll(() => {
	rmSync(scratch, {recursive: true, force: true});
}, 60_000);

const passwd = path.join(scratch, 'passwd');
writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\npostgres:x:101:104::/var/lib/postgresql:/bin/bash\nnobody:x:65534:65534::/:/usr/sbin/nologin\n');
const userName = createUserNames(passwd);

function copyTree(scenario: string): string {
	const target = mkdtempSync(path.join(scratch, `${scenario}-`));
	cpSync(`test/fixtures/proc/${scenario}`, target, {recursive: true});
	return target;
}

describe('createProcessReader on 2,000 processes', () => {
	it('reads the same when the helper thread reads half the files', async () => {
		const tree = writeLargeTree(mkdtempSync(path.join(scratch, 'large-')));
		const helper = createReadHelper({slotBytes: 1024});
		const start = vi.spyOn(helper, 'start');
		const helped = createProcessReader({procfs: tree.procfs, userName, files: createHeldFiles(true, undefined, helper), clock: () => 0});
		// Nothing held, so no descriptors beyond the first reader's budget.
		const alone = createProcessReader({procfs: tree.procfs, userName, files: createHeldFiles(false), clock: () => 0});
		expect(helped.read()).toEqual(alone.read());
		await vi.waitFor(() => {
			expect(helper.ready()).toBe(true);
		});
		// Some processes run and do I/O between the reads; one in each half of the files.
		for (const pid of [150, 1900]) {
			const directory = path.join(tree.procfs, String(pid));
			writeFileSync(path.join(directory, 'stat'), readFileSync(path.join(directory, 'stat'), 'utf8').replace(' 0 -1 4194560 100 0 0 0 150 ', ' 0 -1 4194560 100 0 0 0 170 ').replace(' 0 -1 4194560 100 0 0 0 400 ', ' 0 -1 4194560 100 0 0 0 480 '));
			writeFileSync(path.join(directory, 'io'), readFileSync(path.join(directory, 'io'), 'utf8').replace(/^read_bytes: \d+$/m, 'read_bytes: 99999999'));
		}

		const readings = helped.read();
		expect(readings).toEqual(alone.read());
		expect(start.mock.results.at(-1)?.value).toBe(true);
		const changed = readings.filter(reading => reading.pid === 150 || reading.pid === 1900);
		expect(changed.map(reading => [reading.utimeTicks, reading.readBytes])).toEqual([[170, 99_999_999], [480, 99_999_999]]);
		helped.close();
		alone.close();
	});
});

describe('createProcessReader on the captured VM', () => {
	const reader = createProcessReader({procfs: 'test/fixtures/proc/vm-2cpu', userName});
	const processes = reader.read();
	reader.close();
	const byPid = new Map(processes.map(process => [process.pid, process]));

	it('finds every pid directory', () => {
		expect(processes.map(process => process.pid).sort((a, b) => a - b)).toEqual([1, 2, 4232, 16_916, 16_973]);
	});

	it('fills a process from stat, status, io and cmdline', () => {
		expect(byPid.get(4232)).toEqual({
			pid: 4232,
			name: 'bash',
			ppid: 4229,
			command: 'bash /dev/fd/3',
			state: 'S',
			uid: 0,
			user: 'root',
			utimeTicks: 19,
			stimeTicks: 56,
			startTimeTicks: 66_864,
			rssBytes: 981 * 4096,
			threads: 1,
			readBytes: 6_557_696,
			writeBytes: 2_281_472,
		});
	});

	it('names users from passwd and reads a comm with spaces and a parenthesis', () => {
		expect(byPid.get(16_973)).toMatchObject({user: 'nobody', uid: 65_534, readBytes: 442_368});
		expect(byPid.get(16_916)).toMatchObject({name: 'a b)c', command: './a b)c 600'});
	});

	it('leaves I/O unknown when io cannot be read', () => {
		expect(byPid.get(1)).toMatchObject({readBytes: undefined, writeBytes: undefined, threads: 13});
	});

	it('gives an idle kernel thread, never among the shown processes, its name without reading cmdline', () => {
		expect(byPid.get(2)?.command).toBe('kthreadd');
	});

	it('multiplies rss pages by the page size given', () => {
		const large = createProcessReader({procfs: 'test/fixtures/proc/vm-2cpu', userName, pageSize: 16_384});
		expect(large.read().find(process => process.pid === 1)?.rssBytes).toBe(3662 * 16_384);
		large.close();
	});
});

describe('processes that vanish', () => {
	it('skips a pid directory whose stat is gone', () => {
		const reader = createProcessReader({procfs: 'test/fixtures/proc/nvme-virtio', userName});
		const processes = reader.read();
		expect(processes.map(process => process.pid)).toEqual([4242]);
		expect(processes[0]).toMatchObject({user: 'postgres', command: 'postgres: walwriter', name: 'postgres: walwriter', writeBytes: 73_728_000});
		reader.close();
	});

	it('drops a process that exits between reads and picks up a new one behind a reused pid', () => {
		const procfs = copyTree('vm-2cpu');
		const reader = createProcessReader({procfs, userName});
		expect(reader.read()).toHaveLength(5);
		rmSync(path.join(procfs, '16916'), {recursive: true});
		writeFileSync(path.join(procfs, '2', 'stat'), '2 (newcomer) R 1 1 1 0 -1 0 0 0 0 0 7 3 0 0 20 0 2 0 999999 100 50 0\n');
		writeFileSync(path.join(procfs, '2', 'cmdline'), 'newcomer\0--flag\0');
		const second = reader.read();
		expect(second.map(process => process.pid).sort((a, b) => a - b)).toEqual([1, 2, 4232, 16_973]);
		expect(second.find(process => process.pid === 2)).toMatchObject({name: 'newcomer', command: 'newcomer --flag', startTimeTicks: 999_999, threads: 2});
		reader.close();
	});

	it('reads the io of a new process behind a file whose io was unreadable, in the same read', () => {
		const procfs = copyTree('vm-2cpu');
		const reader = createProcessReader({procfs, userName});
		expect(reader.read().find(process => process.pid === 1)?.readBytes).toBeUndefined();
		writeFileSync(path.join(procfs, '1', 'stat'), '1 (init) S 0 1 1 0 -1 0 0 0 0 0 5 5 0 0 20 0 1 0 777 100 50 0\n');
		writeFileSync(path.join(procfs, '1', 'io'), 'read_bytes: 11\nwrite_bytes: 12\n');
		expect(reader.read().find(process => process.pid === 1)).toMatchObject({name: 'init', startTimeTicks: 777, readBytes: 11, writeBytes: 12});
		reader.close();
	});

	it('throws only when the procfs root itself cannot be listed', () => {
		const reader = createProcessReader({procfs: path.join(scratch, 'missing'), userName});
		expect(() => reader.read()).toThrow(/ENOENT/);
	});
});

describe('processes whose files did not change', () => {
	it('are the same readings as before, and are read afresh once a byte changes', () => {
		const procfs = copyTree('vm-2cpu');
		const reader = createProcessReader({procfs, userName});
		const first = reader.read();
		const second = reader.read();
		expect(second).toHaveLength(first.length);
		for (const [index, process] of second.entries()) {
			expect(process).toBe(first[index]);
		}

		writeFileSync(path.join(procfs, '4232', 'io'), 'rchar: 1\nwchar: 0\nsyscr: 1\nsyscw: 0\nread_bytes: 7\nwrite_bytes: 9\ncancelled_write_bytes: 0\n');
		const third = reader.read();
		reader.close();
		expect(third.find(process => process.pid === 4232)).toMatchObject({readBytes: 7, writeBytes: 9, utimeTicks: 19, command: 'bash /dev/fd/3'});
		expect(third.find(process => process.pid === 16_973)).toBe(first.find(process => process.pid === 16_973));
	});

	it('are parsed again after a stat of the same length changes', () => {
		const procfs = copyTree('vm-2cpu');
		const reader = createProcessReader({procfs, userName});
		reader.read();
		const stat = path.join(procfs, '4232', 'stat');
		writeFileSync(stat, readFileSync(stat, 'utf8').replace(' 19 56 ', ' 91 65 '));
		expect(reader.read().find(process => process.pid === 4232)).toMatchObject({utimeTicks: 91, stimeTicks: 65});
		reader.close();
	});
});

describe('command lines', () => {
	it('are read only for the processes that can be shown; the rest carry their name', () => {
		const reader = createProcessReader({procfs: 'test/fixtures/proc/vm-2cpu', userName, topProcesses: 1});
		const processes = reader.read();
		reader.close();
		// First read: no interval yet, so only the largest resident set (pid 1) competes.
		expect(processes.find(process => process.pid === 1)?.command).toMatch(/^\/process_api --firecracker-init/);
		expect(processes.find(process => process.pid === 4232)?.command).toBe('bash');
	});

	it('follow CPU and I/O over the last interval', () => {
		const procfs = copyTree('vm-2cpu');
		const reader = createProcessReader({procfs, userName, topProcesses: 1});
		reader.read();
		// bash (4232) uses 500 ticks of CPU; sleep (16973) reads 1 MB.
		writeFileSync(path.join(procfs, '4232', 'stat'), '4232 (bash) R 4229 4232 4232 0 -1 4194560 13568 654263 0 37 519 56 4217 2154 20 0 1 0 66864 5394432 981 0\n');
		writeFileSync(path.join(procfs, '16973', 'io'), 'rchar: 1\nwchar: 0\nsyscr: 1\nsyscw: 0\nread_bytes: 1490944\nwrite_bytes: 0\ncancelled_write_bytes: 0\n');
		const processes = reader.read();
		reader.close();
		expect(processes.find(process => process.pid === 4232)?.command).toBe('bash /dev/fd/3');
		expect(processes.find(process => process.pid === 16_973)?.command).toBe('sleep 600');
		expect(processes.find(process => process.pid === 16_916)?.command).toBe('a b)c');
	});
});

describe('listing the pid directories', () => {
	function addProcess(procfs: string, pid: number): void {
		cpSync(path.join(procfs, '4232'), path.join(procfs, String(pid)), {recursive: true});
		writeFileSync(path.join(procfs, String(pid), 'stat'), `${pid} (late) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 70000 100 50 0\n`);
	}

	it('is done again only when the task count moved, while the processes found are read every time', () => {
		const procfs = copyTree('vm-2cpu');
		const reader = createProcessReader({procfs, userName});
		const pids = (tasksCreated: number) => reader.read(tasksCreated).map(process => process.pid).sort((a, b) => a - b);
		expect(pids(100)).toEqual([1, 2, 4232, 16_916, 16_973]);
		addProcess(procfs, 5000);
		writeFileSync(path.join(procfs, '4232', 'stat'), '4232 (bash) R 4229 4232 4232 0 -1 4194560 13568 654263 0 37 90 56 4217 2154 20 0 1 0 66864 5394432 981 0\n');
		rmSync(path.join(procfs, '16916'), {recursive: true});
		const unlisted = reader.read(100);
		expect(unlisted.map(process => process.pid).sort((a, b) => a - b)).toEqual([1, 2, 4232, 16_973]);
		expect(unlisted.find(process => process.pid === 4232)?.utimeTicks).toBe(90);
		expect(pids(101)).toEqual([1, 2, 4232, 5000, 16_973]);
		reader.close();
	});

	it('is done every time without a task count', () => {
		const procfs = copyTree('vm-2cpu');
		const reader = createProcessReader({procfs, userName});
		reader.read();
		addProcess(procfs, 5000);
		expect(reader.read().some(process => process.pid === 5000)).toBe(true);
		reader.close();
	});
});

describe('a script that reaps fio (wrapper-fio, then wrapper-fio-t1)', () => {
	it('keeps what fio did out of the script\'s I/O and CPU, and names fio\'s parent', () => {
		const root = copyTree('wrapper-fio');
		const reader = createProcessReader({procfs: root, userName});
		const first = reader.read();
		expect(first.filter(process => process.ppid === 30_211).map(process => process.pid)).toEqual([30_225, 30_227, 30_228, 30_229]);
		const before = first.find(process => process.pid === 30_210)!;
		rmSync(root, {recursive: true});
		cpSync('test/fixtures/proc/wrapper-fio-t1', root, {recursive: true});
		const after = reader.read().find(process => process.pid === 30_210)!;
		// The kernel added fio's 15.5 GB to the script's io; its own thread wrote nothing and read 4 KiB.
		expect(after.writeBytes! - before.writeBytes!).toBe(0);
		expect(after.readBytes! - before.readBytes!).toBe(4096);
		// cutime and cstime grew by fio's 180 ticks; the script's own CPU time did not.
		expect(after.utimeTicks + after.stimeTicks).toBe(before.utimeTicks + before.stimeTicks);
		reader.close();
	});
});

describe('a shell whose script reaped fio (fio-chain, -t1, -t2)', () => {
	it('takes fio\'s run out of each parent in turn, though the script in between never did I/O of its own', () => {
		const root = copyTree('fio-chain');
		const reader = createProcessReader({procfs: root, userName});
		const written = (): Map<number, number | undefined> => new Map(reader.read().map(process => [process.pid, process.writeBytes]));
		const steps = [written()];
		for (const scenario of ['fio-chain-t1', 'fio-chain-t2']) {
			rmSync(root, {recursive: true});
			cpSync(`test/fixtures/proc/${scenario}`, root, {recursive: true});
			steps.push(written());
		}

		// The kernel's io for the script, then the shell, holds 18.8 GB of fio's writes; neither wrote a byte itself.
		expect(steps.map(step => step.get(2855))).toEqual([0, 0, undefined]);
		expect(steps.map(step => step.get(2854))).toEqual([0, 0, 0]);
		reader.close();
	});
});

describe('processesToName', () => {
	const entry = (rssPages: number, cpuDelta: number | undefined, ioDelta: number | undefined) => ({stat: {rssPages}, cpuDelta, ioDelta});

	it('unions the top N by CPU, I/O and memory, ignoring zero and unknown', () => {
		const scanned = [entry(10, 0, 0), entry(5, 9, undefined), entry(1, 2, 7), entry(0, undefined, undefined)];
		expect([...processesToName(scanned, 1)].sort()).toEqual([0, 1, 2]);
		expect([...processesToName(scanned, 0)]).toEqual([]);
		expect([...processesToName([entry(0, 0, 0)], 5)]).toEqual([]);
	});
});
