import type {Key} from 'ink';

export type Command =
	| 'focusNext'
	| 'focusPrev'
	| 'focusLeft'
	| 'focusRight'
	| 'focusUp'
	| 'focusDown'
	| 'focusPanel'
	| 'openDetail'
	| 'closeDetail'
	| 'cycleSort'
	| 'togglePause'
	| 'intervalUp'
	| 'intervalDown'
	| 'snapshotReport'
	| 'saveBaseline'
	| 'pickBaseline'
	| 'help'
	| 'quit';

/** Where a binding applies: the panel grid, a detail view, or both. */
export type Scope = 'main' | 'detail' | 'both';

export type Binding = {
	/** Canonical key names as `keyName` produces them. */
	readonly keys: readonly string[];
	/** How the help overlay and the footer spell the keys. */
	readonly label: string;
	readonly command: Command;
	readonly help: string;
	readonly scope: Scope;
	/** Shown in the footer hints (short form); bindings without it appear only in the help overlay. */
	readonly hint?: string;
	/** The footer's spelling of the keys when it differs from `label`. */
	readonly hintLabel?: string;
};

/** Every key the dashboard knows. The help overlay and the footer are generated from this table. */
export const keymap: readonly Binding[] = [
	{keys: ['tab'], label: 'Tab', command: 'focusNext', help: 'focus the next panel', scope: 'both', hint: 'focus'},
	{keys: ['shift+tab'], label: 'Shift-Tab', command: 'focusPrev', help: 'focus the previous panel', scope: 'both'},
	{keys: ['left', 'h'], label: '← h', command: 'focusLeft', help: 'focus the panel to the left', scope: 'main'},
	{keys: ['right', 'l'], label: '→ l', command: 'focusRight', help: 'focus the panel to the right', scope: 'main'},
	{keys: ['up', 'k'], label: '↑ k', command: 'focusUp', help: 'focus the panel above', scope: 'main'},
	{keys: ['down', 'j'], label: '↓ j', command: 'focusDown', help: 'focus the panel below', scope: 'main'},
	{keys: ['1', '2', '3', '4', '5'], label: '1–5', command: 'focusPanel', help: 'jump to CPU, Memory, Disk, Network, Services (when probed)', scope: 'both'},
	{keys: ['return'], label: 'Enter', command: 'openDetail', help: "open the focused panel's detail view", scope: 'main', hint: 'detail'},
	{keys: ['escape'], label: 'Esc', command: 'closeDetail', help: 'back to the dashboard', scope: 'detail', hint: 'back'},
	{keys: ['o'], label: 'o', command: 'cycleSort', help: 'sort processes by CPU, memory, I/O', scope: 'main', hint: 'sort'},
	{keys: ['p'], label: 'p', command: 'togglePause', help: 'pause or resume the view (collection goes on)', scope: 'both', hint: 'pause'},
	{keys: ['+', '='], label: '+', command: 'intervalUp', help: 'longer interval (up to 60 s)', scope: 'both', hint: 'interval', hintLabel: '+/-'},
	{keys: ['-', '_'], label: '-', command: 'intervalDown', help: 'shorter interval (down to 0.5 s)', scope: 'both'},
	{keys: ['s'], label: 's', command: 'snapshotReport', help: 'write a report of the current snapshot', scope: 'both', hint: 'report'},
	{keys: ['B'], label: 'B', command: 'saveBaseline', help: 'save a baseline from the recorded window', scope: 'both'},
	{keys: ['b'], label: 'b', command: 'pickBaseline', help: 'compare against a saved baseline, or off', scope: 'both'},
	{keys: ['?'], label: '?', command: 'help', help: 'show or hide this help', scope: 'both', hint: 'help'},
	{keys: ['q', 'ctrl+c'], label: 'q Ctrl-C', command: 'quit', help: 'quit', scope: 'both', hint: 'quit'},
];

/** What a plain control character in a chunk of input is, as Ink would have parsed it on its own. */
function keyOf(character: string, flags: Key): Key {
	const code = character.charCodeAt(0);
	return {
		...flags,
		return: character === '\r' || character === '\n',
		tab: character === '\t',
		escape: character === '\u001B',
		backspace: character === '\b' || character === '\u007F',
		ctrl: code < 32 && !'\r\n\t\u001B\b'.includes(character),
	};
}

/**
 * The key presses in one chunk of input. Ink hands characters read together (fast typing over SSH,
 * a paste, tmux send-keys) over as one string without key flags; here each is a key of its own, so
 * `oo` sorts twice and `2` + Enter opens the disk detail. Escape sequences (arrows) Ink splits itself.
 */
export function splitKeys(input: string, key: Key): Array<{readonly input: string; readonly key: Key}> {
	const characters = [...input];
	if (characters.length <= 1 || key.ctrl || key.meta) {
		return [{input, key}];
	}

	return characters.map(character => {
		const split = keyOf(character, key);
		// A control character stands for its letter with ctrl, as Ink reports Ctrl-C as ctrl + 'c'.
		return {input: split.ctrl ? String.fromCharCode(character.charCodeAt(0) + 96) : character, key: split};
	});
}

/** One canonical name for a key press, from Ink's parsed input. */
export function keyName(input: string, key: Key): string {
	if (key.ctrl && input.length === 1) {
		return `ctrl+${input.toLowerCase()}`;
	}

	if (key.tab) {
		return key.shift ? 'shift+tab' : 'tab';
	}

	const named: ReadonlyArray<[boolean, string]> = [
		[key.return, 'return'],
		[key.escape, 'escape'],
		[key.leftArrow, 'left'],
		[key.rightArrow, 'right'],
		[key.upArrow, 'up'],
		[key.downArrow, 'down'],
		[key.backspace || key.delete, 'backspace'],
	];
	return named.find(([pressed]) => pressed)?.[1] ?? input;
}

export function inScope(binding: Binding, detail: boolean): boolean {
	return binding.scope === 'both' || binding.scope === (detail ? 'detail' : 'main');
}

export function bindingFor(name: string, detail: boolean): Binding | undefined {
	return keymap.find(binding => inScope(binding, detail) && binding.keys.includes(name));
}

/** `Tab focus  Enter detail …` for the current view. */
export function footerHints(detail: boolean): string[] {
	return keymap.filter(binding => binding.hint !== undefined && inScope(binding, detail)).map(binding => `${binding.hintLabel ?? binding.label.split(' ')[0]!} ${binding.hint!}`);
}
