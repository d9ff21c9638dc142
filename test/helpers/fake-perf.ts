import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

/** The busy dash loop captured on this machine: 208 samples. */
export const busyShellScript = path.join(path.dirname(new URL(import.meta.url).pathname), '../fixtures/perf/busy-shell.txt');

// `perf record` writes its pid and arguments where the test can see them, then acts as FAKE_PERF_MODE
// says; `perf script` prints FAKE_PERF_SCRIPT.
const fakePerf = `#!/bin/sh
command="$1"
if [ "$command" = record ]; then
	echo $$ > "$FAKE_PERF_DIR/pid"
	echo "$@" > "$FAKE_PERF_DIR/args"
	out=""
	while [ $# -gt 0 ]; do [ "$1" = -o ] && out="$2"; shift; done
	case "$FAKE_PERF_MODE" in
	paranoid)
		printf 'Error:\\nAccess to performance monitoring and observability operations is limited.\\nperf_event_paranoid setting is 3:\\n' >&2
		exit 255;;
	gone)
		echo "Couldn't create thread/CPU maps: No such process" >&2
		exit 244;;
	exits)
		sleep 0.2
		rm -f "$FAKE_PERF_PROC/4242/status"
		: > "$out"
		exit 0;;
	saturated)
		echo "100000000 900000000 10" > "$FAKE_PERF_PROC/4242/task/4242/schedstat"
		trap ': > "$out"; exit 130' INT
		while :; do sleep 0.05; done;;
	*)
		trap ': > "$out"; exit 130' INT
		while :; do sleep 0.05; done;;
	esac
fi
cat "$FAKE_PERF_SCRIPT"
`;

export type FakePerf = {
	readonly root: string;
	/** A procfs holding PID 4242 (busy, uid 1000), perftop's own status and the paranoid sysctl. */
	readonly procfs: string;
	readonly pidFile: string;
	readonly argsFile: string;
	/** An environment with the fake perf first on PATH. */
	env(mode: string, script?: string): NodeJS.ProcessEnv;
	writeProc(file: string, text: string): void;
	/** Back to the starting state: no pid or args file, PID 4242 present, root with every capability. */
	reset(): void;
	remove(): void;
};

export function createFakePerf(): FakePerf {
	const root = mkdtempSync(path.join(os.tmpdir(), 'perftop-fake-perf-'));
	const bin = path.join(root, 'bin');
	const procfs = path.join(root, 'proc');
	mkdirSync(bin, {recursive: true});
	writeFileSync(path.join(bin, 'perf'), fakePerf);
	chmodSync(path.join(bin, 'perf'), 0o755);
	const writeProc = (file: string, text: string) => {
		mkdirSync(path.dirname(path.join(procfs, file)), {recursive: true});
		writeFileSync(path.join(procfs, file), text);
	};

	const fake: FakePerf = {
		root,
		procfs,
		pidFile: path.join(root, 'pid'),
		argsFile: path.join(root, 'args'),
		env: (mode, script = busyShellScript) => ({...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}`, FAKE_PERF_MODE: mode, FAKE_PERF_DIR: root, FAKE_PERF_SCRIPT: script, FAKE_PERF_PROC: procfs}),
		writeProc,
		reset() {
			rmSync(fake.pidFile, {force: true});
			rmSync(fake.argsFile, {force: true});
			rmSync(procfs, {recursive: true, force: true});
			writeProc('4242/status', 'Name:\tbusy\nUid:\t1000\t1000\t1000\t1000\n');
			writeProc('4242/comm', 'busy\n');
			writeProc('4242/cmdline', 'busy\0--forever\0');
			writeProc('self/status', 'Name:\tnode\nCapEff:\t000001fffeffffff\n');
			writeProc('sys/kernel/perf_event_paranoid', '2\n');
		},
		remove() {
			rmSync(root, {recursive: true, force: true});
		},
	};
	fake.reset();
	return fake;
}
