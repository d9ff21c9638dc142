import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {applyKeyConfig, bindingFor, canonicalKey, footerHints, keyName, keymap, splitKeys} from '../../source/ui/keymap.js';

const noKey: Key = {
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
	return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false,
	capsLock: false, numLock: false, eventType: 'press',
} as Key;

describe('keyName', () => {
	it('names special keys and passes characters through', () => {
		expect(keyName('\t', {...noKey, tab: true})).toBe('tab');
		expect(keyName('', {...noKey, tab: true, shift: true})).toBe('shift+tab');
		expect(keyName('c', {...noKey, ctrl: true})).toBe('ctrl+c');
		expect(keyName('', {...noKey, escape: true})).toBe('escape');
		expect(keyName('', {...noKey, upArrow: true})).toBe('up');
		expect(keyName('B', {...noKey, shift: true})).toBe('B');
	});
});

const grid = {detail: false, table: false};
const detail = {detail: true, table: false};
const table = {detail: false, table: true};

describe('keymap', () => {
	it('binds no key twice within one scope and the scopes that share a view', () => {
		for (const scopes of [['both', 'main'], ['both', 'detail'], ['table']]) {
			const keys = keymap.filter(binding => scopes.includes(binding.scope)).flatMap(binding => binding.keys);
			expect(new Set(keys).size).toBe(keys.length);
		}
	});

	it('resolves keys per view: Esc only in a detail view, arrows only on the grid', () => {
		expect(bindingFor('escape', detail)?.command).toBe('closeDetail');
		expect(bindingFor('escape', grid)).toBeUndefined();
		expect(bindingFor('left', grid)?.command).toBe('focusLeft');
		expect(bindingFor('left', detail)).toBeUndefined();
		expect(bindingFor('3', detail)?.command).toBe('focusPanel');
		expect(bindingFor('5', grid)?.command).toBe('focusPanel');
		expect(bindingFor('5', detail)?.command).toBe('focusPanel');
		expect(bindingFor('ctrl+c', grid)?.command).toBe('quit');
	});

	it('gives the focused process table its keys first, and a detail view its Esc', () => {
		expect(bindingFor('up', table)?.command).toBe('selectUp');
		expect(bindingFor('up', grid)?.command).toBe('focusUp');
		expect(bindingFor('left', table)?.command).toBe('focusLeft');
		expect(bindingFor('escape', table)?.command).toBe('clearFilter');
		expect(bindingFor('pagedown', table)?.command).toBe('selectPageDown');
		expect(bindingFor('pagedown', grid)).toBeUndefined();
	});

	it('footer hints follow the view', () => {
		expect(footerHints(table)).toContain('↑↓ select');
		expect(footerHints(grid)).not.toContain('↑↓ select');
		expect(footerHints(grid)).toContain('Enter detail');
		expect(footerHints(grid)).not.toContain('Esc back');
		expect(footerHints(detail)).toContain('Esc back');
		expect(footerHints(detail)).toContain('+/- interval');
	});
});

describe('splitKeys', () => {
	const names = (input: string, key: Key = noKey) => splitKeys(input, key).map(pressed => keyName(pressed.input, pressed.key));

	it('makes each character of a chunk a key, control characters named as Ink names them alone', () => {
		expect(names('oo')).toEqual(['o', 'o']);
		expect(names('2\r')).toEqual(['2', 'return']);
		expect(names('+\t\u007Fq\u0003')).toEqual(['+', 'tab', 'backspace', 'q', 'ctrl+c']);
	});

	it('leaves a single key, and one Ink already flagged, as it is', () => {
		expect(splitKeys('o', noKey)).toEqual([{input: 'o', key: noKey}]);
		expect(splitKeys('', {...noKey, upArrow: true})).toEqual([{input: '', key: {...noKey, upArrow: true}}]);
		expect(names('ab', {...noKey, meta: true})).toEqual(['ab']);
	});
});

describe('j and k in the process table', () => {
	it('move the selection as ↑ ↓ do; K signals, as k did before j and k moved', () => {
		expect(bindingFor('k', table)?.command).toBe('selectUp');
		expect(bindingFor('j', table)?.command).toBe('selectDown');
		expect(bindingFor('K', {...table, process: true})?.command).toBe('signalMenu');
		expect(bindingFor('k', grid)?.command).toBe('focusUp');
		// A process's detail view has no selection: K signals it there too, k does nothing.
		expect(bindingFor('K', {...detail, process: true})?.command).toBe('signalMenu');
	});
});

describe('applyKeyConfig', () => {
	it('gives a command exactly the keys configured, spelled for the help and the footer', () => {
		const {keymap: bindings, problems} = applyKeyConfig({quit: ['x', 'ctrl+c'], report: ['R']});
		expect(problems).toEqual([]);
		expect(bindingFor('x', grid, bindings)?.command).toBe('quit');
		expect(bindingFor('q', grid, bindings)).toBeUndefined();
		expect(bindingFor('R', grid, bindings)?.command).toBe('report');
		expect(bindingFor('s', grid, bindings)).toBeUndefined();
		expect(bindings.find(binding => binding.command === 'quit')?.label).toBe('x Ctrl-C');
		expect(footerHints(grid, {}, bindings)).toContain('R report');
		expect(footerHints(grid, {}, bindings)).toContain('x quit');
	});

	it('reads key names in the forms people write them', () => {
		expect(['S', 'space', 'Enter', 'ESC', 'ctrl+R', 'Ctrl-u', 'PgDn', 'shift+tab', '/', '?'].map(text => canonicalKey(text))).toEqual(['S', ' ', 'return', 'escape', 'ctrl+r', 'ctrl+u', 'pagedown', 'shift+tab', '/', '?']);
		expect(['ctlr+c', 'f13', '', '\u0007', 'hyper+x'].map(text => canonicalKey(text))).toEqual([undefined, undefined, undefined, undefined, undefined]);
	});

	it('reports unknown commands, unknown key names and keys two commands would share, and then keeps the defaults', () => {
		const {keymap: bindings, problems} = applyKeyConfig({frobnicate: ['x'], quit: ['ctlr+c'], report: ['o'], focusPanel: ['9'], help: ['ctrl+c']});
		expect(problems).toContain('keys.frobnicate: unknown command (the commands are listed in the README\'s "Keys in the config file")');
		expect(problems).toContainEqual(expect.stringMatching(/^keys\.quit: unknown key name 'ctlr\+c' \(a character, space, enter/));
		expect(problems).toHaveLength(5);
		expect(problems).toContain('keys.report: o is also cycleSort\'s key');
		expect(problems).toContain('keys.focusPanel: its keys cannot be changed');
		expect(problems).toContain('keys.help: ctrl+c always quits');
		expect(bindings).toBe(keymap);
	});

	it('lets the table take a key the grid also uses, as ↑ does, but not two table commands one key', () => {
		expect(applyKeyConfig({selectUp: ['up', 'w']}).problems).toEqual([]);
		expect(applyKeyConfig({signalMenu: ['k']}).problems).toEqual(['keys.signalMenu: k is also selectUp\'s key']);
		// htop's k back: take it from the selection first.
		expect(applyKeyConfig({signalMenu: ['k'], selectUp: ['up']}).problems).toEqual([]);
	});
});
