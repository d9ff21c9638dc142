import {describe, expect, it} from 'vitest';
import {parseProcCgroup} from '../../source/collect/parse-proc-cgroup.js';

describe('parseProcCgroup', () => {
	it('takes the deepest group of the hierarchies perftop reads (this machine\'s hybrid layout, a process in a v1 memory group)', () => {
		const text = '9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n4:memory:/test\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n';
		expect(parseProcCgroup(text)).toEqual(['/test']);
	});

	it('reads the unified line of a v2 host, colons in the path included', () => {
		expect(parseProcCgroup('0::/system.slice/run-u1:2.scope\n')).toEqual(['/system.slice/run-u1:2.scope']);
	});

	it('ignores hierarchies it does not read (name=systemd, cpuset) and the root', () => {
		expect(parseProcCgroup('9:name=systemd:/user.slice/session-3.scope\n3:cpuset:/docker\n0::/\n')).toEqual([]);
	});

	it('keeps each distinct group where v1 hierarchies differ, deepest first', () => {
		expect(parseProcCgroup('4:memory:/process_api/5be2b0ac\n2:cpuacct:/web\n1:cpu:/web\n0::/\n')).toEqual(['/process_api/5be2b0ac', '/web']);
	});

	it('throws on a line without three fields', () => {
		expect(() => parseProcCgroup('memory\n')).toThrow(/id:controllers:path/);
	});
});
