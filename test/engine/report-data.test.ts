import {describe, expect, it} from 'vitest';
import {gatherReportInput, rangeSample} from '../../source/engine/report-data.js';

describe('rangeSample', () => {
	// Twenty ticks, with a gap (NaN) where a series was not recorded.
	const timestamps = Float64Array.from({length: 20}, (_value, index) => 1_700_000_000_000 + (index * 1000));
	const busy = Float64Array.from({length: 20}, (_value, index) => (index === 3 ? Number.NaN : index + 1));
	const io = Float64Array.from({length: 20}, (_value, index) => (index < 10 ? Number.NaN : 100 * index));
	const series = new Map([
		['cpu.busy_pct|cpu', busy],
		['process.cpu_pct|process:812/postgres', Float64Array.from({length: 20}, () => 40)],
		['process.rss_bytes|process:812/postgres', Float64Array.from({length: 20}, () => 4096)],
		['process.io_bytes_per_s|process:812/postgres', io],
	]);
	const sample = rangeSample({timestamps, series}, 1_700_000_019_000);

	it('stands for each host series by its 95th percentile of the recorded values', () => {
		// 1…20 without 4: between the 18th and 19th of 19 values, linearly (R type 7).
		expect(sample.metrics).toHaveLength(1);
		expect(sample.metrics[0]).toMatchObject({id: 'cpu.busy_pct', resource: 'cpu'});
		expect(sample.metrics[0]?.value).toBeCloseTo(19.1, 9);
	});

	it('gives each process its mean over the range, I/O as the read + write sum it was recorded as', () => {
		expect(sample.processes).toEqual([{
			pid: 812,
			name: 'postgres',
			command: 'postgres',
			user: '—',
			state: '—',
			cpuPct: 40,
			rssBytes: 4096,
			readBytesPerSec: undefined,
			writeBytesPerSec: undefined,
			ioBytesPerSec: 1450,
			threads: undefined,
		}]);
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
		// Asked for 0–3000 ms, recorded 1000–2000 ms: the report covers what was recorded.
		expect([input.fromMs, input.toMs]).toEqual([1000, 2000]);
	});
});
