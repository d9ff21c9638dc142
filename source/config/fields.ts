// Leaf parsers for config values. Each returns the value or the phrase the value should have been
// ("a number between 0 and 100"), so every message reads "<path>: expected <phrase>, got <value>".
// `undefined` means the key is absent (or empty in YAML); a parser with a default returns it then.

import {durationSeconds} from '../options.js';

export type Parsed<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly expected: string};

export type FieldParser<T> = (input: unknown) => Parsed<T>;

function ok<T>(value: T): Parsed<T> {
	return {ok: true, value};
}

function expected<T>(phrase: string): Parsed<T> {
	return {ok: false, expected: phrase};
}

/** A parser that gives `fallback` for an absent value instead of rejecting it. */
export function withDefault<T>(parser: FieldParser<T>, fallback: T): FieldParser<T> {
	return input => (input === undefined ? ok(fallback) : parser(input));
}

/** A parser that gives `undefined` for an absent value. */
export function optional<T>(parser: FieldParser<T>): FieldParser<T | undefined> {
	return input => (input === undefined ? ok(undefined) : parser(input));
}

function formatBound(value: number, unit: string): string {
	return unit === '' ? String(value) : `${value} ${unit}`;
}

export function numberBetween(minimum: number, maximum: number, unit = ''): FieldParser<number> {
	const phrase = `a number between ${formatBound(minimum, unit)} and ${formatBound(maximum, unit)}`;
	return input => (typeof input === 'number' && Number.isFinite(input) && input >= minimum && input <= maximum ? ok(input) : expected(phrase));
}

export function integerBetween(minimum: number, maximum: number, what: string): FieldParser<number> {
	const phrase = `${what} between ${minimum} and ${maximum}`;
	return input => (typeof input === 'number' && Number.isInteger(input) && input >= minimum && input <= maximum ? ok(input) : expected(phrase));
}

export function positiveNumber(unit: string): FieldParser<number> {
	const phrase = `a number of ${unit} greater than 0`;
	return input => (typeof input === 'number' && Number.isFinite(input) && input > 0 ? ok(input) : expected(phrase));
}

export const booleanField: FieldParser<boolean> = input => (typeof input === 'boolean' ? ok(input) : expected('true or false'));

export function nonEmptyString(what: string): FieldParser<string> {
	return input => (typeof input === 'string' && input.trim() !== '' ? ok(input.trim()) : expected(what));
}

function describeSeconds(seconds: number): string {
	for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) {
		if (seconds >= size && seconds % size === 0) {
			return `${seconds / size} ${unit}`;
		}
	}

	return `${seconds} s`;
}

/** A duration as a number of seconds or a string with a unit, within bounds; the value is in seconds. */
export function duration(minimumSeconds: number, maximumSeconds: number): FieldParser<number> {
	const phrase = `a duration between ${describeSeconds(minimumSeconds)} and ${describeSeconds(maximumSeconds)} (a number of seconds, or like 500ms, 10s, 5m, 2h, 7d)`;
	return input => {
		const seconds = typeof input === 'number' ? input : (typeof input === 'string' ? durationSeconds(input) : undefined);
		return seconds !== undefined && Number.isFinite(seconds) && seconds >= minimumSeconds && seconds <= maximumSeconds ? ok(seconds) : expected(phrase);
	};
}

// Decimal units as disks are sold and `df -H` prints them; binary ones spelled the IEC way.
const bytesPerUnit: Record<string, number> = {
	b: 1,
	kb: 1e3,
	mb: 1e6,
	gb: 1e9,
	tb: 1e12,
	kib: 2 ** 10,
	mib: 2 ** 20,
	gib: 2 ** 30,
	tib: 2 ** 40,
};

export function sizeBytes(text: string): number | undefined {
	const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)?\s*$/i.exec(text);
	if (!match) {
		return undefined;
	}

	const perUnit = bytesPerUnit[(match[2] ?? 'b').toLowerCase()];
	return perUnit === undefined ? undefined : Math.round(Number(match[1]) * perUnit);
}

/** A size as a number of bytes or a string like 500MB, 1GB, 2GiB; at least `minimumBytes`. */
export function size(minimumBytes: number): FieldParser<number> {
	const phrase = 'a size like 500MB, 1GB or 2GiB (at least 1MB)';
	return input => {
		const bytes = typeof input === 'number' ? input : (typeof input === 'string' ? sizeBytes(input) : undefined);
		return bytes !== undefined && Number.isFinite(bytes) && bytes >= minimumBytes ? ok(bytes) : expected(phrase);
	};
}

export type Ascending3 = readonly [number, number, number];

/** Three ascending non-negative numbers: the 1-, 2- and 3-point thresholds of the severity score. */
export function ascendingTriple(example: Ascending3): FieldParser<Ascending3> {
	const phrase = `three ascending numbers like [${example.join(', ')}]`;
	return input => {
		if (!Array.isArray(input) || input.length !== 3 || !input.every(value => typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
			return expected(phrase);
		}

		const [one, two, three] = input as [number, number, number];
		return one < two && two < three ? ok([one, two, three] as const) : expected(phrase);
	};
}

export const nameList: FieldParser<readonly string[]> = input => (
	Array.isArray(input) && input.every(value => typeof value === 'string' && value.trim() !== '')
		? ok(input.map(value => (value as string).trim()))
		: expected('a list of names or patterns like [sda, nvme*]')
);

/** An absolute http: or https: URL. Nothing else may reach the network layer. */
export function httpUrl(input: unknown): Parsed<string> {
	const phrase = 'an http: or https: URL like https://example.com/health';
	if (typeof input !== 'string') {
		return expected(phrase);
	}

	let url: URL;
	try {
		url = new URL(input.trim());
	} catch {
		return expected(phrase);
	}

	return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? ok(url.href) : expected(phrase);
}

// The name becomes the resource id `service:<name>`, a series key (`id|resource`) and a Prometheus label.
export const probeName: FieldParser<string> = input => (
	typeof input === 'string' && /^[^\s|\p{Cc}][^|\p{Cc}]{0,63}$/u.test(input.trim()) && input.trim() !== ''
		? ok(input.trim())
		: expected('a name of 1 to 64 characters without \'|\'')
);

export const httpMethod: FieldParser<'GET' | 'HEAD'> = input => {
	const method = typeof input === 'string' ? input.trim().toUpperCase() : undefined;
	return method === 'GET' || method === 'HEAD' ? ok(method) : expected('GET or HEAD');
};

/** One status code or a list of them; absent means "any status below 400". */
export const expectStatus: FieldParser<readonly number[]> = input => {
	const codes = Array.isArray(input) ? input : [input];
	return codes.length > 0 && codes.every(code => typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 599)
		? ok(codes as number[])
		: expected('a status code (100–599) or a list of them like [200, 204]');
};

/** One of a few words, in any case. */
export function oneOf<Choice extends string>(choices: readonly Choice[]): FieldParser<Choice> {
	const phrase = `one of ${choices.join(', ')}`;
	return input => {
		const choice = typeof input === 'string' ? choices.find(candidate => candidate === input.trim().toLowerCase()) : undefined;
		return choice === undefined ? expected(phrase) : ok(choice);
	};
}

/**
 * `keys:` as written: each command to a key or a list of keys. Only the shape is checked here; which
 * commands and key names exist is the dashboard's keymap's to say (ui/keymap.ts, by `config check`).
 */
export const keyBindings: FieldParser<Readonly<Record<string, readonly string[]>>> = input => {
	const phrase = 'a mapping of commands to keys, like {quit: [q, ctrl+c], report: S}';
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		return expected(phrase);
	}

	const bindings: Record<string, readonly string[]> = {};
	for (const [command, keys] of Object.entries(input)) {
		const list: unknown[] = Array.isArray(keys) ? keys : [keys];
		// YAML reads a bare 1 as a number: a digit key is still a key.
		const names = list.map(key => (typeof key === 'number' && Number.isInteger(key) && key >= 0 && key <= 9 ? String(key) : key));
		if (names.length === 0 || !names.every(name => typeof name === 'string' && name !== '')) {
			return expected(phrase);
		}

		bindings[command] = names as string[];
	}

	return ok(bindings);
};
