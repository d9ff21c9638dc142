import {describe, expect, it} from 'vitest';
import {
	anomalyText,
	baselineBand,
	comparisonLines,
	deviationFor,
	deviationMark,
	deviationText,
	paintMarks,
} from '../../source/ui/comparison.js';
import {colourTheme, plainTheme} from '../../source/ui/theme.js';
import {deviation, loadedComparison} from '../helpers/snapshot-builder.js';

describe('deviation markers', () => {
	it('point up above the median and down below it, with σ to one decimal below 10', () => {
		expect(deviationText(3.44)).toBe('▲3.4σ');
		expect(deviationText(-2.06)).toBe('▼2.1σ');
		expect(deviationText(0)).toBe('0.0σ');
		expect(deviationText(42.4)).toBe('▲42σ');
	});

	it('mark a figure only from 2σ, carrying the band', () => {
		expect(deviationMark(deviation('cpu.busy_pct|cpu', 39.9, 20, 10))).toBeUndefined();
		expect(deviationMark(deviation('cpu.busy_pct|cpu', 40, 20, 10))).toEqual({text: '▲2.0σ', band: 'normal'});
		expect(deviationMark(deviation('cpu.busy_pct|cpu', 45, 20, 10))).toEqual({text: '▲2.5σ', band: 'warning'});
		expect(deviationMark(deviation('cpu.busy_pct|cpu', -20, 20, 10))).toEqual({text: '▼4.0σ', band: 'critical'});
		expect(deviationMark(undefined)).toBeUndefined();
	});

	it('paint each marker by its band inside an already fitted line', () => {
		const line = 'busy 55% ▲3.5σ  usr 2.0%';
		expect(paintMarks(line, [{text: '▲3.5σ', band: 'critical'}], colourTheme)).toBe('busy 55% \u001B[91m▲3.5σ\u001B[39m  usr 2.0%');
		expect(paintMarks(line, [{text: '▲3.5σ', band: 'critical'}], plainTheme)).toBe(line);
	});
});

describe('comparison lookups', () => {
	it('find a deviation by series key, and nothing without a comparison', () => {
		const comparison = loadedComparison();
		expect(deviationFor(comparison, 'disk.util_pct|disk:vda')?.sigmaKind).toBe('robust');
		expect(deviationFor(comparison, 'disk.util_pct|disk:vdb')).toBeUndefined();
		expect(deviationFor(undefined, 'cpu.busy_pct|cpu')).toBeUndefined();
	});

	it('take the chart band the comparison judges by: median ± 2σ, clipped at 0 %', () => {
		// Median 20 %, σ 10: the p5–p95 band (10–30 %) disagreed with the list's ▲3.5σ at 55 %.
		expect(baselineBand(loadedComparison(), 'cpu.busy_pct|cpu')).toEqual({low: 0, high: 40});
		expect(baselineBand(loadedComparison(), 'net.rx_bytes_per_s|net:eth0')).toBeUndefined();
		expect(baselineBand(undefined, 'cpu.busy_pct|cpu')).toBeUndefined();
	});
});

describe('vs baseline lines', () => {
	it('list the largest deviations with label, resource, value, median, σ, σ kind and band', () => {
		const lines = comparisonLines(loadedComparison(), 90, 20, plainTheme);
		expect(lines[0]).toMatch(/^── vs baseline db-1-2024-03-01 · 1 critical, 1 warning of 4 ─+$/);
		expect(lines[1]).toBe('active anomalies: busy cpu (critical)');
		expect(lines[2]).toMatch(/^METRIC +RESOURCE +NOW +MEDIAN +DEV +σ σ KIND BAND/);
		expect(lines[3]).toMatch(/^busy +cpu +55% +20% +▲3\.5σ +10% stddev critical/);
		expect(lines[4]).toMatch(/^util +disk:vda +97% +60% +▲2\.5σ +15% robust warning/);
		// Load 1m must move by at least one task: σ used is that ÷ 2.
		expect(lines[5]).toMatch(/^load 1m +system +0\.1 +0\.5 +▼0\.8σ +0\.5 floor +normal/);
		expect(lines[6]).toMatch(/^used +memory +25% +25% +0\.0σ +1\.0% floor +normal/);
		expect(lines).toHaveLength(7);
	});

	it('keep to the given height, largest first', () => {
		const lines = comparisonLines(loadedComparison(), 90, 4, plainTheme);
		expect(lines).toHaveLength(4);
		expect(lines[3]).toMatch(/^busy /);
	});

	it('paint rows by band', () => {
		const lines = comparisonLines(loadedComparison(), 90, 20, colourTheme);
		expect(lines[3]!.startsWith('\u001B[91m')).toBe(true);
		expect(lines[4]!.startsWith('\u001B[33m')).toBe(true);
		expect(lines[5]!.startsWith('\u001B')).toBe(false);
	});

	it('say when no anomaly is raised', () => {
		expect(anomalyText({...loadedComparison(), anomalies: []})).toBe('no active anomalies');
		expect(anomalyText({...loadedComparison(), anomalies: [{key: 'disk.util_pct|disk:vda', band: 'warning'}, {key: 'cpu.busy_pct|cpu', band: 'critical'}]}))
			.toBe('active anomalies: busy cpu (critical), util disk:vda (warning)');
	});
});
