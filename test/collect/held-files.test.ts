import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it, vi} from 'vitest';
import {createHeldFiles, type HeldFiles} from '../../source/collect/held-files.js';
import {createReadHelper} from '../../source/collect/read-helper.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'perftop-held-files-'));
afterAll(() => {
	rmSync(scratch, {recursive: true, force: true});
});

describe('createHeldFiles', () => {
	it('holds files open when asked and rereads them from the start', () => {
		const file = path.join(scratch, 'held');
		writeFileSync(file, 'first\n');
		const files = createHeldFiles(true);
		expect(files.read(file)).toBe('first\n');
		expect(files.heldCount()).toBe(1);
		writeFileSync(file, 'second, longer\n');
		expect(files.read(file)).toBe('second, longer\n');
		expect(files.read(file, 6)).toBe('second');
		files.releaseAll();
		expect(files.heldCount()).toBe(0);
	});

	it('opens for every read otherwise, and past its budget', () => {
		const file = path.join(scratch, 'fresh');
		writeFileSync(file, 'x');
		expect(createHeldFiles(false).read(file)).toBe('x');
		const none = createHeldFiles(false);
		none.read(file);
		expect(none.heldCount()).toBe(0);
		const tiny = createHeldFiles(true, 0);
		tiny.read(file);
		expect(tiny.heldCount()).toBe(0);
	});

	it('reads a file larger than its starting buffer whole', () => {
		const file = path.join(scratch, 'large');
		const text = 'a'.repeat(200_000);
		writeFileSync(file, text);
		expect(createHeldFiles(false).read(file)).toBe(text);
	});

	it('reads a file longer than its expected size whole', () => {
		const file = path.join(scratch, 'expected');
		const text = 'b'.repeat(3000);
		writeFileSync(file, text);
		const files = createHeldFiles(true);
		expect(files.read(file, Number.POSITIVE_INFINITY, 16)).toBe(text);
		expect(files.read(file, 10, 4)).toBe('bbbbbbbbbb');
		files.releaseAll();
	});

	it('reads a named file into its shared buffer, whole, and closes it on release', () => {
		const file = path.join(scratch, 'named');
		writeFileSync(file, 'c'.repeat(3000));
		const files = createHeldFiles(true);
		const named = files.file(file);
		expect(files.heldCount()).toBe(0);
		const length = files.readInto(named, 16);
		expect(files.buffer().toString('utf8', 0, length)).toBe('c'.repeat(3000));
		expect(files.heldCount()).toBe(1);
		writeFileSync(file, 'short');
		expect(files.buffer().toString('utf8', 0, files.readInto(named, 16))).toBe('short');
		files.release(named);
		expect(files.heldCount()).toBe(0);
		rmSync(file);
		expect(() => files.readInto(named)).toThrow(/ENOENT/);
	});

	it('reads into its buffer at an offset, keeping the bytes before it when the buffer grows', () => {
		const small = path.join(scratch, 'small');
		const large = path.join(scratch, 'larger');
		writeFileSync(small, 'head');
		writeFileSync(large, 'd'.repeat(100_000));
		const files = createHeldFiles(true);
		const first = files.readInto(files.file(small), 16);
		const second = files.readInto(files.file(large), 16, first);
		expect(second).toBe(100_000);
		expect(files.buffer().toString('utf8', 0, first)).toBe('head');
		expect(files.buffer().toString('utf8', first, first + second)).toBe('d'.repeat(100_000));
		files.releaseAll();
	});

	it('reads a list of files one after another, marking those that fail', () => {
		const first = path.join(scratch, 'each-a');
		const second = path.join(scratch, 'each-b');
		writeFileSync(first, 'aaa');
		writeFileSync(second, 'bbbbb');
		const files = createHeldFiles(true);
		const list = [files.file(first), files.file(path.join(scratch, 'each-missing')), files.file(second)];
		const ends = new Int32Array(3);
		const failures: Array<[number, string | undefined]> = [];
		const end = files.readEach(list, 16, 2, ends, (index, error) => failures.push([index, (error as NodeJS.ErrnoException).code]));
		expect(end).toBe(10);
		expect([...ends]).toEqual([5, -1, 10]);
		expect(failures).toEqual([[1, 'ENOENT']]);
		expect(files.buffer().toString('utf8', 2, 10)).toBe('aaabbbbb');
		expect(files.heldCount()).toBe(2);
		files.releaseAll();
	});

	it('reads half of a long list on the helper thread, with the same bytes, ends and failures as alone', async () => {
		const names = Array.from({length: 12}, (_value, index) => path.join(scratch, `helped-${index}`));
		for (const [index, name] of names.entries()) {
			writeFileSync(name, String(index).repeat(index + 1));
		}

		// In the helper's half: a file longer than its slot, and one that cannot be opened.
		writeFileSync(names[8]!, 'long'.repeat(10));
		rmSync(names[10]!);
		const helper = createReadHelper({slotBytes: 16, minimumFiles: 4});
		const start = vi.spyOn(helper, 'start');
		// Ten held descriptors: the last file is opened at every read, which the helper leaves to the main thread.
		const alone = createHeldFiles(true, 10, undefined);
		const helped = createHeldFiles(true, 10, helper);
		// Made once, as the process reader does: a file stays held through its own `HeldFile`.
		const lists = new Map([alone, helped].map(files => [files, names.map(name => files.file(name))]));
		const readAll = (files: HeldFiles) => {
			const list = lists.get(files)!;
			const ends = new Int32Array(list.length);
			const failures: Array<[number, string | undefined]> = [];
			const end = files.readEach(list, 16, 3, ends, (index, error) => failures.push([index, (error as NodeJS.ErrnoException).code]));
			return {end, ends: [...ends], failures, text: files.buffer().toString('utf8', 3, end)};
		};

		const expected = readAll(alone);
		expect(expected.failures).toEqual([[10, 'ENOENT']]);
		expect(readAll(helped)).toEqual(expected);
		expect(readAll(alone)).toEqual(expected);
		await vi.waitFor(() => {
			expect(helper.ready()).toBe(true);
		});
		expect(readAll(helped)).toEqual(expected);
		expect(start.mock.results.map(result => result.value as boolean)).toEqual([false, true]);
		alone.releaseAll();
		helped.releaseAll();
	});
});
