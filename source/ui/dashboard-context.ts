import type {RefObject} from 'react';
import type {DashboardActions, EngineHandle} from '../engine/types.js';
import type {Inventory} from '../metrics/types.js';
import type {Profiler} from './hooks/use-profiler.js';
import type {Report} from './hooks/use-report.js';
import type {ViewAction, ViewState} from './view-state.js';

/** What the key handlers act through: the engine, the side effects, and the one reducer. */
export type DashboardContext = {
	readonly engine: EngineHandle;
	readonly actions: DashboardActions;
	readonly inventory: Inventory;
	/** This perftop's pid: signalling or renicing it takes a second Enter. */
	readonly ownPid: number;
	/** The view state advanced by every action sent so far, ahead of the render. */
	readonly latest: RefObject<ViewState>;
	readonly send: (action: ViewAction) => void;
	readonly report: Report;
	readonly profiler: Profiler;
	readonly exit: () => void;
	/** Wall clock: `g` reads `03:12` and `-90m` against it. */
	readonly clock: () => number;
	/** A replay: history only, no live view to go back to. */
	readonly replay: boolean;
	/** The search for the worst moment under way, if one is. */
	readonly search: RefObject<AbortController | undefined>;
	readonly columns: number;
	readonly rows: number;
};
