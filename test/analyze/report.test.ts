import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {buildReport, overallStatus, topRecommendations} from '../../source/analyze/report.js';
import {chart, renderHtml, timeGaps} from '../../source/analyze/report-html.js';
import {renderJson} from '../../source/analyze/report-json.js';
import {escapeText, renderMarkdown} from '../../source/analyze/report-markdown.js';
import type {Analysis, Bottleneck} from '../../source/analyze/types.js';
import {analysis, baseline, fromMs, reportInput, toMs} from '../fixtures/reports/report-input.js';

// Golden files: after an intended change to a renderer, regenerate them with
//   UPDATE_GOLDEN=1 npx vitest run test/analyze/report.test.ts
// and review the diff before committing.
const goldenDirectory = path.join('test', 'fixtures', 'reports');

function expectGolden(name: string, actual: string): void {
	const file = path.join(goldenDirectory, name);
	if (process.env['UPDATE_GOLDEN'] === '1') {
		writeFileSync(file, actual);
	}

	expect(actual).toBe(readFileSync(file, 'utf8'));
}

const report = buildReport(reportInput);

describe('golden reports', () => {
	it('renders Markdown', () => {
		expectGolden('report.md', renderMarkdown(report));
	});

	it('renders JSON', () => {
		expectGolden('report.json', renderJson(report));
	});

	it('renders HTML', () => {
		expectGolden('report.html', renderHtml(report));
	});
});

describe('buildReport', () => {
	it('summarises status, counts and range', () => {
		expect(report).toMatchObject({
			schemaVersion: 3,
			host: 'web-1',
			status: 'DEGRADED',
			counts: {critical: 1, high: 0, medium: 1, bottlenecks: 1},
			range: {fromMs, toMs, from: '2024-05-01T12:00:00.000Z', to: '2024-05-01T13:00:00.000Z'},
		});
		expect(report.use.map(row => row.resource)).toEqual(['disk:vda', 'cpu', 'memory', 'net:eth0']);
	});

	it('keeps only events inside the range, oldest first', () => {
		expect(report.events.map(event => event.kind)).toEqual(['raise', 'escalate', 'clear']);
	});

	it('counts which σ each deviation used, and keeps what the baseline left out', () => {
		expect(report.baseline).toMatchObject({name: 'web-1-2024-04-30', sigmaKinds: {stddev: 1, robust: 1, floor: 2}, leftOut: [{key: 'net.rx_bytes_per_s|net:eth1', count: 4}]});
		expect(report.deviations[0]).toMatchObject({key: 'disk.await_ms|disk:vda', band: 'critical'});
	});

	it('draws the baseline band as median ± 2σ and turns gaps into null', () => {
		const disk = report.series[0]!;
		expect(disk.band).toEqual({low: 4, high: 36});
		expect(disk.values[30]).toBeNull();
		expect(disk.label).toBe('disk:vda util');
		expect(report.series[1]!.band).toEqual({low: 10, high: 50});
	});

	it('clips the band to what the metric can be, as the comparison judges it (issue 13 item 5)', () => {
		// A σ of 84 put the JSON band at −138 % … 198 % for CPU busy; a percentage lies within 0–100.
		const wide = buildReport({...reportInput, baseline: {...baseline, metrics: {...baseline.metrics, 'cpu.busy_pct|cpu': {...baseline.metrics['cpu.busy_pct|cpu']!, sigma: 84}}}});
		expect(wide.series[1]!.band).toEqual({low: 0, high: 100});
	});
});

describe('overallStatus', () => {
	const critical: Bottleneck = {resource: 'disk:vda', severity: 'CRITICAL', score: 8, evidence: [], topProcesses: [], recommendation: 'x'};
	it('is CRITICAL only when a critical bottleneck persists', () => {
		expect(overallStatus(analysis, {'disk:vda': 3}).status).toBe('CRITICAL');
		expect(overallStatus(analysis, {'disk:vda': 2}).status).toBe('DEGRADED');
		expect(overallStatus(analysis).status).toBe('DEGRADED');
		expect(overallStatus(analysis, {'disk:vda': 1}, 1).status).toBe('CRITICAL');
		expect(overallStatus({assessments: analysis.assessments, bottlenecks: [critical]}, {cpu: 10}).status).toBe('DEGRADED');
	});

	it('is HEALTHY without a critical issue, even with HIGH ones', () => {
		const high: Analysis = {assessments: analysis.assessments.map(assessment => ({...assessment, severity: assessment.severity === 'CRITICAL' ? 'HIGH' : assessment.severity})), bottlenecks: []};
		expect(overallStatus(high, {'disk:vda': 100}).status).toBe('HEALTHY');
	});
});

describe('topRecommendations', () => {
	it('keeps five unique recommendations, highest score first', () => {
		const bottleneck = (score: number, recommendation: string): Bottleneck => ({resource: `r${score}`, severity: 'HIGH', score, evidence: [], topProcesses: [], recommendation});
		const many: Analysis = {assessments: [], bottlenecks: [bottleneck(1, 'f'), bottleneck(9, 'a'), bottleneck(8, 'a'), bottleneck(7, 'b'), bottleneck(6, 'c '), bottleneck(5, 'c'), bottleneck(4, 'd'), bottleneck(3, 'e'), bottleneck(2, '')]};
		expect(topRecommendations(many)).toEqual(['a', 'b', 'c', 'd', 'e']);
	});
});

describe('renderers', () => {
	it('escapes HTML in every piece of text, with no external assets or scripts', () => {
		const html = renderHtml(report);
		expect(html).not.toContain('<script');
		expect(html).toContain('a|b&lt;script&gt;');
		expect(html).not.toMatch(/(?:src|href)=/);
		expect(html.match(/<svg /g)).toHaveLength(2);
		expect(html).toContain('class="band"');
	});

	it('keeps Markdown tables intact and free of HTML', () => {
		const markdown = renderMarkdown(report);
		expect(markdown).toContain('a\\|b\\<script\\>');
		expect(markdown).not.toMatch(/(?<!\\)<[a-z]/);
		const tableLines = markdown.split('\n').filter(line => line.startsWith('|'));
		for (const line of tableLines) {
			expect(line.endsWith('|')).toBe(true);
		}

		expect(escapeText('x*y')).toBe('x\\*y');
		expect(escapeText('cgroup:/user.slice/app\u001B]0;owned\u0007\ttab\nline')).toBe('cgroup:/user.slice/app?\\]0;owned??tab line');
	});

	it('writes JSON with schemaVersion first, sorted keys, and null for unknown values', () => {
		const json = renderJson(report);
		const parsed = JSON.parse(json) as Record<string, unknown>;
		expect(Object.keys(parsed)[0]).toBe('schemaVersion');
		expect(Object.keys(parsed).slice(1)).toEqual([...Object.keys(parsed).slice(1)].sort());
		expect((parsed['use'] as Array<Record<string, unknown>>)[0]!['errorPct']).toBeNull();
	});
});

describe('report content', () => {
	it('leaves a blank line before every Markdown heading, also after a one-line section', () => {
		const quiet = buildReport({...reportInput, analysis: {assessments: analysis.assessments, bottlenecks: []}, baseline: undefined, deviations: []});
		const lines = renderMarkdown(quiet).split('\n');
		expect(lines).toContain('No resource at MEDIUM or above.');
		lines.forEach((line, index) => {
			if (line.startsWith('#') && index > 0) {
				expect(lines[index - 1], `before ${line}`).toBe('');
			}
		});
	});

	it('writes an unknown user as null in JSON and — in Markdown, never the string —', () => {
		const parsed = JSON.parse(renderJson(report)) as {bottlenecks: Array<{topProcesses: Array<{pid: number; user: string | null}>}>};
		expect(parsed.bottlenecks[1]!.topProcesses.map(process => [process.pid, process.user])).toEqual([[3301, 'app'], [4242, null]]);
		expect(renderMarkdown(report)).toMatch(/\| 4242 \| a\\\|b\\<script\\> \| —\s+\|/);
	});

	it('names the baseline of each anomaly event, null when the event did not keep it', () => {
		expect(report.events.map(event => event.baseline)).toEqual(['web-1-2024-04-30', 'web-1-2024-04-30', undefined]);
		expect(renderMarkdown(report)).toMatch(/\| raise\s+\| warning\s+\|.*\| web-1-2024-04-30 \|/);
		const parsed = JSON.parse(renderJson(report)) as {events: Array<{baseline: string | null}>};
		expect(parsed.events.at(-1)!.baseline).toBeNull();
	});
});

describe('report charts', () => {
	const minute = 60_000;
	it('finds a hole in time, and a change of interval only once', () => {
		expect([...timeGaps([0, 1, 2, 3, 150, 151, 152].map(step => step * 1000))]).toEqual([4]);
		expect([...timeGaps([0, 1, 2, 3, 63, 123, 183].map(step => step * 1000))]).toEqual([4]);
		expect([...timeGaps([0, 1000])]).toEqual([]);
	});

	it('breaks every series\' line across a hole in time, a gauge with no gap value included', () => {
		const timestamps = [0, 1, 2, 3, 4, 9, 10, 11].map(step => step * minute);
		const svg = chart({key: 'memory.used_pct|memory', label: 'used', unit: 'percent', timestamps, values: timestamps.map(() => 50), band: undefined});
		const path = /<path class="line" d="([^"]+)"/.exec(svg)![1]!;
		expect(path.match(/M/g)).toHaveLength(2);
	});

	it('labels the time axis at more than its two ends', () => {
		const timestamps = Array.from({length: 61}, (_, index) => index * minute);
		const svg = chart({key: 'cpu.busy_pct|cpu', label: 'busy', unit: 'percent', timestamps, values: timestamps.map(() => 5), band: undefined});
		expect(svg.match(/<text [^>]*y="154"/g)).toHaveLength(5);
		expect(svg).toContain('>00:30:00<');
	});
});
