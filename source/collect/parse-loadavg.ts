import type {LoadAvgReading} from './types.js';

// /proc/loadavg, proc(5): "0.34 0.41 0.28 1/94 7688" — load averages over 1, 5 and 15 minutes,
// currently runnable / existing scheduling entities (tasks), and the most recently created pid.

const loadValue = /^\d+(?:\.\d+)?$/;
const entities = /^(\d+)\/(\d+)$/;

export function parseLoadAvg(text: string): LoadAvgReading {
	const fields = text.trim().split(/\s+/);
	const [load1, load5, load15, runnableOfTotal] = fields;
	if (load1 === undefined || load5 === undefined || load15 === undefined || runnableOfTotal === undefined
		|| !loadValue.test(load1) || !loadValue.test(load5) || !loadValue.test(load15)) {
		throw new Error(`/proc/loadavg: malformed content ${JSON.stringify(text.trim().slice(0, 80))}`);
	}

	const match = entities.exec(runnableOfTotal);
	if (match === null) {
		throw new Error(`/proc/loadavg: malformed runnable/total field ${JSON.stringify(runnableOfTotal)}`);
	}

	return {
		load1: Number(load1),
		load5: Number(load5),
		load15: Number(load15),
		runnableEntities: Number(match[1]),
		totalEntities: Number(match[2]),
	};
}
