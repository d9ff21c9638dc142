import {describe, expect, it} from 'vitest';
import {mainLayout} from '../../source/ui/layout.js';
import {detailLines} from '../../source/ui/details.js';
import {bottleneckListLength, bottleneckLines} from '../../source/ui/sections.js';
import {renderPlainText} from '../../source/ui/plain-text.js';
import {assessment, deviation, idleMetrics, idleSnapshot, loadedSnapshot, testBaseline, testInventory} from '../helpers/snapshot-builder.js';

describe('CPU detail: what kind of work', () => {
	const snapshot = idleSnapshot({
		metrics: {
			...idleMetrics,
			'cpu.system_share_pct|cpu': 30,
			'system.forks_per_s|system': 2100,
			'system.context_switches_per_core_per_s|system': 1500,
			'cpu.runnable|cpu': 5,
			'cpu.runqueue_excess_per_core|cpu': 1.5,
		},
		assessments: [assessment('cpu', 'LOW', {
			values: new Map([['cpu.system_pct', 12], ['cpu.system_share_pct', 30]]),
			judged: {'system.forks_per_s': 0, 'system.context_switches_per_core_per_s': 0, 'cpu.runqueue_excess_per_core': 0.5, 'cpu.steal_pct': 0},
		})],
		history: {'system.forks_per_s|system': [10, 10, 2000, 2100]},
	});
	const lines = detailLines('cpu', snapshot, 100);

	it('shows each signal with its value now and a sparkline of its history', () => {
		expect(lines).toContain('── kind of work ' + '─'.repeat(100 - 16));
		expect(lines.find(line => line.startsWith('new processes'))).toMatch(/^new processes +2\.1k\/s +▁▁██ {2}gate shut: system ≤ 30%$/);
		expect(lines.find(line => line.startsWith('kernel share'))).toMatch(/^kernel share +30%$/);
	});

	it('shows the run queue\'s smoothing: what it was judged at over 3 ticks', () => {
		expect(lines.find(line => line.startsWith('run-queue excess'))).toMatch(/1\.50 .*judged 0\.50$/);
	});
});

describe('bottleneck list', () => {
	it('says why a floor lifted a resource above its score', () => {
		const snapshot = idleSnapshot({bottlenecks: [{
			resource: 'memory',
			severity: 'HIGH',
			score: 3,
			floor: {severity: 'HIGH', reason: 'saturation above 10 for 3 ticks'},
			evidence: ['swap 746 MiB/s'],
			topProcesses: [],
			recommendation: '',
		}]});
		expect(bottleneckLines(snapshot)[0]?.text).toBe('memory  swap 746 MiB/s · at least HIGH: saturation above 10 for 3 ticks');
	});
});

describe('bottleneck list: kind-of-work anomalies against a baseline', () => {
	const forks = deviation('system.forks_per_s|system', 2100, 42, 4);
	const busy = deviation('cpu.busy_pct|cpu', 55, 20, 10);
	const kernel = deviation('cpu.system_share_pct|cpu', 53, 30, 3);
	const snapshot = idleSnapshot({comparison: {
		baseline: testBaseline('quiet', {}),
		deviations: [forks, busy, kernel],
		// As the engine lists them, by key.
		anomalies: [{key: busy.key, band: 'critical'}, {key: kernel.key, band: 'critical'}, {key: forks.key, band: 'critical'}],
		events: [],
	}});

	it('lists raised kind-of-work anomalies as informational entries, farthest first, and only those', () => {
		expect(bottleneckLines(snapshot)).toEqual([
			{severity: 'LOW', tag: 'ANOMALY', resource: 'cpu', recommendation: '', text: 'cpu  forks 2.1k/s, usual 42/s (50×, ▲515σ critical, baseline quiet)'},
			{severity: 'LOW', tag: 'ANOMALY', resource: 'cpu', recommendation: '', text: 'cpu  kernel share 53%, usual 30% (1.77×, ▲7.7σ critical, baseline quiet)'},
		]);
	});

	it('asks the layout for a line for it, under the line saying nothing is ranked', () => {
		expect(bottleneckListLength(snapshot)).toBe(2);
		expect(mainLayout(45, bottleneckListLength(snapshot)).bottleneckHeight).toBe(4);
	});

	it('keeps saying nothing is ranked above it', () => {
		const text = renderPlainText(snapshot, testInventory, 120);
		expect(text).toContain('No bottleneck: every resource is LOW\nANOMALY  cpu  forks 2.1k/s');
	});
});

describe('bottleneck list: leak suspects', () => {
	const java = {key: '812:4242', name: 'java', pid: 812, slopeBytesPerHour: 42 * 1024 ** 2, r2: 0.97, points: 50, spanMs: 25 * 60_000, firstRssBytes: 310 * 1024 ** 2, lastRssBytes: 328 * 1024 ** 2};

	it('lists a leak suspect as information under every ranked bottleneck, never above one', () => {
		const lines = bottleneckLines({...loadedSnapshot(), leakSuspects: [java]});
		expect(lines.map(line => line.tag)).toEqual(['CRITICAL', 'MEDIUM', 'LEAK?']);
		expect(lines.at(-1)).toEqual({severity: 'LOW', tag: 'LEAK?', resource: 'memory', recommendation: '', text: 'memory  java (pid 812) RSS +42 MiB/h for 25m (R² 0.97), 310 MiB → 328 MiB — steady growth: a leak suspect'});
	});

	it('keeps saying nothing is ranked above it on a quiet machine', () => {
		expect(renderPlainText({...idleSnapshot(), leakSuspects: [java]}, testInventory, 160)).toMatch(/No bottleneck: every resource is LOW\nLEAK\? +memory  java \(pid 812\)/);
	});
});
