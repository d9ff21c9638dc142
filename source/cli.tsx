#!/usr/bin/env node
import process from 'node:process';
import meow from 'meow';
import packageJson from '../package.json' with {type: 'json'};
import {commands, findCommand, type CommandFlags} from './commands/index.js';
import {UsageError} from './options.js';
import {errorMessage} from './errors.js';

const help = `
	Usage
	  $ perftop [command] [options]

	Commands
${commands.map(command => `	  ${command.usage}\n	      ${command.summary}`).join('\n')}

	Options
	  --interval, -i DURATION  Time between samples: 1, 0.5s, 10s, 5m (dashboard 0.5–60 s, default 1 s; record 10 s; serve 5 s)
	  --db PATH                SQLite database (default $PERFTOP_DB, else $XDG_STATE_HOME/perftop/perftop.db)
	  --config PATH            Config file (default $XDG_CONFIG_HOME/perftop/config.yaml); flags override it
	  --no-record              Dashboard or serve without recording
	  --once                   Print one plain-text snapshot and exit (also when not a TTY)
	  --json                   Machine-readable output (sample, compare, episodes, db info, baseline show)
	  --since DURATION         History to cover (report 1h, baseline 24h, episodes 24h, compare 5m); or --from ISO [--to ISO]
	  --baseline NAME          Compare a report against a saved baseline
	  --format FORMAT          Report: md|json|html (default md); profile: html|svg|folded|json (default html); export: csv|json|openmetrics (default csv)
	  --output PATH            Where a report or profile goes (- for stdout); --daily: yesterday's report
	  --duration DURATION      Stop record or serve after this long; how long profile samples (default 10 s)
	  --frequency HZ           Profile samples per second (default 99)
	  --force                  baseline save: replace a baseline of the same name
	  --port N, --host ADDR    Where serve listens (default 127.0.0.1:9464)
	  --top N                  Processes per ranking (default 15); top: rows shown (default 20)
	  --by cpu|memory|io       top: rank by CPU seconds, peak RSS or I/O bytes (default cpu)
	  --metric GLOB            export: only metrics whose id matches, e.g. 'cpu.*' or 'disk.util_pct'
	  --no-color               No colours (NO_COLOR is honoured too)
	  --theme NAME             Dashboard colours: default (the terminal's 16), light, high-contrast, mono, gradient
	  --graph STYLE            Dashboard charts: line or braille
	  --no-mouse               Dashboard without the mouse (clicks, wheel)
	  --procfs PATH            procfs root (default /proc), e.g. a container host's /host/proc
	  --sysfs PATH             sysfs root (default /sys under --rootfs)
	  --rootfs PATH            the monitored machine's / (default /): mount points are stat'ed under it, e.g. /host
	  --version                Print the version
	  --help                   Print this help

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
	theme: {type: 'string'},
	graph: {type: 'string'},
	mouse: {type: 'boolean', default: true},
	procfs: {type: 'string', default: '/proc'},
	sysfs: {type: 'string'},
	rootfs: {type: 'string', default: '/'},
	duration: {type: 'string'},
	frequency: {type: 'string'},
	since: {type: 'string'},
	from: {type: 'string'},
	to: {type: 'string'},
	baseline: {type: 'string'},
	format: {type: 'string'},
	output: {type: 'string'},
	daily: {type: 'boolean', default: false},
	force: {type: 'boolean', default: false},
	config: {type: 'string'},
	port: {type: 'string'},
	host: {type: 'string'},
	by: {type: 'string'},
	metric: {type: 'string'},
} as const;

// Unknown flags are checked here, per command, for a one-line message (meow's own check prints two lines and no hint).
// `pkg` given: meow neither searches for nor normalises package.json at start-up (~16 ms before the first frame).
const cli = parseArguments();

// meow names the process after the package's bin ("perftop"); ps and htop should show what it does.
// Linux keeps a title in the memory of the original command line, so it survives whole as long as it is
// no longer than `node /path/to/cli.js <arguments>` was: `perftop <arguments>` always is.
process.title = ['perftop', ...process.argv.slice(2)].join(' ');

/** meow throws on a flag given twice ("The flag --db can only be set once."): one usage line, not a stack trace. */
function parseArguments() {
	try {
		return meow(help, {importMeta: import.meta, pkg: packageJson, allowUnknownFlags: true, flags, argv: joinDashValues(process.argv.slice(2))});
	} catch (error) {
		fail(errorMessage(error).replace(/^The flag /, 'the flag '), 2);
	}
}

/** `--output -` (stdout) as `--output=-`: meow's parser would take the lone `-` for an argument. */
function joinDashValues(argv: readonly string[]): string[] {
	const joined: string[] = [];
	for (const argument of argv) {
		if (argument === '-' && joined.at(-1) === '--output') {
			joined[joined.length - 1] = '--output=-';
		} else {
			joined.push(argument);
		}
	}

	return joined;
}

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

	// --no-color is welcome everywhere: a script sets it once for every command, drawing colour or not.
	const unexpected = given.filter(flag => flag !== 'color' && !command.flags.includes(flag as keyof CommandFlags));
	if (unexpected.length > 0) {
		throw new UsageError(`${command.name === '' ? 'the dashboard' : `'${command.name}'`} does not take --${unexpected.join(', --')}`);
	}

	// `--db` at the end of the line, or before another flag, leaves the value empty: an empty path would
	// open the current folder, an empty duration would read as no duration.
	const empty = given.filter(flag => flags[flag as keyof typeof flags].type === 'string' && (cli.flags as Record<string, unknown>)[flag] === '');
	if (empty.length > 0) {
		throw new UsageError(`--${empty[0]}: needs a value`);
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

	fail(errorMessage(error), 1);
}
