import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {capPerfmon, capSysAdmin, hasCapability, parseCapEff, readPerfAccess, readProfileTarget} from '../../source/collect/read-profile-target.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'perftop-perf-access-'));
afterAll(() => {
	rmSync(root, {recursive: true, force: true});
});

describe('perf access', () => {
	it("reads CapEff masks: this machine's root, and a container's default set without CAP_PERFMON", () => {
		const host = parseCapEff('Name:\tcat\nCapInh:\t0000000000000000\nCapEff:\t000001fffeffffff\nCapBnd:\t000001ffffffffff\n');
		expect(hasCapability(host, capPerfmon)).toBe(true);
		const docker = parseCapEff('CapEff:\t00000000a80425fb\n');
		expect(hasCapability(docker, capPerfmon)).toBe(false);
		expect(hasCapability(docker, capSysAdmin)).toBe(false);
		expect(parseCapEff('Name:\tx\n')).toBeUndefined();
	});

	it('reads the paranoid sysctl and the target, and says nothing it cannot read', () => {
		mkdirSync(path.join(root, 'sys/kernel'), {recursive: true});
		mkdirSync(path.join(root, '77'), {recursive: true});
		writeFileSync(path.join(root, 'sys/kernel/perf_event_paranoid'), '-1\n');
		writeFileSync(path.join(root, '77/status'), 'Name:\tV8 Worker\nUid:\t0\t1000\t0\t0\n');
		expect(readPerfAccess(root)).toEqual({paranoid: -1, capabilities: undefined});
		expect(readProfileTarget(root, 77)).toEqual({pid: 77, name: 'V8 Worker', uid: 1000});
		expect(readProfileTarget(root, 78)).toBeUndefined();
		expect(readPerfAccess(path.join(root, 'none'))).toEqual({paranoid: undefined, capabilities: undefined});
	});
});
