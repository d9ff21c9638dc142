import type {Snapshot} from '../engine/types.js';
import type {Inventory} from '../metrics/types.js';
import {allSummaries} from './panels.js';
import {bottleneckLines, headerParts, noBottleneckText, processColumns, processRows, severityTagWidth} from './sections.js';
import {formatTable} from './table.js';
import {fit, joinFitting, rule, truncate} from './text.js';

const processLimit = 15;

/**
 * The dashboard's information as plain text for `perftop | cat` and `--once`: the same header parts,
 * panel summaries, bottleneck lines and process rows the Ink screen draws, with no escape codes.
 */
export function renderPlainText(snapshot: Snapshot, inventory: Inventory, width = 100): string {
	const columns = Math.max(20, Math.floor(width));
	const lines: string[] = [joinFitting(headerParts(snapshot, inventory, {paused: false, intervalMs: snapshot.intervalMs, baseline: undefined}), columns)];
	for (const summary of allSummaries(snapshot)) {
		lines.push(rule(summary.title, columns));
		for (const parts of summary.headline) {
			lines.push(joinFitting(parts, columns));
		}

		lines.push(joinFitting(summary.use, columns));
	}

	lines.push(rule('Bottlenecks', columns));
	const bottlenecks = bottleneckLines(snapshot);
	if (bottlenecks.length === 0) {
		lines.push(truncate(noBottleneckText(snapshot), columns));
	}

	for (const bottleneck of bottlenecks) {
		lines.push(truncate(fit(bottleneck.severity, severityTagWidth) + bottleneck.text, columns));
	}

	lines.push(rule('Top processes by CPU', columns));
	lines.push(...formatTable(processColumns('cpu'), processRows(snapshot.sample.processes, 'cpu', processLimit), columns).map(line => line.trimEnd()));
	return lines.map(line => line.trimEnd()).join('\n') + '\n';
}
