import {describe, expect, it} from 'vitest';
import {buildReport} from '../../source/analyze/report.js';
import {renderMarkdown} from '../../source/analyze/report-markdown.js';
import {gatherReportInput, rangeSample, recordedProcesses, snapshotReportInput} from '../../source/engine/report-data.js';
import {idleSnapshot, process, testTimestamp} from '../helpers/snapshot-builder.js';

describe('rangeSample', () => {
	// Twenty ticks, with a gap (NaN) where a series was not recorded.
	const timestamps = Float64Array.from({length: 20}, (_value, index) => 1_700_000_000_000 + (index * 1000));
	const busy = Float64Array.from({length: 20}, (_value, index) => (index === 3 ? Number.NaN : index + 1));
	const io = Float64Array.from({length: 20}, (_value, index) => (index < 10 ? Number.NaN : 100 * index));
	const series = new Map([
		['cpu.busy_pct|cpu', busy],
		['process.cpu_pct|process:812:postgres/postgres', Float64Array.from({length: 20}, () => 40)],
		['process.rss_bytes|process:812:postgres/postgres', Float64Array.from({length: 20}, () => 4096)],
		['process.io_bytes_per_s|process:812:postgres/postgres', io],
		// Recorded before the user was kept.
		['process.rss_bytes|process:9/kworker/0:1', Float64Array.from({length: 20}, () => 0)],
	]);
	const sample = rangeSample({timestamps, series}, 1_700_000_019_000);

	it('stands for each host series by its 95th percentile of the recorded values, leaving out per-process series of older databases', () => {
		// 1…20 without 4: between the 18th and 19th of 19 values, linearly (R type 7).
		expect(sample.metrics).toHaveLength(1);
		expect(sample.metrics[0]).toMatchObject({id: 'cpu.busy_pct', resource: 'cpu'});
		expect(sample.metrics[0]?.value).toBeCloseTo(19.1, 9);
	});
});

describe('gatherReportInput', () => {
	it('lists the recorded processes by their means over the range, groups by parent, and fits leak suspects on their RSS', () => {
		const records = Array.from({length: 1200}, (_, index) => ({
			timestampMs: 1_700_000_000_000 + index * 1000,
			sessionId: 1,
			processes: [
				process(812, {name: 'postgres', user: 'postgres', cpuPct: 40, rssBytes: (100 + index / 60) * 1024 ** 2, ioBytesPerSec: index < 600 ? undefined : 1000, ppid: 1}),
				process(901, {name: 'fio', cpuPct: 1, rssBytes: 4096, ppid: index < 1100 ? 900 : 1}),
			],
		}));
		const input = gatherReportInput({
			host: 'db-1',
			generatedAt: 1_700_000_000_000 + 1_200_000,
			fromMs: 1_700_000_000_000,
			toMs: 1_700_000_000_000 + 1_200_000,
			history: {timestamps: Float64Array.from(records, record => record.timestampMs), series: new Map([['cpu.busy_pct|cpu', Float64Array.from(records, () => 50)]])},
			events: [],
			processes: recordedProcesses({scanProcesses: (_range, visit) => records.map(visit).length}, {fromMs: 0, toMs: 2e12}),
		});
		expect(input.topProcesses.cpu.map(row => [row.pid, row.name, row.user, row.cpuPct, row.ioBytesPerSec, row.ppid])).toEqual([
			[812, 'postgres', 'postgres', 40, 1000, 1],
			[901, 'fio', 'root', 1, 0, 1],
		]);
		expect(input.trends.leakSuspects.map(suspect => [suspect.pid, Math.round(suspect.slopeBytesPerHour / 1024 ** 2)])).toEqual([[812, 60]]);
	});

	it('gives recorded anomaly events their distance from the baseline, unknown for rows recorded without it', () => {
		const timestamps = Float64Array.from([1000, 2000]);
		const input = gatherReportInput({
			host: 'db-1',
			generatedAt: 3000,
			fromMs: 0,
			toMs: 3000,
			history: {timestamps, series: new Map([['cpu.busy_pct|cpu', Float64Array.from([50, 97])]])},
			events: [
				{id: 1, timestamp: 2000, kind: 'raise', metric: 'cpu.busy_pct', resource: 'cpu', value: 97, band: 'critical', deviationSigma: 4.5, message: 'raise critical'},
				{id: 2, timestamp: 2500, kind: 'clear', metric: 'cpu.busy_pct', resource: 'cpu', value: 50, band: 'normal', message: 'clear'},
			],
		});
		expect(input.events.map(event => [event.key, event.kind, event.deviationSigma])).toEqual([['cpu.busy_pct|cpu', 'raise', 4.5], ['cpu.busy_pct|cpu', 'clear', Number.NaN]]);
		expect(input.events.map(event => event.baseline)).toEqual([undefined, undefined]);
		// Asked for 0–3000 ms, recorded 1000–2000 ms: the report covers what was recorded.
		expect([input.fromMs, input.toMs]).toEqual([1000, 2000]);
	});
});

describe('gatherReportInput series', () => {
	const timestamps = Float64Array.from([1000, 2000, 3000]);
	const flat = Float64Array.from([Number.NaN, 0, 0]);
	const input = gatherReportInput({
		host: 'db-1',
		generatedAt: 4000,
		fromMs: 0,
		toMs: 4000,
		history: {timestamps, series: new Map([
			['net.rx_bytes_per_s|net:eth0', Float64Array.from([Number.NaN, 0, 0])],
			['net.tx_bytes_per_s|net:eth0', Float64Array.from([Number.NaN, 0, 0])],
			['net.speed_mbps|net:eth0', Float64Array.from([1000, 1000, 1000])],
			['net.rx_bytes_per_s|net:eth1', flat],
			['net.tx_bytes_per_s|net:eth1', flat],
			['net.rx_bytes_per_s|net:lo', Float64Array.from([Number.NaN, 0, 5e9])],
			['net.tx_bytes_per_s|net:lo', Float64Array.from([Number.NaN, 0, 5e9])],
		])},
		events: [
			{id: 1, timestamp: 2000, kind: 'raise', metric: 'cpu.busy_pct', resource: 'cpu', value: 97, band: 'critical', deviationSigma: 4.5, message: "raise critical: busy on cpu 97%, +4.5 σ from baseline 'quiet'"},
		],
	});

	it('leaves out the charts and USE row of an interface that is down and carried nothing, keeps an idle link and a busy loopback', () => {
		expect(input.keySeries.map(series => series.key)).toEqual(['net.rx_bytes_per_s|net:eth0', 'net.tx_bytes_per_s|net:eth0', 'net.rx_bytes_per_s|net:lo', 'net.tx_bytes_per_s|net:lo']);
		expect(input.analysis.assessments.map(assessment => assessment.resource).filter(resource => resource.startsWith('net:')).sort()).toEqual(['net:eth0', 'net:lo']);
	});

	it('names the baseline of a recorded anomaly event', () => {
		expect(input.events[0]?.baseline).toBe('quiet');
	});
});

describe('range and snapshot reports (the dashboard\'s s and S)', () => {
	// A busy spell over the range, idle at the moment the key is pressed.
	const timestamps = Float64Array.from({length: 60}, (_value, index) => testTimestamp - (59 - index) * 1000);
	const busy = Float64Array.from({length: 60}, (_value, index) => (index < 50 ? 99 : 3));
	const idle = idleSnapshot();

	it('judges a range over the range, whatever the snapshot on screen says, and says it is a range', () => {
		const input = gatherReportInput({host: 'db-1', generatedAt: testTimestamp, fromMs: 0, toMs: testTimestamp, history: {timestamps, series: new Map([['cpu.busy_pct|cpu', busy]])}, events: []});
		const report = buildReport(input);
		expect(report.scope).toBe('range');
		expect(report.use.find(row => row.resource === 'cpu')?.severity).not.toBe('LOW');
		expect(renderMarkdown(report)).toMatch(/^# perftop range report — db-1\n[^]*- \*\*Range:\*\* .* \(59s\)/);
	});

	it('reports a snapshot as that one moment: its own analysis, no range, no charts', () => {
		const report = buildReport(snapshotReportInput(idle, testTimestamp + 5000));
		expect(report.scope).toBe('snapshot');
		expect(report.range.fromMs).toBe(idle.sample.timestamp);
		expect(report.range.toMs).toBe(idle.sample.timestamp);
		expect(report.status).toBe('HEALTHY');
		expect(report.series).toEqual([]);
		const markdown = renderMarkdown(report);
		expect(markdown).toMatch(/^# perftop snapshot report — db-1\n/);
		expect(markdown).toContain(`- **Snapshot:** ${new Date(idle.sample.timestamp).toISOString().slice(0, 19).replace('T', ' ')} UTC`);
		expect(markdown).not.toContain('**Range:**');
	});
});
