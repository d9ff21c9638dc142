import type {ProcessSample} from './types.js';

/**
 * The dashboard's memory of each top process's RSS, for the leak-suspect rule (analyze/forecast.ts
 * `leakSuspects`) while it runs, recording or not: one reading every `everyMs` for the last `keepMs`,
 * per process (pid and start time, so a reused pid starts afresh). Bounded: a process not among the
 * top processes for `forgetAfterMs` is dropped, and at most `keepMs / everyMs` readings are kept each.
 */
export type RssTrack = {
	readonly pid: number;
	readonly name: string;
	readonly timestamps: readonly number[];
	readonly rss: readonly number[];
};

export type RssWatch = {
	readonly tracks: ReadonlyMap<string, RssTrack>;
	/** When the last readings were taken; undefined before the first. */
	readonly lastMs: number | undefined;
};

export type RssWatchOptions = {
	readonly everyMs?: number;
	readonly keepMs?: number;
	readonly forgetAfterMs?: number;
};

export const emptyRssWatch: RssWatch = {tracks: new Map(), lastMs: undefined};

/** The watch after this tick: the same object until `everyMs` has passed, so its users can tell nothing changed. */
export function watchRss(watch: RssWatch, processes: readonly ProcessSample[], timestamp: number, options: RssWatchOptions = {}): RssWatch {
	const everyMs = options.everyMs ?? 30_000;
	if (watch.lastMs !== undefined && timestamp - watch.lastMs < everyMs && timestamp >= watch.lastMs) {
		return watch;
	}

	const keepFrom = timestamp - (options.keepMs ?? 3_600_000);
	const forgetBefore = timestamp - (options.forgetAfterMs ?? 600_000);
	const tracks = new Map<string, RssTrack>();
	for (const [key, track] of watch.tracks) {
		if (track.timestamps.at(-1)! >= forgetBefore) {
			tracks.set(key, track);
		}
	}

	for (const process of processes) {
		const key = `${process.pid}:${process.startTimeTicks ?? ''}`;
		const track = tracks.get(key);
		const kept = track?.timestamps.findIndex(time => time >= keepFrom) ?? -1;
		const from = kept < 0 ? track?.timestamps.length : kept;
		tracks.set(key, {
			pid: process.pid,
			name: process.name,
			timestamps: [...(track?.timestamps.slice(from) ?? []), timestamp],
			rss: [...(track?.rss.slice(from) ?? []), process.rssBytes],
		});
	}

	return {tracks, lastMs: timestamp};
}
