/** A small reader of the Prometheus text format (0.0.4), enough to assert on what a scrape returned. */
export type ExpositionSample = {
	readonly name: string;
	readonly labels: Readonly<Record<string, string>>;
	readonly value: number;
};

export type Exposition = {
	readonly help: ReadonlyMap<string, string>;
	readonly type: ReadonlyMap<string, string>;
	readonly samples: readonly ExpositionSample[];
};

function unescapeLabel(value: string): string {
	return value.replaceAll(/\\(.)/g, (_match, character: string) => (character === 'n' ? '\n' : character));
}

function parseLabels(text: string): Record<string, string> {
	const labels: Record<string, string> = {};
	const pattern = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)",?/gy;
	let consumed = 0;
	let match: RegExpExecArray | null;
	while ((match = pattern.exec(text)) !== null) {
		labels[match[1]!] = unescapeLabel(match[2]!);
		consumed = pattern.lastIndex;
	}

	if (consumed !== text.length) {
		throw new Error(`unparsable labels: ${text}`);
	}

	return labels;
}

function parseValue(text: string): number {
	if (text === '+Inf') {
		return Number.POSITIVE_INFINITY;
	}

	if (text === '-Inf') {
		return Number.NEGATIVE_INFINITY;
	}

	return Number(text);
}

export function parseExposition(text: string): Exposition {
	const help = new Map<string, string>();
	const type = new Map<string, string>();
	const samples: ExpositionSample[] = [];
	for (const line of text.split('\n')) {
		if (line === '') {
			continue;
		}

		const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
		if (comment !== null) {
			(comment[1] === 'HELP' ? help : type).set(comment[2]!, comment[3]!);
			continue;
		}

		const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
		if (sample === null) {
			throw new Error(`unparsable exposition line: ${line}`);
		}

		samples.push({name: sample[1]!, labels: parseLabels(sample[2] ?? ''), value: parseValue(sample[3]!)});
	}

	return {help, type, samples};
}

/** Samples of one metric, keyed by their `resource` label. */
export function byResource(exposition: Exposition, name: string): Map<string, number> {
	return new Map(exposition.samples.filter(sample => sample.name === name).map(sample => [sample.labels['resource'] ?? '', sample.value]));
}
