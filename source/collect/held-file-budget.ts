import {readFileSync} from 'node:fs';

/** Descriptors held open at most when the process's descriptor limit is unknown; past it files are opened per read. */
export const defaultMaxHeldFiles = 2048;
/**
 * Never more than this many, whatever the descriptor limit: each held procfs file pins a page of
 * kernel memory for its seq_file buffer, so 8,192 files (two per process for 4,000 processes)
 * cost at most 32 MiB, small beside what that many processes cost the kernel themselves.
 */
export const maxHeldFilesCap = 8192;

/**
 * How many descriptors to hold, from the text of /proc/self/limits: half the soft `Max open files`
 * limit (Node raises it to the hard limit at start-up), leaving the other half to everything else
 * in the process, and at most `maxHeldFilesCap`. Opening a file costs more than reading it, so a
 * budget smaller than two per process makes every tick open the rest again.
 */
export function heldFileBudget(limitsText: string | undefined): number {
	const line = /^Max open files\s+(\S+)/m.exec(limitsText ?? '');
	if (!line) {
		return defaultMaxHeldFiles;
	}

	const soft = line[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(line[1]);
	if (Number.isNaN(soft)) {
		return defaultMaxHeldFiles;
	}

	return Math.min(maxHeldFilesCap, Math.floor(soft / 2));
}

let processBudget: number | undefined;

/** This process's budget, read once: the limit is the process's, whichever procfs is being read. */
export function processHeldFileBudget(): number {
	if (processBudget === undefined) {
		let text: string | undefined;
		try {
			text = readFileSync('/proc/self/limits', 'utf8');
		} catch {
			text = undefined;
		}

		processBudget = heldFileBudget(text);
	}

	return processBudget;
}
