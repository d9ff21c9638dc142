import {describe, expect, it} from 'vitest';
import {initialViewState, stepInterval, viewReducer, type ViewAction, type ViewState} from '../../source/ui/view-state.js';

const start = initialViewState(1000);
const apply = (state: ViewState, ...actions: ViewAction[]) => actions.reduce(viewReducer, state);

describe('viewReducer: focus', () => {
	it('Tab and Shift-Tab cycle through the four panels and the process table', () => {
		expect(apply(start, {type: 'focusNext'}).focus).toBe(1);
		const table = apply(start, {type: 'focusNext'}, {type: 'focusNext'}, {type: 'focusNext'}, {type: 'focusNext'});
		expect(table.table.focused).toBe(true);
		expect(apply(table, {type: 'focusNext'})).toMatchObject({focus: 0, table: {focused: false}});
		expect(apply(start, {type: 'focusPrev'}).table.focused).toBe(true);
		expect(apply(start, {type: 'focusPrev'}, {type: 'focusPrev'}).focus).toBe(3);
	});

	it('arrows move within the 2×2 grid', () => {
		expect(apply(start, {type: 'focusMove', direction: 'right'}).focus).toBe(1);
		expect(apply(start, {type: 'focusMove', direction: 'down'}).focus).toBe(2);
		expect(apply(start, {type: 'focusMove', direction: 'down'}, {type: 'focusMove', direction: 'right'}).focus).toBe(3);
		expect(apply(start, {type: 'focusMove', direction: 'left'}).focus).toBe(1);
		expect(apply(start, {type: 'focusMove', direction: 'up'}).focus).toBe(2);
	});

	it('jumps to a panel and ignores indexes out of range', () => {
		expect(apply(start, {type: 'focusPanel', index: 2}).focus).toBe(2);
		expect(apply(start, {type: 'focusPanel', index: 7})).toBe(start);
	});

	it('an out-of-range initial focus falls back to CPU', () => {
		expect(initialViewState(1000, -1).focus).toBe(0);
		expect(initialViewState(1000, 3).focus).toBe(3);
	});
});

describe('viewReducer: views and toggles', () => {
	it('opens and closes the detail view', () => {
		const open = apply(start, {type: 'openDetail'});
		expect(open.detail).toBe(true);
		expect(apply(open, {type: 'closeDetail'}).detail).toBe(false);
	});

	it('cycles the sort cpu → memory → io → cpu', () => {
		expect(apply(start, {type: 'cycleSort'}).table.sort).toBe('memory');
		expect(apply(start, {type: 'cycleSort'}, {type: 'cycleSort'}).table.sort).toBe('io');
		expect(apply(start, {type: 'cycleSort'}, {type: 'cycleSort'}, {type: 'cycleSort'}).table.sort).toBe('cpu');
	});

	it('toggles pause and keeps a status message', () => {
		expect(apply(start, {type: 'togglePause'}).paused).toBe(true);
		expect(apply(start, {type: 'togglePause'}, {type: 'togglePause'}).paused).toBe(false);
		expect(apply(start, {type: 'status', message: 'report written: /tmp/r.md'}).status).toBe('report written: /tmp/r.md');
	});

	it('shows and hides help', () => {
		expect(apply(start, {type: 'showHelp'}).overlay).toEqual({kind: 'help', offset: 0});
		expect(apply(start, {type: 'showHelp'}, {type: 'hideHelp'}).overlay).toEqual({kind: 'none'});
	});
});

describe('viewReducer: baselines', () => {
	it('the suggested name is replaced by what is typed, not appended to; Backspace and Ctrl-U edit, Esc cancels', () => {
		const prompt = apply(start, {type: 'promptBaselineName', name: 'db-1-2024-03-05'});
		expect(prompt.overlay).toEqual({kind: 'baselineName', name: 'db-1-2024-03-05', prefilled: true});
		const typed = apply(prompt, ...[...'quiet2'].map(text => ({type: 'editBaselineName', edit: {type: 'text', text}}) as const));
		expect(typed.overlay).toEqual({kind: 'baselineName', name: 'quiet2', prefilled: false});
		expect(apply(typed, {type: 'editBaselineName', edit: {type: 'erase'}}).overlay).toMatchObject({name: 'quiet'});
		expect(apply(typed, {type: 'editBaselineName', edit: {type: 'clear'}}).overlay).toMatchObject({name: ''});
		expect(apply(prompt, {type: 'editBaselineName', edit: {type: 'erase'}}).overlay).toMatchObject({name: '', prefilled: false});
		expect(apply(prompt, {type: 'closeOverlay'}).overlay).toEqual({kind: 'none'});
	});

	it('asks before replacing a baseline of the same name', () => {
		expect(apply(start, {type: 'askReplaceBaseline', name: 'quiet'}).overlay).toEqual({kind: 'baselineReplace', name: 'quiet'});
	});

	it('moves the picker cursor over the names plus "off", wrapping', () => {
		const picker = apply(start, {type: 'showBaselinePicker', names: ['a', 'b']});
		expect(picker.overlay).toEqual({kind: 'baselinePicker', names: ['a', 'b'], index: 0});
		expect(apply(picker, {type: 'movePicker', delta: 2}).overlay).toMatchObject({index: 2});
		expect(apply(picker, {type: 'movePicker', delta: 3}).overlay).toMatchObject({index: 0});
		expect(apply(picker, {type: 'movePicker', delta: -1}).overlay).toMatchObject({index: 2});
	});

	it('movePicker outside the picker changes nothing', () => {
		expect(apply(start, {type: 'movePicker', delta: 1})).toBe(start);
	});

	it('a selected baseline closes the picker, names the baseline and reports', () => {
		const picked = apply(start, {type: 'showBaselinePicker', names: ['a']}, {type: 'baselineSelected', name: 'a', message: 'comparing with a'});
		expect(picked).toMatchObject({overlay: {kind: 'none'}, baseline: 'a', status: 'comparing with a'});
		expect(apply(picked, {type: 'baselineSelected', name: undefined, message: 'off'}).baseline).toBeUndefined();
	});
});

describe('interval steps', () => {
	it('steps through 0.5, 1, 2, 5, 10, 30, 60 s and clamps at both ends', () => {
		expect(stepInterval(1000, 1)).toBe(2000);
		expect(stepInterval(30_000, 1)).toBe(60_000);
		expect(stepInterval(60_000, 1)).toBe(60_000);
		expect(stepInterval(1000, -1)).toBe(500);
		expect(stepInterval(500, -1)).toBe(500);
	});

	it('steps from an interval between steps to the neighbouring step', () => {
		expect(stepInterval(1500, 1)).toBe(2000);
		expect(stepInterval(1500, -1)).toBe(1000);
		expect(stepInterval(120_000, -1)).toBe(60_000);
	});

	it('changeInterval leaves the state untouched at the clamp', () => {
		const slowest = initialViewState(60_000);
		expect(apply(slowest, {type: 'changeInterval', step: 1})).toBe(slowest);
		expect(apply(start, {type: 'changeInterval', step: 1}).intervalMs).toBe(2000);
	});
});

describe('viewReducer: the Services panel', () => {
	const five = initialViewState(1000, 0, 5);

	it('Tab, Shift-Tab and the jump keys reach the fifth panel only while it is shown', () => {
		expect(apply(five, {type: 'focusPrev'}, {type: 'focusPrev'}).focus).toBe(4);
		expect(apply(five, {type: 'focusPanel', index: 4}).focus).toBe(4);
		expect(apply(start, {type: 'focusPanel', index: 4})).toBe(start);
		expect(apply(five, {type: 'focusNext'}, {type: 'focusNext'}, {type: 'focusNext'}, {type: 'focusNext'}, {type: 'focusNext'}).table.focused).toBe(true);
	});

	it('arrows: down from either bottom panel reaches Services, up from it goes to Disk, sideways stays', () => {
		expect(apply(five, {type: 'focusPanel', index: 3}, {type: 'focusMove', direction: 'down'}).focus).toBe(4);
		expect(apply(five, {type: 'focusPanel', index: 2}, {type: 'focusMove', direction: 'down'}).focus).toBe(4);
		const services = apply(five, {type: 'focusPanel', index: 4});
		expect(apply(services, {type: 'focusMove', direction: 'up'}).focus).toBe(2);
		expect(apply(services, {type: 'focusMove', direction: 'down'}).focus).toBe(0);
		expect(apply(services, {type: 'focusMove', direction: 'left'}).focus).toBe(4);
		expect(apply(five, {type: 'focusMove', direction: 'up'}).focus).toBe(4);
	});

	it('setPanels follows the services; losing them while focused closes their detail', () => {
		expect(apply(start, {type: 'setPanels', count: 5}).panels).toBe(5);
		expect(apply(start, {type: 'setPanels', count: 4})).toBe(start);
		const inDetail = apply(five, {type: 'focusPanel', index: 4}, {type: 'openDetail'});
		expect(apply(inDetail, {type: 'setPanels', count: 4})).toMatchObject({panels: 4, focus: 3, detail: false});
		const onCpu = apply(five, {type: 'openDetail'});
		expect(apply(onCpu, {type: 'setPanels', count: 4})).toMatchObject({panels: 4, focus: 0, detail: true});
	});

	it('starts with the initial status message and clamps an impossible panel count', () => {
		expect(initialViewState(1000, 0, 4, 'another perftop (pid 123) is recording to /tmp/p.db; this one takes over when it stops').status).toBe('another perftop (pid 123) is recording to /tmp/p.db; this one takes over when it stops');
		expect(initialViewState(1000, 4, 4).focus).toBe(0);
		expect(initialViewState(1000, 4, 5).focus).toBe(4);
		expect(initialViewState(1000, 0, 9).panels).toBe(5);
	});
});

describe('cycleInterface', () => {
	it('walks the interfaces, then goes back to the busiest, and says which in the footer', () => {
		const interfaces = ['net:eth0', 'net:lo'];
		const first = viewReducer(initialViewState(1000), {type: 'cycleInterface', interfaces});
		expect([first.netInterface, first.status]).toEqual(['net:eth0', 'network panel: eth0']);
		const second = viewReducer(first, {type: 'cycleInterface', interfaces});
		expect(second.netInterface).toBe('net:lo');
		const back = viewReducer(second, {type: 'cycleInterface', interfaces});
		expect([back.netInterface, back.status]).toEqual([undefined, 'network panel: the busiest interface']);
		expect(viewReducer({...second, netInterface: 'net:gone0'}, {type: 'cycleInterface', interfaces}).netInterface).toBe('net:eth0');
	});
});
