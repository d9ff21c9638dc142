import {describe, expect, it} from 'vitest';
import {analyzeTick} from '../../source/analyze/analyze.js';
import {defaultThresholds} from '../../source/analyze/severity.js';
import {type AnalysisMemory, emptyMemory} from '../../source/analyze/sustain.js';
import type {Analysis, UseAssessment} from '../../source/analyze/types.js';
import {derive} from '../../source/metrics/derive.js';
import type {Sample} from '../../source/metrics/types.js';
import {buildProcess, buildSample} from '../helpers/sample-builder.js';
import {capturedPair} from '../metrics/readings.js';
import {idleMetrics} from './scenarios.js';

/** Each sample judged in turn, as the engine does, carrying the analysis memory from tick to tick. */
function judgeInTurn(samples: readonly Sample[]): Analysis[] {
	let memory: AnalysisMemory = emptyMemory;
	return samples.map(sample => {
		const judged = analyzeTick(sample, defaultThresholds, memory);
		memory = judged.memory;
		return judged.analysis;
	});
}

function cpuOf(analysis: Analysis): UseAssessment {
	const cpu = analysis.assessments.find(assessment => assessment.resource === 'cpu');
	if (!cpu) {
		throw new Error('no cpu assessment');
	}

	return cpu;
}

/** The same captured interval seen on three ticks in a row: a load that held. */
function held(name: string, ticks = 3): Sample[] {
	const [before, after] = capturedPair(name);
	const sample = derive(before, after, {topProcesses: 5});
	return Array.from({length: ticks}, (_, index) => ({...sample, timestamp: sample.timestamp + index * 1000}));
}

describe('kind of work, from pairs captured under each load', () => {
	it('a fork loop: kernel-dominated busy time and thousands of new processes are CPU saturation, once held', () => {
		const analyses = judgeInTurn(held('fork-loop'));
		expect(cpuOf(analyses[0]!).evidence.join(' | ')).not.toContain('new processes');
		const cpu = cpuOf(analyses[2]!);
		expect(cpu.judged?.['system.forks_per_s']).toBeCloseTo(2456 / 1.065, 6);
		expect(cpu.evidence).toContain('kernel 53% of CPU time (53% of busy)');
		expect(cpu.evidence).toContain('new processes 2.3k/s');
		const bottleneck = analyses[2]!.bottlenecks.find(entry => entry.resource === 'cpu');
		expect(bottleneck?.recommendation).toContain('kernel 53% of CPU time (53% of busy), new processes 2.3k/s — a process is forking in a loop');
	});

	it('a context-switch storm: named with its rate per core and its own advice', () => {
		const [, , third] = judgeInTurn(held('switch-storm'));
		const cpu = cpuOf(third!);
		expect(cpu.evidence).toContain('context switches 371k/s per core');
		expect(third!.bottlenecks.find(entry => entry.resource === 'cpu')?.recommendation).toContain('context switches 371k/s per core — threads hand the CPU back and forth');
		expect(cpu.evidence.join(' | ')).not.toContain('top switchers');
		expect(third!.bottlenecks.find(entry => entry.resource === 'cpu')?.recommendation).toContain('find them with pidstat -w');
	});

	it('a context-switch storm names its top switchers when the engine counted them, and only then', () => {
		const samples = held('switch-storm').map(sample => ({...sample, switchers: [{pid: 4410, name: 'stress-ng-switch', switchesPerSec: 402_000}, {pid: 4411, name: 'stress-ng-switch', switchesPerSec: 398_000}]}));
		const third = judgeInTurn(samples)[2]!;
		const cpu = cpuOf(third);
		expect(cpu.evidence).toContain('top switchers stress-ng-switch (pid 4410) 402k/s, stress-ng-switch (pid 4411) 398k/s');
		// The advice names the busiest rather than sending the operator to pidstat for what is known.
		const advice = third.bottlenecks.find(entry => entry.resource === 'cpu')?.recommendation;
		expect(advice).toContain('the busiest is stress-ng-switch (pid 4410) at 402k/s: look at its locking (perf record -g -p 4410)');
		expect(advice).not.toContain('pidstat');
		const quiet = buildSample({metrics: {...idleMetrics}});
		expect(cpuOf(judgeInTurn([quiet, quiet, {...quiet, switchers: samples[0]!.switchers}])[2]!).evidence.join(' | ')).not.toContain('top switchers');
	});

	it('interrupt time of 1.6 % (loopback traffic on a busy machine) is not named', () => {
		const [, , third] = judgeInTurn(held('interrupts'));
		expect(cpuOf(third!).evidence.join(' | ')).not.toContain('interrupts');
	});

	it('steal of 7.9 % (an edited capture) is saturation with the hypervisor\'s advice', () => {
		const [, , third] = judgeInTurn(held('steal'));
		const cpu = cpuOf(third!);
		expect(cpu.evidence).toContain('steal 7.9%');
		expect(third!.bottlenecks.find(entry => entry.resource === 'cpu')?.recommendation).toContain('cpu: steal 7.9% — the hypervisor gives these cores to other guests');
	});
});

describe('kind of work, the cases of issue 14', () => {
	/** One fork loop alone on 2 cores: both half busy, nearly all of it in the kernel. */
	const forkLoopAlone = buildSample({metrics: {
		...idleMetrics,
		'cpu.busy_pct@cpu': 51,
		'cpu.user_pct@cpu': 3,
		'cpu.system_pct@cpu': 48,
		'cpu.system_share_pct@cpu': 94,
		'system.forks_per_s@system': 2100,
		'system.context_switches_per_core_per_s@system': 4000,
	}, processes: [buildProcess({pid: 8812, name: 'bash', cpuPct: 30})]});

	it('was "every resource is LOW" from the additive score alone; now HIGH from the third tick, its score kept', () => {
		const analyses = judgeInTurn([forkLoopAlone, forkLoopAlone, forkLoopAlone]);
		expect(analyses.slice(0, 2).map(analysis => cpuOf(analysis).severity)).toEqual(['LOW', 'LOW']);
		const cpu = cpuOf(analyses[2]!);
		// U 51 → 1 point, S 2,100 × 0.01 = 21 → 3 points.
		expect(cpu.score).toBe(4);
		expect(cpu.severity).toBe('HIGH');
		expect(cpu.bottleneck).toBe(true);
		expect(analyses[2]!.bottlenecks[0]?.resource).toBe('cpu');
	});

	const now = forkLoopAlone.timestamp;
	const allProcesses = [
		buildProcess({pid: 8812, name: 'bash', cpuPct: 30, ppid: 1, startedAtMs: now - 600_000}),
		buildProcess({pid: 9001, name: 'true', ppid: 8812, startedAtMs: now - 2}),
		buildProcess({pid: 9002, name: 'true', ppid: 8812, startedAtMs: now - 1}),
		// Started before the interval: not new.
		buildProcess({pid: 700, name: 'sshd', ppid: 1, startedAtMs: now - 5000}),
		buildProcess({pid: 9003, name: 'sleep', ppid: 700, startedAtMs: now - 500}),
		// Three workers of one make.
		buildProcess({pid: 500, name: 'make', ppid: 700, startedAtMs: now - 60_000}),
		buildProcess({pid: 501, name: 'sh', ppid: 500, startedAtMs: now - 50_000}),
		buildProcess({pid: 502, name: 'sh', ppid: 500, startedAtMs: now - 50_000}),
		buildProcess({pid: 503, name: 'sh', ppid: 500, startedAtMs: now - 50_000}),
	];

	it('without the kernel\'s fork events, names the parent of the new processes alive at the tick, approximately', () => {
		const withProcesses = {...forkLoopAlone, allProcesses};
		const [, , third] = judgeInTurn([withProcesses, withProcesses, withProcesses]);
		expect(third!.bottlenecks[0]?.recommendation).toContain('a process is forking in a loop (a shell loop, a crash-restart cycle, a check that spawns commands): top: bash (pid 8812) is the parent of 2 of the 3 new processes alive at the tick (approximate: children that exited between ticks leave no trace in /proc); batch the work or stop it');
		expect(cpuOf(third!).evidence).toContain('top forker bash (pid 8812) is the parent of 2 of the 3 new processes alive at the tick (approximate: children that exited between ticks leave no trace in /proc)');
		const untraced = {...withProcesses, forkTrace: {kind: 'unavailable', reason: 'tracing fork events needs root'} as const};
		expect(cpuOf(judgeInTurn([untraced, untraced, untraced])[2]!).evidence).toContain('top forker bash (pid 8812) is the parent of 2 of the 3 new processes alive at the tick (approximate: children that exited between ticks leave no trace in /proc; tracing fork events needs root)');
	});

	describe('with the kernel\'s fork events counted by parent', () => {
		const traced = (parents: ReadonlyArray<{pid: number; name: string; children: number}>, windowMs = 1000, lost = 0): Sample => ({...forkLoopAlone, allProcesses, forkTrace: {kind: 'counted', parents, windowMs, lost}});
		const judgedText = (sample: Sample) => {
			const [, , third] = judgeInTurn([sample, sample, sample]);
			return {evidence: cpuOf(third!).evidence, recommendation: third!.bottlenecks[0]?.recommendation};
		};

		it('names the parent that started the most children, exited ones included, as the issue asks', () => {
			const {evidence, recommendation} = judgedText(traced([{pid: 8812, name: 'bash', children: 1900}, {pid: 700, name: 'sshd', children: 1}]));
			expect(evidence.slice(0, 3)).toEqual(['kernel 48% of CPU time (94% of busy)', 'new processes 2.1k/s', 'top forker bash (pid 8812) started 1.9k children in the last second']);
			expect(recommendation).toBe('cpu: kernel 48% of CPU time (94% of busy), new processes 2.1k/s — a process is forking in a loop (a shell loop, a crash-restart cycle, a check that spawns commands): top: bash (pid 8812) started 1.9k children in the last second; batch the work or stop it');
		});

		it('groups same-named parents under one parent, as perftop groups workers', () => {
			const {evidence} = judgedText(traced([{pid: 8812, name: 'bash', children: 60}, {pid: 501, name: 'sh', children: 40}, {pid: 502, name: 'sh', children: 30}, {pid: 503, name: 'sh', children: 20}]));
			expect(evidence).toContain('top forker sh ×3 (pids 501, 502, 503) started 90 children in the last second');
		});

		it('a forking thread that is no process of the tick keeps the name its event gave', () => {
			expect(judgedText(traced([{pid: 9100, name: 'worker-3', children: 300}])).evidence).toContain('top forker worker-3 (pid 9100) started 300 children in the last second');
		});

		it('says "at least" when the ring buffer lost events, and the window when it is not a second', () => {
			expect(judgedText(traced([{pid: 8812, name: 'bash', children: 3800}], 2000, 12)).evidence).toContain('top forker bash (pid 8812) started at least 3.8k children in the last 2 s');
		});

		it('names nobody while forks do not score', () => {
			const quiet = {...buildSample({metrics: {...idleMetrics}}), allProcesses, forkTrace: {kind: 'counted', parents: [{pid: 8812, name: 'bash', children: 5}], windowMs: 1000, lost: 0} as const};
			expect(cpuOf(judgeInTurn([quiet, quiet, quiet])[2]!).evidence.join(' | ')).not.toContain('top forker');
		});
	});

	it('a build forking hundreds of compilers a second in user time does not open the gate', () => {
		const build = buildSample({metrics: {...idleMetrics, 'cpu.busy_pct@cpu': 70, 'cpu.system_pct@cpu': 14, 'cpu.system_share_pct@cpu': 20, 'system.forks_per_s@system': 800, 'system.context_switches_per_core_per_s@system': 30_000}});
		const cpu = cpuOf(judgeInTurn([build, build, build])[2]!);
		expect(cpu.judged?.['system.forks_per_s']).toBe(0);
		expect(cpu.judged?.['system.context_switches_per_core_per_s']).toBe(0);
		// Busy 70 % alone: 2 points.
		expect(cpu.score).toBe(2);
		expect(cpu.evidence.join(' | ')).not.toContain('new processes');
	});

	it('the gate is strict: system time of exactly 30 % keeps it shut, just above opens it', () => {
		const at = (systemPct: number) => buildSample({metrics: {...idleMetrics, 'cpu.busy_pct@cpu': 40, 'cpu.system_pct@cpu': systemPct, 'system.forks_per_s@system': 3000}});
		expect(cpuOf(judgeInTurn([at(30), at(30), at(30)])[2]!).judged?.['system.forks_per_s']).toBe(0);
		expect(cpuOf(judgeInTurn([at(30.1), at(30.1), at(30.1)])[2]!).judged?.['system.forks_per_s']).toBe(3000);
	});

	it('a fork loop beside other busy work: under half of the busy time, but still kernel-bound', () => {
		// Measured live: six loops beside a build, system 47 % of CPU time, 43–52 % of busy.
		const beside = buildSample({metrics: {...idleMetrics, 'cpu.busy_pct@cpu': 100, 'cpu.system_pct@cpu': 47, 'cpu.system_share_pct@cpu': 47, 'system.forks_per_s@system': 2400}});
		expect(cpuOf(judgeInTurn([beside, beside, beside])[2]!).evidence).toContain('new processes 2.4k/s');
	});

	it('steal above a few percent is its own bottleneck on an otherwise quiet CPU', () => {
		const stolen = buildSample({metrics: {...idleMetrics, 'cpu.busy_pct@cpu': 20, 'cpu.steal_pct@cpu': 6}});
		const [, , third] = judgeInTurn([stolen, stolen, stolen]);
		const cpu = cpuOf(third!);
		expect(cpu.severity).toBe('MEDIUM');
		expect(cpu.bottleneck).toBe(true);
		expect(third!.bottlenecks[0]?.recommendation).toContain('the hypervisor gives these cores to other guests');
	});

	it('names interrupt time when it is most of the busy time', () => {
		const interrupts = buildSample({metrics: {...idleMetrics, 'cpu.busy_pct@cpu': 70, 'cpu.irq_pct@cpu': 5, 'cpu.softirq_pct@cpu': 40}});
		const [analysis] = judgeInTurn([interrupts]);
		expect(cpuOf(analysis!).evidence).toContain('interrupts: irq 5.0%, softirq 40% of CPU time');
		expect(analysis!.bottlenecks[0]?.recommendation).toContain('45% of it in interrupts');
	});
});
