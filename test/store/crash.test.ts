import {existsSync} from 'node:fs';
import Database from 'better-sqlite3';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openStore} from '../../source/store/open-store.js';
import {storedValue} from '../../source/store/quantise.js';
import {bundleChild, startChild} from './child-process.js';
import {crashSample} from './crash-sample.js';
import {tempDatabase} from './temp-db.js';
import {seededRandom} from '../helpers/seeded-random.js';

const START_MS = Date.UTC(2024, 0, 1);
const KILLS = 50;
// Small blocks so kills land during flushes, recovery and hot-row writes alike.
const CHUNK_TICKS = 25;

function sleep(ms: number): Promise<void> {
	return new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

describe('kill -9', () => {
	let child: {file: string; cleanup: () => void};
	const temp = tempDatabase();
	beforeAll(async () => {
		child = await bundleChild();
	});
	afterAll(() => {
		child.cleanup();
		temp.cleanup();
	});

	it(`${KILLS} SIGKILLs in a row: quick_check passes and what was acknowledged survives, at most the tick in flight extra`, async () => {
		const next = seededRandom(20_240_101);
		let recoveredTicks = 0;
		// Running estimate of how long a child takes to its first tick (it depends on the machine's load).
		let startupMs = 150;
		for (let run = 0; run < KILLS; run++) {
			const recorder = startChild(child.file, ['record', temp.path, String(START_MS), String(recoveredTicks), String(CHUNK_TICKS)]);
			const spawnedAt = Date.now();
			let output = '';
			let firstOutput: () => void = () => undefined;
			const started = new Promise<void>(resolve => {
				firstOutput = resolve;
			});
			recorder.stdout.on('data', (data: Buffer) => {
				output += data.toString();
				firstOutput();
			});
			// 'close', not 'exit': 'exit' can come before the last of the child's output has been read.
			const exited = new Promise(resolve => recorder.on('close', resolve));
			// One kill in five lands while the child starts, opens and recovers the last run; the rest
			// while it records, at a random point in its write/flush cycle.
			if (run % 5 === 4) {
				await sleep(next() * startupMs);
			} else {
				await started;
				startupMs = (startupMs + Date.now() - spawnedAt) / 2;
				await sleep(next() * 100);
			}

			recorder.kill('SIGKILL');
			await exited;
			const acknowledged = output.split('\n').filter(line => line !== '').map(Number);
			const lastAcknowledged = acknowledged.at(-1) ?? recoveredTicks - 1;

			if (!existsSync(temp.path)) {
				// Killed before the database was created.
				expect(acknowledged).toEqual([]);
				continue;
			}

			const check = new Database(temp.path, {readonly: true});
			expect(check.pragma('quick_check', {simple: true})).toBe('ok');
			check.close();

			const {store} = openStore({path: temp.path, access: 'read'});
			const series = store.readSeries('cpu.busy_pct|cpu', 0, Number.MAX_SAFE_INTEGER);
			const memory = store.readSeries('memory.used_bytes|memory', 0, Number.MAX_SAFE_INTEGER);
			store.close();
			const ticks = series.timestamps.map(timestamp => (timestamp - START_MS) / 1000);
			const count = ticks.length;
			// A prefix of what was written: ticks 0 … count−1, in order, with the values written.
			expect(ticks).toEqual(Array.from({length: count}, (_, index) => index));
			expect(count - 1).toBeGreaterThanOrEqual(lastAcknowledged);
			expect(count - 1).toBeLessThanOrEqual(lastAcknowledged + 1);
			const probe = Math.floor(next() * count);
			if (count > 0) {
				expect(series.values[probe]).toBe(storedValue(crashSample(START_MS, probe).metrics[0]!.value, 0.01));
				expect(memory.values[probe]).toBe(crashSample(START_MS, probe).metrics[1]!.value);
			}

			recoveredTicks = count;
		}

		expect(recoveredTicks).toBeGreaterThan(KILLS);
	}, 120_000);
});
