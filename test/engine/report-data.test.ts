import {describe, expect, it} from 'vitest';
import {buildReport} from '../../source/analyze/report.js';
import {renderMarkdown} from '../../source/analyze/report-markdown.js';
import {gatherReportInput, rangeSample, snapshotReportInput} from '../../source/engine/report-data.js';
import {idleSnapshot, testTimestamp} from '../helpers/snapshot-builder.js';

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

	it('stands for each host series by its 95th percentile of the recorded values', () => {
		// 1…20 without 4: between the 18th and 19th of 19 values, linearly (R type 7).
		expect(sample.metrics).toHaveLength(1);
		expect(sample.metrics[0]).toMatchObject({id: 'cpu.busy_pct', resource: 'cpu'});
		expect(sample.metrics[0]?.value).toBeCloseTo(19.1, 9);
	});

	it('gives each process its mean over the range, I/O as the read + write sum it was recorded as', () => {
		expect(sample.processes[0]).toEqual({
			pid: 812,
			name: 'postgres',
			command: 'postgres',
			user: 'postgres',
			state: '—',
			cpuPct: 40,
			rssBytes: 4096,
			readBytesPerSec: undefined,
			writeBytesPerSec: undefined,
			ioBytesPerSec: 1450,
			threads: undefined,
		});
	});

	it('reads the user kept with each process, unknown (not a dash) where the range did not keep it', () => {
		expect(sample.processes.map(process => [process.pid, process.name, process.user])).toEqual([[812, 'postgres', 'postgres'], [9, 'kworker/0:1', undefined]]);
	});

	it('keeps the parent each process was last recorded under, so a report groups workers of one program', () => {
		const recorded = new Map([
			['process.rss_bytes|process:901/fio', Float64Array.from({length: 20}, () => 4096)],
			['process.parent_pid|process:901/fio', Float64Array.from({length: 20}, (_value, index) => (index < 18 ? 900 : Number.NaN))],
			['process.rss_bytes|process:902/fio', Float64Array.from({length: 20}, () => 4096)],
		]);
		expect(rangeSample({timestamps, series: recorded}, 1_700_000_019_000).processes.map(process => [process.pid, process.ppid])).toEqual([[901, 900], [902, undefined]]);
	});
});

describe('gatherReportInput', () => {
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
