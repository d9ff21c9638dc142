import {hostname} from 'node:os';
import process from 'node:process';
import type {Baseline} from '../analyze/baseline.js';
import {baselineSpan, describeSavedBaseline, existingSpan, loadBaseline, saveBaseline} from '../engine/baselines.js';
import {metricDefinition} from '../metrics/catalogue.js';
import {formatValue} from '../metrics/format.js';
import {UsageError} from '../options.js';
import {withDatabase} from './open-database.js';
import {historyRange} from './history-range.js';
import type {CommandContext} from './types.js';

export async function run({args, flags}: CommandContext): Promise<number> {
	const [action, name, ...extra] = args;
	if (extra.length > 0) {
		throw new UsageError(`baseline: unexpected '${extra.join(' ')}'`);
	}

	const needsName = (): string => {
		if (!name) {
			throw new UsageError(`baseline ${action}: needs a NAME`);
		}

		return name;
	};

	switch (action) {
		case 'save': {
			if (name?.trim() === '') {
				throw new UsageError('baseline save: a NAME cannot be empty');
			}

			const baselineName = name ?? `${hostname()}-${new Date().toISOString().slice(0, 10)}`;
			const now = Date.now();
			const range = historyRange(flags, '24h', now);
			withDatabase(flags, 'edit', store => {
				const outcome = saveBaseline(store, baselineName, {...range, createdAt: now}, flags.force);
				if (outcome.kind === 'exists') {
					throw new Error(`baseline '${baselineName}' exists (${existingSpan(outcome.existing)}); --force replaces it`);
				}

				const {baseline, warnings} = outcome;
				process.stdout.write(`${describeSavedBaseline(baseline)}\n  covers ${baselineSpan(baseline)}\n`);
				for (const left of baseline.leftOut) {
					process.stdout.write(`  left out: ${left.key} (${left.count} samples)\n`);
				}

				for (const warning of warnings) {
					process.stderr.write(`perftop: warning: ${warning}\n`);
				}
			});
			return 0;
		}

		case 'list': {
			withDatabase(flags, 'read', store => {
				const baselines = store.listBaselines();
				if (baselines.length === 0) {
					process.stdout.write('no baselines saved yet: perftop baseline save NAME\n');
				}

				for (const baseline of baselines) {
					process.stdout.write(`${baseline.name.padEnd(28)} ${existingSpan(baseline)}\n`);
				}
			});
			return 0;
		}

		case 'show': {
			const baselineName = needsName();
			withDatabase(flags, 'read', store => {
				const baseline = loadBaseline(store, baselineName);
				process.stdout.write(flags.json ? `${JSON.stringify(baseline, null, 2)}\n` : showBaseline(baseline));
			});
			return 0;
		}

		case 'rm': {
			const baselineName = needsName();
			withDatabase(flags, 'edit', store => {
				const result = store.deleteBaseline(baselineName);
				if (!result.ok) {
					throw new Error(result.message);
				}

				if (!result.deleted) {
					throw new Error(`no baseline named '${baselineName}'`);
				}

				process.stdout.write(`baseline '${baselineName}' removed\n`);
			});
			return 0;
		}

		default: {
			throw new UsageError(`baseline: expected save, list, show or rm, got '${action ?? ''}'`);
		}
	}
}

function showBaseline(baseline: Baseline): string {
	const lines = [
		`baseline '${baseline.name}': ${baselineSpan(baseline)}, at least ${baseline.minSamples} samples per metric`,
		'',
		`${'metric'.padEnd(40)}${'median'.padStart(11)}${'σ'.padStart(11)} σ kind ${'p5'.padStart(10)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'p99'.padStart(10)}${'min'.padStart(10)}${'max'.padStart(10)}${'count'.padStart(8)}`,
	];
	for (const [key, stats] of Object.entries(baseline.metrics)) {
		const unit = metricDefinition(key.split('|')[0] ?? '')?.unit ?? 'count';
		const value = (number: number, width = 10) => formatValue(number, unit).padStart(width);
		lines.push(`${key.padEnd(40)}${value(stats.median, 11)}${value(stats.sigma, 11)} ${stats.sigmaKind.padEnd(6)} ${value(stats.p5)}${value(stats.p50)}${value(stats.p95)}${value(stats.p99)}${value(stats.min)}${value(stats.max)}${String(stats.count).padStart(8)}`);
	}

	for (const left of baseline.leftOut) {
		lines.push(`left out: ${left.key} (${left.count} samples)`);
	}

	return `${lines.join('\n')}\n`;
}
