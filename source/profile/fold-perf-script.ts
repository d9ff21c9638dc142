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
	/** Any chunk of the text: lines may be split across chunks. */
	push(text: string): void;
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

export function foldPerfScript(text: string): FoldedProfile {
	const folder = createPerfScriptFolder();
	folder.push(text);
	return folder.end();
}

/**
 * 100,000 samples are ~60 MB of text, nearly all of it repeated frame lines, so the text is read in
 * place: a frame line costs a search for its end, a look-up of its address, and a comparison of the
 * rest of the line with the one seen before at that address (a forked child, or JIT code replaced,
 * can put another function there); hashing the whole line measured slower. Samples go into a leaf-first trie of frame lines; only its
 * distinct stacks are named and added to the tree at the end.
 */
export function createPerfScriptFolder(): PerfScriptFolder {
	const builder = createFrameTreeBuilder();
	const modules = new Map<string, string>();
	// Distinct frame lines (the text after the address), each with the names it stands for, leaf first.
	const lines: Array<{readonly rest: string; readonly ids: readonly number[]}> = [];
	const linesByAddress = new Map<number, number[]>();
	const javaLinesByAddress = new Map<number, number[]>();
	// The leaf-first trie: node 0 is the empty stack; a child is keyed by its frame line's index.
	const trieParent = [-1];
	const trieLine = [-1];
	const trieCount = [0];
	const trieChildren: Array<Map<number, number>> = [new Map()];
	const trieLastLine = [-1];
	const trieLastChild = [-1];
	const commLines = new Map<string, number>();
	let partial = '';
	let event: string | undefined;
	let samples = 0;
	let otherEventSamples = 0;
	let malformedLines = 0;
	// The sample being read: its thread name and where it is in the trie.
	let inSample = false;
	let skipSample = false;
	let comm = '';
	let rawComm: string | undefined;
	let node = 0;

	const step = (line: number) => {
		// Consecutive samples mostly repeat their neighbour's path, so the last child taken is tried first.
		if (trieLastLine[node] === line) {
			node = trieLastChild[node]!;
			return;
		}

		let child = trieChildren[node]!.get(line);
		if (child === undefined) {
			child = trieParent.length;
			trieParent.push(node);
			trieLine.push(line);
			trieCount.push(0);
			trieChildren.push(new Map());
			trieChildren[node]!.set(line, child);
			trieLastLine.push(-1);
			trieLastChild.push(-1);
		}

		trieLastLine[node] = line;
		trieLastChild[node] = child;
		node = child;
	};

	const finishSample = () => {
		if (inSample && !skipSample) {
			let line = commLines.get(comm);
			if (line === undefined) {
				line = lines.length;
				lines.push({rest: '', ids: [builder.intern(comm)]});
				commLines.set(comm, line);
			}

			step(line);
			trieCount[node]!++;
			samples++;
		}

		inSample = false;
		skipSample = false;
		node = 0;
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

	/** `\t    ffffffff816dc794 vfs_read+0x2a4 ([kernel.kallsyms])`, from `start` to `end` in `text`. */
	const onStackLine = (text: string, start: number, end: number) => {
		if (skipSample) {
			return;
		}

		// The address, hashed to a small integer as it is read (a Map keyed by a slice of the text has to
		// hash it anyway, and measured the slowest step); lines are told apart by the text after it.
		let index = start;
		while (index < end && isSpace(text.charCodeAt(index))) {
			index++;
		}

		let address = 0;
		for (let code = text.charCodeAt(index); index < end && code !== 32; code = text.charCodeAt(++index)) {
			address = ((address * 31) + code) & 0x3F_FF_FF_FF;
		}

		const rest = text.slice(index + 1, end);
		// Java's names depend on the thread's name (tidyJava), so its lines are kept apart.
		const byAddress = comm === 'java' ? javaLinesByAddress : linesByAddress;
		const candidates = byAddress.get(address);
		let line = candidates?.find(index => lines[index]!.rest === rest);
		if (line === undefined) {
			const ids = namesOf(rest);
			if (ids === undefined) {
				malformedLines++;
				return;
			}

			line = lines.length;
			lines.push({rest, ids});
			if (candidates) {
				candidates.push(line);
			} else {
				byAddress.set(address, [line]);
			}
		}

		step(line);
	};

	const onLine = (text: string, start: number, end: number) => {
		const first = text.charCodeAt(start);
		if (first === 35) {
			// A `#` comment (perf script --header).
		} else if (isBlank(text, start, end)) {
			finishSample();
		} else if (inSample) {
			onStackLine(text, start, end);
		} else {
			onEventLine(text.slice(start, end));
		}
	};

	const readLines = (text: string, final: boolean) => {
		let start = 0;
		for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
			onLine(text, start, newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline);
			start = newline + 1;
		}

		partial = text.slice(start);
		if (final && partial !== '') {
			onLine(partial, 0, partial.length);
			partial = '';
		}
	};

	/** Each distinct stack, walked up from its thread's name to its leaf: root first. */
	const buildTree = () => {
		const leafFirst: number[] = [];
		for (let stackNode = 1; stackNode < trieCount.length; stackNode++) {
			if (trieCount[stackNode] === 0) {
				continue;
			}

			leafFirst.length = 0;
			for (let current = stackNode; current > 0; current = trieParent[current]!) {
				const ids = lines[trieLine[current]!]!.ids;
				for (let index = ids.length - 1; index >= 0; index--) {
					leafFirst.push(ids[index]!);
				}
			}

			leafFirst.reverse();
			builder.add(leafFirst, trieCount[stackNode]!);
		}

		return builder.build();
	};

	return {
		push(text) {
			readLines(partial === '' ? text : partial + text, false);
		},
		end() {
			readLines(partial, true);
			finishSample();
			return {tree: buildTree(), modules, samples, event, otherEventSamples, malformedLines};
		},
	};
}

function isSpace(code: number): boolean {
	return code === 32 || code === 9;
}

/** Frame lines end in `)`, so most lines are decided by their last character. */
function isBlank(text: string, start: number, end: number): boolean {
	for (let index = end - 1; index >= start; index--) {
		if (!isSpace(text.charCodeAt(index))) {
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
