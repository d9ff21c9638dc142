import {parseIsoTime, parseSince, UsageError} from '../options.js';
import type {CommandFlags} from './types.js';

/** The time range a command covers: `--since DURATION`, or `--from ISO [--to ISO]`. */
export function historyRange(flags: CommandFlags, defaultSince: string, nowMs: number): {fromMs: number; toMs: number} {
	if (flags.since !== undefined && (flags.from !== undefined || flags.to !== undefined)) {
		throw new UsageError('--since cannot be combined with --from/--to');
	}

	if (flags.from === undefined) {
		if (flags.to !== undefined) {
			throw new UsageError('--to needs --from');
		}

		return {fromMs: parseSince(flags.since ?? defaultSince, nowMs), toMs: nowMs};
	}

	const fromMs = parseIsoTime(flags.from, '--from');
	const toMs = flags.to === undefined ? nowMs : parseIsoTime(flags.to, '--to');
	if (toMs <= fromMs) {
		throw new UsageError('--to must be later than --from');
	}

	return {fromMs, toMs};
}
