import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {UsageError} from '../options.js';
import {type Config, defaultConfig} from './defaults.js';
import {renderDefaultConfig} from './template.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * A config file that cannot be used. `problems` holds every one, each "path: plain message".
 * A UsageError, so the CLI exits 2 as for any other mistake in how perftop was invoked.
 */
export class ConfigError extends UsageError {
	readonly problems: readonly string[];
	readonly path: string | undefined;
	/** Unknown keys and the like found alongside the problems, for `config check`. */
	readonly warnings: readonly string[];

	constructor(problems: readonly string[], filePath: string | undefined, warnings: readonly string[] = []) {
		const where = filePath ?? 'config';
		super(problems.length === 1 ? `${where}: ${problems[0]}` : `${where}: ${problems.length} problems\n${problems.map(problem => `  ${problem}`).join('\n')}`);
		this.problems = problems;
		this.path = filePath;
		this.warnings = warnings;
	}
}

export type LoadedConfig = {
	readonly config: Config;
	readonly warnings: readonly string[];
	/** The file read; undefined when the default file does not exist and defaults apply. */
	readonly path: string | undefined;
};

/** `$XDG_CONFIG_HOME/perftop/config.yaml`, else `~/.config/perftop/config.yaml`. */
export function defaultConfigPath(env: Environment): string {
	// The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
	const xdg = env.XDG_CONFIG_HOME;
	const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(env.HOME ?? os.homedir(), '.config');
	return path.join(base, 'perftop', 'config.yaml');
}

function isMissing(error: unknown): boolean {
	return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function readText(filePath: string): string {
	try {
		return readFileSync(filePath, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const reason = code === 'ENOENT' ? 'no such file' : (code === 'EACCES' ? 'permission denied' : (code === 'EISDIR' ? 'is a folder' : (error as Error).message));
		throw new ConfigError([`cannot read the config file: ${reason}`], filePath);
	}
}

/**
 * The config from `path` (`--config`; missing is an error) or from the default location (missing means defaults).
 * Throws a ConfigError with every problem found.
 */
export async function loadConfig(options: {readonly path?: string; readonly env: Environment}): Promise<LoadedConfig> {
	const filePath = options.path === undefined ? defaultConfigPath(options.env) : path.resolve(options.path);
	let text: string;
	try {
		text = readFileSync(filePath, 'utf8');
	} catch (error) {
		if (options.path === undefined && isMissing(error)) {
			return {config: defaultConfig, warnings: [], path: undefined};
		}

		text = readText(filePath);
	}

	// The parser (zod and yaml) loads only when there is a file to parse.
	const {parseConfigText} = await import('./parse.js');
	return {...parseConfigText(text, filePath), path: filePath};
}

/** `perftop config init`: writes the commented default file; never overwrites one. */
export function initConfig(filePath: string): {written: string} {
	const resolved = path.resolve(filePath);
	mkdirSync(path.dirname(resolved), {recursive: true});
	try {
		// `wx` fails if the file exists, with no window between a check and the write.
		writeFileSync(resolved, renderDefaultConfig(), {flag: 'wx'});
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
			throw new ConfigError(['already exists; not overwriting it (check it with `perftop config check`)'], resolved);
		}

		throw new ConfigError([`cannot write the config file: ${(error as Error).message}`], resolved);
	}

	return {written: resolved};
}

export type CheckOutcome = {
	/** False when the file has errors: exit 2. */
	readonly ok: boolean;
	readonly path: string | undefined;
	/** Errors first, then warnings ("warning: …"), then a one-line summary. */
	readonly messages: readonly string[];
};

/**
 * `perftop config check`: every problem and warning as lines; never throws for a bad file. `validate`
 * adds the problems only other layers can see (key names belong to the dashboard's keymap).
 */
export async function checkConfig(filePath: string | undefined, env: Environment, validate: (config: Config) => readonly string[] = () => []): Promise<CheckOutcome> {
	try {
		const loaded = await loadConfig({path: filePath, env});
		const problems = validate(loaded.config);
		if (problems.length > 0) {
			throw new ConfigError(problems, loaded.path, loaded.warnings);
		}

		const where = loaded.path ?? `${defaultConfigPath(env)} (not found; defaults apply)`;
		const probes = loaded.config.probes.length;
		return {
			ok: true,
			path: loaded.path,
			messages: [
				...loaded.warnings.map(warning => `warning: ${warning}`),
				`${where}: valid, ${probes} probe target${probes === 1 ? '' : 's'}${loaded.warnings.length > 0 ? `, ${loaded.warnings.length} warning${loaded.warnings.length === 1 ? '' : 's'}` : ''}`,
			],
		};
	} catch (error) {
		if (error instanceof ConfigError) {
			const where = error.path ?? 'config';
			return {
				ok: false,
				path: error.path,
				messages: [...error.problems.map(problem => `${where}: ${problem}`), ...error.warnings.map(warning => `warning: ${warning}`)],
			};
		}

		throw error;
	}
}
