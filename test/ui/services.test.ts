import {describe, expect, it} from 'vitest';
import {
	compactServiceParts,
	miniSparkline,
	serviceDetailLines,
	servicePanelLines,
	serviceRows,
	serviceState,
	serviceTargets,
	worstService,
} from '../../source/ui/services.js';
import {colourTheme, plainTheme} from '../../source/ui/theme.js';
import {assessment, idleSnapshot, servicesSnapshot} from '../helpers/snapshot-builder.js';

describe('serviceState', () => {
	it.each([
		[undefined, undefined, undefined, 'unknown'],
		[0, 97, 0, 'up'],
		[0, 97, 10, 'degraded'],
		[0, 65, 0, 'degraded'],
		[0, 40, 0, 'degraded'],
		// Failing, but not yet for 30 s: degraded; 30 s of failures: down, whatever the health says.
		[10, 0, 100, 'degraded'],
		[30, 0, 100, 'down'],
		[45, 70, 100, 'down'],
	] as const)('failing %s s, health %s, errors %s pct → %s', (failing, health, errors, expected) => {
		expect(serviceState(failing, health, errors)).toBe(expected);
	});
});

describe('miniSparkline', () => {
	it('scales from 0 to the largest value and right-aligns a short history', () => {
		expect(miniSparkline([0, 50, 100], 5)).toBe('  ▁▅█');
	});

	it('shows a gap as a blank and keeps only the newest values', () => {
		expect(miniSparkline([100, 100, Number.NaN, 100], 3)).toBe('█ █');
		expect(miniSparkline([], 0)).toBe('');
	});
});

describe('service rows', () => {
	it('list the targets by name with p95, error %, health, status and a sparkline', () => {
		const rows = serviceRows(servicesSnapshot(), 120);
		expect(rows.map(row => row.state)).toEqual(['up', 'degraded', 'down']);
		expect(rows[0]!.line).toMatch(/^● api +p95 45 ms +err 0\.0% +health 97 +HTTP 200 +▇████$/);
		expect(rows[1]!.line).toMatch(/^● auth +p95 720 ms +err 20% +health 60 +HTTP 200 +▄▅▇ █$/);
		// A down target names its last error, never just "no reply".
		expect(rows[2]!.line).toMatch(/^● legacy +p95 — +err 100% +health 0 +failed +DOWN: connection refused by 127\.0\.0\.1:9$/);
	});

	it('stay within the width', () => {
		for (const width of [30, 60, 80]) {
			for (const row of serviceRows(servicesSnapshot(), width)) {
				expect(row.line.length).toBeLessThanOrEqual(width);
			}
		}
	});

	it('colour the status dot by state and count the targets that do not fit', () => {
		const lines = servicePanelLines(servicesSnapshot(), 100, 2, colourTheme);
		expect(lines[0]!.startsWith('\u001B[32m●\u001B[39m api')).toBe(true);
		expect(lines[1]).toContain('+2 more');
		expect(servicePanelLines(servicesSnapshot(), 100, 3, plainTheme)[2]).toMatch(/^● legacy/);
	});

	it('lead with the worst target and find none on a machine without probes', () => {
		expect(serviceTargets(servicesSnapshot())).toEqual(['service:api', 'service:auth', 'service:legacy']);
		expect(worstService(servicesSnapshot())).toBe('service:auth');
		expect(serviceTargets(idleSnapshot())).toEqual([]);
		expect(worstService(idleSnapshot())).toBeUndefined();
		// A target lifted to CRITICAL by its floor (down) leads over a slower one with the same score.
		const down = servicesSnapshot({assessments: [
			assessment('service:auth', 'MEDIUM', {score: 3, utilizationPct: 144}),
			assessment('service:legacy', 'CRITICAL', {score: 3, errorPct: 100}),
		]});
		expect(worstService(down)).toBe('service:legacy');
	});
});

describe('service summaries', () => {
	it('give the compact view one line of counts, the worst target and the overall health', () => {
		expect(compactServiceParts(servicesSnapshot())).toEqual([
			'Services 3 targets: 1 down, 1 degraded, 1 up',
			'worst auth p95 720 ms',
			'health 52',
			'errors 40%',
		]);
	});

	it('give the detail view every RED figure per target and the evidence', () => {
		const lines = serviceDetailLines(servicesSnapshot(), 120);
		expect(lines[0]).toMatch(/^TARGET +STATE +REQ\/S +ERR % +P50 +P95 +P99 STATUS +BODY HEALTH$/);
		expect(lines[1]).toMatch(/^● api +up +0\.1\/s +0\.0% +35 ms +45 ms +60 ms HTTP 200 +2\.0 KiB +97$/);
		expect(lines[2]).toMatch(/^● auth +degraded +0\.1\/s +20% +380 ms +720 ms +910 ms HTTP 200 +512 B +60$/);
		expect(lines[3]).toMatch(/^● legacy +down +0\.1\/s +100% +— +— +— failed +— +0$/);
		expect(lines).toContain('legacy: last probe failed: connection refused by 127.0.0.1:9');
		expect(lines[4]).toBe('overall rate 0.3/s  errors 40%  health 52 (mean of targets)');
		expect(lines).toContain('auth: auth p95 720 ms of 500 ms budget, errors 20 %');
		expect(serviceDetailLines(idleSnapshot(), 120)).toEqual(['no probed services']);
	});

	it('keep the target names on an 80-column detail view by dropping state and body size', () => {
		const lines = serviceDetailLines(servicesSnapshot(), 80);
		expect(lines[0]).toMatch(/^TARGET +REQ\/S +ERR % +P50 +P95 +P99 STATUS +HEALTH$/);
		expect(lines[2]).toMatch(/^● auth +0\.1\/s +20% +380 ms +720 ms +910 ms HTTP 200 +60$/);
		for (const line of lines) {
			expect(line.length).toBeLessThanOrEqual(80);
		}
	});
});
