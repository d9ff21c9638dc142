// Every key the dashboard knows and the rules that pick the binding for a key in a view. One piece on
// purpose (all keys in one keymap): the help overlay, the footer, the dispatcher and the config file's
// `keys:` check all read this one table, so a key cannot mean one thing in help and another in use.
import type {Key} from 'ink';

export type Command =
	| 'focusNext'
	| 'focusPrev'
	| 'focusLeft'
	| 'focusRight'
	| 'focusUp'
	| 'focusDown'
	| 'focusPanel'
	| 'focusTable'
	| 'selectUp'
	| 'selectDown'
	| 'selectPageUp'
	| 'selectPageDown'
	| 'selectFirst'
	| 'selectLast'
	| 'reverseSort'
	| 'clearFilter'
	| 'editFilter'
	| 'toggleTree'
	| 'toggleCollapse'
	| 'toggleFollow'
	| 'signalMenu'
	| 'renice'
	| 'pickUser'
	| 'openDetail'
	| 'closeDetail'
	| 'cycleSort'
	| 'cycleInterface'
	| 'togglePause'
	| 'intervalUp'
	| 'intervalDown'
	| 'report'
	| 'snapshotReport'
	| 'saveBaseline'
	| 'pickBaseline'
	| 'startProfile'
	| 'cancelProfile'
	| 'flameMove'
	| 'flameZoom'
	| 'flameBack'
	| 'flameSearch'
	| 'cgroupView'
	| 'cgroupMove'
	| 'cgroupSort'
	| 'cgroupFold'
	| 'cgroupDetail'
	| 'cgroupBack'
	| 'historyStep'
	| 'historyMinute'
	| 'goToTime'
	| 'worstMoment'
	| 'episode'
	| 'live'
	| 'help'
	| 'quit';

/**
 * Where a binding applies: the panel grid (the table focused or not), a detail view, or both; 'table'
 * while the process table is focused, ahead of the grid's; 'process' when there is a process to act on
 * (the table focused, or a process's detail view open); 'history' in history mode only.
 */
export type Scope = 'main' | 'detail' | 'both' | 'table' | 'process' | 'profile' | 'profiling' | 'cgroups' | 'history';

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
	/** The footer hint while the view is paused, when it differs (`p resume`). */
	readonly pausedHint?: string;
	/** Acts on the panel grid, detail views or process table, none of which the compact view (below 80x24) has. */
	readonly grid?: true;
};

/** What the footer hints depend on besides detail or main. */
export type HintContext = {
	readonly paused?: boolean;
	readonly compact?: boolean;
};

/** Every key the dashboard knows. The help overlay and the footer are generated from this table. */
export const keymap: readonly Binding[] = [
	{keys: ['tab'], label: 'Tab', command: 'focusNext', help: 'focus the next panel', scope: 'both', hint: 'focus', grid: true},
	{keys: ['shift+tab'], label: 'Shift-Tab', command: 'focusPrev', help: 'focus the previous panel', scope: 'both', grid: true},
	{keys: ['left', 'h'], label: '← h', command: 'focusLeft', help: 'focus the panel to the left', scope: 'main', grid: true},
	{keys: ['right', 'l'], label: '→ l', command: 'focusRight', help: 'focus the panel to the right', scope: 'main', grid: true},
	{keys: ['up', 'k'], label: '↑ k', command: 'focusUp', help: 'focus the panel above', scope: 'main', grid: true},
	{keys: ['down', 'j'], label: '↓ j', command: 'focusDown', help: 'focus the panel below', scope: 'main', grid: true},
	{keys: ['1', '2', '3', '4', '5'], label: '1–5', command: 'focusPanel', help: 'jump to CPU, Memory, Disk, Network, Services (when probed)', scope: 'both', grid: true},
	{keys: ['0'], label: '0', command: 'focusTable', help: 'focus the process table', scope: 'main', grid: true},
	{keys: ['up', 'k'], label: '↑ k', command: 'selectUp', help: 'select the process above', scope: 'table', hint: 'select', hintLabel: '↑↓', grid: true},
	{keys: ['down', 'j'], label: '↓ j', command: 'selectDown', help: 'select the process below', scope: 'table', grid: true},
	{keys: ['pageup'], label: 'PgUp', command: 'selectPageUp', help: 'select a page up', scope: 'table', grid: true},
	{keys: ['pagedown'], label: 'PgDn', command: 'selectPageDown', help: 'select a page down', scope: 'table', grid: true},
	{keys: ['home'], label: 'Home', command: 'selectFirst', help: 'select the first process', scope: 'table', grid: true},
	{keys: ['end'], label: 'End', command: 'selectLast', help: 'select the last process', scope: 'table', grid: true},
	{keys: ['escape'], label: 'Esc', command: 'clearFilter', help: 'clear the process filter', scope: 'table', grid: true},
	{keys: ['return'], label: 'Enter', command: 'openDetail', help: "open the focused panel's (or the selected process's) detail view", scope: 'main', hint: 'detail', grid: true},
	{keys: ['escape'], label: 'Esc', command: 'closeDetail', help: 'back to the dashboard', scope: 'detail', hint: 'back', grid: true},
	{keys: ['o'], label: 'o', command: 'cycleSort', help: 'sort processes by CPU, memory, I/O', scope: 'main', hint: 'sort', grid: true},
	{keys: ['i'], label: 'i', command: 'cycleInterface', help: 'Network panel: next interface, then back to the busiest', scope: 'main', grid: true},
	{keys: ['O'], label: 'O', command: 'reverseSort', help: 'reverse the process sort (lightest first)', scope: 'main', grid: true},
	{keys: ['/'], label: '/', command: 'editFilter', help: 'filter processes by name, command line or user (Esc clears)', scope: 'main', hint: 'filter', grid: true},
	{keys: ['t'], label: 't', command: 'toggleTree', help: 'processes as a tree under their parents', scope: 'main', hint: 'tree', grid: true},
	{keys: [' '], label: 'Space', command: 'toggleCollapse', help: 'fold or unfold the selected branch (tree view)', scope: 'table', grid: true},
	{keys: ['u'], label: 'u', command: 'pickUser', help: 'show one user\'s processes, or all', scope: 'main', grid: true},
	// K, not htop's k: j and k move the selection as they move focus, frames and menus everywhere else.
	{keys: ['K'], label: 'K', command: 'signalMenu', help: 'send the process a signal (TERM, KILL, INT, HUP, STOP, CONT, USR1, USR2)', scope: 'process', hint: 'signal', grid: true},
	{keys: ['r'], label: 'r', command: 'renice', help: 'renice the process (a nice value from -20 to 19)', scope: 'process', grid: true},
	{keys: ['F'], label: 'F', command: 'toggleFollow', help: 'follow the selected process: kept in view and highlighted', scope: 'table', grid: true},
	{keys: ['p'], label: 'p', command: 'togglePause', help: 'pause or resume the view (collection goes on)', scope: 'both', hint: 'pause', pausedHint: 'resume'},
	{keys: ['+', '='], label: '+', command: 'intervalUp', help: 'longer interval (up to 60 s)', scope: 'both', hint: 'interval', hintLabel: '+/-'},
	{keys: ['-', '_'], label: '-', command: 'intervalDown', help: 'shorter interval (down to 0.5 s)', scope: 'both'},
	{keys: ['s'], label: 's', command: 'report', help: 'write a report judged over the range since the dashboard started', scope: 'both', hint: 'report'},
	{keys: ['S'], label: 'S', command: 'snapshotReport', help: 'write a report of this moment\'s snapshot', scope: 'both'},
	{keys: ['B'], label: 'B', command: 'saveBaseline', help: 'save a baseline from the recorded window', scope: 'both'},
	{keys: ['b'], label: 'b', command: 'pickBaseline', help: 'compare against a saved baseline, or off', scope: 'both'},
	{keys: ['f'], label: 'f', command: 'startProfile', help: 'profile the selected process with perf (10 s)', scope: 'table', hint: 'profile'},
	{keys: ['f'], label: 'f', command: 'startProfile', help: 'profile the process whose detail is open', scope: 'detail'},
	{keys: ['escape'], label: 'Esc', command: 'cancelProfile', help: 'cancel the profile being taken', scope: 'profiling', hint: 'cancel profile'},
	{keys: ['left', 'right', 'up', 'down', 'h', 'l', 'k', 'j'], label: '←→↑↓ hjkl', command: 'flameMove', help: 'next frame; ↑ caller, ↓ widest callee', scope: 'profile', hint: 'frames', hintLabel: '←→↑↓'},
	{keys: ['return'], label: 'Enter', command: 'flameZoom', help: 'zoom into the selected frame', scope: 'profile', hint: 'zoom'},
	{keys: ['escape'], label: 'Esc', command: 'flameBack', help: 'clear the search, zoom out, close', scope: 'profile', hint: 'back'},
	{keys: ['/'], label: '/', command: 'flameSearch', help: 'highlight frames matching a regex', scope: 'profile', hint: 'search'},
	{keys: ['c'], label: 'c', command: 'cgroupView', help: 'cgroups: services, containers and pods with their limits (c again closes)', scope: 'both', grid: true},
	{keys: ['up', 'down', 'k', 'j'], label: '↑↓ k j', command: 'cgroupMove', help: 'select the cgroup above or below', scope: 'cgroups', hint: 'select', hintLabel: '↑↓'},
	{keys: ['o'], label: 'o', command: 'cgroupSort', help: 'sort cgroups by CPU, memory, I/O', scope: 'cgroups', hint: 'sort'},
	{keys: [' '], label: 'Space', command: 'cgroupFold', help: 'fold or unfold the selected cgroup\'s children', scope: 'cgroups', hint: 'fold'},
	{keys: ['return'], label: 'Enter', command: 'cgroupDetail', help: 'the selected cgroup\'s detail: figures, sparklines, processes', scope: 'cgroups', hint: 'detail'},
	{keys: ['escape'], label: 'Esc', command: 'cgroupBack', help: 'back from the cgroup detail, then to the dashboard', scope: 'cgroups', hint: 'back'},
	{keys: ['[', ']'], label: '[ ]', command: 'historyStep', help: 'history: one recorded tick back / forward (the dashboard at that moment)', scope: 'both', hint: 'history', hintLabel: '[]'},
	{keys: ['{', '}'], label: '{ }', command: 'historyMinute', help: 'history: one minute back / forward', scope: 'both'},
	{keys: ['g'], label: 'g', command: 'goToTime', help: 'history: go to a time (03:12, -90m, yesterday 14:00, ISO)', scope: 'both', hint: 'go to'},
	{keys: ['w'], label: 'w', command: 'worstMoment', help: 'history: the worst moment of the loaded range (highest total severity)', scope: 'both'},
	{keys: ['n', 'N'], label: 'n N', command: 'episode', help: 'history: the start of the next / previous bottleneck episode of the loaded range', scope: 'both'},
	{keys: ['L'], label: 'L', command: 'live', help: 'back to live', scope: 'history', hint: 'live'},
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
		[key.pageUp, 'pageup'],
		[key.pageDown, 'pagedown'],
		[key.home, 'home'],
		[key.end, 'end'],
		[key.backspace || key.delete, 'backspace'],
	];
	return named.find(([pressed]) => pressed)?.[1] ?? input;
}

/** Which view the keys go to: a detail view or the grid, and whether the process table has them first. */
export type KeyContext = {
	readonly detail: boolean;
	/** The process table is focused (on the main screen). */
	readonly table: boolean;
	/** The profile view is open: its keys, and only the few global ones below. */
	readonly profile?: boolean;
	/** A profile is being taken (the footer counts down; Esc cancels it). */
	readonly profiling?: boolean;
	/** A process to act on: the table focused, or a process's detail view open. */
	readonly process?: boolean;
	/** The cgroup view is open: its keys, and only the few global ones below. */
	readonly cgroups?: boolean;
	/** History mode: a recorded moment is on screen. */
	readonly history?: boolean;
};

/** What acts on the live machine or view: nothing to do with a recorded moment (its pids may be reused since). */
const liveOnly: ReadonlySet<Command> = new Set(['signalMenu', 'renice', 'startProfile', 'togglePause']);

/** What works in the profile view besides its own keys. */
const inProfileView: ReadonlySet<Command> = new Set(['togglePause', 'intervalUp', 'intervalDown', 'help', 'quit']);
/** What works in the cgroup view besides its own keys: the profile view's, and `c` to close it. */
const inCgroupView: ReadonlySet<Command> = new Set([...inProfileView, 'cgroupView']);

export function inScope(binding: Binding, context: KeyContext): boolean {
	if (binding.scope === 'profiling') {
		return context.profiling === true;
	}

	if (context.history && liveOnly.has(binding.command)) {
		return false;
	}

	if (binding.scope === 'history') {
		return context.history === true && !context.profile;
	}

	if (context.profile) {
		return binding.scope === 'profile' || (binding.scope === 'both' && inProfileView.has(binding.command));
	}

	if (context.cgroups) {
		return binding.scope === 'cgroups' || (binding.scope === 'both' && inCgroupView.has(binding.command));
	}

	switch (binding.scope) {
		case 'both': {
			return true;
		}

		case 'table': {
			return context.table;
		}

		case 'process': {
			return context.process === true;
		}

		case 'main': {
			return !context.detail;
		}

		case 'detail': {
			return context.detail;
		}

		case 'profile':
		case 'cgroups': {
			return false;
		}
	}
}

/**
 * Which of a key's bindings in this context wins, lowest first: cancelling a profile being taken (Esc),
 * then a detail view's own bindings (Esc goes back), then the process table's (↑ selects rather than
 * moving focus), then the rest in table order.
 */
function precedence(binding: Binding, context: KeyContext): number {
	if (binding.scope === 'profiling') {
		return 0;
	}

	if (context.detail && binding.scope === 'detail') {
		return 1;
	}

	return binding.scope === 'table' || binding.scope === 'process' ? 2 : 3;
}

/** The binding for a key in this context. */
export function bindingFor(name: string, context: KeyContext, bindings: readonly Binding[] = keymap): Binding | undefined {
	let best: Binding | undefined;
	for (const binding of bindings) {
		if (binding.keys.includes(name) && inScope(binding, context) && (best === undefined || precedence(binding, context) < precedence(best, context))) {
			best = binding;
		}
	}

	return best;
}

/** Whether any view binds the key (Esc on the main screen is known, just idle there). */
export function isKnownKey(name: string, bindings: readonly Binding[] = keymap): boolean {
	return bindings.some(binding => binding.keys.includes(name));
}

/** `Tab focus  Enter detail …` for the current view: the compact view offers no keys it has nothing for. */
export function footerHints(context: KeyContext, hints: HintContext = {}, bindings: readonly Binding[] = keymap): string[] {
	return bindings
		.filter(binding => binding.hint !== undefined && inScope(binding, context) && !(hints.compact && binding.grid))
		.map(binding => `${binding.hintLabel ?? binding.label.split(' ')[0]!} ${(hints.paused ? binding.pausedHint : undefined) ?? binding.hint!}`);
}

// `keys:` in the config file: each command's keys replace its defaults; the help and footer follow.

/** Key names a config file may write (any case), to the names `keyName` gives. */
const namedKeys: Readonly<Record<string, string>> = {
	space: ' ',
	enter: 'return',
	return: 'return',
	esc: 'escape',
	escape: 'escape',
	tab: 'tab',
	'shift+tab': 'shift+tab',
	backspace: 'backspace',
	up: 'up',
	down: 'down',
	left: 'left',
	right: 'right',
	pageup: 'pageup',
	pgup: 'pageup',
	pagedown: 'pagedown',
	pgdn: 'pagedown',
	home: 'home',
	end: 'end',
};

/** How the help overlay and footer spell a key: arrows as arrows, Ctrl-X, Enter, Space. */
const keyLabels: Readonly<Record<string, string>> = {
	' ': 'Space',
	return: 'Enter',
	escape: 'Esc',
	tab: 'Tab',
	'shift+tab': 'Shift-Tab',
	backspace: 'Backspace',
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
	pageup: 'PgUp',
	pagedown: 'PgDn',
	home: 'Home',
	end: 'End',
};

/** The canonical name of a key as a config file writes it (`S`, `space`, `ctrl+r`, `PgDn`); undefined when it is none. */
export function canonicalKey(text: string): string | undefined {
	if ([...text].length === 1) {
		// One printable character is itself, case kept: S and s are two keys.
		return /^[\p{L}\p{N}\p{P}\p{S} ]$/u.test(text) ? text : undefined;
	}

	const lower = text.trim().toLowerCase();
	const control = /^ctrl[+-]([a-z])$/.exec(lower);
	return namedKeys[lower] ?? (control ? `ctrl+${control[1]!}` : undefined);
}

export function keyLabel(name: string): string {
	return keyLabels[name] ?? (name.startsWith('ctrl+') ? `Ctrl-${name.slice(5).toUpperCase()}` : name);
}

/** Commands whose keys each mean something of their own (a panel's number, a direction): not remappable. */
const fixedKeys: ReadonlySet<Command> = new Set(['focusPanel', 'flameMove']);

/** Every view a key can be pressed in, for finding keys two commands would both answer. */
const allContexts: readonly KeyContext[] = [false, true].flatMap(detail => [false, true].flatMap(table => [false, true].flatMap(profile => [false, true].flatMap(profiling => [false, true].map(process => ({detail, table: table && !detail, profile, profiling, process}))))));

/**
 * Pairs of commands (`a b`, sorted) that would answer one key in one view with the same precedence, each
 * with the key; a key that selects in the table and focuses elsewhere is not one of them.
 */
function sharedKeys(bindings: readonly Binding[]): Map<string, string> {
	const pairs = new Map<string, string>();
	for (const context of allContexts) {
		const byKey = new Map<string, Set<Command>>();
		for (const binding of bindings.filter(candidate => inScope(candidate, context))) {
			for (const key of binding.keys) {
				const slot = `${precedence(binding, context)}\u0000${key}`;
				byKey.set(slot, (byKey.get(slot) ?? new Set()).add(binding.command));
			}
		}

		for (const [key, commands] of byKey) {
			const sorted = [...commands].sort();
			for (const [index, first] of sorted.entries()) {
				for (const second of sorted.slice(index + 1)) {
					pairs.set(`${first} ${second}`, key.split('\u0000')[1]!);
				}
			}
		}
	}

	return pairs;
}

/** Any such pair in the default keymap is there by design; the config's keys must add none. */
const designedPairs = new Set(sharedKeys(keymap).keys());

export type KeyConfig = {
	/** The keymap with the config's keys in place; the default one when there are problems. */
	readonly keymap: readonly Binding[];
	/** One line per problem, `keys.<command>: …`: an unknown command or key name, a key two commands would share. */
	readonly problems: readonly string[];
};

/**
 * The keymap after `keys:` from the config file: each command named gets exactly the keys given (its
 * default keys go), labelled for the help and footer from the key names. Ctrl-C always quits.
 */
export function applyKeyConfig(config: Readonly<Record<string, readonly string[]>>, base: readonly Binding[] = keymap): KeyConfig {
	const commands = new Set(base.map(binding => binding.command));
	const problems: string[] = [];
	const replaced = new Map<Command, string[]>();
	for (const [command, texts] of Object.entries(config)) {
		if (!commands.has(command as Command)) {
			problems.push(`keys.${command}: unknown command (the commands are listed in the README's "Keys in the config file")`);
			continue;
		}

		if (fixedKeys.has(command as Command)) {
			problems.push(`keys.${command}: its keys cannot be changed`);
			continue;
		}

		const names = texts.map(text => ({text, name: canonicalKey(text)}));
		for (const {text} of names.filter(({name}) => name === undefined)) {
			problems.push(`keys.${command}: unknown key name '${text}' (a character, space, enter, esc, tab, shift+tab, backspace, up, down, left, right, pageup, pagedown, home, end, ctrl+<letter>)`);
		}

		const keys = [...new Set(names.map(({name}) => name).filter(name => name !== undefined))];
		if (keys.includes('ctrl+c') && command !== 'quit') {
			problems.push(`keys.${command}: ctrl+c always quits`);
		}

		replaced.set(command as Command, keys);
	}

	const bindings = base.map(binding => {
		const keys = replaced.get(binding.command);
		if (keys === undefined) {
			return binding;
		}

		const {hintLabel: _defaultSpelling, ...rest} = binding;
		return {...rest, keys, label: keys.map(key => keyLabel(key)).join(' ')};
	});
	for (const [pair, key] of sharedKeys(bindings)) {
		// Ctrl-C on another command has its own line above.
		if (!designedPairs.has(pair) && key !== 'ctrl+c') {
			const [first, second] = pair.split(' ') as [Command, Command];
			const mine = replaced.has(first) ? first : second;
			problems.push(`keys.${mine}: ${keyLabel(key)} is also ${mine === first ? second : first}'s key`);
		}
	}

	return problems.length > 0 ? {keymap: base, problems} : {keymap: bindings, problems};
}
