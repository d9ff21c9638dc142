import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {createMouseReader, isDoubleClick, type MouseEvent} from '../../source/ui/mouse.js';

/** Chunks of stdin as a program in a tmux pane read them (test/fixtures/terminal/README.md). */
function recording(name: string): string[] {
	return readFileSync(new URL(`../fixtures/terminal/${name}`, import.meta.url), 'latin1').trim().split('\n').map(line => JSON.parse(line) as string);
}

const plain = {shift: false, alt: false, ctrl: false};
const at = (column: number, row: number) => ({column: column - 1, row: row - 1});

function readAll(chunks: readonly string[]): {events: MouseEvent[]; keys: string} {
	const read = createMouseReader();
	const events: MouseEvent[] = [];
	let keys = '';
	for (const chunk of chunks) {
		const result = read(chunk);
		events.push(...result.events);
		keys += result.keys;
	}

	return {events, keys};
}

describe('mouse reports recorded from tmux', () => {
	it('decodes SGR presses, releases, the wheel and Shift, leaving the typed keys alone', () => {
		const {events, keys} = readAll(recording('tmux-mouse-sgr.jsonl'));
		expect(keys).toBe('abc');
		expect(events.map(event => event.action)).toEqual([
			'press', 'release', 'press', 'release', 'press', 'release', 'wheelUp', 'wheelDown', 'wheelDown', 'press', 'release',
			'wheelDown', 'wheelDown', 'wheelDown', 'press', 'press', 'release',
		]);
		expect(events[0]).toEqual({action: 'press', button: 'left', ...at(10, 5), ...plain});
		expect(events[4]).toEqual({action: 'press', button: 'right', ...at(40, 12), ...plain});
		expect(events[6]).toEqual({action: 'wheelUp', button: 'none', ...at(20, 8), ...plain});
		expect(events[9]).toEqual({action: 'press', button: 'left', ...at(99, 30), ...plain});
		expect(events[15]).toEqual({action: 'press', button: 'left', ...at(3, 4), ...plain, shift: true});
	});

	it('decodes the X10 encoding a terminal without SGR sends, bytes split from their ESC [ M or not', () => {
		const chunks = recording('tmux-mouse-x10.jsonl');
		const whole = readAll(chunks);
		expect(whole.keys).toBe('');
		expect(whole.events.map(event => event.action)).toEqual(['press', 'release', 'wheelUp', 'wheelDown', 'wheelDown', 'wheelDown']);
		expect(whole.events[0]).toEqual({action: 'press', button: 'left', ...at(10, 5), ...plain});
		expect(whole.events[1]).toEqual({action: 'release', button: 'none', ...at(10, 5), ...plain});
		// Ink hands `ESC [ M` over on its own (ESC stripped) and the three bytes with whatever was typed next.
		const split = readAll(['[M', ' *', '%x']);
		expect(split).toEqual({events: [{action: 'press', button: 'left', ...at(10, 5), ...plain}], keys: 'x'});
	});

	it('takes a report as Ink hands it over, without its ESC', () => {
		expect(readAll(['[<0;10;5M']).events).toEqual([{action: 'press', button: 'left', ...at(10, 5), ...plain}]);
		expect(readAll(['[<65;1;1M']).keys).toBe('');
	});

	it('drops motion reports and buttons it does not use, still never passing them on as keys', () => {
		expect(readAll(['\u001B[<32;5;5M', '\u001B[<66;5;5M', '\u001B[<128;5;5M'])).toEqual({events: [], keys: ''});
	});

	it('passes ordinary keys through untouched, a pasted [M among them', () => {
		expect(readAll(['j', '[', '\u001B', 'M'])).toEqual({events: [], keys: 'j[\u001BM'});
		expect(readAll(['a[Mbcd', '[<0;1;1Mx'])).toEqual({events: [], keys: 'a[Mbcd[<0;1;1Mx'});
	});
});

describe('isDoubleClick', () => {
	it('is a second press on the same cell soon after the first', () => {
		expect(isDoubleClick({column: 3, row: 4, atMs: 1000}, {column: 3, row: 4, atMs: 1300})).toBe(true);
		expect(isDoubleClick({column: 3, row: 4, atMs: 1000}, {column: 3, row: 4, atMs: 1500})).toBe(false);
		expect(isDoubleClick({column: 3, row: 4, atMs: 1000}, {column: 4, row: 4, atMs: 1100})).toBe(false);
		expect(isDoubleClick(undefined, {column: 3, row: 4, atMs: 1100})).toBe(false);
	});
});
