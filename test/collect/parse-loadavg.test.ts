import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseLoadAvg} from '../../source/collect/parse-loadavg.js';

function fixture(scenario: string): string {
	return readFileSync(new URL(`../fixtures/proc/${scenario}/loadavg`, import.meta.url), 'utf8');
}

describe('parseLoadAvg', () => {
	it('reads the captured machine exactly', () => {
		expect(parseLoadAvg(fixture('vm-2cpu'))).toEqual({load1: 0.34, load5: 0.41, load15: 0.28, runnableEntities: 1, totalEntities: 94});
		expect(parseLoadAvg(fixture('vm-2cpu-t1'))).toEqual({load1: 0.34, load5: 0.41, load15: 0.28, runnableEntities: 2, totalEntities: 94});
	});

	it('reads large loads and entity counts', () => {
		expect(parseLoadAvg('128.07 64.50 12.00 130/20551 998877\n')).toEqual({load1: 128.07, load5: 64.5, load15: 12, runnableEntities: 130, totalEntities: 20_551});
	});

	it('throws on content it cannot read', () => {
		expect(() => parseLoadAvg('')).toThrow('/proc/loadavg: malformed content');
		expect(() => parseLoadAvg('0.34 0.41\n')).toThrow('/proc/loadavg: malformed content');
		expect(() => parseLoadAvg('0.34 abc 0.28 1/94 7688\n')).toThrow('/proc/loadavg: malformed content');
		expect(() => parseLoadAvg('0.34 0.41 0.28 94 7688\n')).toThrow('/proc/loadavg: malformed runnable/total field "94"');
	});
});
