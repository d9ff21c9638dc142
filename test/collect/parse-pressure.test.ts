import {existsSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parsePressure} from '../../source/collect/parse-pressure.js';

function fixture(scenario: string, resource: string): string {
	return readFileSync(new URL(`../fixtures/proc/${scenario}/pressure/${resource}`, import.meta.url), 'utf8');
}

describe('parsePressure', () => {
	it('reads the captured cpu, io and memory files exactly', () => {
		expect(parsePressure(fixture('vm-2cpu', 'cpu'))).toEqual({
			some: {avg10: 3.5, avg60: 2.54, avg300: 2.71, totalUs: 23_520_517},
			full: {avg10: 0, avg60: 0, avg300: 0, totalUs: 0},
		});
		expect(parsePressure(fixture('vm-2cpu', 'io'))).toEqual({
			some: {avg10: 0.06, avg60: 0.02, avg300: 0.06, totalUs: 3_064_277},
			full: {avg10: 0, avg60: 0, avg300: 0.04, totalUs: 2_745_028},
		});
		expect(parsePressure(fixture('vm-2cpu-t1', 'io')).some.totalUs).toBe(3_064_746);
		expect(parsePressure(fixture('vm-2cpu', 'memory')).some).toEqual({avg10: 0, avg60: 0, avg300: 0, totalUs: 0});
	});

	it('has no full line for cpu on kernels before 5.13', () => {
		const resource = parsePressure('some avg10=12.25 avg60=8.00 avg300=1.10 total=987654321\n');
		expect(resource).toEqual({some: {avg10: 12.25, avg60: 8, avg300: 1.1, totalUs: 987_654_321}});
		expect('full' in resource).toBe(false);
	});

	it('drops a malformed full line and keeps some', () => {
		const resource = parsePressure(fixture('malformed', 'cpu'));
		expect(resource.some.avg10).toBe(3.5);
		expect(resource.full).toBeUndefined();
	});

	it('ignores fields a newer kernel might add', () => {
		expect(parsePressure('some avg10=1.00 avg60=2.00 avg300=3.00 total=4 avg3600=5.00\n').some).toEqual({avg10: 1, avg60: 2, avg300: 3, totalUs: 4});
	});

	it('throws without a valid some line', () => {
		expect(() => parsePressure('')).toThrow('/proc/pressure: no valid some line');
		expect(() => parsePressure('full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n')).toThrow('/proc/pressure: no valid some line');
		expect(() => parsePressure('some avg10=x avg60=0.00 avg300=0.00 total=0\n')).toThrow('/proc/pressure: no valid some line');
	});

	it('has fixtures without /proc/pressure for kernels before 4.20', () => {
		expect(existsSync(new URL('../fixtures/proc/no-pressure/pressure', import.meta.url))).toBe(false);
		expect(existsSync(new URL('../fixtures/proc/no-pressure/stat', import.meta.url))).toBe(true);
	});
});
