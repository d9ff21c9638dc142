import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {isKernelFilesystem} from '../../source/collect/kernel-filesystem.js';

describe('isKernelFilesystem', () => {
	it('recognises only a real procfs as a kernel filesystem', () => {
		expect(isKernelFilesystem('test/fixtures/proc/vm-2cpu')).toBe(false);
		expect(isKernelFilesystem(path.join(os.tmpdir(), 'perftop-no-such-procfs'))).toBe(false);
	});
});
