import {EventEmitter} from 'node:events';
import {render} from 'ink';
import type {ReactElement} from 'react';

/** A terminal of a chosen size that records frames; `resize` changes it as a real terminal would. */
export class TestStdout extends EventEmitter {
	columns: number;
	rows: number;
	readonly isTTY = true;
	frames: string[] = [];

	constructor(columns: number, rows: number) {
		super();
		this.columns = columns;
		this.rows = rows;
	}

	write = (frame: string) => {
		this.frames.push(frame);
		return true;
	};

	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

/** Stdin as ink-testing-library fakes it: raw mode accepted, data delivered through 'readable'. */
export class TestStdin extends EventEmitter {
	readonly isTTY = true;
	private data: string | null = null;

	write = (data: string) => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};

	read = () => {
		const {data} = this;
		this.data = null;
		return data;
	};

	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}

export type Rendered = {
	readonly stdout: TestStdout;
	readonly stdin: TestStdin;
	/** The last frame with colours stripped. */
	readonly frame: () => string;
	/** The last frame as written, escape codes included. */
	readonly rawFrame: () => string;
	/** Wait until the last frame satisfies `predicate` (renders are asynchronous); throws with the frame if it never does. */
	readonly waitFor: (predicate: (frame: string) => boolean) => Promise<string>;
	readonly press: (keys: string) => Promise<void>;
	/** Render the app again with new props, as the dashboard command does when the database has opened. */
	readonly rerender: (tree: ReactElement) => void;
	readonly unmount: () => void;
	readonly exited: () => boolean;
	/** What the app exited with: the error passed to `exit(error)`, undefined for a clean exit or none yet. */
	readonly exitError: () => unknown;
};

const settleMs = 5;

/** SGR colour codes are the only escape codes the dashboard writes. */
export function stripColour(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replaceAll(/\u001B\[[0-9;]*m/g, '');
}
const waitLimitMs = 3000;

const pause = (ms: number) =>
	new Promise<void>(resolve => {
		setTimeout(resolve, ms);
	});

export function renderAt(tree: ReactElement, columns: number, rows: number): Rendered {
	const stdout = new TestStdout(columns, rows);
	const stdin = new TestStdin();
	const instance = render(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: new TestStdout(columns, rows) as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	let exited = false;
	let exitError: unknown;
	void instance.waitUntilExit().then(
		() => {
			exited = true;
		},
		(error: unknown) => {
			exited = true;
			exitError = error;
		},
	);
	const rawFrame = () => stdout.frames.at(-1) ?? '';
	const frame = () => stripColour(rawFrame());
	return {
		stdout,
		stdin,
		frame,
		rawFrame,
		async waitFor(predicate) {
			const deadline = Date.now() + waitLimitMs;
			while (!predicate(frame())) {
				if (Date.now() > deadline) {
					throw new Error(`frame never matched:\n${frame()}`);
				}

				// eslint-disable-next-line no-await-in-loop
				await pause(settleMs);
			}

			return frame();
		},
		async press(keys) {
			stdin.write(keys);
			await pause(settleMs * 4);
		},
		rerender(next) {
			instance.rerender(next);
		},
		unmount() {
			instance.unmount();
			instance.cleanup();
		},
		exited: () => exited,
		exitError: () => exitError,
	};
}
