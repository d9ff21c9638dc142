import {afterEach, describe, expect, it, vi} from 'vitest';
import type {ProbeOptions} from '../../source/probe/http-probe.js';
import {createProber} from '../../source/probe/prober.js';
import type {ProbeResult, ProbeTarget} from '../../source/probe/types.js';
import {startTestServer} from './test-server.js';

function target(name: string, intervalSeconds: number): ProbeTarget {
	return {name, url: `http://127.0.0.1:1/${name}`, method: 'GET', intervalSeconds, timeoutSeconds: 5};
}

function okResult(name: string): ProbeResult {
	return {target: name, timestamp: 0, status: 200, durationMs: 1, bodyBytes: 0, truncated: false, redirects: 0, ok: true};
}

/** A probe the test settles by hand (or that ends when aborted, as the real one does): each call is recorded. */
function manualProbe() {
	const calls: Array<{target: ProbeTarget; options: ProbeOptions; settle: () => void}> = [];
	const probe = async (probeTargetArgument: ProbeTarget, options: ProbeOptions) => new Promise<ProbeResult>(resolve => {
		options.signal?.addEventListener('abort', () => {
			resolve({...okResult(probeTargetArgument.name), ok: false, error: 'stopped'});
		});
		calls.push({target: probeTargetArgument, options, settle: () => {
			resolve(okResult(probeTargetArgument.name));
		}});
	});
	return {calls, probe};
}

afterEach(() => {
	vi.useRealTimers();
});

describe('createProber (fake clock, manual probe)', () => {
	it('probes every target at start, then each on its own interval', async () => {
		vi.useFakeTimers();
		const {calls, probe} = manualProbe();
		const results: ProbeResult[] = [];
		const prober = createProber([target('a', 1), target('b', 3)], {onResult: result => results.push(result), probe});
		prober.start();
		expect(calls.map(call => call.target.name)).toEqual(['a', 'b']);
		for (const call of calls) {
			call.settle();
		}

		await vi.advanceTimersByTimeAsync(1000);
		expect(calls.map(call => call.target.name)).toEqual(['a', 'b', 'a']);
		calls[2]!.settle();
		// a at 2 s (left running, so its 3 s turn is skipped), b at 3 s.
		await vi.advanceTimersByTimeAsync(2000);
		expect(calls.map(call => call.target.name)).toEqual(['a', 'b', 'a', 'a', 'b']);
		expect(results.map(result => result.target)).toEqual(['a', 'b', 'a']);
		expect(prober.skippedTurns()).toBe(1);
		await prober.stop();
	});

	it('targets sharing an interval are probed in the same turn, in config order', async () => {
		vi.useFakeTimers();
		const {calls, probe} = manualProbe();
		const prober = createProber([target('a', 1), target('b', 2), target('c', 1)], {onResult: () => undefined, probe});
		prober.start();
		expect(calls.map(call => call.target.name)).toEqual(['a', 'b', 'c']);
		for (const call of calls) {
			call.settle();
		}

		await vi.advanceTimersByTimeAsync(1000);
		expect(calls.map(call => call.target.name)).toEqual(['a', 'b', 'c', 'a', 'c']);
		for (const call of calls.slice(3)) {
			call.settle();
		}

		await vi.advanceTimersByTimeAsync(1000);
		expect(calls.slice(5).map(call => call.target.name).sort()).toEqual(['a', 'b', 'c']);
		await prober.stop();
	});

	it('a probe still running when its turn comes is not started twice', async () => {
		vi.useFakeTimers();
		const {calls, probe} = manualProbe();
		const prober = createProber([target('slow', 1)], {onResult: () => undefined, probe});
		prober.start();
		await vi.advanceTimersByTimeAsync(3000);
		expect(calls).toHaveLength(1);
		expect(prober.skippedTurns()).toBe(3);
		calls[0]!.settle();
		await vi.advanceTimersByTimeAsync(1000);
		expect(calls).toHaveLength(2);
		await prober.stop();
	});

	it('stop aborts probes in flight, waits for them and delivers nothing afterwards', async () => {
		vi.useFakeTimers();
		const {calls, probe} = manualProbe();
		const results: ProbeResult[] = [];
		const prober = createProber([target('a', 1)], {onResult: result => results.push(result), probe});
		prober.start();
		await prober.stop();
		expect(calls[0]!.options.signal?.aborted).toBe(true);
		await vi.advanceTimersByTimeAsync(5000);
		expect(calls).toHaveLength(1);
		expect(results).toEqual([]);
	});

	it('a throwing listener or tracer does not stop the loop', async () => {
		vi.useFakeTimers();
		const {calls, probe} = manualProbe();
		const traced: string[] = [];
		const prober = createProber([target('a', 1)], {
			onResult() {
				throw new Error('listener bug');
			},
			tracer: {recordProbe(probeTargetArgument) {
				traced.push(probeTargetArgument.name);
				throw new Error('tracer bug');
			}},
			probe,
		});
		prober.start();
		calls[0]!.settle();
		await vi.advanceTimersByTimeAsync(1000);
		calls[1]!.settle();
		await vi.advanceTimersByTimeAsync(1000);
		expect(calls).toHaveLength(3);
		expect(traced).toEqual(['a', 'a']);
		await prober.stop();
	});

	it('start twice does not double the timers', async () => {
		vi.useFakeTimers();
		const {calls, probe} = manualProbe();
		const prober = createProber([target('a', 1)], {onResult: () => undefined, probe});
		prober.start();
		prober.start();
		expect(calls).toHaveLength(1);
		calls[0]!.settle();
		await vi.advanceTimersByTimeAsync(1000);
		expect(calls).toHaveLength(2);
		await prober.stop();
	});
});

describe('createProber (real probes on loopback)', () => {
	it('probes targets concurrently: a hanging one does not hold back the fast one', async () => {
		const server = await startTestServer();
		try {
			const results: ProbeResult[] = [];
			const fastDone = new Promise<void>(resolve => {
				const prober = createProber([
					{name: 'hang', url: `${server.baseUrl}/hang`, method: 'GET', intervalSeconds: 60, timeoutSeconds: 30},
					{name: 'fast', url: `${server.baseUrl}/fast`, method: 'GET', intervalSeconds: 60, timeoutSeconds: 5},
				], {
					onResult(result) {
						results.push(result);
						if (result.target === 'fast') {
							void prober.stop().then(resolve);
						}
					},
					now: () => 42,
				});
				prober.start();
			});
			await fastDone;
			// The fast result came first; stopping aborted the hanging probe, whose result is not delivered.
			expect(results.map(result => [result.target, result.ok, result.timestamp])).toEqual([['fast', true, 42]]);
		} finally {
			await server.close();
		}
	});
});
