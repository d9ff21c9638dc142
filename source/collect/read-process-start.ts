import {readFileSync} from 'node:fs';
import path from 'node:path';
import {parseProcessStat} from './parse-process.js';

/**
 * The start time (jiffies after boot) of the process with this pid now, or undefined when there is
 * none: what is checked just before signalling, so a pid reused since the table was drawn is left alone.
 */
export function readProcessStart(procfs: string, pid: number): number | undefined {
	try {
		return parseProcessStat(readFileSync(path.join(procfs, String(pid), 'stat'))).startTimeTicks;
	} catch {
		// Gone (ENOENT, ESRCH) or unreadable: either way not the process that was selected.
		return undefined;
	}
}
