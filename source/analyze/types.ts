import type {ProcessSample, ResourceId, ResourceKind} from '../metrics/types.js';

export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** The USE view of one resource instance at one tick, scored per the methodology. */
export type UseAssessment = {
	readonly resource: ResourceId;
	readonly kind: ResourceKind;
	/** Highest utilization metric of the resource, %; undefined when none is known. */
	readonly utilizationPct: number | undefined;
	/** Highest saturation metric, normalised to the 0–10+ scale. */
	readonly saturation: number | undefined;
	/** Highest error metric, as an error-rate %. */
	readonly errorPct: number | undefined;
	readonly score: number;
	readonly severity: Severity;
	readonly bottleneck: boolean;
	/** Human evidence with numbers, most telling first: "vda busy 97 %", "await 41 ms", "aqu-sz 6.2". */
	readonly evidence: readonly string[];
	/**
	 * The known values behind the evidence, by catalogue metric id (unknown ones are absent), so recommendations
	 * and reports need not parse evidence text. For `cpu`, `cpu.core_busy_pct` holds the hottest core's value.
	 */
	readonly values?: Readonly<Record<string, number>>;
};

/** A resource worth the operator's attention, ranked by score. */
export type Bottleneck = {
	readonly resource: ResourceId;
	readonly severity: Severity;
	readonly score: number;
	readonly evidence: readonly string[];
	/** The processes most responsible for load on this resource, heaviest first. */
	readonly topProcesses: readonly ProcessSample[];
	readonly recommendation: string;
};

export type Analysis = {
	readonly assessments: readonly UseAssessment[];
	/** Resources at MEDIUM or above, highest score first. */
	readonly bottlenecks: readonly Bottleneck[];
};
