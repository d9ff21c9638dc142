import type {Snapshot} from '../engine/types.js';
import type {Inventory} from '../metrics/types.js';
import {comparisonLines} from './comparison.js';
import {allSummaries, hasServices, panelSummary} from './panels.js';
import {serviceRows} from './services.js';
import {bottleneckLines, headerParts, noBottleneckText, processColumns, processRows, recommendationText, severityTagWidth} from './sections.js';
import {formatTable} from './table.js';
import {fit, joinFitting, rule, truncate} from './text.js';
import {plainTheme} from './theme.js';

const processLimit = 15;
/** Deviations listed in plain text: a report-like view with room for more than the screen's section. */
const deviationLimit = 10;

/**
 * The dashboard's information as plain text for `perftop | cat` and `--once`: the same header parts,
 * panel summaries, service rows, vs-baseline rows, bottleneck lines and process rows the Ink screen
 * draws, with no escape codes.
 */
export function renderPlainText(snapshot: Snapshot, inventory: Inventory, width = 100): string {
	const columns = Math.max(20, Math.floor(width));
	const baseline = snapshot.comparison?.baseline.name;
	const lines: string[] = [joinFitting(headerParts(snapshot, inventory, {paused: false, intervalMs: snapshot.intervalMs, baseline}), columns)];
	for (const summary of allSummaries(snapshot)) {
		lines.push(rule(summary.title, columns));
		for (const parts of summary.headline) {
			lines.push(joinFitting(parts, columns));
		}

		lines.push(joinFitting(summary.use, columns));
	}

	if (hasServices(snapshot)) {
		const services = panelSummary('services', snapshot);
		lines.push(rule(services.title, columns));
		lines.push(joinFitting(services.headline.flat(), columns));
		lines.push(...serviceRows(snapshot, columns).map(row => row.line));
	}

	if (snapshot.comparison) {
		// Title, anomalies line and column header, then the rows.
		lines.push(...comparisonLines(snapshot.comparison, columns, 3 + deviationLimit, plainTheme));
	}

	lines.push(rule('Bottlenecks', columns));
	const bottlenecks = bottleneckLines(snapshot);
	if (snapshot.analysis.bottlenecks.length === 0) {
		lines.push(truncate(noBottleneckText(snapshot), columns));
	}

	// A pipe or a log has room for every entry's recommendation.
	for (const bottleneck of bottlenecks) {
		lines.push(truncate(fit(bottleneck.tag, severityTagWidth) + bottleneck.text, columns));
		if (bottleneck.recommendation !== '') {
			lines.push(truncate(recommendationText(bottleneck.recommendation), columns));
		}
	}

	lines.push(rule('Top processes by CPU', columns));
	lines.push(...formatTable(processColumns('cpu'), processRows(snapshot.sample.processes, 'cpu', processLimit), columns).map(line => line.trimEnd()));
	return lines.map(line => line.trimEnd()).join('\n') + '\n';
}
