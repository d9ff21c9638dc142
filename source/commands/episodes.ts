import process from 'node:process';
import {episodeLines} from '../analyze/episode-text.js';
import {isoTime, toReportEpisode} from '../analyze/report.js';
import {formatTime} from '../analyze/report-format.js';
import {canonicalJson} from '../analyze/report-json.js';
import {episodeFindings, storeReader} from '../engine/recorded-episodes.js';
import {UsageError} from '../options.js';
import {historyRange} from './history-range.js';
import {withDatabase} from './open-database.js';
import type {CommandContext} from './types.js';

/**
 * The bottleneck episodes of a recorded range (`--since 24h` by default, or `--from/--to`): when, how
 * long, how bad, who used the resource and what moved with it. A range with no recorded tick is one line
 * and exit 1; a range without an episode says so and exits 0.
 */
export async function run({args, flags}: CommandContext): Promise<number> {
	if (args.length > 0) {
		throw new UsageError(`episodes: unexpected '${args.join(' ')}'`);
	}

	const range = historyRange(flags, '24h', Date.now());
	return withDatabase(flags, 'read', store => {
		const {ticks, findings} = episodeFindings(storeReader(store), range);
		const between = `between ${formatTime(range.fromMs)} and ${formatTime(range.toMs)}`;
		if (ticks === 0) {
			process.stderr.write(`perftop: no recorded samples ${between} in ${store.path}\n`);
			return 1;
		}

		if (flags.json) {
			process.stdout.write(canonicalJson({
				range: {fromMs: range.fromMs, toMs: range.toMs, from: isoTime(range.fromMs), to: isoTime(range.toMs)},
				ticks: ticks,
				episodes: findings.map(finding => toReportEpisode(finding)),
			}));
			return 0;
		}

		const count = findings.length === 1 ? '1 bottleneck episode' : `${findings.length === 0 ? 'no' : findings.length} bottleneck episodes`;
		const lines = [`${count} ${between} (${ticks} recorded ticks)`];
		for (const finding of findings) {
			lines.push('', ...episodeLines(finding));
		}

		process.stdout.write(`${lines.join('\n')}\n`);
		return 0;
	});
}
