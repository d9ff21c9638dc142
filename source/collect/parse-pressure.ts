import type {PressureLine, PressureResource} from './types.js';

// /proc/pressure/{cpu,memory,io}, Documentation/accounting/psi.rst (kernel ≥ 4.20, CONFIG_PSI):
//   some avg10=0.06 avg60=0.02 avg300=0.06 total=3064277
//   full avg10=0.00 avg60=0.00 avg300=0.04 total=2745028
// avgN are the % of wall time in which some (or all non-idle) tasks stalled, over N seconds;
// total is the cumulative stall time in µs. cpu has a `full` line only from 5.13 on, and a
// kernel may add fields later, so unknown key=value pairs are ignored.

const percent = /^\d+(?:\.\d+)?$/;
const unsignedInteger = /^\d+$/;

/** One `some`/`full` line; undefined when a field is missing or not a number. */
function parsePressureLine(fields: readonly string[]): PressureLine | undefined {
	const values = new Map<string, string>();
	for (const field of fields) {
		const separator = field.indexOf('=');
		if (separator > 0) {
			values.set(field.slice(0, separator), field.slice(separator + 1));
		}
	}

	const avg10 = values.get('avg10');
	const avg60 = values.get('avg60');
	const avg300 = values.get('avg300');
	const total = values.get('total');
	if (avg10 === undefined || avg60 === undefined || avg300 === undefined || total === undefined
		|| !percent.test(avg10) || !percent.test(avg60) || !percent.test(avg300) || !unsignedInteger.test(total)) {
		return undefined;
	}

	return {avg10: Number(avg10), avg60: Number(avg60), avg300: Number(avg300), totalUs: Number(total)};
}

/** Parses one /proc/pressure file. A malformed `full` line is dropped; without a valid `some` line this throws. */
export function parsePressure(text: string): PressureResource {
	let some: PressureLine | undefined;
	let full: PressureLine | undefined;
	for (const line of text.split('\n')) {
		const [kind, ...fields] = line.trim().split(/\s+/);
		if (kind === 'some') {
			some = parsePressureLine(fields);
		} else if (kind === 'full') {
			full = parsePressureLine(fields);
		}
	}

	if (some === undefined) {
		throw new Error('/proc/pressure: no valid some line');
	}

	return full === undefined ? {some} : {some, full};
}
