import {readFileSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {foldPerfScript} from '../../source/profile/fold-perf-script.js';
import {hotFunctions} from '../../source/profile/hot-functions.js';
import type {DashboardActions} from '../../source/engine/types.js';
import type {ProfileViewData} from '../../source/profile/profile-files.js';
import {Dashboard} from '../../source/ui/app.js';
import {profileCountdown} from '../../source/ui/hooks/use-profiler.js';
import {fakeActions, fakeEngine, loadedSnapshot, testInventory} from '../helpers/snapshot-builder.js';
import {type Rendered, renderAt} from './render-dashboard.js';

// The profile view on a profile captured from Node with --perf-basic-prof, through the dashboard's keys.
const profile = foldPerfScript(readFileSync(new URL('../fixtures/perf/node-perf-basic-prof.txt', import.meta.url), 'utf8'));
const data: ProfileViewData = {
	title: 'pg_dump (PID 4242)',
	summary: '120 samples in 10 s at 99 Hz: on CPU 12 % of the time',
	warnings: ['120 samples in 10 s: it was on CPU 12 % of the time — see its I/O and wait states'],
	tree: profile.tree,
	modules: profile.modules,
	hot: hotFunctions(profile.tree, profile.modules),
	files: 'wrote /tmp/p.html and /tmp/p.folded',
};

let view: Rendered | undefined;
afterEach(() => {
	view?.unmount();
	view = undefined;
});

const ESC = '\u001B';
const DOWN = '\u001B[B';
const RIGHT = '\u001B[C';

async function openProfile(profileProcess: DashboardActions['profileProcess'] = async () => data) {
	const actions = fakeActions({profileProcess});
	view = renderAt(<Dashboard engine={fakeEngine(loadedSnapshot())} actions={actions} inventory={testInventory} noColor/>, 120, 40);
	await view.waitFor(text => text.includes('Top processes'));
	await view.press('0');
	await view.press('f');
	return {actions, view};
}

describe('Dashboard: profiling the selected process', () => {
	it('profiles the selected process with f and opens the profile view: hot functions and the flame graph', async () => {
		const {actions, view} = await openProfile();
		const frame = await view.waitFor(text => text.includes('Profile: pg_dump (PID 4242)'));
		expect(actions.calls).toContain('profileProcess:4242');
		expect(frame).toContain('⚠ 120 samples in 10 s: it was on CPU 12 %');
		expect(frame).toMatch(/SELF % {2}TOTAL % {2}FUNCTION +MODULE/);
		expect(frame).toMatch(/21\.7 +25\.8 {2}JS:\* \/tmp\/profiling\/busy\.js:3:101 +perf-10198\.map/);
		expect(frame).toContain('>all');
		expect(frame).toContain('profile of pg_dump (PID 4242): wrote /tmp/p.html and /tmp/p.folded');
	});

	it('moves between frames, zooms with Enter and zooms out with Esc, then closes', async () => {
		const {view} = await openProfile();
		await view.waitFor(text => text.includes('>all'));
		for (let step = 0; step < 22; step++) {
			await view.press(DOWN);
		}

		let frame = await view.waitFor(text => text.includes('>JS:*sortArrays'));
		expect(frame).toMatch(/^JS:\*sortArrays \/tmp\/profiling\/busy\.js:3:20 \(perf-10198\.map\): 78\.3 % total, 0\.0 % self, 94 samples/m);
		await view.press('\r');
		// Zoomed: the selected frame fills the width, a sibling drawn beside it before is gone.
		frame = await view.waitFor(text => /^>JS:\*sortArrays \/tmp\/profiling\/busy\.js:3:20\s*$/m.test(text));
		expect(frame).not.toMatch(/\|JS:\*hashStrings/);
		await view.press(RIGHT);
		await view.press(ESC);
		// Zoomed out one level: the siblings are back, the selection stays.
		frame = await view.waitFor(text => text.includes('|JS:*h') && text.includes('>JS:*sortArrays'));
		await view.press(ESC);
		await view.press(ESC);
		// Back at the root, Esc leaves the profile view.
		for (let step = 0; step < 22; step++) {
			await view.press(ESC);
		}

		frame = await view.waitFor(text => text.includes('Top processes'));
		expect(frame).not.toContain('Profile:');
	});

	it('highlights the frames a search matches and says their share', async () => {
		const {view} = await openProfile();
		await view.waitFor(text => text.includes('>all'));
		await view.press('/');
		await view.press('hash');
		let frame = await view.waitFor(text => text.includes('/hash▏'));
		expect(frame).toMatch(/\/hash▏ {2}matched 5\.8 %/);
		await view.press('\r');
		frame = await view.waitFor(text => !text.includes('▏') && text.includes('/hash  matched'));
		expect(frame).toContain('*JS:*h');
		await view.press(ESC);
		frame = await view.waitFor(text => !text.includes('/hash'));
		expect(frame).toContain('Profile:');
	});

	it('counts down in the footer while the dashboard goes on, and Esc cancels', async () => {
		let aborted = false;
		const {view} = await openProfile(async (_pid, _durationS, signal) => new Promise((_resolve, reject) => {
			signal.addEventListener('abort', () => {
				aborted = true;
				reject(new Error('profile cancelled'));
			});
		}));
		await view.waitFor(text => /profiling pg_dump \(PID 4242\): \d+ s left — Esc cancels/.test(text));
		await view.press(ESC);
		const frame = await view.waitFor(text => text.includes('profile cancelled'));
		expect(aborted).toBe(true);
		expect(frame).toContain('Top processes');
	});

	it('says why there is no profile, in one line', async () => {
		const {view} = await openProfile(async () => {
			throw new Error('perf is not installed: on Debian install the package linux-perf (apt-get install linux-perf)');
		});
		const frame = await view.waitFor(text => text.includes('no profile:'));
		expect(frame).toContain('no profile: perf is not installed: on Debian install the package linux-perf');
	});

	it('counts down from the start time', () => {
		const running = {phase: 'running', pid: 7, name: 'app', startedAtMs: 1000, durationS: 10} as const;
		expect(profileCountdown(running, 4200)).toBe('profiling app (PID 7): 7 s left — Esc cancels');
		expect(profileCountdown(running, 12_000)).toBe('profiling app (PID 7): reading the stacks…');
		expect(profileCountdown(undefined, 0)).toBeUndefined();
	});
});
