import {describe, expect, it} from 'vitest';
import type {Snapshot} from '../../source/engine/types.js';
import {renderPlainText} from '../../source/ui/plain-text.js';
import {buildSnapshot, idleSnapshot, loadedComparison, loadedSnapshot, process, servicesSnapshot, testInventory} from '../helpers/snapshot-builder.js';

describe('renderPlainText', () => {
	it('prints header, panel headlines, U/S/E, bottlenecks and processes without escape codes', () => {
		const text = renderPlainText(loadedSnapshot(), testInventory, 100);
		expect(text).not.toContain('\u001B');
		expect(text.split('\n')[0]).toBe('db-1  14:07:09  rec off  every 1s  2 cores  up 3d 4h  Ubuntu 24.04 6.8.0-31-generic');
		expect(text).toContain('busy 55%  usr 2.0%  sys 1.2%  iowait 40%  steal 0.0%');
		expect(text).toContain('vda util 97%  r 0 B/s  w 120 MiB/s');
		expect(text).toContain('U 97%  S 6.20  E —  CRITICAL');
		expect(text).toContain('CRITICAL disk:vda  vda busy 97 %, await 41 ms, aqu-sz 6.2 — top: pg_dump (4242)');
		// Every bottleneck's recommendation right under it (issue 13 item 13).
		expect(text).toContain('CRITICAL disk:vda  vda busy 97 %, await 41 ms, aqu-sz 6.2 — top: pg_dump (4242)\n         → find the writer\nMEDIUM   cpu  busy 55 %, iowait 40 % — top: pg_dump (4242)\n         → profile\n');
		expect(text).toMatch(/ {3}4242 postgres +35% +80 MiB +120 MiB\/s +1 S pg_dump --all/);
		expect(text.endsWith('\n')).toBe(true);
	});

	it('keeps every line within the width', () => {
		for (const width of [20, 60, 100, 160]) {
			for (const line of renderPlainText(loadedSnapshot(), testInventory, width).split('\n')) {
				expect(line.length).toBeLessThanOrEqual(width);
			}
		}
	});

	it('says so when idle, and when the first reading has no rates yet', () => {
		expect(renderPlainText(idleSnapshot(), testInventory)).toContain('No bottleneck: every resource is LOW');
		expect(renderPlainText(buildSnapshot({sampleIntervalMs: undefined}), testInventory)).toContain('Waiting for a second reading');
	});

	it('names the groups it could not read instead of calling every resource LOW', () => {
		const snapshot = buildSnapshot();
		const missing = {...snapshot, sample: {...snapshot.sample, unavailable: [{group: 'cpu', reason: 'cannot read /tmp/nothing/stat: ENOENT'}, {group: 'disk', reason: 'cannot read /tmp/nothing/diskstats: ENOENT'}]}} satisfies Snapshot;
		const text = renderPlainText(missing, testInventory, 200);
		expect(text).toContain('No bottleneck among what could be read; unavailable: cpu (cannot read /tmp/nothing/stat: ENOENT); disk (cannot read /tmp/nothing/diskstats: ENOENT)');
		expect(text).not.toContain('every resource is LOW');
	});

	it('shows unknown values as — and machines without disks or interfaces plainly', () => {
		const text = renderPlainText(buildSnapshot(), testInventory);
		expect(text).toContain('busy —');
		expect(text).toContain('no block devices');
		expect(text).toContain('no network interfaces');
	});

	it('cleans control characters out of process commands', () => {
		const text = renderPlainText(buildSnapshot({processes: [process(7, {command: 'evil\u001B[2J\u0007cmd'})]}), testInventory);
		expect(text).toContain('evil?[2J?cmd');
		expect(text).not.toContain('\u001B');
	});
});

describe('renderPlainText: services and baseline', () => {
	it('always prints the vs-baseline section with a comparison, and names the baseline in the header', () => {
		const text = renderPlainText(loadedSnapshot({comparison: loadedComparison()}), testInventory, 100);
		const lines = text.split('\n');
		expect(lines[0]).toContain('baseline db-1-2024-03-01');
		expect(text).toContain('busy 55% ▲3.5σ');
		const at = lines.findIndex(line => line.startsWith('── vs baseline db-1-2024-03-01'));
		expect(at).toBeGreaterThan(0);
		expect(lines[at + 1]).toBe('active anomalies: busy cpu (critical)');
		expect(lines[at + 3]).toMatch(/^busy +cpu +55% +20% +▲3\.5σ +10% stddev critical$/);
		expect(lines[at + 6]).toMatch(/^used +memory +25% +25% +0\.0σ +1\.0% floor +normal$/);
		expect(text).not.toContain('\u001B');
	});

	it('prints the services section, one line a target, only when there are services', () => {
		const text = renderPlainText(servicesSnapshot(), testInventory, 100);
		expect(text).toContain('── Services · 3 targets');
		expect(text).toContain('health 52  errors 40%  rate 0.3/s  worst auth p95 720 ms  HTTP 200');
		expect(text).toMatch(/\n● auth +p95 720 ms +err 20% +health 60 +HTTP 200/);
		const idle = renderPlainText(idleSnapshot(), testInventory, 100);
		expect(idle).not.toContain('Services');
		expect(idle).not.toContain('vs baseline');
	});

	it('keeps services and comparison lines within the width', () => {
		for (const width of [20, 60, 160]) {
			for (const line of renderPlainText(servicesSnapshot({comparison: loadedComparison()}), testInventory, width).split('\n')) {
				expect(line.length).toBeLessThanOrEqual(width);
			}
		}
	});
});
