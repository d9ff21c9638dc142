import {describe, expect, it} from 'vitest';
import {
	allSummaries,
	busiestInterface,
	cpuSummary,
	diskSummary,
	hasServices,
	isPhysicalLooking,
	networkSummary,
	servicesSummary,
	visiblePanelCount,
} from '../../source/ui/panels.js';
import {assessment, buildSnapshot, idleSnapshot, loadedComparison, loadedSnapshot, servicesSnapshot} from '../helpers/snapshot-builder.js';

/** Interfaces all at 0 B/s: an idle machine. */
function idleInterfaces(extra: Record<string, number | undefined>) {
	return buildSnapshot({metrics: extra});
}

describe('busiestInterface on ties', () => {
	it('prefers an interface with a link speed over ifb0, lo and docker0', () => {
		const snapshot = idleInterfaces({
			'net.rx_bytes_per_s|net:ifb0': 0,
			'net.rx_bytes_per_s|net:docker0': 0,
			'net.rx_bytes_per_s|net:lo': 0,
			'net.rx_bytes_per_s|net:ens5': 0,
			'net.speed_mbps|net:ens5': 10_000,
		});
		expect(busiestInterface(snapshot)).toBe('net:ens5');
	});

	it('without link speeds, prefers a physical-looking name, then name order', () => {
		const snapshot = idleInterfaces({
			'net.rx_bytes_per_s|net:ifb0': 0,
			'net.rx_bytes_per_s|net:veth12ab': 0,
			'net.rx_bytes_per_s|net:br-5f2c': 0,
			'net.rx_bytes_per_s|net:wlan0': 0,
			'net.rx_bytes_per_s|net:eth1': 0,
		});
		expect(busiestInterface(snapshot)).toBe('net:eth1');
	});

	it('still follows the traffic when there is any, speed or not', () => {
		const busy = idleInterfaces({'net.rx_bytes_per_s|net:eth0': 0, 'net.speed_mbps|net:eth0': 1000, 'net.rx_bytes_per_s|net:ifb0': 5000});
		expect(busiestInterface(busy)).toBe('net:ifb0');
	});

	it('tells virtual interfaces from physical ones by name', () => {
		expect(['lo', 'ifb0', 'veth9', 'docker0', 'br-1a'].map(name => isPhysicalLooking(name))).toEqual([false, false, false, false, false]);
		expect(['eth0', 'ens5', 'enp0s3', 'wlan0', 'bond0'].map(name => isPhysicalLooking(name))).toEqual([true, true, true, true, true]);
	});
});

describe('summaries with a baseline comparison', () => {
	it('put ▲/▼ with σ after figures beyond 2σ and list them as marks', () => {
		const summary = cpuSummary(loadedSnapshot({comparison: loadedComparison()}));
		expect(summary.headline[0]![0]).toBe('busy 55% ▲3.5σ');
		expect(summary.headline[1]![0]).toBe('load 0.12 0.08 0.05');
		expect(summary.marks).toEqual([{text: '▲3.5σ', band: 'critical'}]);
		expect(diskSummary(loadedSnapshot({comparison: loadedComparison()})).headline[0]![0]).toBe('vda util 97% ▲2.5σ');
	});

	it('carry the baseline\'s judged band for the charted series', () => {
		expect(cpuSummary(loadedSnapshot({comparison: loadedComparison()})).chart.band).toEqual({low: 0, high: 40});
		expect(networkSummary(loadedSnapshot({comparison: loadedComparison()})).chart.band).toBeUndefined();
	});

	it('change nothing without a comparison', () => {
		const plain = allSummaries(loadedSnapshot());
		for (const summary of plain) {
			expect(summary.marks).toEqual([]);
			expect(summary.chart.band).toBeUndefined();
			expect(summary.headline.flat().join(' ')).not.toMatch(/[▲▼σ]/);
		}
	});
});

describe('services summary', () => {
	it('exists only when targets are probed', () => {
		expect(hasServices(servicesSnapshot())).toBe(true);
		expect(visiblePanelCount(servicesSnapshot())).toBe(5);
		expect(hasServices(idleSnapshot())).toBe(false);
		expect(visiblePanelCount(idleSnapshot())).toBe(4);
		expect(visiblePanelCount(undefined)).toBe(4);
		expect(allSummaries(servicesSnapshot()).map(summary => summary.id)).toEqual(['cpu', 'memory', 'disk', 'network']);
	});

	it('leads with the worst target: its U / S / E and its p95 chart', () => {
		const summary = servicesSummary(servicesSnapshot());
		expect(summary.title).toBe('Services · 3 targets');
		expect(summary.severity).toBe('CRITICAL');
		expect(summary.use).toEqual(['U 144%', 'S —', 'E 20%', 'CRITICAL', 'score 8']);
		expect(summary.headline).toEqual([['health 52', 'errors 40%', 'rate 0.3/s'], ['worst auth p95 720 ms', 'HTTP 200']]);
		expect(summary.chart.caption).toBe('auth p95 ms');
		expect(summary.chart.series.at(-1)).toBe(720);
	});
});

describe('the Network panel on a machine whose traffic is on the loopback', () => {
	// What an SRE saw: eth0 idle with a LOW score, lo at 26.5 Gbit/s, two interfaces down.
	const snapshot = buildSnapshot({
		metrics: {
			'net.rx_bytes_per_s|net:eth0': 0,
			'net.tx_bytes_per_s|net:eth0': 0,
			'net.speed_mbps|net:eth0': 10_000,
			'net.rx_bytes_per_s|net:lo': 1_656_250_000,
			'net.tx_bytes_per_s|net:lo': 1_656_250_000,
			'net.rx_bytes_per_s|net:eth1': 0,
			'net.tx_bytes_per_s|net:eth1': 0,
			'net.rx_bytes_per_s|net:docker0': 0,
			'net.tx_bytes_per_s|net:docker0': 0,
		},
		assessments: [assessment('net:eth0', 'LOW', {score: 1, errorPct: 0}), assessment('net:lo', 'LOW', {score: 0})],
	});

	it('shows the busiest interface, not the one a LOW score happens to favour', () => {
		expect(networkSummary(snapshot).title).toBe('Network · lo');
	});

	it('counts only the others that are up or carry traffic, and names the busiest hidden one', () => {
		expect(networkSummary(snapshot).headline[1]).toContain('+1 other');
		const onEth0 = networkSummary(snapshot, 'net:eth0');
		expect(onEth0.title).toBe('Network · eth0 (i: next)');
		expect(onEth0.headline[1]?.join(' ')).toMatch(/\+1 other \(lo 3\.1 GiB\/s\)/);
	});

	it('shows the interface picked with i while it is there, the busiest once it has gone', () => {
		expect(networkSummary(snapshot, 'net:wlan9').title).toBe('Network · lo');
	});
});
