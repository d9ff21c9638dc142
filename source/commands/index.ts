import type {Command} from './types.js';

export type {CommandFlags} from './types.js';

export const commands: readonly Command[] = [
	{
		name: '',
		usage: '(no command)',
		summary: 'The live dashboard (plain-text snapshot when not a TTY)',
		example: 'perftop --interval 2',
		flags: ['interval', 'db', 'record', 'once', 'top', 'color', 'procfs', 'sysfs'],
		load: async () => (await import('./dashboard.js')).run,
	},
	{
		name: 'sample',
		usage: 'sample [--interval 1] [--json]',
		summary: 'Read every metric twice, one interval apart, and print them',
		example: 'perftop sample --json | jq \'.metrics[] | select(.use == "saturation")\'',
		flags: ['interval', 'json', 'procfs', 'sysfs', 'top'],
		load: async () => (await import('./sample.js')).run,
	},
];

export function findCommand(name: string | undefined): Command | undefined {
	return commands.find(command => command.name === (name ?? ''));
}
