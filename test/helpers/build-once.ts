import {execFileSync} from 'node:child_process';
import process from 'node:process';

/**
 * Vitest global setup: the tests that run `dist/cli.js` (CLI, recording commands, the dashboard in
 * tmux, profile) test the bundle users get, so it is built from the current source before any test
 * runs, and a build that fails stops the run with the build's own message instead of leaving those
 * tests on a stale bundle or skipping them.
 */
export default function setup(): void {
	try {
		execFileSync(process.execPath, ['scripts/build.mjs'], {stdio: ['ignore', 'ignore', 'pipe']});
	} catch (error) {
		const stderr = (error as {stderr?: Buffer}).stderr?.toString() ?? '';
		throw new Error(`building dist/cli.js for the tests failed:\n${stderr}`);
	}
}
