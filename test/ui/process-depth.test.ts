import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {readProcessDetail} from '../../source/collect/read-process-detail.js';
import type {ProcessHistory} from '../../source/engine/types.js';
import {deriveProcessDetail} from '../../source/metrics/process-detail.js';
import {processDetailSections} from '../../source/ui/process-detail.js';
import {buildSnapshot, process} from '../helpers/snapshot-builder.js';

const tick = (name: string) => readProcessDetail(path.resolve(`test/fixtures/proc/process-detail/${name}`), 6975);
const server = process(6975, {name: 'node', command: 'node server.mjs', rssBytes: 60 * 1024 ** 2});

function text(snapshot: ReturnType<typeof buildSnapshot>, history?: ProcessHistory): string {
	return processDetailSections({process: server, alive: true, snapshot, ...(history ? {history} : {})}, 140).map(section => [`== ${section.title}`, ...section.lines].join('\n')).join('\n');
}

describe('process detail depth', () => {
	it('shows memory by kind, fault and switch rates, descriptors against the limit, I/O and TCP sockets by state', () => {
		const snapshot = {...buildSnapshot({processes: [server]}), processDetail: deriveProcessDetail(tick('tick1'), tick('tick2'), 1000)};
		const shown = text(snapshot);
		expect(shown).toContain('PSS 25 MiB: anon 24 MiB, file 1.4 MiB, shmem 0 B');
		expect(shown).toMatch(/faults 2\.3k\/s minor {2}0\/s major \(from disk\)/);
		expect(shown).toMatch(/context switches 42\/s voluntary \(waits\) {2}4\/s involuntary/);
		expect(shown).toContain('many mean it waits for a CPU (saturation)');
		expect(shown).toContain('descriptors 28 of 20000 (0.1%)  TCP 6 ESTABLISHED, 2 LISTEN');
		expect(shown).toMatch(/read 211 KiB\/s \(storage 0 B\/s\) {2}write 211 KiB\/s \(storage 0 B\/s\) {2}syscalls 436\/s/);
		expect(shown).not.toContain('not read');
	});

	it('shows — with the reason once for what the kernel would not give, and before the first reading', () => {
		const refused = {...tick('tick2'), io: undefined, unavailable: ['I/O: EACCES']};
		const shown = text({...buildSnapshot({processes: [server]}), processDetail: deriveProcessDetail(undefined, refused, 1000)});
		expect(shown).toMatch(/read — \(storage —\)/);
		expect(shown).toContain('not read: I/O: EACCES');
		expect(text(buildSnapshot({processes: [server]}))).toContain('not read: read on the next tick');
	});

	it('fits the RSS trend by the leak-suspect rule over the recorded readings', () => {
		// 20 minutes at one reading a second, growing 1 MiB a minute: 60 MiB/h.
		const timestamps = Array.from({length: 1201}, (_, second) => 1_700_000_000_000 + second * 1000);
		const growing = timestamps.map((_, second) => (100 + second / 60) * 1024 ** 2);
		const history = {timestamps, rssBytes: growing, cpuPct: timestamps.map(() => 1), ioBytesPerSec: timestamps.map(() => 0)};
		const snapshot = buildSnapshot({processes: [server]});
		expect(text(snapshot, history)).toMatch(/RSS trend \+60 MiB\/h \(R² 1\.00, over 20m\) — steady growth: a leak suspect/);
		const short = {timestamps: timestamps.slice(0, 301), rssBytes: growing.slice(0, 301), cpuPct: [], ioBytesPerSec: []};
		expect(text(snapshot, short)).toMatch(/RSS trend — \(needs 15m of readings as a top process, 5m held\)/);
	});
});
