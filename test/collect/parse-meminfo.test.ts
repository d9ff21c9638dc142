import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseMemInfo, parseMemInfoFields} from '../../source/collect/parse-meminfo.js';

function fixture(scenario: string): string {
	return readFileSync(new URL(`../fixtures/proc/${scenario}/meminfo`, import.meta.url), 'utf8');
}

const kiB = 1024;

describe('parseMemInfo', () => {
	it('reads the captured machine exactly, in bytes', () => {
		expect(parseMemInfo(fixture('vm-2cpu'))).toEqual({
			totalBytes: 24_683_620 * kiB,
			freeBytes: 24_318_900 * kiB,
			availableBytes: 24_320_044 * kiB,
			buffersBytes: 5396 * kiB,
			cachedBytes: 177_244 * kiB,
			sReclaimableBytes: 71_268 * kiB,
			shmemBytes: 8952 * kiB,
			dirtyBytes: 34_276 * kiB,
			writebackBytes: 0,
			swapTotalBytes: 0,
			swapFreeBytes: 0,
		});
		const later = parseMemInfo(fixture('vm-2cpu-t1'));
		expect(later.availableBytes).toBe(24_319_232 * kiB);
		expect(later.dirtyBytes).toBe(30_680 * kiB);
	});

	it('estimates MemAvailable as free + buffers + cached on kernels before 3.14', () => {
		const reading = parseMemInfo(fixture('old-kernel'));
		expect(reading.availableBytes).toBe((24_318_900 + 5396 + 177_244) * kiB);
		expect(reading.totalBytes).toBe(24_683_620 * kiB);
	});

	it('reads SReclaimable and Shmem as 0 on kernels that predate them', () => {
		const text = 'MemTotal: 1000 kB\nMemFree: 500 kB\nBuffers: 10 kB\nCached: 20 kB\nSwapTotal: 300 kB\nSwapFree: 100 kB\nDirty: 3 kB\nWriteback: 4 kB\n';
		expect(parseMemInfo(text)).toEqual({
			totalBytes: 1000 * kiB,
			freeBytes: 500 * kiB,
			availableBytes: 530 * kiB,
			buffersBytes: 10 * kiB,
			cachedBytes: 20 * kiB,
			sReclaimableBytes: 0,
			shmemBytes: 0,
			dirtyBytes: 3 * kiB,
			writebackBytes: 4 * kiB,
			swapTotalBytes: 300 * kiB,
			swapFreeBytes: 100 * kiB,
		});
	});

	it('skips malformed lines and keeps the valid value of the same key', () => {
		const reading = parseMemInfo(fixture('malformed'));
		expect(reading.dirtyBytes).toBe(34_276 * kiB);
		expect(reading.writebackBytes).toBe(0);
	});

	it('keeps unit-less counts as they are', () => {
		const fields = parseMemInfoFields('HugePages_Total:      16\nHugepagesize:       2048 kB\nActive(anon):       1568 kB\n');
		expect(fields.get('HugePages_Total')).toBe(16);
		expect(fields.get('Hugepagesize')).toBe(2048 * kiB);
		expect(fields.get('Active(anon)')).toBe(1568 * kiB);
	});

	it('throws naming a missing required field', () => {
		expect(() => parseMemInfo('')).toThrow('/proc/meminfo: no MemTotal line');
		expect(() => parseMemInfo(fixture('vm-2cpu').replace(/^Dirty:.*$/m, ''))).toThrow('/proc/meminfo: no Dirty line');
	});
});
