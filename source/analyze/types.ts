import type {ProcessGroup, ResourceId, ResourceKind} from '../metrics/types.js';

export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** A floor under the additive score (analyze/floors.ts): the severity shown is at least this, for this reason. */
export type SeverityFloor = {
	readonly severity: Severity;
	/** "PSI full 14%, above 10% for 3 ticks", "OOM kills this tick", "saturation above 10 for 3 ticks". */
	readonly reason: string;
};

/** The USE view of one resource instance at one tick, scored per the methodology. */
export type UseAssessment = {
	readonly resource: ResourceId;
	readonly kind: ResourceKind;
	/** What people call a container's or a pod's group (`pod default/web-0 · nginx`), said instead of its path; undefined otherwise. */
	readonly name?: string;
	/** Highest utilization metric of the resource, %; undefined when none is known. */
	readonly utilizationPct: number | undefined;
	/** Highest saturation metric, normalised to the 0–10+ scale. */
	readonly saturation: number | undefined;
	/** Highest error metric, as an error-rate %. */
	readonly errorPct: number | undefined;
	/** The methodology's additive U + S + E points. */
	readonly score: number;
	/** What is shown and ranked: the score's severity, raised to the floor when one holds. */
	readonly severity: Severity;
	/** The floor that lifted the severity above the score's, when one did. */
	readonly floor?: SeverityFloor;
	readonly bottleneck: boolean;
	/** Human evidence with numbers, most telling first: "vda busy 97 %", "await 41 ms", "aqu-sz 6.2". */
	readonly evidence: readonly string[];
	/**
	 * The known values behind the evidence, by catalogue metric id (unknown ones are absent), so recommendations
	 * and reports need not parse evidence text. For `cpu`, `cpu.core_busy_pct` holds the hottest core's value.
	 */
	readonly values?: ReadonlyMap<string, number>;
	/**
	 * The value each gated or sustained saturation metric was judged at: 0 while its gate is closed, the
	 * lowest over the last ticks for a sustained one (absent while too few ticks are known). Other metrics
	 * are judged at their reading.
	 */
	readonly judged?: Readonly<Record<string, number>>;
};

/** A resource worth the operator's attention, ranked by score. */
export type Bottleneck = {
	readonly resource: ResourceId;
	/** UseAssessment.name. */
	readonly name?: string;
	readonly severity: Severity;
	readonly score: number;
	readonly floor?: SeverityFloor;
	readonly evidence: readonly string[];
	/** The processes most responsible for load on this resource, workers of one program as one group, heaviest first. */
	readonly topProcesses: readonly ProcessGroup[];
	readonly recommendation: string;
};

export type Analysis = {
	readonly assessments: readonly UseAssessment[];
	/** Resources at MEDIUM or above, highest score first. */
	readonly bottlenecks: readonly Bottleneck[];
};
