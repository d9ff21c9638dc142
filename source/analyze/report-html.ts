import {metricDefinition} from '../metrics/catalogue.js';
import {bandLabel} from './compare.js';
import {groupName} from './process-groups.js';
import {reportTitle, type Report, type ReportProcess, type ReportSeries} from './report.js';
import {coverage, episodeCells, formatBytes, formatDays, formatDuration, formatGrowth, formatNumber, formatPct, formatSigned, formatTime, formatValue, scoreNote} from './report-format.js';

const CHART_WIDTH = 720;
const CHART_HEIGHT = 160;
const CHART_PADDING = {left: 80, right: 12, top: 12, bottom: 24};
const MAX_DEVIATION_ROWS = 50;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d2330;background:#fff}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d8dce4;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d8dce4;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f3f5f8}
.status{display:inline-block;padding:.1rem .6rem;border-radius:.3rem;font-weight:600;color:#fff}
.HEALTHY{background:#2e7d32}.DEGRADED{background:#b26a00}.CRITICAL{background:#c62828}
.sev-CRITICAL,.band-critical{color:#c62828;font-weight:600}.sev-HIGH,.band-warning{color:#b26a00;font-weight:600}
.muted{color:#667085}figure{margin:1rem 0}figcaption{font-weight:600}
svg text{font:11px system-ui,sans-serif;fill:#667085}.line{fill:none;stroke:#1f6feb;stroke-width:1.2}.band{fill:#2e7d32;fill-opacity:.12}.axis{stroke:#d8dce4}
`;

/** One self-contained HTML file: inline CSS and SVG, no scripts, no external assets; all text escaped. */
export function renderHtml(report: Report): string {
	const parts: string[] = [];
	const title = reportTitle(report);
	parts.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">', `<title>${escapeHtml(title)}</title>`, `<style>${STYLE}</style>`, '</head>', '<body>');
	parts.push(`<h1>${escapeHtml(title)}</h1>`);
	parts.push(`<p><span class="status ${report.status}">${report.status}</span> ${escapeHtml(report.statusReason)}</p>`);
	parts.push('<ul>',
		`<li><strong>Issues:</strong> ${report.counts.critical} critical, ${report.counts.high} high, ${report.counts.medium} medium; ${report.counts.bottlenecks} bottleneck${report.counts.bottlenecks === 1 ? '' : 's'}</li>`,
		`<li>${coverage(report, text => `<strong>${text}</strong>`)}</li>`,
		`<li><strong>Generated:</strong> ${escapeHtml(formatTime(Date.parse(report.generatedAt)))}</li>`);
	if (report.baseline !== undefined) {
		const kinds = report.baseline.sigmaKinds;
		parts.push(`<li><strong>Baseline:</strong> ${escapeHtml(report.baseline.name)} (${escapeHtml(formatTime(report.baseline.fromMs))} → ${escapeHtml(formatTime(report.baseline.toMs))}; σ used: ${kinds.stddev} standard deviation, ${kinds.robust} robust 1.4826·MAD, ${kinds.floor} practical-minimum floor)</li>`);
	}

	parts.push('</ul>');

	parts.push('<h2>Top recommendations</h2>');
	parts.push(report.recommendations.length === 0
		? '<p class="muted">No bottleneck, nothing to recommend.</p>'
		: `<ol>${report.recommendations.map(recommendation => `<li>${escapeHtml(recommendation)}</li>`).join('')}</ol>`);

	if (report.series.length > 0) {
		parts.push('<h2>Key series</h2>');
		for (const series of report.series) {
			parts.push(chart(series));
		}
	}

	parts.push('<h2>USE by resource</h2>');
	parts.push(table(
		['Resource', 'Utilization', 'Saturation', 'Errors', 'Score', 'Severity', 'Bottleneck', 'Evidence'],
		report.use.map(row => [
			cell(row.resource),
			cell(formatPct(row.utilizationPct)),
			cell(formatNumber(row.saturation)),
			cell(formatPct(row.errorPct)),
			cell(String(row.score)),
			`<td class="sev-${row.severity}">${row.severity}</td>`,
			cell(row.bottleneck ? 'yes' : 'no'),
			cell(row.evidence.join('; ') || '—'),
		]),
		'No resources assessed.',
	));

	parts.push('<h2>Bottlenecks</h2>');
	if (report.bottlenecks.length === 0) {
		parts.push('<p class="muted">No resource at MEDIUM or above.</p>');
	}

	for (const bottleneck of report.bottlenecks) {
		parts.push(`<h3>${escapeHtml(bottleneck.resource)} — <span class="sev-${bottleneck.severity}">${bottleneck.severity}</span> (${escapeHtml(scoreNote(bottleneck))})</h3>`);
		if (bottleneck.evidence.length > 0) {
			parts.push(`<ul>${bottleneck.evidence.map(evidence => `<li>${escapeHtml(evidence)}</li>`).join('')}</ul>`);
		}

		parts.push(`<p><strong>Recommendation:</strong> ${escapeHtml(bottleneck.recommendation)}</p>`);
		if (bottleneck.topProcesses.length > 0) {
			parts.push(processTable(bottleneck.topProcesses));
		}
	}

	parts.push('<h2>Episodes</h2>');
	parts.push(table(
		['Resource', 'When', 'Peak', 'Contributors', 'Co-moving signals'],
		report.episodes.map(episode => {
			const cells = episodeCells(episode);
			return [cell(episode.resource), cell(cells.when), cell(cells.peak), cell(cells.contributors), cell(cells.signals)];
		}),
		report.scope === 'snapshot' ? 'A snapshot is one moment: episodes are in range reports and perftop episodes.' : 'No bottleneck episode in the range.',
	));

	if (report.baseline !== undefined) {
		parts.push(`<h2>Deviations from baseline ${escapeHtml(report.baseline.name)}</h2>`);
		const shown = report.deviations.slice(0, MAX_DEVIATION_ROWS);
		parts.push(table(
			['Metric', 'Resource', 'Value', 'Median', 'σ', 'Deviation', 'Band'],
			shown.map(deviation => {
				const unit = metricDefinition(deviation.id)?.unit;
				return [
					cell(deviation.id),
					cell(deviation.resource),
					cell(formatValue(deviation.value, unit)),
					cell(formatValue(deviation.median, unit)),
					cell(`${formatValue(deviation.sigma, unit)} (${deviation.sigmaKind})`),
					cell(`${formatSigned(deviation.deviationSigma)} σ`),
					`<td class="band-${deviation.band}">${bandLabel(deviation)}</td>`,
				];
			}),
			'No metric could be compared.',
		));
		if (report.deviations.length > shown.length) {
			parts.push(`<p class="muted">${report.deviations.length - shown.length} smaller deviations not shown (all are in the JSON report).</p>`);
		}

		if (report.baseline.leftOut.length > 0) {
			parts.push(`<p class="muted">Left out of the baseline (too few samples): ${escapeHtml(report.baseline.leftOut.map(entry => `${entry.key} (${entry.count})`).join(', '))}.</p>`);
		}
	}

	parts.push('<h2>Anomaly events</h2>');
	parts.push(table(
		['Time', 'Metric', 'Event', 'Band', 'Value', 'Deviation', 'Baseline'],
		report.events.map(event => {
			const id = event.key.split('|')[0]!;
			return [
				cell(formatTime(event.timestamp)),
				cell(event.key),
				cell(event.kind),
				`<td class="band-${event.band}">${event.band}</td>`,
				cell(formatValue(event.value, metricDefinition(id)?.unit)),
				cell(`${formatSigned(event.deviationSigma)} σ`),
				cell(event.baseline ?? '—'),
			];
		}),
		'No anomaly events in the range.',
	));

	parts.push('<h2>Top processes</h2>');
	for (const [heading, processes] of [['By CPU', report.topProcesses.cpu], ['By memory', report.topProcesses.memory], ['By I/O', report.topProcesses.io]] as const) {
		parts.push(`<h3>${heading}</h3>`, processes.length === 0 ? '<p class="muted">No processes recorded.</p>' : processTable(processes));
	}

	parts.push('<h2>Trends and capacity</h2>', '<h3>Filesystems</h3>');
	parts.push(table(
		['Filesystem', 'Used', 'Growth', 'R²', 'Full in', 'Status'],
		report.trends.filesystems.map(trend => [
			cell(trend.resource),
			cell(formatPct(trend.usedPct)),
			cell(trend.slopePctPerDay === undefined ? '—' : `${formatSigned(trend.slopePctPerDay)} %/day`),
			cell(formatNumber(trend.r2)),
			cell(formatDays(trend.daysUntilFull)),
			cell(trend.status),
		]),
		'No filesystem trends.',
	));
	const memory = report.trends.memory;
	parts.push('<h3>Memory</h3>', `<p>${memory === undefined
		? 'Too little data for a memory trend.'
		: escapeHtml(`Memory in use: ${formatGrowth(memory.slopePerHour)} (R² ${formatNumber(memory.r2)}, ${memory.points} samples over ${formatDuration(memory.spanMs)}).`)}</p>`);
	parts.push('<h3>Leak suspects</h3>');
	parts.push(table(
		['PID', 'Name', 'Growth', 'R²', 'RSS first → last'],
		report.trends.leakSuspects.map(suspect => [
			cell(String(suspect.pid)),
			cell(suspect.name),
			cell(`+${formatBytes(suspect.slopeBytesPerHour)}/h`),
			cell(formatNumber(suspect.r2)),
			cell(`${formatBytes(suspect.firstRssBytes)} → ${formatBytes(suspect.lastRssBytes)}`),
		]),
		'No process grows steadily.',
	));
	parts.push('</body>', '</html>');
	return `${parts.join('\n')}\n`;
}

export function escapeHtml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll('\'', '&#39;');
}

function cell(text: string): string {
	return `<td>${escapeHtml(text)}</td>`;
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, empty: string): string {
	if (rows.length === 0) {
		return `<p class="muted">${escapeHtml(empty)}</p>`;
	}

	return `<table><thead><tr>${header.map(title => `<th>${escapeHtml(title)}</th>`).join('')}</tr></thead><tbody>\n${rows.map(row => `<tr>${row.join('')}</tr>`).join('\n')}\n</tbody></table>`;
}

function processTable(processes: readonly ReportProcess[]): string {
	return table(
		['PID', 'Name', 'User', 'CPU', 'RSS', 'I/O'],
		processes.map(process => [
			cell(String(process.pid)),
			cell(groupName(process)),
			cell(process.user ?? '—'),
			cell(formatPct(process.cpuPct)),
			cell(formatBytes(process.rssBytes)),
			cell(formatValue(process.ioBytesPerSec, 'bytes_per_second')),
		]),
		'No processes.',
	);
}

/**
 * Indexes of the points that start after a hole in time: a step over three times the shorter of its
 * neighbouring steps (perftop was not running, or the machine slept). A gauge such as memory in use has
 * a value on the first tick after the hole, so without this its line would be drawn straight across.
 * A change of interval breaks the line once, where it changes.
 */
export function timeGaps(timestamps: readonly number[]): Set<number> {
	const gaps = new Set<number>();
	const step = (index: number): number => timestamps[index]! - timestamps[index - 1]!;
	for (let index = 1; index < timestamps.length; index++) {
		const neighbours = [index > 1 ? step(index - 1) : Number.POSITIVE_INFINITY, index + 1 < timestamps.length ? step(index + 1) : Number.POSITIVE_INFINITY];
		if (step(index) > 3 * Math.min(...neighbours)) {
			gaps.add(index);
		}
	}

	return gaps;
}

/** Five labels under a chart: the full time at both ends, the time of day between them. */
function timeLabels(firstMs: number, lastMs: number): Array<{ms: number; text: string}> {
	if (lastMs <= firstMs) {
		return [{ms: firstMs, text: formatTime(firstMs)}];
	}

	return [0, 0.25, 0.5, 0.75, 1].map((share, index, shares) => {
		const ms = Math.round(firstMs + share * (lastMs - firstMs));
		const text = index === 0 || index === shares.length - 1 ? formatTime(ms) : formatTime(ms).slice(11, 19);
		return {ms, text};
	});
}

/**
 * An inline SVG line chart. Long series are reduced to the min and max of each pixel column so spikes
 * survive; gaps (null, or a hole in time) break the line; the baseline band, when known, is a shaded strip behind it.
 */
export function chart(series: ReportSeries): string {
	const plotWidth = CHART_WIDTH - CHART_PADDING.left - CHART_PADDING.right;
	const plotHeight = CHART_HEIGHT - CHART_PADDING.top - CHART_PADDING.bottom;
	const caption = `<figcaption>${escapeHtml(series.label)}</figcaption>`;
	let low = Number.POSITIVE_INFINITY;
	let high = Number.NEGATIVE_INFINITY;
	for (const value of series.values) {
		if (value !== null) {
			low = Math.min(low, value);
			high = Math.max(high, value);
		}
	}

	if (low > high || series.timestamps.length === 0) {
		return `<figure>${caption}<p class="muted">No data.</p></figure>`;
	}

	if (series.band !== undefined) {
		low = Math.min(low, series.band.low);
		high = Math.max(high, series.band.high);
	}

	if (series.unit === 'percent') {
		// Percentages read against zero; the top follows the data so a quiet 3 % is not a flat line.
		low = Math.min(low, 0);
	}

	if (high === low) {
		high = low + 1;
	}

	const firstMs = series.timestamps[0]!;
	const lastMs = series.timestamps.at(-1)!;
	const spanMs = Math.max(1, lastMs - firstMs);
	const xOf = (ms: number): number => CHART_PADDING.left + ((ms - firstMs) / spanMs) * plotWidth;
	const yOf = (value: number): number => CHART_PADDING.top + (1 - (value - low) / (high - low)) * plotHeight;
	const round = (value: number): string => value.toFixed(1);

	const segments: string[] = [];
	let current: string[] = [];
	let column = -1;
	let columnMin = 0;
	let columnMax = 0;
	let columnMs = 0;
	const flushColumn = (): void => {
		if (column !== -1) {
			const x = round(xOf(columnMs));
			current.push(`${x},${round(yOf(columnMax))}`);
			if (columnMin !== columnMax) {
				current.push(`${x},${round(yOf(columnMin))}`);
			}
		}

		column = -1;
	};

	const flushSegment = (): void => {
		flushColumn();
		if (current.length > 0) {
			segments.push(`M${current.join('L')}`);
		}

		current = [];
	};

	const gaps = timeGaps(series.timestamps);
	series.timestamps.forEach((ms, index) => {
		const value = series.values[index];
		if (gaps.has(index)) {
			flushSegment();
		}

		if (value === null || value === undefined) {
			flushSegment();
			return;
		}

		const pixel = Math.floor(xOf(ms));
		if (pixel !== column) {
			flushColumn();
			column = pixel;
			columnMin = value;
			columnMax = value;
			columnMs = ms;
		} else {
			columnMin = Math.min(columnMin, value);
			columnMax = Math.max(columnMax, value);
		}
	});
	flushSegment();

	const unit = series.unit;
	const svg: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" aria-label="${escapeHtml(series.label)}">`,
	];
	if (series.band !== undefined) {
		const top = yOf(Math.min(high, series.band.high));
		const bottom = yOf(Math.max(low, series.band.low));
		svg.push(`<rect class="band" x="${CHART_PADDING.left}" y="${round(top)}" width="${plotWidth}" height="${round(Math.max(0, bottom - top))}"><title>baseline median ± 2σ</title></rect>`);
	}

	svg.push(
		`<line class="axis" x1="${CHART_PADDING.left}" y1="${CHART_PADDING.top}" x2="${CHART_PADDING.left}" y2="${CHART_PADDING.top + plotHeight}"/>`,
		`<line class="axis" x1="${CHART_PADDING.left}" y1="${CHART_PADDING.top + plotHeight}" x2="${CHART_PADDING.left + plotWidth}" y2="${CHART_PADDING.top + plotHeight}"/>`,
		`<text x="${CHART_PADDING.left - 6}" y="${CHART_PADDING.top + 4}" text-anchor="end">${escapeHtml(formatValue(high, unit))}</text>`,
		`<text x="${CHART_PADDING.left - 6}" y="${CHART_PADDING.top + plotHeight}" text-anchor="end">${escapeHtml(formatValue(low, unit))}</text>`,
		...timeLabels(firstMs, lastMs).map(({ms, text}, index, labels) => {
			const anchor = index === 0 ? 'start' : index === labels.length - 1 ? 'end' : 'middle';
			return `<text x="${round(xOf(ms))}" y="${CHART_HEIGHT - 6}" text-anchor="${anchor}">${escapeHtml(text)}</text>`;
		}),
	);
	if (segments.length > 0) {
		svg.push(`<path class="line" d="${segments.join('')}"/>`);
	}

	svg.push('</svg>');
	return `<figure>${caption}${svg.join('')}</figure>`;
}
