import type {CgroupSample} from '../../source/metrics/types.js';

/** A group with every figure unknown but those given; named after its last path component unless `name` is given. */
export function cgroupSample(path: string, fields: Partial<CgroupSample> = {}): CgroupSample {
	return {
		path, name: path.slice(path.lastIndexOf('/') + 1), cpuCores: undefined, cpuQuotaCores: undefined, cpuPct: undefined, throttledPct: undefined, memoryBytes: undefined,
		memoryLimitBytes: undefined, memoryPct: undefined, memoryLimitHitsPerSec: undefined, majorFaultsPerSec: undefined, oomKillsPerSec: undefined, ioBytesPerSec: undefined,
		pids: undefined, pidsMax: undefined, cpuPsiSomePct: undefined, memoryPsiSomePct: undefined, memoryPsiFullPct: undefined, ioPsiSomePct: undefined, ...fields,
	};
}
