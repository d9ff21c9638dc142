import process from 'node:process';
import {errorMessage} from '../errors.js';

/** What the user is told about a tick that threw: the message, and how many times in a row it came. */
export type TickError = {
	readonly line: string;
	readonly count: number;
};

/**
 * The engine's `onError`: a tick that throws is skipped and the loop goes on, so the error must reach
 * the user here or nowhere. The same message again (a fault that persists fails every tick) is counted
 * rather than told afresh; a different message starts a new count.
 */
export function tickErrorCounter(tell: (error: TickError) => void): (error: unknown) => void {
	let lastMessage: string | undefined;
	let count = 0;
	return error => {
		const message = errorMessage(error);
		count = message === lastMessage ? count + 1 : 1;
		lastMessage = message;
		tell({line: `tick failed: ${message}${count === 1 ? '' : ` (${count} times)`}`, count});
	};
}

/**
 * For `record` and `serve`: one line on stderr for a new error, and for a persisting one again at its
 * 10th, 100th, 1000th … repeat, so a fault that fails every tick for a day writes a handful of lines.
 */
export function logTickErrors(): (error: unknown) => void {
	return tickErrorCounter(({line, count}) => {
		// 1, 10, 100 …
		if (/^10*$/.test(String(count))) {
			process.stderr.write(`perftop: ${line}\n`);
		}
	});
}
