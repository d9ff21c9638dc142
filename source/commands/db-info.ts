import process from 'node:process';
import {formatBytes} from '../metrics/format.js';
import {UsageError} from '../options.js';
import {withDatabase} from './open-database.js';
import type {CommandContext} from './types.js';

export async function run({args, flags}: CommandContext): Promise<number> {
	if (args[0] !== 'info' || args.length > 1) {
		throw new UsageError(`db: expected 'perftop db info', got 'perftop db ${args.join(' ')}'`);
	}

	return withDatabase(flags, 'read', store => {
		const info = store.info();
		const range = (value: {fromMs: number; toMs: number} | undefined) => value
			? `${new Date(value.fromMs).toISOString()} → ${new Date(value.toMs).toISOString()}`
			: '—';
		const document = {
			path: info.path,
			sizeBytes: info.sizeBytes,
			schemaVersion: info.schemaVersion,
			raw: info.raw,
			rollups: info.rollups,
			series: info.series,
			sessions: info.sessions.length,
		};
		process.stdout.write(flags.json
			? `${JSON.stringify(document, null, 2)}\n`
			: [
				`path            ${info.path}`,
				`size            ${formatBytes(info.sizeBytes)}`,
				`schema version  ${info.schemaVersion}`,
				`raw samples     ${info.raw.samples} in ${info.raw.ticks} ticks, ${range(info.raw.range)}`,
				`1-min rollups   ${info.rollups.minutes} minutes, ${range(info.rollups.range)}`,
				`series          ${info.series}`,
				`sessions        ${info.sessions.length}${info.sessions.length > 0 ? ` (last by ${info.sessions.at(-1)?.host ?? '—'}, perftop ${info.sessions.at(-1)?.version ?? '—'})` : ''}`,
				'',
			].join('\n'));
		return 0;
	});
}
