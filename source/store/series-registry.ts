import type Database from 'better-sqlite3';
import {stepForMetric} from './quantise.js';
import type {SeriesInfo} from './types.js';

export type SeriesEntry = SeriesInfo & {readonly id: number};

/**
 * The store's series: key ⇄ id and each one's quantisation step. Series first seen by this process wait
 * in `unsaved` until the write that stores them; a reader learns new ones from the database on demand.
 */
export type SeriesRegistry = {
	/** The step a key is stored with, registering the key (as unsaved) on first sight. */
	readonly stepFor: (metric: string, resource: string, key: string) => number;
	readonly idOf: (key: string) => number | undefined;
	readonly entryOf: (key: string) => SeriesEntry | undefined;
	readonly keyOf: (id: number) => string | undefined;
	readonly list: () => SeriesInfo[];
	readonly size: () => number;
	/** Reads the series another process has stored since. */
	readonly load: (db: Database.Database) => void;
	/**
	 * Taking the database over as its writer: ids come from the database, and series first seen while
	 * there was none get ids after those stored.
	 */
	readonly adopt: (db: Database.Database) => void;
	readonly unsaved: () => readonly SeriesEntry[];
	readonly markSaved: () => void;
};

export function createSeriesRegistry(): SeriesRegistry {
	const byKey = new Map<string, SeriesEntry>();
	const byId = new Map<number, SeriesEntry>();
	let nextId = 1;
	let unsaved: SeriesEntry[] = [];

	function register(entry: SeriesEntry): void {
		byKey.set(entry.key, entry);
		byId.set(entry.id, entry);
		nextId = Math.max(nextId, entry.id + 1);
	}

	function load(db: Database.Database): void {
		for (const row of db.prepare('SELECT id, key, metric, resource, step FROM series ORDER BY id').all() as SeriesEntry[]) {
			if (!byId.has(row.id)) {
				register(row);
			}
		}
	}

	return {
		stepFor(metric, resource, key) {
			let entry = byKey.get(key);
			if (entry === undefined) {
				entry = {id: nextId, key, metric, resource, step: stepForMetric(metric)};
				register(entry);
				unsaved.push(entry);
			}

			return entry.step;
		},
		idOf: key => byKey.get(key)?.id,
		entryOf: key => byKey.get(key),
		keyOf: id => byId.get(id)?.key,
		list: () => [...byKey.values()].map(({key, metric, resource, step}) => ({key, metric, resource, step})),
		size: () => byKey.size,
		load,
		adopt(db) {
			const pending = unsaved;
			byKey.clear();
			byId.clear();
			nextId = 1;
			unsaved = [];
			load(db);
			for (const entry of pending) {
				if (!byKey.has(entry.key)) {
					const renumbered = {...entry, id: nextId};
					register(renumbered);
					unsaved.push(renumbered);
				}
			}
		},
		unsaved: () => unsaved,
		markSaved() {
			unsaved = [];
		},
	};
}
