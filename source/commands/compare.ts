import process from 'node:process';
import {bandLabel, compareWindow, exitStatus, type Deviation} from '../analyze/compare.js';
import {loadBaseline} from '../engine/baselines.js';
import {metricDefinition} from '../metrics/catalogue.js';
import {formatValue} from '../metrics/format.js';
import {hostSeries} from '../metrics/process-series.js';
import {UsageError} from '../options.js';
import {withDatabase} from './open-database.js';
import {historyRange} from './history-range.js';
import type {CommandContext} from './types.js';
import {errorMessage} from '../errors.js';

const statusNames = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

/**
 * The recent window against a baseline, with the monitoring-plugin exit codes
 * (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN) so it can gate a deploy.
 */
export async function run({args, flags}: CommandContext): Promise<number> {
	const [name, ...extra] = args;
	if (!name || extra.length > 0) {
		throw new UsageError('compare: expected one baseline NAME');
	}

	try {
		return withDatabase(flags, 'read', store => {
			const baseline = loadBaseline(store, name);
			const range = historyRange(flags, '5m', Date.now());
			const data = store.readRange(range.fromMs, range.toMs);
			const window = hostSeries(data.series);
			const deviations = compareWindow(window, baseline);
			const status = exitStatus(deviations);
			const summary = status === 3
				? `UNKNOWN: no recorded samples between ${new Date(range.fromMs).toISOString()} and ${new Date(range.toMs).toISOString()} that the baseline covers`
				: `${statusNames[status]}: ${deviations.filter(deviation => deviation.band === 'critical').length} critical, ${deviations.filter(deviation => deviation.band === 'warning').length} warning of ${deviations.length} metrics vs baseline '${name}' (window median over ${data.timestamps.length} samples)`;
			process.stdout.write(flags.json
				? `${JSON.stringify({status: statusNames[status], exitCode: status, baseline: name, range, samples: data.timestamps.length, deviations}, null, 2)}\n`
				: `${summary}\n${deviationTable(deviations)}`);
			return status;
		});
	} catch (error) {
		// Not enough to judge is UNKNOWN for a monitoring caller, not a crash; usage mistakes stay exit 2.
		if (error instanceof UsageError) {
			throw error;
		}

		process.stderr.write(`perftop: ${errorMessage(error)}\n`);
		return 3;
	}
}

function deviationTable(deviations: readonly Deviation[]): string {
	if (deviations.length === 0) {
		return '';
	}

	// The value compared is the window's median, next to the baseline's median: both say so.
	const lines = [`${'band'.padEnd(9)}${'metric'.padEnd(22)}${'resource'.padEnd(16)}${'window p50'.padStart(12)}${'baseline p50'.padStart(14)}${'σ'.padStart(12)} ${'kind'.padEnd(7)}${'deviation'.padStart(10)}`];
	for (const deviation of deviations.filter(deviation => deviation.band !== 'normal').concat(deviations.filter(deviation => deviation.band === 'normal').slice(0, 10))) {
		const definition = metricDefinition(deviation.id);
		const value = (number: number) => formatValue(number, definition?.unit ?? 'count').padStart(12);
		lines.push(`${bandLabel(deviation).padEnd(9)}${(definition?.label ?? deviation.id).padEnd(22)}${deviation.resource.padEnd(16)}${value(deviation.value)}${value(deviation.median).padStart(14)}${value(deviation.sigma)} ${deviation.sigmaKind.padEnd(7)}${`${deviation.deviationSigma >= 0 ? '+' : ''}${deviation.deviationSigma.toFixed(1)} σ`.padStart(10)}`);
	}

	return `${lines.join('\n')}\n`;
}
