import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {readProcessDetail} from '../../source/collect/read-process-detail.js';
import {deriveProcessDetail} from '../../source/metrics/process-detail.js';

// The captured Node echo server, read twice a second apart (test/fixtures/proc/process-detail).
const tick = (name: string) => readProcessDetail(path.resolve(`test/fixtures/proc/process-detail/${name}`), 6975);

describe('deriveProcessDetail', () => {
	it('turns the counters of two readings into rates', () => {
		const detail = deriveProcessDetail(tick('tick1'), tick('tick2'), 1000);
		expect(detail).toMatchObject({
			minorFaultsPerSec: 2341,
			majorFaultsPerSec: 0,
			voluntarySwitchesPerSec: 42,
			involuntarySwitchesPerSec: 4,
			readCharsPerSec: 216_016,
			writeCharsPerSec: 216_016,
			syscallsPerSec: 436,
			readBytesPerSec: 0,
			writeBytesPerSec: 0,
		});
		expect(detail.memory?.anonBytes).toBe(24_356 * 1024);
	});

	it('has no rates on the first reading or for another process', () => {
		const first = deriveProcessDetail(undefined, tick('tick2'), 1000);
		expect(first.minorFaultsPerSec).toBeUndefined();
		expect(first.descriptors).toEqual({open: 28, limit: 20_000});
		expect(deriveProcessDetail({...tick('tick1'), pid: 1}, tick('tick2'), 1000).syscallsPerSec).toBeUndefined();
	});
});
