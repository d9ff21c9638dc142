import {describe, expect, it} from 'vitest';
import {defaultDatabasePath, defaultReportFolder} from '../../source/store/paths.js';

describe('defaultDatabasePath', () => {
	it('prefers PERFTOP_DB, then XDG_STATE_HOME, then ~/.local/state', () => {
		expect(defaultDatabasePath({PERFTOP_DB: '/data/p.db', XDG_STATE_HOME: '/state'}, '/home/u')).toBe('/data/p.db');
		expect(defaultDatabasePath({XDG_STATE_HOME: '/state'}, '/home/u')).toBe('/state/perftop/perftop.db');
		expect(defaultDatabasePath({}, '/home/u')).toBe('/home/u/.local/state/perftop/perftop.db');
	});

	it('ignores an empty or relative XDG_STATE_HOME, as the XDG spec requires', () => {
		expect(defaultDatabasePath({XDG_STATE_HOME: ''}, '/home/u')).toBe('/home/u/.local/state/perftop/perftop.db');
		expect(defaultDatabasePath({XDG_STATE_HOME: 'relative/state'}, '/home/u')).toBe('/home/u/.local/state/perftop/perftop.db');
	});
});

describe('defaultReportFolder', () => {
	it('is reports/ in perftop\'s state folder, never the current directory, whatever PERFTOP_DB says', () => {
		expect(defaultReportFolder({XDG_STATE_HOME: '/state', PERFTOP_DB: '/data/p.db'}, '/home/u')).toBe('/state/perftop/reports');
		expect(defaultReportFolder({}, '/home/u')).toBe('/home/u/.local/state/perftop/reports');
	});
});
