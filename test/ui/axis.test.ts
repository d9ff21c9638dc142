import {describe, expect, it} from 'vitest';
import type {Unit} from '../../source/metrics/types.js';
import {axisFormatter, axisLabelCells} from '../../source/ui/axis.js';
import {sparkline} from '../../source/ui/chart.js';

describe('axisFormatter', () => {
	it('prints byte rates in 1024 steps with one-letter suffixes', () => {
		const bytes = axisFormatter('bytes_per_second');
		expect(bytes(0)).toBe('0');
		expect(bytes(0.5)).toBe('0.5');
		expect(bytes(980)).toBe('980');
		expect(bytes(1023)).toBe('1K');
		expect(bytes(1.2 * 1024 * 1024)).toBe('1.2M');
		expect(bytes(980 * 1024)).toBe('980K');
		expect(bytes(999.7 * 1024)).toBe('1M');
	});

	it('prints counts in 1000 steps and milliseconds as seconds from 1000 up', () => {
		expect(axisFormatter('per_second')(1500)).toBe('1.5k');
		expect(axisFormatter('count')(12)).toBe('12');
		expect(axisFormatter('milliseconds')(450)).toBe('450');
		expect(axisFormatter('milliseconds')(1200)).toBe('1.2s');
		expect(axisFormatter('milliseconds')(1_800_000)).toBe('30m');
		expect(axisFormatter('seconds')(7200)).toBe('120m');
		expect(axisFormatter('seconds')(86_400 * 3)).toBe('72h');
		expect(axisFormatter('percent')(100)).toBe('100');
		expect(axisFormatter('percent')(6.67)).toBe('6.7');
	});

	it(`never needs more than ${axisLabelCells} cells for a non-negative value`, () => {
		const units: Unit[] = ['bytes', 'bytes_per_second', 'per_second', 'count', 'percent', 'ratio', 'milliseconds', 'seconds'];
		for (const unit of units) {
			const format = axisFormatter(unit);
			// Durations up to about three years (1000 days); the other units up to peta.
			const largest = unit === 'milliseconds' ? 10 : unit === 'seconds' ? 7 : 15;
			for (let exponent = -3; exponent <= largest; exponent += 0.37) {
				const label = format(10 ** exponent);
				expect(label.length, `${unit} ${10 ** exponent} → ${label}`).toBeLessThanOrEqual(axisLabelCells);
			}
		}
	});
});

describe('chart axis labels', () => {
	const series: Array<readonly number[]> = [
		[0, 0, 0],
		[0, 0.4, 0],
		[0, 1, 3],
		[100, 2048, 900],
		[0, 1_250_000, 80_000],
		[5e9, 7e9, 3e9],
		[Number.NaN, 12, Number.NaN, 999],
	];

	it('never cut a label to an ellipsis, for byte rates and counts at every chart height', () => {
		for (const unit of ['bytes_per_second', 'per_second', 'milliseconds'] as const) {
			for (const values of series) {
				for (const height of [1, 2, 3, 5, 8, 17]) {
					const lines = sparkline(values, {width: 40, height, min: 0, max: undefined, label: axisFormatter(unit)});
					for (const line of lines) {
						expect(line).not.toContain('…');
						expect(line).toHaveLength(40);
					}
				}
			}
		}
	});

	it('labels a flat idle byte-rate chart with whole short figures', () => {
		const lines = sparkline([0, 0, 0, 0], {width: 30, height: 5, min: 0, max: undefined, label: axisFormatter('bytes_per_second')});
		expect(lines.map(line => line.slice(0, line.indexOf('┤')).trim())).toEqual(['1', '0.8', '0.5', '0.3', '0']);
	});
});
