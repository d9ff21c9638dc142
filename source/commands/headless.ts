import process from 'node:process';
import type {Engine} from '../engine/engine.js';
import type {Snapshot} from '../engine/types.js';

export type HeadlessOptions = {
	/** Stop after this long; undefined runs until a signal. */
	readonly durationMs?: number;
	/** Called with every snapshot; returning a message stops the run with exit code 1 and prints it. */
	readonly onSnapshot: (snapshot: Snapshot) => string | undefined;
};

/**
 * Runs the engine without a screen until --duration passes or SIGINT, SIGTERM or SIGHUP arrives
 * (Ctrl-C, systemd, a closed SSH session); stopping flushes the recording. Resolves to the exit code.
 */
export function runHeadless(engine: Engine, options: HeadlessOptions): Promise<number> {
	const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
	return new Promise<number>(resolve => {
		const finish = (exitCode: number, message?: string) => {
			clearTimeout(deadline);
			unsubscribe();
			engine.stop();
			for (const signal of signals) {
				process.off(signal, stop);
			}

			if (message) {
				process.stderr.write(`perftop: ${message}\n`);
			}

			resolve(exitCode);
		};

		const stop = () => {
			finish(0);
		};

		const unsubscribe = engine.subscribe(snapshot => {
			const failure = options.onSnapshot(snapshot);
			if (failure !== undefined) {
				finish(1, failure);
			}
		});
		const deadline = options.durationMs === undefined ? undefined : setTimeout(stop, options.durationMs);
		for (const signal of signals) {
			process.on(signal, stop);
		}

		engine.start();
	});
}
