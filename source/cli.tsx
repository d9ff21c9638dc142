#!/usr/bin/env node
import process from 'node:process';
import meow from 'meow';
import {commands, findCommand, type CommandFlags} from './commands/index.js';
import {UsageError} from './options.js';

const help = `
	Usage
	  $ perftop [command] [options]

	Commands
${commands.map(command => `	  ${command.usage.padEnd(34)}${command.summary}`).join('\n')}

	Options
	  --interval, -i DURATION  Seconds between samples (dashboard 0.5–60, default 1; record default 10s)
	  --db PATH               SQLite database (default $PERFTOP_DB or ~/.local/state/perftop/perftop.db)
	  --no-record             Dashboard without recording
	  --once                  Print one plain-text snapshot and exit (also when not a TTY)
	  --json                  Machine-readable output (sample, compare)
	  --top N                 Processes per ranking (default 15)
	  --no-color              No colours (NO_COLOR is honoured too)
	  --procfs PATH           procfs root (default /proc), for containers and tests
	  --sysfs PATH            sysfs root (default /sys)
	  --version               Print the version
	  --help                  Print this help

	Examples
${commands.map(command => `	  $ ${command.example}`).join('\n')}
`;

const flags = {
	interval: {type: 'string', shortFlag: 'i'},
	db: {type: 'string'},
	record: {type: 'boolean', default: true},
	once: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
	top: {type: 'string'},
	color: {type: 'boolean', default: true},
	procfs: {type: 'string', default: '/proc'},
	sysfs: {type: 'string', default: '/sys'},
	duration: {type: 'string'},
	since: {type: 'string'},
	from: {type: 'string'},
	to: {type: 'string'},
	baseline: {type: 'string'},
	format: {type: 'string'},
	output: {type: 'string'},
	daily: {type: 'boolean', default: false},
	config: {type: 'string'},
	port: {type: 'string'},
	host: {type: 'string'},
} as const;

// Unknown flags are checked here, per command, for a one-line message (meow's own check prints two lines and no hint).
const cli = meow(help, {importMeta: import.meta, allowUnknownFlags: true, flags});

function fail(message: string, exitCode: number): never {
	process.stderr.write(`perftop: ${message}\n`);
	if (exitCode === 2) {
		process.stderr.write(`Run 'perftop --help' for usage.\n`);
	}

	process.exit(exitCode);
}

async function main(): Promise<number> {
	const [name, ...rest] = cli.input;
	const command = findCommand(name);
	if (!command) {
		throw new UsageError(`unknown command '${name ?? ''}'`);
	}

	const given = givenFlags(process.argv.slice(2));
	if (process.argv.includes('--help')) {
		cli.showHelp(0);
	}

	const unknown = given.filter(flag => !Object.hasOwn(flags, flag));
	if (unknown.length > 0) {
		throw new UsageError(`unknown option --${unknown.join(', --')}`);
	}

	const unexpected = given.filter(flag => !command.flags.includes(flag as keyof CommandFlags));
	if (unexpected.length > 0) {
		throw new UsageError(`${command.name === '' ? 'the dashboard' : `'${command.name}'`} does not take --${unexpected.join(', --')}`);
	}

	const run = await command.load();
	return run({args: rest, flags: cli.flags as CommandFlags});
}

/** Flag names as written, normalised to meow's camelCase keys (`--no-record` → `record`). */
function givenFlags(argv: readonly string[]): string[] {
	const names: string[] = [];
	for (const argument of argv) {
		if (argument === '--') {
			break;
		}

		if (argument === '-i') {
			names.push('interval');
		} else if (argument.startsWith('--')) {
			const name = argument.slice(2).split('=')[0]!.replace(/^no-/, '');
			names.push(name.replaceAll(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase()));
		} else if (/^-[a-zA-Z]/.test(argument)) {
			names.push(argument.slice(1));
		}
	}

	return names.filter(name => name !== 'help' && name !== 'version');
}

try {
	const exitCode = await main();
	process.exitCode = exitCode;
} catch (error) {
	if (error instanceof UsageError) {
		fail(error.message, 2);
	}

	fail(error instanceof Error ? error.message : String(error), 1);
}
