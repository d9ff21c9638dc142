import {describe, expect, it} from 'vitest';
import {createProcessSummariser} from '../../source/analyze/process-summary.js';
import {process} from '../helpers/snapshot-builder.js';

describe('process summaries over recorded ticks', () => {
	it('sums CPU seconds and I/O bytes over each tick\'s interval within a session, and keeps peaks, growth and first/last seen', () => {
		const summariser = createProcessSummariser();
		const ticks = [
			// The first tick of a session covers no interval this summary knows.
			{timestampMs: 10_000, sessionId: 1, processes: [process(7, {cpuPct: 50, rssBytes: 1000, readBytesPerSec: 100, writeBytesPerSec: 0, startedAtMs: 5})]},
			{timestampMs: 12_000, sessionId: 1, processes: [process(7, {cpuPct: 100, rssBytes: 3000, readBytesPerSec: 100, writeBytesPerSec: 50, startedAtMs: 5})]},
			{timestampMs: 13_000, sessionId: 1, processes: [process(7, {cpuPct: undefined, rssBytes: 2000, startedAtMs: 5}), process(7, {name: 'reused', cpuPct: 10, startedAtMs: 12_500})]},
			// A new session: its first tick adds no seconds.
			{timestampMs: 60_000, sessionId: 2, processes: [process(7, {cpuPct: 100, rssBytes: 2500, readBytesPerSec: 1e6, startedAtMs: 5})]},
		];
		for (const tick of ticks) {
			summariser.add(tick);
		}

		const [first, reused] = summariser.summaries();
		expect(first).toMatchObject({
			key: '7@5', ticks: 4, firstSeenMs: 10_000, lastSeenMs: 60_000, cpuSeconds: 2, peakCpuPct: 100, peakRssBytes: 3000, rssGrowthBytes: 1500,
			readBytes: 200, writeBytes: 100, ioBytes: 300,
		});
		expect(first?.meanCpuPct).toBeCloseTo(250 / 3, 9);
		expect(reused).toMatchObject({key: '7@12500', name: 'reused', ticks: 1, cpuSeconds: 0.1});
	});
});
