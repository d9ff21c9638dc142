import type {Unit} from '../metrics/types.js';

// Number formatting shared by the report renderers. Deterministic: fixed decimals, binary units,
// UTC times, so golden files do not depend on the machine's locale or time zone.

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes: number): string {
	const sign = bytes < 0 ? '-' : '';
	let magnitude = Math.abs(bytes);
	let unit = 0;
	while (magnitude >= 1024 && unit < BYTE_UNITS.length - 1) {
		magnitude /= 1024;
		unit++;
	}

	return unit === 0 ? `${sign}${magnitude.toFixed(0)} B` : `${sign}${magnitude.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** A value in its catalogue unit; `—` when unknown. */
export function formatValue(value: number | undefined | null, unit: Unit | undefined): string {
	if (value === undefined || value === null || !Number.isFinite(value)) {
		return '—';
	}

	switch (unit) {
		case 'percent': {
			return `${value.toFixed(1)} %`;
		}

		case 'bytes': {
			return formatBytes(value);
		}

		case 'bytes_per_second': {
			return `${formatBytes(value)}/s`;
		}

		case 'per_second': {
			return `${formatNumber(value)}/s`;
		}

		case 'milliseconds': {
			return `${value.toFixed(1)} ms`;
		}

		case 'seconds': {
			return `${value.toFixed(0)} s`;
		}

		default: {
			return formatNumber(value);
		}
	}
}

/** Plain number: integers as is, else two significant decimals at most. */
export function formatNumber(value: number | undefined | null): string {
	if (value === undefined || value === null || !Number.isFinite(value)) {
		return '—';
	}

	if (Number.isInteger(value)) {
		return String(value);
	}

	return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

export function formatPct(value: number | undefined | null): string {
	return value === undefined || value === null || !Number.isFinite(value) ? '—' : `${value.toFixed(1)} %`;
}

export function formatSigned(value: number, digits = 2): string {
	return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
}

/** `2024-05-01 12:00:00 UTC`. */
export function formatTime(ms: number): string {
	return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `1 h 05 min`, `3 min 20 s`, `2 d 4 h`. */
export function formatDuration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	const days = Math.floor(seconds / 86_400);
	const hours = Math.floor((seconds % 86_400) / 3600);
	const minutes = Math.floor((seconds % 3600) / 60);
	const rest = seconds % 60;
	if (days > 0) {
		return `${days} d ${hours} h`;
	}

	if (hours > 0) {
		return `${hours} h ${String(minutes).padStart(2, '0')} min`;
	}

	return minutes > 0 ? `${minutes} min ${String(rest).padStart(2, '0')} s` : `${rest} s`;
}

/** Days until full, readable at a glance. */
export function formatDays(days: number | undefined): string {
	if (days === undefined) {
		return '—';
	}

	if (days > 365) {
		return '> 1 year';
	}

	return days < 1 ? `${(days * 24).toFixed(1)} h` : `${days.toFixed(1)} d`;
}

/** Signed bytes per hour: `+180.0 MiB/h`, `−2.0 MiB/h`. */
export function formatGrowth(bytesPerHour: number): string {
	return `${bytesPerHour >= 0 ? '+' : '−'}${formatBytes(Math.abs(bytesPerHour))}/h`;
}
