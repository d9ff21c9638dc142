import {homedir} from 'node:os';
import path from 'node:path';

/** `$PERFTOP_DB`, else `$XDG_STATE_HOME/perftop/perftop.db`, else `~/.local/state/perftop/perftop.db`. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
	if (env['PERFTOP_DB']) {
		return env['PERFTOP_DB'];
	}

	return path.join(stateFolder(env, home), 'perftop.db');
}

/** `$XDG_STATE_HOME/perftop/reports`, else `~/.local/state/perftop/reports`. */
export function defaultReportFolder(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
	return path.join(stateFolder(env, home), 'reports');
}

function stateFolder(env: NodeJS.ProcessEnv, home: string): string {
	// The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
	const stateHome = env['XDG_STATE_HOME'] && path.isAbsolute(env['XDG_STATE_HOME'])
		? env['XDG_STATE_HOME']
		: path.join(home, '.local', 'state');
	return path.join(stateHome, 'perftop');
}
