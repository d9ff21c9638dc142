import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {createPerfScriptFolder, foldPerfScript, frameLabel, moduleKind, parseEventLine} from '../../source/profile/fold-perf-script.js';
import {foldedText} from '../../source/profile/frame-tree.js';
import {syntheticPerfScript} from '../helpers/synthetic-perf-script.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/perf/${name}.txt`, import.meta.url), 'utf8');

function foldedMap(text: string): Map<string, number> {
	const folded = foldedText(foldPerfScript(text).tree);
	return new Map(folded.trimEnd().split('\n').map(line => {
		const space = line.lastIndexOf(' ');
		return [line.slice(0, space), Number(line.slice(space + 1))];
	}));
}

describe('foldPerfScript on profiles captured on this machine', () => {
	it('folds a busy shell: unresolved frames keep their module, or stay [unknown], and none is dropped', () => {
		const profile = foldPerfScript(fixture('busy-shell'));
		expect(profile.samples).toBe(208);
		expect(profile.event).toBe('cpu-clock');
		expect(profile.malformedLines).toBe(0);
		const stacks = foldedMap(fixture('busy-shell'));
		expect(stacks.get('sh;[dash]')).toBe(91);
		expect(stacks.get('sh;[unknown];[dash];[dash]')).toBe(17);
		// `0 [unknown] ([unknown])` under a libc function stays a frame of its own.
		expect([...stacks.keys()].some(stack => stack.startsWith('sh;[unknown];__strchr_evex'))).toBe(true);
		expect([...stacks.values()].reduce((sum, count) => sum + count, 0)).toBe(208);
	});

	it('marks kernel frames of dd reading /dev/urandom and strips their offsets', () => {
		const stacks = foldedMap(fixture('dd-urandom-kernel'));
		expect(stacks.get('dd;read;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];ksys_read_[k];vfs_read_[k];get_random_bytes_user_[k];chacha_block_generic_[k];chacha_permute_[k]')).toBe(241);
		expect(foldPerfScript(fixture('dd-urandom-kernel')).modules.get('chacha_permute_[k]')).toBe('[kernel.kallsyms]');
	});

	it('names Node JIT frames from /tmp/perf-PID.map and keeps C++ anonymous namespaces', () => {
		const profile = foldPerfScript(fixture('node-perf-basic-prof'));
		expect(profile.samples).toBe(120);
		const names = profile.tree.names;
		expect(names).toContain('JS:*sortArrays /tmp/profiling/busy.js:3:20_[j]');
		expect(names).toContain('v8::internal::(anonymous namespace)::Invoke');
		expect(names.some(name => name.includes('+0x'))).toBe(false);
		expect(profile.modules.get('JS:*sortArrays /tmp/profiling/busy.js:3:20_[j]')).toBe('perf-10198.map');
		expect(profile.modules.get('Builtins_ArrayTimSort')).toBe('node');
	});

	it('gives the same stacks whatever the chunks the text arrives in', () => {
		const text = fixture('busy-shell');
		const folder = createPerfScriptFolder();
		for (let start = 0; start < text.length; start += 7) {
			folder.push(text.slice(start, start + 7));
		}

		expect(foldedText(folder.end().tree)).toBe(foldedText(foldPerfScript(text).tree));
	});

	it('folds 100,000 samples, every one counted', () => {
		const profile = foldPerfScript(syntheticPerfScript(100_000));
		expect(profile.samples).toBe(100_000);
		const counted = foldedText(profile.tree).trimEnd().split('\n').reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
		expect(counted).toBe(100_000);
	});
});

describe('stackcollapse-perf rules', () => {
	const sample = (header: string, ...frames: string[]) => `${header}\n${frames.map(frame => `\t${frame}`).join('\n')}\n\n`;

	it('keeps only the first event type', () => {
		const profile = foldPerfScript(sample('app 1 1.000001: 1 cpu-clock:', '1 main (/app)') + sample('app 1 1.000002: 1 page-faults:', '1 other (/app)'));
		expect(profile.samples).toBe(1);
		expect(profile.otherEventSamples).toBe(1);
		expect(profile.tree.names).not.toContain('other');
	});

	it('splits Java inlining, tidies Java and Go names, drops argument lists and replaces ;', () => {
		const stacks = foldedMap(sample('java 12688/12764 [002] 6544038.708352: cpu-clock:',
			'7f1 Lorg/mozilla/Foo;.call(Lorg/Bar;)V->Lorg/mozilla/Baz;.run (/tmp/perf-12688.map)',
			'7f2 net/http.(*Client).Do (/app)',
			'7f3 std::vector<int>::push_back(int const&) (/app)'));
		expect([...stacks.keys()]).toEqual(['java;std::vector<int>::push_back;net/http.(*Client).Do;org/mozilla/Foo:.call_[j];org/mozilla/Baz:.run_[i]']);
	});

	it('reads thread names with spaces and digits without taking the pid into the name', () => {
		expect(parseEventLine('V8 WorkerThread 24636/25607 [000] 94564.109216: cycles:')).toEqual({comm: 'V8 WorkerThread', event: 'cycles'});
		expect(parseEventLine('worker 2 1234 100.5: 10101010 cpu-clock:')).toEqual({comm: 'worker 2', event: 'cpu-clock'});
		expect(parseEventLine('vote   913    72.176760:     257597 cycles:uppp:')).toEqual({comm: 'vote', event: 'cycles:uppp'});
		expect(parseEventLine('java 25607 cycles:')).toEqual({comm: 'java', event: 'cycles'});
		expect(parseEventLine('not an event line')).toBeUndefined();
	});

	it('tells kernel and JIT modules apart', () => {
		expect(moduleKind('[kernel.kallsyms]')).toBe('kernel');
		expect(moduleKind('[nf_conntrack_ipv4]')).toBe('kernel');
		expect(moduleKind('/lib/modules/6.1/kernel/fs/ext4/ext4.ko')).toBe('kernel');
		expect(moduleKind('/usr/lib/debug/boot/vmlinux-5.4.14')).toBe('kernel');
		expect(moduleKind('[unknown]')).toBe('user');
		expect(moduleKind('/tmp/perf-4242.map')).toBe('jit');
		expect(moduleKind('/root/.debug/jit/java-jit-20240101/jitted-4242-17.so')).toBe('jit');
		expect(moduleKind('/usr/bin/node')).toBe('user');
		expect(frameLabel('vfs_read_[k]')).toEqual({label: 'vfs_read', kind: 'kernel'});
	});

	it('counts a last sample without a blank line after it, and lines that are neither', () => {
		const profile = foldPerfScript('app 1 1.0: cpu-clock:\n\t1 main (/app)\n\ngarbage\n\napp 1 1.1: cpu-clock:\n\t1 main (/app)');
		expect(profile.samples).toBe(2);
		expect(profile.malformedLines).toBe(1);
	});

	it('keeps a frame whose bytes were not UTF-8, decoded as replacement characters', () => {
		const bytes = Buffer.concat([Buffer.from('app 1 1.0: cpu-clock:\n\t1 f'), Buffer.from([0xFF, 0xFE]), Buffer.from(' (/app)\n\n')]);
		const profile = foldPerfScript(bytes);
		expect(profile.tree.names).toContain('f\uFFFD\uFFFD');
	});

	it('keeps a character split between two chunks of bytes whole', () => {
		const bytes = Buffer.from('app 1 1.0: cpu-clock:\n\t1 f\u00E9te (/app)\n\n');
		const split = bytes.indexOf(0xC3) + 1;
		const folder = createPerfScriptFolder();
		folder.push(bytes.subarray(0, split));
		folder.push(bytes.subarray(split));
		expect(folder.end().tree.names).toContain('f\u00E9te');
	});

	it('counts a stack whose lines end in CR LF as the same stack', () => {
		const profile = foldPerfScript('app 1 1.0: cpu-clock:\r\n\t1 main (/app)\r\n\r\napp 1 1.1: cpu-clock:\r\n\t1 main (/app)\r\n\r\n');
		expect(foldedText(profile.tree)).toBe('app;main 2\n');
	});

	it('tells different functions at one address apart (a forked child, replaced JIT code)', () => {
		const profile = foldPerfScript(sample('sh 1 1.0: cpu-clock:', '4000 parent_main (/bin/sh)') + sample('ls 2 1.1: cpu-clock:', '4000 child_main (/bin/ls)'));
		expect(profile.tree.names).toEqual(expect.arrayContaining(['parent_main', 'child_main']));
	});

	it('folds an empty input to no samples', () => {
		const profile = foldPerfScript('');
		expect(profile.samples).toBe(0);
		expect(foldedText(profile.tree)).toBe('');
	});
});
