import {Worker} from 'node:worker_threads';

// On a machine with thousands of processes the tick is mostly system calls: one read per /proc
// file, each a few µs here, where every call switches page tables. A second thread halves the wall
// time of the scan (not its CPU) by reading half of the held files into shared memory while the
// main thread reads the other half. The thread only reads descriptors the main thread holds, which
// closes them only while the thread is idle. Anything the thread could not read whole (a failed
// read, a file as long as its share of the memory, a descriptor not held) the main thread reads
// itself, so errors keep their one meaning. Started only past `helperMinimumFiles`: below that a
// scan is short, and the thread (~12 MB of RSS) would cost more than it saves.

/** Files in one scan from which a second thread pays for itself. */
export const helperMinimumFiles = 2000;
/** How long the main thread waits for the thread's half before reading it itself and stopping the thread. */
export const defaultHelperTimeoutMs = 1000;

// control[0]: the batch number the main thread asks for; control[1]: the last batch the thread has
// finished (−1 until it is up); control[2]: how many files the batch has.
const requested = 0;
const finished = 1;
const batchSize = 2;

// CommonJS, run from a string so the bundle needs no second entry point.
const threadSource = `
const {workerData} = require('node:worker_threads');
const {readSync} = require('node:fs');
const {control, fds, ends, data, slotBytes} = workerData;
const bytes = new Uint8Array(data);
for (let batch = 0; ; ) {
	Atomics.store(control, ${finished}, batch);
	Atomics.notify(control, ${finished});
	Atomics.wait(control, ${requested}, batch);
	batch = Atomics.load(control, ${requested});
	const count = control[${batchSize}];
	let end = 0;
	for (let index = 0; index < count; index++) {
		let length = -1;
		if (fds[index] >= 0) {
			try {
				length = readSync(fds[index], bytes, end, slotBytes, 0);
			} catch {}
		}
		if (length >= 0 && length < slotBytes) {
			end += length;
			ends[index] = end;
		} else {
			ends[index] = -1;
		}
	}
}
`;

export type ReadHelperOptions = {
	/** The most bytes a file may have for the thread to read it; a longer one is left to the main thread. */
	readonly slotBytes: number;
	readonly minimumFiles?: number;
	readonly timeoutMs?: number;
};

export type ReadHelper = {
	/** Batches smaller than this are not worth handing over. */
	readonly minimumFiles: number;
	/** True when the thread is up and idle, so `start` may hand it a batch. */
	readonly ready: () => boolean;
	/**
	 * Hands the thread `fds` to read (−1: not held, left to the main thread), each file at most
	 * `slotBytes` long, one after another into its memory. False when the thread is not ready.
	 */
	readonly start: (fds: readonly number[]) => boolean;
	/**
	 * Waits for the batch and returns, for each file, where its bytes end in the thread's memory,
	 * or −1 for a file left to the main thread. Undefined when the thread did not finish in time:
	 * it is stopped, and a later batch starts a new one.
	 */
	readonly finish: () => Int32Array | undefined;
	/** Copies bytes [start, end) of the finished batch into `target` at `at`. */
	readonly copy: (start: number, end: number, target: Buffer, at: number) => void;
	readonly close: () => void;
};

type Thread = {
	readonly worker: Worker;
	readonly control: Int32Array;
	readonly fds: Int32Array;
	readonly ends: Int32Array;
	readonly data: Buffer;
	readonly capacity: number;
	/** The batch last handed to it. */
	batch: number;
	failed: boolean;
};

/** A helper whose thread starts with the first batch handed to it. */
export function createReadHelper(options: ReadHelperOptions): ReadHelper {
	const {slotBytes} = options;
	const timeoutMs = options.timeoutMs ?? defaultHelperTimeoutMs;
	let thread: Thread | undefined;

	function spawn(capacity: number): Thread {
		const control = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
		control[finished] = -1;
		const fds = new Int32Array(new SharedArrayBuffer(capacity * Int32Array.BYTES_PER_ELEMENT));
		const ends = new Int32Array(new SharedArrayBuffer(capacity * Int32Array.BYTES_PER_ELEMENT));
		const data = new SharedArrayBuffer(capacity * slotBytes);
		const worker = new Worker(threadSource, {eval: true, workerData: {control, fds, ends, data, slotBytes}});
		const started: Thread = {worker, control, fds, ends, data: Buffer.from(data), capacity, batch: 0, failed: false};
		// It must never keep perftop running, and an error in it only means the main thread reads alone.
		worker.unref();
		worker.on('error', () => {
			started.failed = true;
		});
		worker.on('exit', () => {
			started.failed = true;
		});
		return started;
	}

	function stop(): void {
		// A thread blocked in a read stops when the read returns; until then it writes only to its own memory.
		void thread?.worker.terminate();
		thread = undefined;
	}

	function ready(): boolean {
		return thread !== undefined && !thread.failed && Atomics.load(thread.control, finished) === thread.batch;
	}

	function start(fds: readonly number[]): boolean {
		// A thread too small is idle between batches, so it may go; a larger one takes its place.
		if (thread !== undefined && (thread.failed || thread.capacity < fds.length)) {
			stop();
		}

		if (thread === undefined) {
			// Room to grow, so a few more processes do not start another thread.
			thread = spawn(Math.max(fds.length * 2, 256));
			return false;
		}

		if (!ready()) {
			return false;
		}

		thread.fds.set(fds);
		thread.control[batchSize] = fds.length;
		thread.batch++;
		Atomics.store(thread.control, requested, thread.batch);
		Atomics.notify(thread.control, requested);
		return true;
	}

	function finish(): Int32Array | undefined {
		const current = thread;
		if (current === undefined) {
			return undefined;
		}

		const deadline = performance.now() + timeoutMs;
		let last = Atomics.load(current.control, finished);
		while (last !== current.batch && !current.failed) {
			const left = deadline - performance.now();
			if (left <= 0) {
				break;
			}

			Atomics.wait(current.control, finished, last, left);
			last = Atomics.load(current.control, finished);
		}

		if (last !== current.batch) {
			stop();
			return undefined;
		}

		return current.ends;
	}

	return {
		minimumFiles: options.minimumFiles ?? helperMinimumFiles,
		ready,
		start,
		finish,
		copy(start: number, end: number, target: Buffer, at: number) {
			thread!.data.copy(target, at, start, end);
		},
		close: stop,
	};
}
