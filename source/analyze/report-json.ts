import type {Report} from './report.js';

/**
 * Pretty JSON with a stable key order: `schemaVersion` first, every other key sorted, at every depth,
 * so two reports diff cleanly whatever order their objects were built in. Unknown values (`undefined`)
 * are written as `null` rather than dropped, so every documented key is always present.
 */
export function renderJson(report: Report): string {
	return canonicalJson(report);
}

/** Any plain value as the report writes it: stable key order, `null` for unknown values. */
export function canonicalJson(value: unknown): string {
	return `${JSON.stringify(canonical(value), undefined, 2)}\n`;
}

function canonical(value: unknown): unknown {
	if (value === undefined) {
		return null;
	}

	if (typeof value === 'number') {
		return Number.isFinite(value) ? value : null;
	}

	if (Array.isArray(value)) {
		return value.map(item => canonical(item));
	}

	if (value !== null && typeof value === 'object') {
		const keys = Object.keys(value).sort((left, right) => (left === 'schemaVersion' ? -1 : right === 'schemaVersion' ? 1 : left < right ? -1 : left > right ? 1 : 0));
		const result: Record<string, unknown> = {};
		for (const key of keys) {
			result[key] = canonical((value as Record<string, unknown>)[key]);
		}

		return result;
	}

	return value;
}
