import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {recordFixture} from '../helpers/history-db.js';
import {runCommand} from '../helpers/run-command.js';

// Recorded 2024-03-05 14:00:00 … 14:04:59 local time by host recorder-7, as if copied from that machine.
const fixture = recordFixture(300);
fixture.store.close();
afterAll(() => {
	fixture.cleanup();
});

const files = () => Object.fromEntries(readdirSync(path.dirname(fixture.path)).map(name => [name, readFileSync(path.join(path.dirname(fixture.path), name)).toString('base64')]));

describe('perftop replay', () => {
	it('piped, prints the last recorded tick of the range, named for the machine that recorded it, and writes nothing', async () => {
		const before = files();
		const {code, stdout, stderr} = await runCommand('replay', [], {db: fixture.path});
		expect(stderr).toBe('');
		expect(code).toBe(0);
		expect(stdout.split('\n')[0]).toMatch(/^recorder-7 {2}HISTORY 2024-03-05 14:04:59 /);
		expect(files()).toEqual(before);
	});

	it('shows the end of an asked range', async () => {
		const {code, stdout} = await runCommand('replay', [], {db: fixture.path, from: new Date(2024, 2, 5, 13, 0).toISOString(), to: new Date(2024, 2, 5, 14, 2, 30).toISOString()});
		expect(code).toBe(0);
		expect(stdout).toContain('HISTORY 2024-03-05 14:02:30');
	});

	it('refuses --from after --to as a usage error, and a range with nothing recorded in one line', async () => {
		expect(await runCommand('replay', [], {db: fixture.path, from: '2024-03-05T15:00:00Z', to: '2024-03-05T14:00:00Z'})).toMatchObject({code: 2, stderr: 'perftop: --to must be later than --from\n'});
		const empty = await runCommand('replay', [], {db: fixture.path, from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z'});
		expect(empty.code).toBe(1);
		expect(empty.stderr).toMatch(/^perftop: nothing recorded between 2020-01-01 \d\d:00:00 and 2020-01-0\d \d\d:00:00; .* holds 2024-03-05 14:00:00 – 2024-03-05 14:04:59\n$/);
	});

	it('takes the dashboard\'s look: a theme it does not know is a usage error before anything is drawn', async () => {
		expect(await runCommand('replay', [], {db: fixture.path, theme: 'nosuch'})).toMatchObject({code: 2, stderr: expect.stringMatching(/^perftop: --theme: expected one of default, light/) as unknown as string});
	});

	it('says there is no database rather than showing an empty one', async () => {
		expect(await runCommand('replay', [], {db: path.join(path.dirname(fixture.path), 'missing.db')})).toMatchObject({code: 1, stderr: `perftop: no database at ${path.join(path.dirname(fixture.path), 'missing.db')}\n`});
	});
});
