import type {KnownKeys} from './schema.js';

/** `thresholds.cpu`, `probes[2].url`; the top level is `(top level)`. */
export function formatPath(path: readonly PropertyKey[]): string {
	let text = '';
	for (const part of path) {
		text += typeof part === 'number' ? `[${part}]` : `${text === '' ? '' : '.'}${String(part)}`;
	}

	return text === '' ? '(top level)' : text;
}

/** A value as the user wrote it: strings quoted, lists and mappings named rather than dumped. */
export function describeValue(value: unknown): string {
	if (value === undefined || value === null) {
		return 'nothing';
	}

	if (typeof value === 'string') {
		return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
	}

	if (Array.isArray(value)) {
		if (value.length === 0) {
			return 'an empty list';
		}

		return value.length <= 5 && value.every(element => typeof element === 'number' || typeof element === 'boolean')
			? `[${value.join(', ')}]`
			: `a list of ${value.length}`;
	}

	if (typeof value === 'object') {
		return 'a mapping';
	}

	return String(value);
}

/** The shape of a zod 4 issue this module reads; kept structural so it does not depend on zod's internals. */
export type IssueLike = {
	readonly code: string;
	readonly path: readonly PropertyKey[];
	readonly message: string;
	readonly input?: unknown;
	readonly expected?: unknown;
	readonly params?: {readonly expected?: string};
};

const expectedByType: Record<string, string> = {
	object: 'a mapping of settings (key: value)',
	array: 'a list',
	string: 'text',
	number: 'a number',
	boolean: 'true or false',
};

/** One line per issue, "thresholds.cpu: expected a number between 0 and 100, got '80%'". */
export function issueMessage(issue: IssueLike): string {
	const path = formatPath(issue.path);
	const phrase = issue.params?.expected
		?? (issue.code === 'invalid_type' && typeof issue.expected === 'string' ? expectedByType[issue.expected] : undefined);
	if (phrase === undefined) {
		return `${path}: ${issue.message}`;
	}

	return issue.input === undefined || issue.input === null
		? `${path}: missing, expected ${phrase}`
		: `${path}: expected ${phrase}, got ${describeValue(issue.input)}`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys the schema does not know, with their paths; they are ignored, so they are warnings. */
export function unknownKeyWarnings(value: unknown, known: KnownKeys, path: readonly PropertyKey[] = []): string[] {
	if (known.kind === 'list') {
		return Array.isArray(value) ? value.flatMap((element, index) => unknownKeyWarnings(element, known.element, [...path, index])) : [];
	}

	if (!isMapping(value)) {
		return [];
	}

	const warnings: string[] = [];
	for (const [key, child] of Object.entries(value)) {
		if (!known.keys.has(key)) {
			const suggestion = closestKey(key, [...known.keys.keys()]);
			warnings.push(`${formatPath([...path, key])}: unknown key, ignored${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`);
			continue;
		}

		const childKnown = known.keys.get(key);
		if (childKnown) {
			warnings.push(...unknownKeyWarnings(child, childKnown, [...path, key]));
		}
	}

	return warnings;
}

/** The known key within two edits (case ignored), for "did you mean"; undefined when none is that close. */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
	let best: string | undefined;
	let bestDistance = 3;
	for (const candidate of candidates) {
		const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}

	return best;
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}

		previous = current;
	}

	return previous[b.length]!;
}
