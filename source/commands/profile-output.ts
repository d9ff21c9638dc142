import path from 'node:path';
import process from 'node:process';
import {UsageError} from '../options.js';
import type {HotFunction} from '../profile/hot-functions.js';
import type {ProcessProfile} from '../profile/perf-run.js';
import {profileFormats, renderProfile, type ProfileFormat} from '../profile/profile-files.js';
import {fileStamp, safeFileName, writeFileAtomically} from './report-file.js';

export function parseProfileFormat(text: string | undefined): ProfileFormat {
	const format = (text ?? 'html') as ProfileFormat;
	if (!profileFormats.includes(format)) {
		throw new UsageError(`--format: expected ${profileFormats.join(', ')}, got '${text}'`);
	}

	return format;
}

/** `perftop-profile-<name>-<pid>-<YYYYMMDD-HHMMSS>.<ext>` in the folder reports go to (the current one). */
export function defaultProfilePath(result: ProcessProfile, format: ProfileFormat, directory = process.cwd()): string {
	return path.join(directory, `perftop-profile-${safeFileName(result.target.name)}-${result.target.pid}-${fileStamp(result.startedAtMs)}.${format}`);
}

/**
 * Writes the profile in `format` to `file` (default next to the reports) and, beside it, the folded
 * stacks that flamegraph.pl, inferno and speedscope read. Returns the paths written.
 */
export function writeProfileFiles(result: ProcessProfile, format: ProfileFormat, hot: readonly HotFunction[], file = defaultProfilePath(result, format)): string[] {
	const written = [writeFileAtomically(file, renderProfile(result, format, hot))];
	if (format !== 'folded') {
		const folded = `${file.slice(0, file.length - path.extname(file).length)}.folded`;
		written.push(writeFileAtomically(folded, renderProfile(result, 'folded')));
	}

	return written;
}
