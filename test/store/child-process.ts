import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {chmodSync, cpSync, mkdtempSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {build} from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * Bundles store-child.ts into one .mjs so each child starts with plain node in ~100 ms
 * (tsx would cost ~0.5 s a start, too slow for 50 kills). better-sqlite3, a native addon, stays
 * external: it and the two small packages that load it are copied beside the bundle, so a child
 * running as another user (the read-only-directory test's uid 65534) loads nothing from the
 * checkout, which may sit in a folder only its owner can enter (mode 700 under /root).
 */
export async function bundleChild(): Promise<{file: string; cleanup: () => void}> {
	const directory = mkdtempSync(path.join(tmpdir(), 'perftop-store-child-'));
	// Readable by the unprivileged user the read-only-directory test runs as.
	chmodSync(directory, 0o755);
	const file = path.join(directory, 'store-child.mjs');
	copySqlite(path.join(directory, 'node_modules'));
	await build({
		entryPoints: [path.join(import.meta.dirname, 'store-child.ts')],
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile: file,
		logLevel: 'silent',
		// Required lazily by @datadog/sketches-js for its protobuf form, which the store never uses,
		// and not installed.
		external: ['protobufjs/minimal', 'better-sqlite3'],
		banner: {js: 'import {createRequire as __createRequire} from "node:module"; const require = __createRequire(import.meta.url);'},
	});
	chmodSync(file, 0o644);
	return {file, cleanup: () => rmSync(directory, {recursive: true, force: true})};
}

/** better-sqlite3's JavaScript and compiled addon, and `bindings` (with its one dependency) that finds the addon. */
function copySqlite(modules: string): void {
	const sqlite = path.dirname(require.resolve('better-sqlite3/package.json'));
	const fromSqlite = createRequire(path.join(sqlite, 'package.json'));
	const bindings = path.dirname(fromSqlite.resolve('bindings/package.json'));
	const fileUri = path.dirname(createRequire(path.join(bindings, 'package.json')).resolve('file-uri-to-path/package.json'));
	const target = path.join(modules, 'better-sqlite3');
	for (const part of ['package.json', 'lib', path.join('build', 'Release', 'better_sqlite3.node')]) {
		cpSync(path.join(sqlite, part), path.join(target, part), {recursive: true});
	}

	cpSync(bindings, path.join(modules, 'bindings'), {recursive: true});
	cpSync(fileUri, path.join(modules, 'file-uri-to-path'), {recursive: true});
}

export function startChild(file: string, args: readonly string[], options: {uid?: number; gid?: number} = {}): ChildProcessWithoutNullStreams {
	return spawn(process.execPath, [file, ...args], {stdio: 'pipe', ...options});
}

/** Resolves with each parsed JSON line the child prints, until `until` returns true. */
export function readLines(child: ChildProcessWithoutNullStreams, until: (value: unknown) => boolean): Promise<unknown[]> {
	return new Promise((resolve, reject) => {
		const values: unknown[] = [];
		let buffer = '';
		let stderr = '';
		child.stderr.on('data', (data: Buffer) => {
			stderr += data.toString();
		});
		child.stdout.on('data', (data: Buffer) => {
			buffer += data.toString();
			let newline = buffer.indexOf('\n');
			while (newline !== -1) {
				const value = JSON.parse(buffer.slice(0, newline)) as unknown;
				buffer = buffer.slice(newline + 1);
				values.push(value);
				if (until(value)) {
					resolve(values);
					return;
				}

				newline = buffer.indexOf('\n');
			}
		});
		child.on('close', code => {
			if (code !== 0 && code !== null) {
				reject(new Error(`child exited ${code}: ${stderr}`));
			} else {
				resolve(values);
			}
		});
	});
}
