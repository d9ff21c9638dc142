// A separate process for the store tests: bundled by child-process.ts and run with plain node.
// Modes (argv[2]):
//   record <db> <startMs> <firstTick> <chunkTicks>  writes ticks as fast as it can, printing each acknowledged tick
//   hold <db>                                       opens as writer, prints "ready", waits for stdin to close
//   paused <db>                                     opens (expected in a read-only directory), writes a tick, prints the result,
//                                                   waits for a line on stdin, writes two more ticks, closes
import {writeSync} from 'node:fs';
import {createInterface} from 'node:readline';
import {openStore} from '../../source/store/open-store.js';
import {crashSample} from './crash-sample.js';

const [mode, path, ...rest] = process.argv.slice(2);

/**
 * Each line reaches the pipe before the next tick is written. process.stdout.write queues when the pipe
 * is full (a slow parent under load), and the record loop never yields to flush the queue: the parent
 * would then see fewer acknowledgements than the ticks that really were committed.
 */
function print(value: unknown): void {
	const line = Buffer.from(`${JSON.stringify(value)}\n`);
	let written = 0;
	while (written < line.length) {
		try {
			written += writeSync(1, line, written);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') {
				throw error;
			}
		}
	}
}

if (mode === 'record' && path) {
	const [startMs, firstTick, chunkTicks] = rest.map(Number);
	const {store} = openStore({path, chunkTicks, bootId: 'test-boot'});
	for (let tick = firstTick!; ; tick++) {
		const result = store.write(crashSample(startMs!, tick));
		if (result.ok) {
			print(tick);
		}
	}
} else if (mode === 'hold' && path) {
	const {store, mode: openedAs} = openStore({path});
	print({ready: true, mode: openedAs, pid: process.pid});
	process.stdin.resume();
	process.stdin.on('end', () => {
		store.close();
		process.exit(0);
	});
} else if (mode === 'paused' && path) {
	const {store, notices} = openStore({path, reopenIntervalMs: 0});
	const first = store.write(crashSample(1_700_000_000_000, 0));
	print({notices, first});
	const lines = createInterface({input: process.stdin});
	lines.once('line', () => {
		const second = store.write(crashSample(1_700_000_000_000, 1));
		const third = store.write(crashSample(1_700_000_000_000, 2));
		const series = store.readSeries('cpu.busy_pct|cpu', 0, Number.MAX_SAFE_INTEGER);
		print({second, third, values: series.values, closed: store.close()});
		process.exit(0);
	});
} else {
	process.stderr.write(`unknown mode ${String(mode)}\n`);
	process.exit(2);
}
