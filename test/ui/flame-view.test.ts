import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {foldPerfScript} from '../../source/profile/fold-perf-script.js';
import {buildFrameTreeFromFolded, rootNode} from '../../source/profile/frame-tree.js';
import {hotFunctions} from '../../source/profile/hot-functions.js';
import type {ProfileViewData} from '../../source/profile/profile-files.js';
import {initialFlameCursor, matchedPct, moveSelection, profileViewLines} from '../../source/ui/flame-view.js';
import {profileReducer, type ProfileState} from '../../source/ui/profile-state.js';
import {plainTheme} from '../../source/ui/theme.js';

const tree = buildFrameTreeFromFolded('app;main;parse;lex 6\napp;main;eval 3\napp;gc 1\n');
const nameOf = (node: number) => tree.names[tree.name[node]!];
const node = (name: string) => tree.name.findIndex(id => tree.names[id] === name);

function data(profileTree = tree): ProfileViewData {
	return {title: 'app (PID 7)', summary: '10 samples in 1 s at 99 Hz: on CPU 10 % of the time', warnings: [], tree: profileTree, modules: new Map([['lex', 'libparse.so']]), hot: hotFunctions(profileTree, new Map()), files: 'wrote p.html'};
}

describe('moveSelection', () => {
	it('goes down to the widest callee, up to the caller, and sideways within the row', () => {
		let cursor = initialFlameCursor;
		const path: string[] = [];
		for (const move of ['down', 'down', 'down', 'left', 'right', 'right', 'up'] as const) {
			cursor = {...cursor, selected: moveSelection(tree, cursor, move, 40)};
			path.push(nameOf(cursor.selected)!);
		}

		expect(path).toEqual(['app', 'main', 'parse', 'eval', 'parse', 'parse', 'main']);
	});

	it('cannot select a frame too narrow to draw', () => {
		const wide = buildFrameTreeFromFolded('app;big 1000\napp;tiny 1\n');
		const big = wide.name.findIndex(id => wide.names[id] === 'big');
		expect(moveSelection(wide, {...initialFlameCursor, selected: big}, 'right', 40)).toBe(big);
	});
});

describe('profileReducer', () => {
	const open = profileReducer(undefined, {type: 'profileFinished', data: data()})!;
	const run = (state: ProfileState | undefined, ...actions: Parameters<typeof profileReducer>[1][]) => actions.reduce(profileReducer, state);

	it('zooms with Enter and zooms out one level with each Esc, then closes the view', () => {
		const zoomed = run(open, {type: 'flameMove', move: 'down', width: 40}, {type: 'flameMove', move: 'down', width: 40}, {type: 'flameZoom'});
		expect(zoomed?.phase === 'open' && nameOf(zoomed.cursor.zoom)).toBe('main');
		const back = run(zoomed, {type: 'flameBack', width: 40});
		expect(back?.phase === 'open' && nameOf(back.cursor.zoom)).toBe('app');
		expect(run(back, {type: 'flameBack', width: 40})?.phase).toBe('open');
		expect(run(back, {type: 'flameBack', width: 40}, {type: 'flameBack', width: 40})).toBeUndefined();
	});

	it('types a search after /, ends it with Enter, and clears it with Esc before zooming out', () => {
		const searched = run(open, {type: 'flameSearch'}, {type: 'flameSearchKey', text: 'l'}, {type: 'flameSearchKey', text: 'exx'}, {type: 'flameSearchKey', text: '', key: 'backspace'}, {type: 'flameSearchKey', text: '', key: 'return'});
		expect(searched?.phase === 'open' && searched.cursor).toMatchObject({search: 'lex', editing: false});
		const cleared = run(searched, {type: 'flameBack', width: 40});
		expect(cleared?.phase === 'open' && cleared.cursor).toMatchObject({search: '', editing: false});
	});

	it('counts down while running and ends on failure or cancel', () => {
		const running = profileReducer(undefined, {type: 'profileStarted', pid: 7, name: 'app', startedAtMs: 0, durationS: 10});
		expect(running).toMatchObject({phase: 'running', pid: 7});
		expect(run(running, {type: 'flameZoom'})).toBe(running);
		expect(run(running, {type: 'profileEnded'})).toBeUndefined();
	});
});

describe('profileViewLines', () => {
	it('shows the title, hot functions, the icicle with the selection marked, and the selected frame', () => {
		const cursor = {...initialFlameCursor, selected: node('parse')};
		const lines = profileViewLines(data(), cursor, 40, 14, plainTheme);
		expect(lines).toHaveLength(14);
		expect(lines[0]).toBe('Profile: app (PID 7) — 10 samples in 1 …');
		expect(lines[1]).toMatch(/^SELF % {2}TOTAL % {2}FUNCTION +MODULE$/);
		expect(lines[2]).toMatch(/^ {2}60\.0 {5}60\.0 {2}lex +— +$/);
		expect(lines.slice(6, 12)).toEqual([
			'|all',
			'|app',
			'|gc |main',
			'    |eval       >parse',
			'                |lex',
			'',
		].map(line => (line === '' ? line : line.padEnd(40))));
		expect(lines.at(-1)).toBe('parse: 60.0 % total, 0.0 % self, 6 samp…');
	});

	it('keeps to the height of a tiny terminal', () => {
		expect(profileViewLines(data(), initialFlameCursor, 20, 1, plainTheme)).toEqual(['Profile: app (PID 7…']);
		expect(profileViewLines(data(), initialFlameCursor, 20, 3, plainTheme)).toHaveLength(3);
	});

	it('marks search matches and says what share of samples they cover', () => {
		const lines = profileViewLines(data(), {...initialFlameCursor, search: 'lex|gc', editing: true}, 60, 12, plainTheme);
		expect(lines.at(-1)).toMatch(/^\/lex\|gc▏ {2}matched 70\.0 %/);
		expect(lines.some(line => line.includes('*gc'))).toBe(true);
		expect(matchedPct(tree, /a/)).toBe(100);
	});

	it('draws a profile captured from Node, whose stacks are deeper than the screen, around the selection', () => {
		const profile = foldPerfScript(readFileSync(new URL('../fixtures/perf/node-perf-basic-prof.txt', import.meta.url), 'utf8'));
		let cursor = initialFlameCursor;
		for (let step = 0; step < 22; step++) {
			cursor = {...cursor, selected: moveSelection(profile.tree, cursor, 'down', 100)};
		}

		const lines = profileViewLines(data(profile.tree), cursor, 100, 20, plainTheme);
		expect(lines).toHaveLength(20);
		expect(lines.some(line => line.includes('>JS:*sortArrays'))).toBe(true);
		expect(profile.tree.depth[cursor.selected]).toBe(22);
		expect(cursor.selected).not.toBe(rootNode);
	});
});
