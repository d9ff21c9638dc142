import process from 'node:process';
import {vi} from 'vitest';
import {findCommand} from '../../source/commands/index.js';
import type {CommandFlags} from '../../source/commands/types.js';
import {errorMessage} from '../../source/errors.js';
import {UsageError} from '../../source/options.js';

/** What meow gives a command when no flag is on the command line. */
export const defaultFlags: CommandFlags = {record: true, once: false, json: false, color: true, mouse: true, procfs: '/proc', rootfs: '/', daily: false, force: false};

/**
 * Runs a command in this process, as cli.tsx would (a UsageError is exit 2, any other error exit 1 with
 * its message), with stdout and stderr captured: fast, and a failure shows where in the source it came from.
 */
export async function runCommand(name: string, args: readonly string[], flags: Partial<CommandFlags>): Promise<{code: number; stdout: string; stderr: string}> {
	const command = findCommand(name);
	if (!command) {
		throw new Error(`no command ${name}`);
	}

	let stdout = '';
	let stderr = '';
	const out = vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
		stdout += String(chunk);
		return true;
	});
	const err = vi.spyOn(process.stderr, 'write').mockImplementation(chunk => {
		stderr += String(chunk);
		return true;
	});
	try {
		const run = await command.load();
		const code = await run({args, flags: {...defaultFlags, ...flags}});
		return {code, stdout, stderr};
	} catch (error) {
		return {code: error instanceof UsageError ? 2 : 1, stdout, stderr: `${stderr}perftop: ${errorMessage(error)}\n`};
	} finally {
		out.mockRestore();
		err.mockRestore();
	}
}
