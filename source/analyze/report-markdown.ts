import {metricDefinition} from '../metrics/catalogue.js';
import {bandLabel} from './compare.js';
import {groupName} from './process-groups.js';
import {reportTitle, type Report, type ReportProcess} from './report.js';
import {coverage, episodeCells, formatBytes, formatDays, formatDuration, formatGrowth, formatNumber, formatPct, formatSigned, formatTime, formatValue, scoreNote} from './report-format.js';

/** Deviations listed in the Markdown report; the JSON report carries them all. */
const MAX_DEVIATION_ROWS = 20;

/**
 * Markdown that reads in a terminal as well as rendered on a web page: ATX headings, pipe tables,
 * plain lists, no HTML. Table cells are escaped so a process name cannot break the table.
 */
export function renderMarkdown(report: Report): string {
	const lines: string[] = [];
	// CommonMark needs no blank line before a heading, but many renderers and readers do: each gets one.
	const push = (...more: string[]): void => {
		for (const line of more) {
			if (line.startsWith('#') && lines.length > 0 && lines.at(-1) !== '') {
				lines.push('');
			}

			lines.push(line);
		}
	};

	push(`# ${escapeText(reportTitle(report))}`, '');
	push(
		`- **Status:** ${report.status} (${escapeText(report.statusReason)})`,
		`- **Issues:** ${report.counts.critical} critical, ${report.counts.high} high, ${report.counts.medium} medium; ${report.counts.bottlenecks} bottleneck${report.counts.bottlenecks === 1 ? '' : 's'}`,
		`- ${coverage(report, text => `**${text}**`)}`,
		`- **Generated:** ${formatTime(Date.parse(report.generatedAt))}`,
	);
	if (report.baseline !== undefined) {
		const kinds = report.baseline.sigmaKinds;
		push(`- **Baseline:** ${escapeText(report.baseline.name)} (${formatTime(report.baseline.fromMs)} → ${formatTime(report.baseline.toMs)}; σ used: ${kinds.stddev} standard deviation, ${kinds.robust} robust 1.4826·MAD, ${kinds.floor} practical-minimum floor)`);
	}

	push('', '## Top recommendations', '');
	if (report.recommendations.length === 0) {
		push('No bottleneck, nothing to recommend.');
	} else {
		report.recommendations.forEach((recommendation, index) => push(`${index + 1}. ${escapeText(recommendation)}`));
	}

	push('', '## USE by resource', '');
	push(...table(
		['Resource', 'Utilization', 'Saturation', 'Errors', 'Score', 'Severity', 'Bottleneck', 'Evidence'],
		report.use.map(row => [
			row.resource,
			formatPct(row.utilizationPct),
			formatNumber(row.saturation),
			formatPct(row.errorPct),
			String(row.score),
			row.severity,
			row.bottleneck ? 'yes' : 'no',
			row.evidence.join('; ') || '—',
		]),
		'No resources assessed.',
	));

	push('', '## Bottlenecks', '');
	if (report.bottlenecks.length === 0) {
		push('No resource at MEDIUM or above.');
	}

	for (const bottleneck of report.bottlenecks) {
		push(`### ${escapeText(bottleneck.resource)} — ${bottleneck.severity} (${escapeText(scoreNote(bottleneck))})`, '');
		for (const evidence of bottleneck.evidence) {
			push(`- ${escapeText(evidence)}`);
		}

		push('', `**Recommendation:** ${escapeText(bottleneck.recommendation)}`);
		if (bottleneck.topProcesses.length > 0) {
			push('', ...processTable(bottleneck.topProcesses));
		}

		push('');
	}

	push('## Episodes', '');
	push(...table(
		['Resource', 'When', 'Peak', 'Contributors', 'Co-moving signals'],
		report.episodes.map(episode => {
			const cells = episodeCells(episode);
			return [episode.resource, cells.when, cells.peak, cells.contributors, cells.signals];
		}),
		report.scope === 'snapshot' ? 'A snapshot is one moment: episodes are in range reports and `perftop episodes`.' : 'No bottleneck episode in the range.',
	));
	push('');

	if (report.baseline !== undefined) {
		push(`## Deviations from baseline ${escapeText(report.baseline.name)}`, '');
		const shown = report.deviations.slice(0, MAX_DEVIATION_ROWS);
		push(...table(
			['Metric', 'Resource', 'Value', 'Median', 'σ', 'Deviation', 'Band'],
			shown.map(deviation => {
				const unit = metricDefinition(deviation.id)?.unit;
				return [
					deviation.id,
					deviation.resource,
					formatValue(deviation.value, unit),
					formatValue(deviation.median, unit),
					`${formatValue(deviation.sigma, unit)} (${deviation.sigmaKind})`,
					`${formatSigned(deviation.deviationSigma)} σ`,
					bandLabel(deviation),
				];
			}),
			'No metric could be compared.',
		));
		if (report.deviations.length > shown.length) {
			push('', `${report.deviations.length - shown.length} smaller deviations not shown (all are in the JSON report).`);
		}

		if (report.baseline.leftOut.length > 0) {
			push('', `Left out of the baseline (too few samples): ${report.baseline.leftOut.map(entry => `${escapeText(entry.key)} (${entry.count})`).join(', ')}.`);
		}

		push('');
	}

	push('## Anomaly events', '');
	push(...table(
		['Time', 'Metric', 'Event', 'Band', 'Value', 'Deviation', 'Baseline'],
		report.events.map(event => {
			const id = event.key.split('|')[0]!;
			return [formatTime(event.timestamp), event.key, event.kind, event.band, formatValue(event.value, metricDefinition(id)?.unit), `${formatSigned(event.deviationSigma)} σ`, event.baseline ?? '—'];
		}),
		'No anomaly events in the range.',
	));

	push('', '## Top processes', '');
	for (const [title, processes] of [['By CPU', report.topProcesses.cpu], ['By memory', report.topProcesses.memory], ['By I/O', report.topProcesses.io]] as const) {
		push(`### ${title}`, '', ...(processes.length === 0 ? ['No processes recorded.'] : processTable(processes)), '');
	}

	push('## Trends and capacity', '', '### Filesystems', '');
	push(...table(
		['Filesystem', 'Used', 'Growth', 'R²', 'Full in', 'Status'],
		report.trends.filesystems.map(trend => [
			trend.resource,
			formatPct(trend.usedPct),
			trend.slopePctPerDay === undefined ? '—' : `${formatSigned(trend.slopePctPerDay)} %/day`,
			formatNumber(trend.r2),
			formatDays(trend.daysUntilFull),
			trend.status,
		]),
		'No filesystem trends.',
	));
	push('', '### Memory', '');
	const memory = report.trends.memory;
	push(memory === undefined
		? 'Too little data for a memory trend.'
		: `Memory in use: ${formatGrowth(memory.slopePerHour)} (R² ${formatNumber(memory.r2)}, ${memory.points} samples over ${formatDuration(memory.spanMs)}).`);
	push('', '### Leak suspects', '');
	push(...table(
		['PID', 'Name', 'Growth', 'R²', 'RSS first → last'],
		report.trends.leakSuspects.map(suspect => [
			String(suspect.pid),
			suspect.name,
			`+${formatBytes(suspect.slopeBytesPerHour)}/h`,
			formatNumber(suspect.r2),
			`${formatBytes(suspect.firstRssBytes)} → ${formatBytes(suspect.lastRssBytes)}`,
		]),
		'No process grows steadily.',
	));
	return `${lines.join('\n').replaceAll(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function processTable(processes: readonly ReportProcess[]): string[] {
	return table(
		['PID', 'Name', 'User', 'CPU', 'RSS', 'I/O'],
		processes.map(process => [
			String(process.pid),
			groupName(process),
			process.user ?? '—',
			formatPct(process.cpuPct),
			formatBytes(process.rssBytes),
			formatValue(process.ioBytesPerSec, 'bytes_per_second'),
		]),
		'No processes.',
	);
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, empty: string): string[] {
	if (rows.length === 0) {
		return [empty];
	}

	const cells = [header, ...rows].map(row => row.map(cell => escapeCell(cell)));
	// Padded columns keep the table readable as plain text in a terminal.
	const widths = header.map((_, column) => Math.max(3, ...cells.map(row => [...row[column]!].length)));
	const line = (row: readonly string[]): string => `| ${row.map((cell, column) => cell + ' '.repeat(widths[column]! - [...cell].length)).join(' | ')} |`;
	return [line(cells[0]!), `| ${widths.map(width => '-'.repeat(width)).join(' | ')} |`, ...cells.slice(1).map(row => line(row))];
}

/** Backslash-escapes what Markdown would read as markup or HTML. */
export function escapeText(text: string): string {
	// A cgroup's directory (under a delegated subtree) or a process's command line is named by whoever
	// made it, and a report is often read in a terminal: its control characters become '?', as on screen.
	// eslint-disable-next-line no-control-regex
	return text.replaceAll(/[\\`*<>[\]]/g, character => `\\${character}`).replaceAll(/\r?\n/g, ' ').replaceAll(/[\u0000-\u001F\u007F-\u009F]/g, '?');
}

function escapeCell(text: string): string {
	return escapeText(text).replaceAll('|', '\\|');
}
