import type {Unit} from './types.js';

// The one place numbers become text: the dashboard, `perftop sample` and reports all print through
// here, so a figure reads the same everywhere. Strings stay short (they share 160-column panels):
// at most three significant digits before a unit step, one decimal below 10, none from 10 up.

/** What every formatter prints for a value that is not known: never 0, never "NaN". */
export const unknownText = '—';

// Byte sizes use 1024-based IEC units, as free(1), top and htop do, so a figure here matches the
// tool an operator checks it against; the IEC names (KiB, MiB) say so unambiguously.
const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

// Event rates (IOPS, packets, faults) use decimal SI prefixes: they are counts, not sizes.
const siUnits = ['', 'k', 'M', 'G', 'T'] as const;

function isKnown(value: number | undefined): value is number {
	return value !== undefined && Number.isFinite(value);
}

function sign(value: number): string {
	return value < 0 ? '-' : '';
}

/**
 * Digits for a magnitude already scaled into its unit: one decimal below 10, none from 10 up.
 * `fineBelowOne` gives two decimals below 1: just under a unit step (1000 KiB is 0.98 MiB, not "1.0")
 * and for sub-millisecond latencies, where the second digit is the information.
 */
function compactDigits(magnitude: number, fineBelowOne = false): string {
	if (magnitude === 0) {
		return '0';
	}

	if (fineBelowOne && magnitude < 1 && Number(magnitude.toFixed(2)) < 1) {
		return magnitude.toFixed(2);
	}

	// From 10 up the figure carries no decimal; 9.96 rounds to "10.0", so only the edge is formatted twice.
	if (magnitude >= 10) {
		return magnitude.toFixed(0);
	}

	const oneDecimal = magnitude.toFixed(1);
	return magnitude < 9.9 || Number(oneDecimal) < 10 ? oneDecimal : magnitude.toFixed(0);
}

/**
 * Scale a magnitude by `step` until it shows at most three digits, so "999 KiB" becomes "1.0 MiB"
 * rather than "1000 KiB". Rounding is checked on the printed figure: 999.7 would print "1000".
 */
function scale(magnitude: number, step: number, units: number): {value: number; index: number} {
	let value = magnitude;
	let index = 0;
	while (index < units - 1 && Math.round(value) >= 1000) {
		value /= step;
		index++;
	}

	return {value, index};
}

/** Bytes in 1024-based units: "0 B", "512 B", "1.5 KiB", "12 MiB", "0.98 GiB". */
export function formatBytes(bytes: number | undefined): string {
	if (!isKnown(bytes)) {
		return unknownText;
	}

	const magnitude = Math.abs(bytes);
	const {value, index} = scale(magnitude, 1024, byteUnits.length);
	// Whole bytes need no decimal; fractions appear only in averaged rates.
	const digits = index === 0 && Number.isInteger(value) ? String(value) : compactDigits(value, index > 0);
	return `${sign(bytes)}${digits} ${byteUnits[index]}`;
}

/** Byte throughput: "1.5 MiB/s". */
export function formatBytesPerSec(bytesPerSec: number | undefined): string {
	return isKnown(bytesPerSec) ? `${formatBytes(bytesPerSec)}/s` : unknownText;
}

/** A percentage: "0.0%", "5.3%", "97%", "100%". One decimal below 10 keeps small shares readable. */
export function formatPercent(percent: number | undefined): string {
	if (!isKnown(percent)) {
		return unknownText;
	}

	const magnitude = Math.abs(percent);
	return `${sign(percent)}${magnitude === 0 ? '0.0' : compactDigits(magnitude)}%`;
}

/** A count with SI prefixes once it passes three digits: "0", "7", "0.5", "12", "1.2k", "35M". */
export function formatCount(count: number | undefined): string {
	if (!isKnown(count)) {
		return unknownText;
	}

	const magnitude = Math.abs(count);
	const {value, index} = scale(magnitude, 1000, siUnits.length);
	const digits = index === 0 && Number.isInteger(value) ? String(value) : compactDigits(value, index > 0);
	return `${sign(count)}${digits}${siUnits[index]}`;
}

/** Events per second: "0/s", "0.5/s", "12/s", "1.2k/s". */
export function formatRate(perSecond: number | undefined): string {
	return isKnown(perSecond) ? `${formatCount(perSecond)}/s` : unknownText;
}

/** A unitless ratio (queue size, run-queue excess): two decimals below 10, as iostat and load averages print. */
export function formatRatio(ratio: number | undefined): string {
	if (!isKnown(ratio)) {
		return unknownText;
	}

	const magnitude = Math.abs(ratio);
	const twoDecimals = magnitude.toFixed(2);
	// 9.999 rounds to "10.00": from 10 up the figure drops to compact digits.
	if (Number(twoDecimals) < 10) {
		return `${sign(ratio)}${twoDecimals}`;
	}

	return magnitude < 1000 ? `${sign(ratio)}${compactDigits(magnitude)}` : formatCount(ratio);
}

/** Milliseconds: "0.42 ms", "5.0 ms", "45 ms", then seconds: "1.2 s", "45 s", then a duration. */
export function formatMs(milliseconds: number | undefined): string {
	if (!isKnown(milliseconds)) {
		return unknownText;
	}

	const magnitude = Math.abs(milliseconds);
	if (Math.round(magnitude) < 1000) {
		return `${sign(milliseconds)}${compactDigits(magnitude, true)} ms`;
	}

	const seconds = magnitude / 1000;
	if (Math.round(seconds) < 60) {
		return `${sign(milliseconds)}${compactDigits(seconds)} s`;
	}

	return `${sign(milliseconds)}${formatDuration(seconds)}`;
}

const minuteSec = 60;
const hourSec = 60 * minuteSec;
const daySec = 24 * hourSec;

/** A duration in its two largest units, a zero second one left out: "0.5s", "45s", "12m 5s", "1m", "3h 4m", "3d". */
export function formatDuration(seconds: number | undefined): string {
	if (!isKnown(seconds)) {
		return unknownText;
	}

	const magnitude = Math.abs(seconds);
	const prefix = sign(seconds);
	// Sub-minute intervals (0.5 s sampling) keep their fraction; longer spans round to whole seconds.
	if (magnitude < 10 && !Number.isInteger(magnitude) && Number(magnitude.toFixed(1)) < 10) {
		return `${prefix}${magnitude === 0 ? '0' : Number(magnitude.toFixed(1))}s`;
	}

	const whole = Math.round(magnitude);
	if (whole < minuteSec) {
		return `${prefix}${whole}s`;
	}

	const [large, largeUnit, small, smallUnit] = whole < hourSec
		? [Math.floor(whole / minuteSec), 'm', whole % minuteSec, 's']
		: (whole < daySec
			? [Math.floor(whole / hourSec), 'h', Math.floor((whole % hourSec) / minuteSec), 'm']
			: [Math.floor(whole / daySec), 'd', Math.floor((whole % daySec) / hourSec), 'h']);
	return `${prefix}${large}${largeUnit}${small === 0 ? '' : ` ${small}${smallUnit}`}`;
}

/** Any catalogued value in its unit; '—' when undefined, NaN or infinite. */
export function formatValue(value: number | undefined, unit: Unit): string {
	switch (unit) {
		case 'percent': {
			return formatPercent(value);
		}

		case 'bytes': {
			return formatBytes(value);
		}

		case 'bytes_per_second': {
			return formatBytesPerSec(value);
		}

		case 'per_second': {
			return formatRate(value);
		}

		case 'milliseconds': {
			return formatMs(value);
		}

		case 'count': {
			return formatCount(value);
		}

		case 'ratio': {
			return formatRatio(value);
		}

		case 'seconds': {
			return formatDuration(value);
		}
	}
}
