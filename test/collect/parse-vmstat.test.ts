import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseVmStat, parseVmStatFields} from '../../source/collect/parse-vmstat.js';

function fixture(scenario: string): string {
	return readFileSync(new URL(`../fixtures/proc/${scenario}/vmstat`, import.meta.url), 'utf8');
}

describe('parseVmStat', () => {
	it('reads the captured machine exactly', () => {
		expect(parseVmStat(fixture('vm-2cpu'))).toEqual({pswpin: 0, pswpout: 0, pgmajfault: 1113, pgfault: 3_061_113, oomKill: 0});
		expect(parseVmStat(fixture('vm-2cpu-t1'))).toEqual({pswpin: 0, pswpout: 0, pgmajfault: 1114, pgfault: 3_065_332, oomKill: 0});
	});

	it('leaves oomKill out on kernels before 4.13', () => {
		const reading = parseVmStat(fixture('old-kernel'));
		expect(reading).toEqual({pswpin: 0, pswpout: 0, pgmajfault: 1113, pgfault: 3_061_113});
		expect('oomKill' in reading).toBe(false);
	});

	it('reads non-zero swap and OOM counters into the right fields', () => {
		expect(parseVmStat('pswpin 11\npswpout 22\npgfault 33\npgmajfault 44\noom_kill 5\n')).toEqual({pswpin: 11, pswpout: 22, pgmajfault: 44, pgfault: 33, oomKill: 5});
	});

	it('skips malformed lines', () => {
		expect(parseVmStat(fixture('malformed'))).toEqual({pswpin: 0, pswpout: 0, pgmajfault: 1113, pgfault: 3_061_113, oomKill: 0});
		expect(parseVmStatFields(fixture('malformed')).get('nr_free_pages')).toBe(1_144_233);
	});

	it('throws naming a missing counter', () => {
		expect(() => parseVmStat('pswpin 1\npswpout 2\npgfault 3\n')).toThrow('/proc/vmstat: no pgmajfault counter');
		expect(() => parseVmStat('')).toThrow('/proc/vmstat: no pswpin counter');
	});
});
