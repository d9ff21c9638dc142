import {closeSync, mkdtempSync, openSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it, vi} from 'vitest';
import {createReadHelper, type ReadHelper} from '../../source/collect/read-helper.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'perftop-helper-'));
afterAll(() => {
	rmSync(scratch, {recursive: true, force: true});
});

function openWith(name: string, text: string): number {
	const file = path.join(scratch, name);
	writeFileSync(file, text);
	return openSync(file, 'r');
}

/**
 * Hands the helper a first batch of `fds`, which only starts a thread large enough for it, and waits until
 * it is up: however long that takes on a loaded machine (vi.waitFor's default of a second is not enough
 * for a new thread there), so the bound is only the test's own.
 */
async function started(helper: ReadHelper, fds: readonly number[] = []): Promise<void> {
	expect(helper.start(fds)).toBe(false);
	await vi.waitFor(() => {
		expect(helper.ready()).toBe(true);
	}, {timeout: 60_000, interval: 5});
}

/**
 * A batch the thread needs far longer for than the main thread between two statements, even when the
 * machine is loaded: half a million reads are half a second or more of system calls, while the main thread would
 * have to be kept off the CPU for all of it between `start` and the next line.
 */
const slowBatch = 500_000;

describe('createReadHelper', () => {
	it('reads held files one after another into its memory, leaving to the caller what it cannot read whole', async () => {
		const helper = createReadHelper({slotBytes: 8});
		await started(helper);
		const fds = [openWith('a', 'aaa'), -1, openWith('b', 'bbbbb'), openWith('long', '12345678'), openWith('c', 'c')];
		const closed = openWith('closed', 'x');
		closeSync(closed);
		expect(helper.start([...fds, closed])).toBe(true);
		const ends = helper.finish();
		expect([...ends!.subarray(0, 6)]).toEqual([3, -1, 8, -1, 9, -1]);
		const target = Buffer.alloc(11, '.');
		helper.copy(0, 9, target, 1);
		expect(target.toString()).toBe('.aaabbbbbc.');
		// A file is read from its start at every batch, as a held procfs file is.
		expect(helper.start([fds[2]!])).toBe(true);
		expect([...helper.finish()!.subarray(0, 1)]).toEqual([5]);
		helper.close();
		for (const fd of fds.filter(fd => fd >= 0)) {
			closeSync(fd);
		}
	});

	it('is not ready while a batch is out, and takes a larger batch with a larger thread', async () => {
		// It waits for the whole batch, however long the loaded machine takes.
		const helper = createReadHelper({slotBytes: 8, timeoutMs: 600_000});
		const fd = openWith('d', 'dd');
		// Far more reads than the next two statements take: the batch is still out when they run.
		const many = Array.from({length: slowBatch}, () => fd);
		await started(helper, many);
		expect(helper.start(many)).toBe(true);
		expect(helper.ready()).toBe(false);
		expect(helper.start([fd])).toBe(false);
		expect(helper.finish()![slowBatch - 1]).toBe(2 * slowBatch);
		expect(helper.ready()).toBe(true);
		helper.close();
		closeSync(fd);
	});

	it('gives up on a thread that does not finish in time and starts another for the next batch', async () => {
		const helper = createReadHelper({slotBytes: 8, timeoutMs: 1});
		const fd = openWith('e', 'eee');
		// Far more reads than fit in a millisecond: the thread is still at it when the wait ends.
		const slow = Array.from({length: slowBatch}, () => fd);
		await started(helper, slow);
		expect(helper.start(slow)).toBe(true);
		expect(helper.finish()).toBeUndefined();
		expect(helper.ready()).toBe(false);
		// A new thread comes up and takes the next batch. (Whether it reads it within this helper's
		// millisecond depends on the machine's load: the first test reads through a thread.)
		await started(helper, [fd]);
		expect(helper.start([fd])).toBe(true);
		helper.close();
		closeSync(fd);
	});
});
