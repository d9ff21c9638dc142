import type {Command} from './types.js';

export type {CommandFlags} from './types.js';

export const commands: readonly Command[] = [
	{
		name: '',
		usage: '(no command)',
		summary: 'The live dashboard (plain-text snapshot when not a TTY)',
		example: 'perftop --interval 2',
		flags: ['interval', 'db', 'record', 'once', 'top', 'color', 'theme', 'graph', 'mouse', 'procfs', 'sysfs', 'rootfs', 'config'],
		load: async () => (await import('./dashboard.js')).run,
	},
	{
		name: 'sample',
		usage: 'sample [--interval 1] [--json]',
		summary: 'Read every metric twice, one interval apart, and print them',
		example: 'perftop sample --json | jq \'.metrics[] | select(.use == "saturation")\'',
		flags: ['interval', 'json', 'procfs', 'sysfs', 'rootfs', 'top'],
		load: async () => (await import('./sample.js')).run,
	},
	{
		name: 'record',
		usage: 'record [--interval 10s] [--duration 2h]',
		summary: 'Record headless to the database (cron, systemd, tmux)',
		example: 'perftop record --interval 10s --duration 24h',
		flags: ['interval', 'duration', 'db', 'top', 'procfs', 'sysfs', 'rootfs', 'config'],
		load: async () => (await import('./record.js')).run,
	},
	{
		name: 'db',
		usage: 'db info [--json]',
		summary: 'Where the database is, its size, time range and sample counts',
		example: 'perftop db info',
		flags: ['db', 'json', 'procfs'],
		load: async () => (await import('./db-info.js')).run,
	},
	{
		name: 'baseline',
		usage: 'baseline save|list|show|rm [NAME]',
		summary: 'Save what normal looks like from recorded history (--since 24h, --from/--to, --force)',
		example: 'perftop baseline save before-deploy --since 24h',
		flags: ['db', 'since', 'from', 'to', 'json', 'force', 'procfs'],
		load: async () => (await import('./baseline.js')).run,
	},
	{
		name: 'compare',
		usage: 'compare NAME [--since 5m] [--json]',
		summary: 'Recent window vs a baseline; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN',
		example: 'perftop compare before-deploy --since 10m || rollback',
		flags: ['db', 'since', 'from', 'to', 'json', 'procfs'],
		load: async () => (await import('./compare.js')).run,
	},
	{
		name: 'report',
		usage: 'report [--since 1h] [--format md|json|html]',
		summary: 'Write a report: bottlenecks, deviations, trends (--baseline NAME, --output PATH, --daily)',
		example: 'perftop report --since 24h --baseline before-deploy --format html',
		flags: ['db', 'since', 'from', 'to', 'baseline', 'format', 'output', 'daily', 'procfs'],
		load: async () => (await import('./report.js')).run,
	},
	{
		name: 'episodes',
		usage: 'episodes [--since 24h] [--json]',
		summary: 'Bottleneck episodes of recorded history: when, how long, who used the resource, what moved with it (--from/--to)',
		example: 'perftop episodes --since 6h',
		flags: ['db', 'since', 'from', 'to', 'json', 'procfs'],
		load: async () => (await import('./episodes.js')).run,
	},
	{
		name: 'replay',
		usage: 'replay [--since 24h | --from ISO --to ISO]',
		summary: 'The dashboard at recorded moments, no live collection: [ ] step, g go to, w worst moment (a copied database too)',
		example: 'perftop replay --since 2h --db /tmp/from-db-1.db',
		flags: ['db', 'since', 'from', 'to', 'color', 'theme', 'graph', 'mouse', 'config'],
		load: async () => (await import('./replay.js')).run,
	},
	{
		name: 'top',
		usage: 'top [--since 1h] [--by cpu|memory|io] [--json]',
		summary: 'The heaviest recorded processes over a range: CPU seconds and peak, peak RSS and growth, I/O, first and last seen',
		example: 'perftop top --since 30m --by io --json',
		flags: ['db', 'since', 'from', 'to', 'by', 'top', 'json', 'procfs'],
		load: async () => (await import('./top.js')).run,
	},
	{
		name: 'export',
		usage: 'export [--since 1h] [--format csv|json|openmetrics] [--metric GLOB]',
		summary: 'Recorded series for other tools, streamed (--output PATH; OpenMetrics loads with promtool tsdb create-blocks-from openmetrics)',
		example: 'perftop export --since 24h --format openmetrics --output perftop.om',
		flags: ['db', 'since', 'from', 'to', 'format', 'metric', 'output', 'procfs'],
		load: async () => (await import('./export.js')).run,
	},
	{
		name: 'profile',
		usage: 'profile PID|NAME [--duration 10s] [--frequency 99]',
		summary: 'On-CPU profile of one process with perf: hot functions, a flame graph (--format html|folded|json, --output PATH)',
		example: 'perftop profile 4242 --duration 30s',
		flags: ['duration', 'frequency', 'format', 'output', 'procfs'],
		load: async () => (await import('./profile.js')).run,
	},
	{
		name: 'serve',
		usage: 'serve [--port 9464] [--host 127.0.0.1]',
		summary: 'Prometheus /metrics endpoint, recording too unless --no-record',
		example: 'perftop serve --port 9464 --interval 5s',
		flags: ['port', 'host', 'interval', 'duration', 'db', 'record', 'top', 'procfs', 'sysfs', 'rootfs', 'config'],
		load: async () => (await import('./serve.js')).run,
	},
	{
		name: 'config',
		usage: 'config init|check [PATH]',
		summary: 'Write a commented default config file, or validate one',
		example: 'perftop config init && perftop config check',
		flags: ['config'],
		load: async () => (await import('./config.js')).run,
	},
];

export function findCommand(name: string | undefined): Command | undefined {
	return commands.find(command => command.name === (name ?? ''));
}
