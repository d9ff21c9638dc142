import type {Unit} from '../metrics/types.js';

// Chart axis labels repeat on every chart line and share a panel's width with the plot, so they use a
// shorter form than metrics/format.ts: no space, one-letter suffixes, at most four cells for any
// non-negative value (durations: below 1000 days): "0", "0.5", "980", "1.2K", "980K", "12M", "1.5s", "30m".
// The unit is in the chart's caption.

/** Longest label an axis formatter produces for a non-negative value (the chart measures anyway). */
export const axisLabelCells = 4;

const binarySuffixes = ['', 'K', 'M', 'G', 'T', 'P'] as const;
const decimalSuffixes = ['', 'k', 'M', 'G', 'T'] as const;

/** One decimal below 10 (dropped when it is ".0"), none from 10 up. */
function digits(magnitude: number): string {
	const oneDecimal = Number(magnitude.toFixed(1));
	if (oneDecimal < 10) {
		return Number.isInteger(oneDecimal) ? String(oneDecimal) : oneDecimal.toFixed(1);
	}

	return magnitude.toFixed(0);
}

/** Scaled by `step` until the printed figure has at most three digits: 1023 B is "1K", not "1023". */
function scaled(value: number, step: number, suffixes: readonly string[]): string {
	if (!Number.isFinite(value)) {
		return '';
	}

	let magnitude = Math.abs(value);
	let index = 0;
	while (index < suffixes.length - 1 && Number(digits(magnitude)) >= 1000) {
		magnitude /= step;
		index++;
	}

	return `${value < 0 ? '-' : ''}${digits(magnitude)}${suffixes[index]}`;
}

/** Durations step up through seconds, minutes, hours and days, each while its figure stays below 1000. */
const durationSteps: ReadonlyArray<readonly [number, string]> = [[1000, 's'], [60, 'm'], [60, 'h'], [24, 'd']];

function milliseconds(value: number): string {
	let magnitude = value;
	let suffix = '';
	for (const [step, next] of durationSteps) {
		if (Math.abs(Number(digits(magnitude))) < 1000) {
			break;
		}

		magnitude /= step;
		suffix = next;
	}

	return `${scaled(magnitude, 1000, suffix === 'd' ? decimalSuffixes : [''])}${suffix}`;
}

/** The axis label formatter for a unit. */
export function axisFormatter(unit: Unit): (value: number) => string {
	switch (unit) {
		case 'bytes':
		case 'bytes_per_second': {
			return value => scaled(value, 1024, binarySuffixes);
		}

		case 'milliseconds': {
			return milliseconds;
		}

		case 'seconds': {
			return value => milliseconds(value * 1000);
		}

		case 'percent':
		case 'per_second':
		case 'count':
		case 'ratio': {
			return value => scaled(value, 1000, decimalSuffixes);
		}
	}
}
