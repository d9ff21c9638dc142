import {writeSync} from 'node:fs';
import process from 'node:process';
import {ConfigError} from '../config/load.js';
import {graphStyles, parseChoice, themeNames} from '../options.js';
import {applyKeyConfig, type Binding} from '../ui/keymap.js';
import {mouseOff, mouseOn} from '../ui/mouse.js';
import {chartLevels, hasTruecolour, type ThemeOptions} from '../ui/theme.js';
import type {Settings} from './settings.js';
import type {CommandFlags} from './types.js';

/** The dashboard's theme, charts, keys and mouse, from the flags over the config file's `ui` and `keys`; live or replayed alike. */
export type Look = {
	readonly theme: Omit<ThemeOptions, 'noColor'>;
	readonly keys: readonly Binding[];
	readonly mouse: boolean;
	/** `--no-color` or NO_COLOR: they win over any theme. */
	readonly noColor: boolean;
};

/** Read before anything starts: a wrong --theme or key name is a usage error, not a half-drawn dashboard. */
export function dashboardLook(flags: CommandFlags, settings: Settings): Look {
	const {ui} = settings.config;
	const keys = applyKeyConfig(settings.config.keys);
	if (keys.problems.length > 0) {
		throw new ConfigError(keys.problems, settings.path);
	}

	return {
		theme: {
			name: flags.theme === undefined ? ui.theme : parseChoice(flags.theme, themeNames, '--theme'),
			charts: {style: flags.graph === undefined ? ui.graph : parseChoice(flags.graph, graphStyles, '--graph'), levels: chartLevels(settings.thresholds)},
			truecolour: hasTruecolour(process.env),
		},
		keys: keys.keymap,
		mouse: flags.mouse && ui.mouse,
		noColor: !flags.color || (process.env['NO_COLOR'] ?? '') !== '',
	};
}

/** Mouse reports on, where the look asks for them and the terminal takes them; the returned function turns them off. */
export function startMouse(look: Look): (() => void) | undefined {
	return look.mouse && mouseReported(process.env) ? captureMouse() : undefined;
}

/** Terminals that take xterm's mouse modes: not the Linux console, a serial VT or a dumb terminal. */
function mouseReported(env: NodeJS.ProcessEnv): boolean {
	return !/^(linux|dumb|cons25|vt\d+)/.test(env['TERM'] ?? '');
}

/**
 * Mouse reports on until the returned function turns them off. An exit that skips it (an uncaught
 * error, process.exit) turns them off from the exit hook, so the shell after perftop never receives
 * clicks as escape sequences; SIGTERM unmounts and comes through the normal path.
 */
function captureMouse(): () => void {
	const off = () => {
		try {
			writeSync(process.stdout.fd, mouseOff);
		} catch {
			// The terminal is gone (SIGHUP): there is nothing left to restore.
		}
	};

	process.stdout.write(mouseOn);
	process.once('exit', off);
	return () => {
		process.off('exit', off);
		off();
	};
}
