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

describe('keymap', () => {
	it('binds no key twice within one view', () => {
		for (const detail of [false, true]) {
			const keys = keymap.filter(binding => binding.scope === 'both' || binding.scope === (detail ? 'detail' : 'main')).flatMap(binding => binding.keys);
			expect(new Set(keys).size).toBe(keys.length);
		}
	});

	it('resolves keys per view: Esc only in a detail view, arrows only on the grid', () => {
		expect(bindingFor('escape', true)?.command).toBe('closeDetail');
		expect(bindingFor('escape', false)).toBeUndefined();
		expect(bindingFor('left', false)?.command).toBe('focusLeft');
		expect(bindingFor('left', true)).toBeUndefined();
		expect(bindingFor('3', true)?.command).toBe('focusPanel');
		expect(bindingFor('5', false)?.command).toBe('focusPanel');
		expect(bindingFor('5', true)?.command).toBe('focusPanel');
		expect(bindingFor('ctrl+c', false)?.command).toBe('quit');
	});

	it('footer hints follow the view', () => {
		expect(footerHints(false)).toContain('Enter detail');
		expect(footerHints(false)).not.toContain('Esc back');
		expect(footerHints(true)).toContain('Esc back');
		expect(footerHints(true)).toContain('+/- interval');
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
