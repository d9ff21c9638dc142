import {describe, expect, it} from 'vitest';
import {defaultMaxHeldFiles, heldFileBudget, maxHeldFilesCap} from '../../source/collect/held-file-budget.js';

describe('heldFileBudget', () => {
	const limits = (soft: string) => `Limit                     Soft Limit           Hard Limit           Units\nMax processes             7000                 7000                 processes\nMax open files            ${soft}                1048576              files\n`;

	it('holds half the soft descriptor limit, capped', () => {
		expect(heldFileBudget(limits('1024'))).toBe(512);
		expect(heldFileBudget(limits('10000'))).toBe(5000);
		expect(heldFileBudget(limits('1048576'))).toBe(maxHeldFilesCap);
		expect(heldFileBudget(limits('unlimited'))).toBe(maxHeldFilesCap);
	});

	it('falls back to the default when the limit is unknown', () => {
		expect(heldFileBudget(undefined)).toBe(defaultMaxHeldFiles);
		expect(heldFileBudget('Max processes 10 10 processes\n')).toBe(defaultMaxHeldFiles);
	});
});
