import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {createUserNames, parsePasswd} from '../../source/collect/read-users.js';

const directory = mkdtempSync(path.join(os.tmpdir(), 'perftop-users-'));
afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

describe('parsePasswd', () => {
	it('maps uids to the first name that has them', () => {
		const names = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# comment\ntoor:x:0:0::/:/bin/sh\nnobody:x:65534:65534::/:/usr/sbin/nologin\nbroken\n:x:5:5::/:\n');
		expect([...names]).toEqual([[0, 'root'], [65_534, 'nobody']]);
	});
});

describe('createUserNames', () => {
	it('reads the file once and falls back to the number', () => {
		const file = path.join(directory, 'passwd');
		writeFileSync(file, 'postgres:x:101:104::/var/lib/postgresql:/bin/bash\n');
		const userName = createUserNames(file);
		expect(userName(101)).toBe('postgres');
		writeFileSync(file, 'other:x:101:104::/:/bin/sh\n');
		expect(userName(101)).toBe('postgres');
		expect(userName(4242)).toBe('4242');
	});

	it('names nobody when the file is missing', () => {
		expect(createUserNames(path.join(directory, 'missing'))(0)).toBe('0');
	});
});
