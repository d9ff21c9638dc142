// Parsing and validating a config file's text: yaml for the syntax, the zod schema for the values.
// Loaded on demand by load.ts, only when there is a file.
import YAML from 'yaml';
import type {Config} from './defaults.js';
import {issueMessage, unknownKeyWarnings} from './issues.js';
import {ConfigError} from './load.js';
import {configSchema, duplicateProbeNames, knownKeysOf, toConfig} from './schema.js';

/** Validates config text. Throws a ConfigError listing every problem; unknown keys come back as warnings. */
export function parseConfigText(text: string, filePath?: string): {config: Config; warnings: string[]} {
	// prettyErrors puts "at line L, column C" in the first line of each message.
	const document = YAML.parseDocument(text, {prettyErrors: true, uniqueKeys: true});
	if (document.errors.length > 0) {
		throw new ConfigError(document.errors.map(error => `YAML syntax: ${firstLine(error.message)}`), filePath);
	}

	const raw: unknown = document.toJS({maxAliasCount: 100}) ?? {};
	const unknownKeys = unknownKeyWarnings(raw, knownKeysOf(configSchema)!);
	const parsed = configSchema.safeParse(raw, {reportInput: true});
	const problems = [
		...(parsed.success ? [] : parsed.error.issues.map(issue => issueMessage(issue as Parameters<typeof issueMessage>[0]))),
		...duplicateProbeNames(raw),
	];
	if (!parsed.success || problems.length > 0) {
		throw new ConfigError(problems, filePath, unknownKeys);
	}

	const config = toConfig(parsed.data);
	return {config, warnings: [...unknownKeys, ...probeWarnings(parsed.data.probes)]};
}

function firstLine(message: string): string {
	// prettyErrors ends the line with ':' before a code excerpt that is not kept.
	return message.split('\n')[0]!.trim().replace(/:$/, '');
}

/** Legal settings that probably do not do what was meant; only what the file sets (a default is never wrong). */
function probeWarnings(probes: ReadonlyArray<{readonly intervalSeconds: number; readonly timeoutSeconds?: number | undefined}>): string[] {
	return probes.flatMap((probe, index) => (probe.timeoutSeconds !== undefined && probe.timeoutSeconds > probe.intervalSeconds
		? [`probes[${index}].timeoutSeconds: ${probe.timeoutSeconds} s is longer than intervalSeconds ${probe.intervalSeconds} s; a turn is skipped while the previous probe still runs`]
		: []));
}

