/**
 * Folds `perf script` output into collapsed stacks (`comm;root;…;leaf` → samples), the format
 * flamegraph.pl, inferno and speedscope read. The rules follow brendangregg/FlameGraph's
 * stackcollapse-perf.pl and jonhoo/inferno's src/collapse/perf.rs:
 * - only the first event type seen is kept (mixing cycles and instructions misleads);
 * - `+0x…` offsets are stripped, Java inlining `a->b` is split (later frames marked `_[i]`);
 * - `[unknown]` becomes `[module basename]` when perf knows the module, and stays `[unknown]`
 *   otherwise: unresolved frames are never dropped;
 * - `;` becomes `:` and argument lists are dropped, except Go's `.(*T)` and C++'s `(anonymous namespace)`;
 * - kernel frames get `_[k]` and JIT frames (`/tmp/perf-PID.map`, `jitted-*.so`) `_[j]`: colours only.
 * Each sample weighs 1: with `cpu-clock` at a fixed frequency every period is the same, and sample
 * counts are what the on-CPU share is computed from.
 * One piece over 500 lines because the byte-level line reader and the frame rules above share one
 * pass and its per-line caches (a frame line is known by its hashes before it is decoded).
 */

import {createFrameTreeBuilder, type FrameTree} from './frame-tree.js';

export type FoldedProfile = {
	/** The call tree; its folded stacks (`foldedText`) have the thread's name as the root frame. */
	readonly tree: FrameTree;
	/** The module (binary or library basename, `[kernel.kallsyms]`, `perf-123.map`) of each frame name. */
	readonly modules: ReadonlyMap<string, string>;
	readonly samples: number;
	/** The event folded: the first one seen. */
	readonly event: string | undefined;
	/** Samples of other events, left out. */
	readonly otherEventSamples: number;
	/** Lines that were neither an event header nor a stack frame. */
	readonly malformedLines: number;
};

export type PerfScriptFolder = {
	/** Any chunk of the output, as perf's pipe gives it (bytes) or as text: lines may be split across chunks. */
	push(chunk: Uint8Array | string): void;
	end(): FoldedProfile;
};

export type FrameKind = 'kernel' | 'jit' | 'inlined' | 'user';

const kindSuffixes: ReadonlyArray<[FrameKind, string]> = [['kernel', '_[k]'], ['jit', '_[j]'], ['inlined', '_[i]']];

/** A folded frame's name without its colour annotation, and what the annotation said. */
export function frameLabel(name: string): {readonly label: string; readonly kind: FrameKind} {
	for (const [kind, suffix] of kindSuffixes) {
		if (name.endsWith(suffix)) {
			return {label: name.slice(0, -suffix.length), kind};
		}
	}

	return {label: name, kind: 'user'};
}

export function foldPerfScript(text: Uint8Array | string): FoldedProfile {
	const folder = createPerfScriptFolder();
	folder.push(text);
	return folder.end();
}

/**
 * A distinct frame line (from its address on): its two hashes, its length in bytes, and the names it
 * stands for, leaf first.
 */
type FrameLine = {readonly first: number; readonly second: number; readonly length: number; readonly ids: readonly number[]};

/** A distinct stack: its frame lines leaf first, the thread's name last, and how many samples had it. */
type Stack = {readonly lines: readonly number[]; count: number};

/**
 * 100,000 samples are ~60 MB of text, nearly all of it repeated frame lines, so the bytes from perf's
 * pipe are read in place, once, and only distinct lines are ever decoded. A frame line is known by two
 * 32-bit hashes and its length (two distinct lines agree on all three about once in 10^9 profiles of
 * 100,000 distinct lines): first against the line that followed the previous one last time (a
 * function has few callers), then in a table. A sample is then one look-up of its list of lines.
 * Decoding the text and slicing each line measured 500–600 ms for 100,000 samples.
 */
export function createPerfScriptFolder(): PerfScriptFolder {
	const builder = createFrameTreeBuilder();
	const modules = new Map<string, string>();
	const lines: FrameLine[] = [];
	const linesByHash = new Map<number, number[]>();
	// The line that followed each line last time, and the first line of the last sample.
	const nextLine: number[] = [];
	let firstLine = -1;
	const stacks: Stack[] = [];
	const stacksByHash = new Map<number, number[]>();
	const commLines = new Map<string, number>();
	// The bytes after the last newline seen, waiting for the rest of their line.
	let partial: Buffer = Buffer.alloc(0);
	let event: string | undefined;
	let samples = 0;
	let otherEventSamples = 0;
	let malformedLines = 0;
	// The sample being read: its thread name and its frame lines so far.
	let inSample = false;
	let skipSample = false;
	let comm = '';
	let rawComm: string | undefined;
	const sampleLines: number[] = [];

	const addLine = (line: FrameLine): number => {
		nextLine.push(-1);
		return lines.push(line) - 1;
	};

	const finishSample = () => {
		if (inSample && !skipSample) {
			let commLine = commLines.get(comm);
			if (commLine === undefined) {
				commLine = addLine({first: -1, second: -1, length: -1, ids: [builder.intern(comm)]});
				commLines.set(comm, commLine);
			}

			sampleLines.push(commLine);
			let hash = 0x81_1C_9D_C5;
			for (const line of sampleLines) {
				hash = Math.imul(hash ^ line, 0x01_00_01_93);
			}

			hash &= 0x3F_FF_FF_FF;
			const candidates = stacksByHash.get(hash);
			const known = candidates?.find(index => sameLines(stacks[index]!.lines, sampleLines));
			if (known === undefined) {
				const index = stacks.push({lines: [...sampleLines], count: 1}) - 1;
				if (candidates) {
					candidates.push(index);
				} else {
					stacksByHash.set(hash, [index]);
				}
			} else {
				stacks[known]!.count++;
			}

			samples++;
		}

		inSample = false;
		skipSample = false;
		sampleLines.length = 0;
	};

	const onEventLine = (line: string) => {
		const header = parseEventLine(line);
		if (!header) {
			malformedLines++;
			return;
		}

		inSample = true;
		event ??= header.event;
		if (header.event !== undefined && header.event !== event) {
			skipSample = true;
			otherEventSamples++;
			return;
		}

		// Consecutive samples mostly come from one thread: its name is tidied once.
		if (header.comm !== rawComm) {
			rawComm = header.comm;
			comm = rawComm.replaceAll(' ', '_').replaceAll(';', ':');
		}
	};

	const namesOf = (rest: string): readonly number[] | undefined => {
		const frame = parseFrame(rest);
		if (!frame) {
			return undefined;
		}

		// perf prints a process name in parentheses for some samples; stackcollapse-perf.pl skips it.
		if (frame.symbol.startsWith('(')) {
			return [];
		}

		const kind = moduleKind(frame.module);
		const moduleName = basename(frame.module);
		const ids: number[] = [];
		// perf prints the leaf first; an inlined chain `a->b` reads caller first, so it goes in reversed.
		const inlined = frame.symbol.split('->');
		for (let index = inlined.length - 1; index >= 0; index--) {
			let name = withModuleFallback(inlined[index]!, moduleName, frame.module);
			if (comm === 'java') {
				name = tidyJava(name);
			}

			name += index > 0 ? '_[i]' : (kind === 'kernel' ? '_[k]' : (kind === 'jit' ? '_[j]' : ''));
			if (!modules.has(name)) {
				modules.set(name, moduleName);
			}

			ids.push(builder.intern(name));
		}

		return ids;
	};

	// The two hashes of the frame line last scanned (hashFrame).
	let firstHash = 0;
	let secondHash = 0;

	/**
	 * Hashes a frame line from `from` up to its newline or `limit`, whichever comes first, and returns
	 * where it stopped: the line's bytes are read once, for its end and its hashes together. Java's
	 * names depend on the thread's name (tidyJava), so its lines hash apart.
	 */
	const hashFrame = (bytes: Buffer, from: number, limit: number): number => {
		let first = comm === 'java' ? 0x01_00_01_93 : 0x81_1C_9D_C5;
		let second = 0x25_45_F4_91;
		let index = from;
		for (; index < limit; index++) {
			const byte = bytes[index]!;
			if (byte === 10) {
				break;
			}

			first = Math.imul(first ^ byte, 0x01_00_01_93);
			second = Math.imul(second ^ byte, 0x5B_D1_E9_95);
		}

		firstHash = first & 0x3F_FF_FF_FF;
		secondHash = second;
		return index;
	};

	/** The frame line just hashed, `bytes[from..end)` from its address on (`end` past any `\r`, which the hash may hold). */
	const onFrame = (bytes: Buffer, from: number, hashedEnd: number, end: number) => {
		const length = hashedEnd - from;
		const previous = sampleLines.length > 0 ? sampleLines.at(-1)! : -1;
		const predicted = previous < 0 ? firstLine : nextLine[previous]!;
		const line = predicted >= 0 && isLine(lines[predicted]!, length) ? predicted : lineOf(bytes, from, length, end);
		if (line === undefined) {
			malformedLines++;
			return;
		}

		if (previous < 0) {
			firstLine = line;
		} else {
			nextLine[previous] = line;
		}

		sampleLines.push(line);
	};

	const isLine = (line: FrameLine, length: number) => line.first === firstHash && line.second === secondHash && line.length === length;

	/** The frame line just hashed, found in the table or added to it; undefined when it is not a frame. */
	const lineOf = (bytes: Buffer, from: number, length: number, end: number): number | undefined => {
		const candidates = linesByHash.get(firstHash);
		const known = candidates?.find(index => isLine(lines[index]!, length));
		if (known !== undefined) {
			return known;
		}

		const text = bytes.toString('utf8', from, end);
		const space = text.indexOf(' ');
		const ids = namesOf(space < 0 ? '' : text.slice(space + 1));
		if (ids === undefined) {
			return undefined;
		}

		const line = addLine({first: firstHash, second: secondHash, length, ids});
		if (candidates) {
			candidates.push(line);
		} else {
			linesByHash.set(firstHash, [line]);
		}

		return line;
	};

	/** `\t    ffffffff816dc794 vfs_read+0x2a4 ([kernel.kallsyms])`, from `start` to `end` in `bytes`. */
	const onStackLine = (bytes: Buffer, start: number, end: number) => {
		if (skipSample) {
			return;
		}

		let from = start;
		while (from < end && isSpace(bytes[from]!)) {
			from++;
		}

		onFrame(bytes, from, hashFrame(bytes, from, end), end);
	};

	const onLine = (bytes: Buffer, start: number, end: number) => {
		if (bytes[start] === 35) {
			// A `#` comment (perf script --header).
		} else if (isBlank(bytes, start, end)) {
			finishSample();
		} else if (inSample) {
			onStackLine(bytes, start, end);
		} else {
			onEventLine(bytes.toString('utf8', start, end));
		}
	};

	/**
	 * The whole lines of `bytes` from `start`; returns where the unfinished last line begins. A frame
	 * line (indented, inside a sample) is hashed while its end is looked for; other lines go through onLine.
	 */
	const readLines = (bytes: Buffer, start: number): number => {
		const length = bytes.length;
		while (start < length) {
			if (inSample && !skipSample && isSpace(bytes[start]!)) {
				let from = start + 1;
				while (from < length && isSpace(bytes[from]!)) {
					from++;
				}

				const newline = hashFrame(bytes, from, length);
				if (newline === length) {
					return start;
				}

				const end = newline > from && bytes[newline - 1] === 13 ? newline - 1 : newline;
				if (end === from) {
					finishSample();
				} else {
					onFrame(bytes, from, newline, end);
				}

				start = newline + 1;
				continue;
			}

			const newline = bytes.indexOf(10, start);
			if (newline < 0) {
				return start;
			}

			onLine(bytes, start, newline > start && bytes[newline - 1] === 13 ? newline - 1 : newline);
			start = newline + 1;
		}

		return start;
	};

	const buildTree = () => {
		const leafFirst: number[] = [];
		for (const stack of stacks) {
			leafFirst.length = 0;
			for (const line of stack.lines) {
				leafFirst.push(...lines[line]!.ids);
			}

			builder.add(leafFirst, stack.count);
		}

		return builder.build();
	};

	return {
		push(chunk) {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
			let start = 0;
			if (partial.length > 0) {
				// The line split between chunks is finished on its own, so a chunk is never copied whole.
				const newline = bytes.indexOf(10);
				const joined = Buffer.concat([partial, newline < 0 ? bytes : bytes.subarray(0, newline + 1)]);
				if (newline < 0) {
					partial = joined;
					return;
				}

				readLines(joined, 0);
				start = newline + 1;
			}

			// Copied, so a kept remainder does not hold on to the whole chunk.
			partial = Buffer.from(bytes.subarray(readLines(bytes, start)));
		},
		end() {
			if (partial.length > 0) {
				onLine(partial, 0, partial.length);
				partial = Buffer.alloc(0);
			}

			finishSample();
			return {tree: buildTree(), modules, samples, event, otherEventSamples, malformedLines};
		},
	};
}

function sameLines(a: readonly number[], b: readonly number[]): boolean {
	if (a.length !== b.length) {
		return false;
	}

	for (let index = 0; index < a.length; index++) {
		if (a[index] !== b[index]) {
			return false;
		}
	}

	return true;
}

function isSpace(code: number): boolean {
	return code === 32 || code === 9;
}

/** Frame lines end in `)`, so most lines are decided by their last character. */
function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
	for (let index = end - 1; index >= start; index--) {
		if (!isSpace(bytes[index]!)) {
			return false;
		}
	}

	return true;
}

type EventHeader = {readonly comm: string; readonly event: string | undefined};

/**
 * `comm tid [cpu] time: [period] event:` with a thread name that may hold spaces and digits
 * (`V8 WorkerThread`, `kworker/0:1`, `worker 2`): the name is what comes before the last `tid` or
 * `pid/tid` that a timestamp follows, so a pid never ends up in the name (brendangregg/FlameGraph#259).
 * Without a timestamp, inferno's rule: the name ends before the first all-digit word.
 */
export function parseEventLine(line: string): EventHeader | undefined {
	const match = /^\s*(.+?)\s+\d+(?:\/\d+)?\s+(?:\[\d+\]\s+)?\d+\.\d+:(?:\s|$)/.exec(line) ?? /^\s*(.+?)\s+\d+(?:\/\d+)?(?:\s|$)/.exec(line);
	if (!match) {
		return undefined;
	}

	const last = /(\S+):\s*$/.exec(line.slice(match[0].length));
	return {comm: match[1]!, event: last?.[1]};
}

type StackFrame = {readonly symbol: string; readonly module: string};

/**
 * A frame line after its address: `vfs_read+0x2a4 ([kernel.kallsyms])`. A symbol may hold spaces
 * (`JS:*f /app.js:3:20`) and parentheses (`v8::(anonymous namespace)::Invoke`): the module is the last
 * parenthesised word.
 */
export function parseFrame(line: string): StackFrame | undefined {
	const rest = line.trim();
	if (rest === '') {
		return undefined;
	}

	const open = rest.lastIndexOf('(');
	let symbol = rest;
	let module = '[unknown]';
	if (rest.endsWith(')') && open >= 0 && (open === 0 || rest[open - 1] === ' ')) {
		symbol = rest.slice(0, open).trim();
		module = rest.slice(open + 1, -1);
	}

	const offset = symbol.lastIndexOf('+0x');
	if (offset > 0 && /^[\da-f]+$/i.test(symbol.slice(offset + 3))) {
		symbol = symbol.slice(0, offset);
	}

	return {symbol: symbol === '' ? '[unknown]' : symbol, module};
}

/** Kernel: `[kernel.kallsyms]`, `[nf_conntrack]`, `*.ko` or a vmlinux image; JIT: a perf map or jitdump. */
export function moduleKind(module: string): 'kernel' | 'jit' | 'user' {
	if (module !== '[unknown]' && (module.startsWith('[') || module.endsWith('.ko') || /vmlinux[\w.-]*$/.test(module))) {
		return 'kernel';
	}

	const name = basename(module);
	if ((module.startsWith('/tmp/perf-') && module.endsWith('.map')) || /^jitted-\d+-\d+\.so$/.test(name)) {
		return 'jit';
	}

	return 'user';
}

function basename(module: string): string {
	return module.slice(module.lastIndexOf('/') + 1);
}

function withModuleFallback(symbol: string, moduleName: string, module: string): string {
	if (symbol === '[unknown]') {
		return module === '[unknown]' || moduleName === '' ? '[unknown]' : `[${moduleName}]`;
	}

	return tidyName(symbol);
}

/**
 * `;` separates frames, so it becomes `:`; an argument list is dropped, except Go's `pkg.(*T).M`
 * (FlameGraph#72) and C++'s `(anonymous namespace)` (FlameGraph#93).
 */
function tidyName(name: string): string {
	const tidied = name.replaceAll(';', ':');
	const paren = tidied.indexOf('(');
	if (paren <= 0 || tidied.startsWith('(anonymous namespace)', paren) || tidied[paren - 1] === '.') {
		return tidied;
	}

	return tidied.slice(0, paren);
}

/** `Lorg/mozilla/Foo;.call` → `org/mozilla/Foo:.call` (with tidyName's `;` → `:`). */
function tidyJava(name: string): string {
	return name.startsWith('L') && name.includes('/') ? name.slice(1) : name;
}
