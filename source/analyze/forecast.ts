import {linearRegression, rSquared} from 'simple-statistics';

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

export type FilesystemStatus = 'growing' | 'not growing' | 'shrinking' | 'too little data';

export type FilesystemForecast = {
	/** Fitted growth in percentage points of the filesystem per day; undefined with too little data. */
	readonly slopePctPerDay: number | undefined;
	/** R² of the linear fit; undefined with too little data or when usage never moved. */
	readonly r2: number | undefined;
	/** Days from the last sample until the fitted line reaches 100 %; only while growing. */
	readonly daysUntilFull: number | undefined;
	readonly status: FilesystemStatus;
	readonly points: number;
	/** Last measured usage, %. */
	readonly usedPct: number | undefined;
};

export type TrendFit = {
	readonly slopePerHour: number;
	readonly r2: number | undefined;
	readonly points: number;
	readonly spanMs: number;
};

export type FitOptions = {
	/** Fewer finite points than this is too little data (default 10). */
	readonly minPoints?: number;
	/** A shorter span than this is too little data (default 15 minutes). */
	readonly minSpanMs?: number;
};

export type FilesystemForecastOptions = FitOptions & {
	/** |slope| at or below this many percentage points a day counts as flat (default 0.01: 1 % in 100 days). */
	readonly flatPctPerDay?: number;
};

export type ProcessRssSeries = {
	readonly name: string;
	readonly pid: number;
	readonly timestamps: ArrayLike<number>;
	readonly rss: ArrayLike<number>;
};

export type LeakSuspect = {
	/** The key of the input map (e.g. `pid:start-time`). */
	readonly key: string;
	readonly name: string;
	readonly pid: number;
	readonly slopeBytesPerHour: number;
	readonly r2: number;
	readonly points: number;
	/** From the first reading fitted to the last. */
	readonly spanMs: number;
	readonly firstRssBytes: number;
	readonly lastRssBytes: number;
};

export type LeakOptions = FitOptions & {
	/** Growth at or below this is not a leak (default 10 MiB/h). */
	readonly minSlopeBytesPerHour?: number;
	/** Fits less straight than this are not steady growth (default 0.8). */
	readonly minR2?: number;
};

type Fit = {
	/** Slope per millisecond. */
	readonly slope: number;
	readonly intercept: number;
	readonly r2: number | undefined;
	readonly points: number;
	readonly spanMs: number;
	readonly lastMs: number;
	readonly lastValue: number;
	readonly firstValue: number;
};

/**
 * Least-squares line through the finite points, with time measured from the first point so the
 * intercept stays small. Undefined with too few points or too short a span.
 */
function fitLine(timestamps: ArrayLike<number>, values: ArrayLike<number>, options: FitOptions): Fit | undefined {
	const minPoints = Math.max(2, options.minPoints ?? 10);
	const minSpanMs = options.minSpanMs ?? 15 * 60_000;
	const points: Array<[number, number]> = [];
	const length = Math.min(timestamps.length, values.length);
	let originMs: number | undefined;
	let lastMs = 0;
	for (let index = 0; index < length; index++) {
		const value = values[index]!;
		const timestamp = timestamps[index]!;
		if (Number.isFinite(value) && Number.isFinite(timestamp)) {
			originMs ??= timestamp;
			points.push([timestamp - originMs, value]);
			lastMs = timestamp;
		}
	}

	if (originMs === undefined || points.length < minPoints || lastMs - originMs < minSpanMs) {
		return undefined;
	}

	const {m, b} = linearRegression(points);
	const r2 = rSquared(points, x => m * x + b);
	return {
		slope: m,
		intercept: b,
		// A series that never moved has no variance to explain: R² is undefined, not 1 or NaN.
		r2: Number.isFinite(r2) ? r2 : undefined,
		points: points.length,
		spanMs: lastMs - originMs,
		lastMs: lastMs - originMs,
		lastValue: points.at(-1)![1],
		firstValue: points[0]![1],
	};
}

/**
 * Linear fit of a filesystem's used % over time. Days until full count from the last sample to where
 * the fitted line (not the last noisy sample) crosses 100 %.
 */
export function forecastFilesystem(
	timestamps: ArrayLike<number>,
	usedPct: ArrayLike<number>,
	options: FilesystemForecastOptions = {},
): FilesystemForecast {
	const fit = fitLine(timestamps, usedPct, options);
	if (fit === undefined) {
		return {slopePctPerDay: undefined, r2: undefined, daysUntilFull: undefined, status: 'too little data', points: countFinite(usedPct), usedPct: lastFinite(usedPct)};
	}

	const slopePctPerDay = fit.slope * MS_PER_DAY;
	const flat = options.flatPctPerDay ?? 0.01;
	const base = {slopePctPerDay, r2: fit.r2, points: fit.points, usedPct: fit.lastValue};
	if (slopePctPerDay > flat) {
		const fittedNowPct = fit.slope * fit.lastMs + fit.intercept;
		return {...base, daysUntilFull: Math.max(0, (100 - fittedNowPct) / slopePctPerDay), status: 'growing'};
	}

	return {...base, daysUntilFull: undefined, status: slopePctPerDay < -flat ? 'shrinking' : 'not growing'};
}

/** Fitted growth per hour (e.g. memory used bytes/h); undefined with too little data. */
export function growthPerHour(timestamps: ArrayLike<number>, values: ArrayLike<number>, options: FitOptions = {}): TrendFit | undefined {
	const fit = fitLine(timestamps, values, options);
	return fit === undefined ? undefined : {slopePerHour: fit.slope * MS_PER_HOUR, r2: fit.r2, points: fit.points, spanMs: fit.spanMs};
}

/** One process's RSS trend, and whether it is a leak suspect by the rule below; undefined with too little data. */
export type RssTrend = {
	readonly slopeBytesPerHour: number;
	readonly r2: number;
	readonly points: number;
	readonly spanMs: number;
	readonly firstRssBytes: number;
	readonly lastRssBytes: number;
	readonly suspect: boolean;
};

/**
 * A leak suspect's RSS grows steadily: fitted slope above `minSlopeBytesPerHour` and R² above `minR2`
 * over at least `minPoints` samples. A noisy but flat process fails the slope test, a process that grew
 * once (a cache warming up, then flat) fails the R² test.
 */
export function rssTrend(timestamps: ArrayLike<number>, rss: ArrayLike<number>, options: LeakOptions = {}): RssTrend | undefined {
	const fit = fitLine(timestamps, rss, options);
	if (fit === undefined || fit.r2 === undefined) {
		return undefined;
	}

	const slopeBytesPerHour = fit.slope * MS_PER_HOUR;
	const suspect = slopeBytesPerHour > (options.minSlopeBytesPerHour ?? 10 * 1024 * 1024) && fit.r2 > (options.minR2 ?? 0.8);
	return {slopeBytesPerHour, r2: fit.r2, points: fit.points, spanMs: fit.spanMs, firstRssBytes: fit.firstValue, lastRssBytes: fit.lastValue, suspect};
}

/** The processes whose RSS trend makes them leak suspects (`rssTrend`), steepest first. */
export function leakSuspects(processes: ReadonlyMap<string, ProcessRssSeries>, options: LeakOptions = {}): LeakSuspect[] {
	const suspects: LeakSuspect[] = [];
	for (const [key, series] of processes) {
		const trend = rssTrend(series.timestamps, series.rss, options);
		if (trend?.suspect) {
			const {slopeBytesPerHour, r2, points, spanMs, firstRssBytes, lastRssBytes} = trend;
			suspects.push({key, name: series.name, pid: series.pid, slopeBytesPerHour, r2, points, spanMs, firstRssBytes, lastRssBytes});
		}
	}

	return suspects.sort((left, right) => right.slopeBytesPerHour - left.slopeBytesPerHour || left.pid - right.pid);
}

function countFinite(values: ArrayLike<number>): number {
	let count = 0;
	for (let index = 0; index < values.length; index++) {
		if (Number.isFinite(values[index])) {
			count++;
		}
	}

	return count;
}

function lastFinite(values: ArrayLike<number>): number | undefined {
	for (let index = values.length - 1; index >= 0; index--) {
		if (Number.isFinite(values[index])) {
			return values[index];
		}
	}

	return undefined;
}
