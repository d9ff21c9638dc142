import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {bindingFor, footerHints, keyName, keymap, splitKeys} from '../../source/ui/keymap.js';

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
