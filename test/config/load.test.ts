import {mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {defaultConfig as absentFileConfig} from '../../source/config/defaults.js';
import {checkConfig, ConfigError, defaultConfigPath, initConfig, loadConfig} from '../../source/config/load.js';
import {parseConfigText} from '../../source/config/parse.js';
import {renderDefaultConfig} from '../../source/config/template.js';
import {UsageError} from '../../source/options.js';

function problemsOf(text: string): readonly string[] {
	try {
		parseConfigText(text);
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return (error as ConfigError).problems;
	}

	throw new Error('expected a ConfigError');
}

const defaultConfig = parseConfigText('').config;

describe('parseConfigText: defaults', () => {
	it('an empty file gives every default', () => {
		expect(defaultConfig).toEqual({
			intervalSeconds: undefined,
			retention: {rawSeconds: 7 * 86_400, rollupsSeconds: 90 * 86_400, maxSizeBytes: 1e9, processesPerRanking: 10},
			thresholds: {cpuPct: 80, memoryPct: 85, filesystemPct: 90, responseTimeMs: 500},
			severity: {utilizationPct: [40, 60, 80], saturation: [1, 5, 10], errorPct: [0.1, 1, 5]},
			include: {disks: [], interfaces: [], mounts: []},
			exclude: {disks: [], interfaces: [], mounts: []},
			reporting: {daily: false, folder: undefined},
			probes: [],
			exporter: {prometheus: undefined},
			tracing: {otlpEndpoint: undefined, serviceName: 'perftop'},
			ui: {theme: 'default', graph: 'line', mouse: true},
			keys: {},
		});
	});

	it('empty sections (YAML null) mean their defaults', () => {
		expect(parseConfigText('thresholds:\nretention:\nprobes:\n').config).toEqual(defaultConfig);
	});

	it('a partial section keeps the other defaults', () => {
		const {config} = parseConfigText('thresholds:\n  cpu: 70\ninterval: 2s\n');
		expect(config.thresholds).toEqual({cpuPct: 70, memoryPct: 85, filesystemPct: 90, responseTimeMs: 500});
		expect(config.intervalSeconds).toBe(2);
	});

	it('fills probe defaults and normalises URL and method', () => {
		const {config, warnings} = parseConfigText([
			'probes:',
			'  - name: api',
			'    url: http://127.0.0.1:8080',
			'  - name: web',
			'    url: https://example.com/health',
			'    method: head',
			'    expectStatus: [200, 204]',
			'    intervalSeconds: 30s',
			'    timeoutSeconds: 2',
		].join('\n'));
		expect(warnings).toEqual([]);
		expect(config.probes).toEqual([
			{name: 'api', url: 'http://127.0.0.1:8080/', method: 'GET', intervalSeconds: 10, timeoutSeconds: 5},
			{name: 'web', url: 'https://example.com/health', method: 'HEAD', expectStatus: [200, 204], intervalSeconds: 30, timeoutSeconds: 2},
		]);
	});

	it('reads exporter and tracing settings', () => {
		const {config} = parseConfigText('exporter:\n  prometheus:\n    port: 9464\ntracing:\n  otlpEndpoint: http://127.0.0.1:4318\n  serviceName: edge\n');
		expect(config.exporter.prometheus).toEqual({port: 9464, host: '127.0.0.1'});
		expect(config.tracing).toEqual({otlpEndpoint: 'http://127.0.0.1:4318/', serviceName: 'edge'});
	});
});

describe('parseConfigText: every problem, with its path', () => {
	it.each([
		['thresholds:\n  cpu: 80%\n', 'thresholds.cpu: expected a number between 0 and 100, got \'80%\''],
		['thresholds:\n  memory: 120\n', 'thresholds.memory: expected a number between 0 and 100, got 120'],
		['thresholds:\n  responseTimeMs: 0\n', 'thresholds.responseTimeMs: expected a number of milliseconds greater than 0, got 0'],
		['interval: 0.1\n', 'interval: expected a duration between 0.5 s and 1 h (a number of seconds, or like 500ms, 10s, 5m, 2h, 7d), got 0.1'],
		['retention:\n  raw: forever\n', 'retention.raw: expected a duration between 1 h and 3650 d (a number of seconds, or like 500ms, 10s, 5m, 2h, 7d), got \'forever\''],
		['retention:\n  maxSize: 12XB\n', 'retention.maxSize: expected a size like 500MB, 1GB or 2GiB (at least 1MB), got \'12XB\''],
		['severity:\n  errors: [5, 1, 0]\n', 'severity.errors: expected three ascending numbers like [0.1, 1, 5], got [5, 1, 0]'],
		['include:\n  disks: sda\n', 'include.disks: expected a list of names or patterns like [sda, nvme*], got \'sda\''],
		['include: 5\n', 'include: expected a mapping of settings (key: value), got 5'],
		['reporting:\n  daily: yes\n', 'reporting.daily: expected true or false, got \'yes\''],
		['probes:\n  - name: a\n    url: ftp://example.com/\n', 'probes[0].url: expected an http: or https: URL like https://example.com/health, got \'ftp://example.com/\''],
		['probes:\n  - name: a\n', 'probes[0].url: missing, expected an http: or https: URL like https://example.com/health'],
		['probes:\n  - url: http://x/\n', 'probes[0].name: missing, expected a name of 1 to 64 characters without \'|\''],
		['probes:\n  - name: a\n    url: http://x/\n    method: POST\n', 'probes[0].method: expected GET or HEAD, got \'POST\''],
		['probes:\n  - name: a\n    url: http://x/\n    expectStatus: 700\n', 'probes[0].expectStatus: expected a status code (100–599) or a list of them like [200, 204], got 700'],
		['probes:\n  - name: a\n    url: http://x/\n    timeoutSeconds: 0\n', 'probes[0].timeoutSeconds: expected a duration between 0.1 s and 1 m (a number of seconds, or like 500ms, 10s, 5m, 2h, 7d), got 0'],
		['probes:\n  - name: a\n    url: http://x/\n    intervalSeconds: 0.5\n', 'probes[0].intervalSeconds: expected a duration between 1 s and 1 h (a number of seconds, or like 500ms, 10s, 5m, 2h, 7d), got 0.5'],
		['probes: http://x/\n', 'probes: expected a list, got \'http://x/\''],
		['probes:\n  - http://x/\n', 'probes[0]: expected a mapping of settings (key: value), got \'http://x/\''],
		['exporter:\n  prometheus:\n    port: 99999\n', 'exporter.prometheus.port: expected a port number between 1 and 65535, got 99999'],
		['exporter:\n  prometheus: {}\n', 'exporter.prometheus.port: missing, expected a port number between 1 and 65535'],
		['ui:\n  theme: neon\n', 'ui.theme: expected one of default, light, high-contrast, mono, gradient, got \'neon\''],
		['ui:\n  graph: dots\n', 'ui.graph: expected one of line, braille, got \'dots\''],
		['ui:\n  mouse: off\n', 'ui.mouse: expected true or false, got \'off\''],
		['keys:\n  quit: []\n', 'keys: expected a mapping of commands to keys, like {quit: [q, ctrl+c], report: S}, got a mapping'],
		['keys: [q]\n', 'keys: expected a mapping of commands to keys, like {quit: [q, ctrl+c], report: S}, got a list of 1'],
		['tracing:\n  otlpEndpoint: grpc://collector:4317\n', 'tracing.otlpEndpoint: expected an http: or https: URL like https://example.com/health, got \'grpc://collector:4317\''],
		['- 1\n', '(top level): expected a mapping of settings (key: value), got [1]'],
	])('%j', (text, message) => {
		expect(problemsOf(text)).toEqual([message]);
	});

	it('reports all problems of a file at once, duplicates included', () => {
		expect(problemsOf([
			'thresholds:',
			'  cpu: 80%',
			'  filesystem: -1',
			'probes:',
			'  - name: api',
			'    url: ftp://x/',
			'  - name: api',
			'    url: http://x/',
			'  - name: web',
			'    url: gopher://x/',
		].join('\n'))).toEqual([
			'thresholds.cpu: expected a number between 0 and 100, got \'80%\'',
			'thresholds.filesystem: expected a number between 0 and 100, got -1',
			'probes[0].url: expected an http: or https: URL like https://example.com/health, got \'ftp://x/\'',
			'probes[2].url: expected an http: or https: URL like https://example.com/health, got \'gopher://x/\'',
			'probes[1].name: duplicate name \'api\', already used by probes[0]',
		]);
	});

	it('a YAML syntax error names its line', () => {
		expect(problemsOf('thresholds:\n  cpu: [80\n')).toEqual(['YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1']);
	});

	it('a duplicate key is a YAML error, not a silent override', () => {
		expect(problemsOf('thresholds:\n  cpu: 70\n  cpu: 90\n')[0]).toMatch(/^YAML syntax: .*unique/i);
	});

	it('the error message lists every problem and is a UsageError (exit 2)', () => {
		try {
			parseConfigText('thresholds:\n  cpu: x\n  memory: y\n', '/etc/perftop.yaml');
			expect.unreachable();
		} catch (error) {
			expect(error).toBeInstanceOf(UsageError);
			expect((error as Error).message).toBe([
				'/etc/perftop.yaml: 2 problems',
				'  thresholds.cpu: expected a number between 0 and 100, got \'x\'',
				'  thresholds.memory: expected a number between 0 and 100, got \'y\'',
			].join('\n'));
		}
	});
});

describe('parseConfigText: warnings', () => {
	it('unknown keys are warnings with their paths and a suggestion when one is close', () => {
		const {config, warnings} = parseConfigText([
			'thresold:',
			'  cpu: 50',
			'thresholds:',
			'  cpux: 70',
			'  colour: red',
			'probes:',
			'  - name: api',
			'    url: http://x/',
			'    timeout: 3',
			'exporter:',
			'  prometheus:',
			'    port: 9000',
			'    hots: 0.0.0.0',
		].join('\n'));
		expect(warnings).toEqual([
			'thresold: unknown key, ignored (did you mean \'thresholds\'?)',
			'thresholds.cpux: unknown key, ignored (did you mean \'cpu\'?)',
			'thresholds.colour: unknown key, ignored',
			'probes[0].timeout: unknown key, ignored',
			'exporter.prometheus.hots: unknown key, ignored (did you mean \'host\'?)',
		]);
		expect(config.thresholds.cpuPct).toBe(80);
		expect(config.exporter.prometheus).toEqual({port: 9000, host: '127.0.0.1'});
	});

	it('a timeout longer than the interval is legal but warned about', () => {
		const {warnings} = parseConfigText('probes:\n  - name: a\n    url: http://x/\n    intervalSeconds: 5\n    timeoutSeconds: 10\n');
		expect(warnings).toEqual(['probes[0].timeoutSeconds: 10 s is longer than intervalSeconds 5 s; a turn is skipped while the previous probe still runs']);
	});

	it('warns of nothing nobody set: a short interval alone shortens the default timeout to it', () => {
		const {config, warnings} = parseConfigText('probes:\n  - name: a\n    url: http://x/\n    intervalSeconds: 2\n');
		expect(warnings).toEqual([]);
		expect(config.probes[0]).toMatchObject({intervalSeconds: 2, timeoutSeconds: 2});
	});
});

describe('renderDefaultConfig', () => {
	it('loads cleanly to exactly the defaults', () => {
		expect(parseConfigText(renderDefaultConfig())).toEqual({config: defaultConfig, warnings: []});
	});

	it('its commented-out examples load cleanly too once uncommented', () => {
		// The example blocks replace the `probes: []` and `exporter: {}` lines they follow.
		const uncommented = renderDefaultConfig()
			.split('\n')
			.filter(line => line !== 'probes: []' && line !== 'exporter: {}')
			.map(line => line.replace(/^(\s*)# (?=(interval|probes|exporter|otlpEndpoint|\s*- name|\s*url|\s*method|\s*expectStatus|\s*intervalSeconds|\s*timeoutSeconds|\s*prometheus|\s*port|\s*host):)/, '$1'))
			.join('\n');
		const {config, warnings} = parseConfigText(uncommented);
		expect(warnings).toEqual([]);
		expect(config.intervalSeconds).toBe(1);
		expect(config.probes).toEqual([{name: 'api', url: 'https://api.example.com/health', method: 'GET', expectStatus: [200], intervalSeconds: 10, timeoutSeconds: 5}]);
		expect(config.exporter.prometheus).toEqual({port: 9464, host: '127.0.0.1'});
		expect(config.tracing.otlpEndpoint).toBe('http://127.0.0.1:4318/');
	});

	it('mentions every option', () => {
		const text = renderDefaultConfig();
		for (const key of ['interval', 'raw', 'rollups', 'maxSize', 'cpu', 'memory', 'filesystem', 'responseTimeMs', 'utilization', 'saturation', 'errors', 'include', 'exclude', 'disks', 'interfaces', 'mounts', 'daily', 'folder', 'probes', 'name', 'url', 'method', 'expectStatus', 'intervalSeconds', 'timeoutSeconds', 'prometheus', 'port', 'host', 'otlpEndpoint', 'serviceName']) {
			expect(text).toMatch(new RegExp(`\\b${key}:`));
		}
	});
});

describe('loadConfig, initConfig, checkConfig (files)', () => {
	let directory: string;
	let env: Record<string, string>;

	beforeEach(() => {
		directory = mkdtempSync(path.join(os.tmpdir(), 'perftop-config-'));
		env = {HOME: path.join(directory, 'home'), XDG_CONFIG_HOME: path.join(directory, 'xdg')};
	});

	afterEach(() => {
		rmSync(directory, {recursive: true, force: true});
	});

	it('the default path honours an absolute XDG_CONFIG_HOME, else uses ~/.config', () => {
		expect(defaultConfigPath({XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/u'})).toBe('/x/cfg/perftop/config.yaml');
		expect(defaultConfigPath({HOME: '/home/u'})).toBe('/home/u/.config/perftop/config.yaml');
		expect(defaultConfigPath({XDG_CONFIG_HOME: 'relative', HOME: '/home/u'})).toBe('/home/u/.config/perftop/config.yaml');
	});

	it('a missing default file means defaults, with no path: the same config the schema makes of an empty file', async () => {
		expect(absentFileConfig).toEqual(defaultConfig);
		expect(await loadConfig({env})).toEqual({config: defaultConfig, warnings: [], path: undefined});
	});

	it('reads the default file when it exists', async () => {
		const file = path.join(directory, 'xdg', 'perftop', 'config.yaml');
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, 'thresholds:\n  cpu: 60\n');
		const loaded = await loadConfig({env});
		expect(loaded.path).toBe(file);
		expect(loaded.config.thresholds.cpuPct).toBe(60);
	});

	it('a missing --config file is an error', async () => {
		const file = path.join(directory, 'nope.yaml');
		await expect(loadConfig({path: file, env})).rejects.toThrow(ConfigError);
		await expect(loadConfig({path: file, env})).rejects.toThrow(`${file}: cannot read the config file: no such file`);
	});

	it('a bad default file is an error with its path', async () => {
		const file = path.join(directory, 'xdg', 'perftop', 'config.yaml');
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, 'thresholds:\n  cpu: high\n');
		await expect(loadConfig({env})).rejects.toThrow(`${file}: thresholds.cpu: expected a number between 0 and 100, got 'high'`);
	});

	it('initConfig writes the template, creating folders, and never overwrites', () => {
		const file = path.join(directory, 'new', 'dir', 'config.yaml');
		expect(initConfig(file)).toEqual({written: file});
		expect(readFileSync(file, 'utf8')).toBe(renderDefaultConfig());
		writeFileSync(file, 'thresholds:\n  cpu: 10\n');
		expect(() => initConfig(file)).toThrow(/already exists/);
		expect(readFileSync(file, 'utf8')).toBe('thresholds:\n  cpu: 10\n');
	});

	it('checkConfig returns problems and warnings as lines, and ok', async () => {
		const file = path.join(directory, 'c.yaml');
		writeFileSync(file, 'thresholds:\n  cpu: 80%\n  cpux: 1\n');
		expect(await checkConfig(file, env)).toEqual({
			ok: false,
			path: file,
			messages: [
				`${file}: thresholds.cpu: expected a number between 0 and 100, got '80%'`,
				'warning: thresholds.cpux: unknown key, ignored (did you mean \'cpu\'?)',
			],
		});
		writeFileSync(file, 'probes:\n  - name: a\n    url: http://x/\nextra: 1\n');
		expect(await checkConfig(file, env)).toEqual({
			ok: true,
			path: file,
			messages: ['warning: extra: unknown key, ignored', `${file}: valid, 1 probe target, 1 warning`],
		});
	});

	it('checkConfig adds the problems a validator finds (the keymap\'s, from config check), with the file\'s path', async () => {
		const file = path.join(directory, 'k.yaml');
		writeFileSync(file, 'ui:\n  theme: MONO\n  graph: braille\nkeys:\n  quit: [q, ctrl+c]\n  report: S\n  help: 1\n');
		const {config} = await loadConfig({path: file, env});
		expect(config.ui).toEqual({theme: 'mono', graph: 'braille', mouse: true});
		expect(config.keys).toEqual({quit: ['q', 'ctrl+c'], report: ['S'], help: ['1']});
		expect(await checkConfig(file, env, () => ['keys.report: S is also snapshotReport\'s key'])).toEqual({
			ok: false,
			path: file,
			messages: [`${file}: keys.report: S is also snapshotReport's key`],
		});
	});

	it('checkConfig without a file reports that defaults apply', async () => {
		const outcome = await checkConfig(undefined, env);
		expect(outcome.ok).toBe(true);
		expect(outcome.messages).toEqual([`${defaultConfigPath(env)} (not found; defaults apply): valid, 0 probe targets`]);
	});
});
