import {Text} from 'ink';
import {afterEach, describe, expect, it} from 'vitest';
import {ExitOnError} from '../../../source/ui/components/ExitOnError.js';
import {type Rendered, renderAt} from '../render-dashboard.js';

let view: Rendered | undefined;
afterEach(() => {
	view?.unmount();
	view = undefined;
});

function Throwing({message}: {readonly message: string}): never {
	throw new Error(message);
}

describe('ExitOnError', () => {
	it('turns a render error below it into exit(error), drawing no stack trace', async () => {
		view = renderAt(
			<ExitOnError>
				<Text>before</Text>
				<Throwing message="panel exploded"/>
			</ExitOnError>,
			80,
			24,
		);
		await view.waitFor(() => view!.exited());
		const error = view.exitError();
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toBe('panel exploded');
		const written = view.stdout.frames.join('');
		expect(written).not.toContain('panel exploded');
		expect(written).not.toMatch(/ at |\.tsx:/);
	});

	it('renders its children untouched when nothing throws', async () => {
		view = renderAt(
			<ExitOnError>
				<Text>all well</Text>
			</ExitOnError>,
			80,
			24,
		);
		expect(await view.waitFor(text => text.includes('all well'))).toBe('all well');
		expect(view.exited()).toBe(false);
	});
});
