// The esbuild configuration of dist/cli.js, shared by scripts/build.mjs and the benchmarks and tests
// that bundle other entry points exactly the same way.
import {readFileSync, writeFileSync} from 'node:fs';
import {lazyMeowNormalizePlugin} from '../lazy-meow-normalize.mjs';
import {inkPatchPlugins} from './esbuild-plugins.mjs';

/**
 * dist/cli.js starts as a shell script that runs itself with node (`':' //;` is a no-op to sh and a
 * string and a comment to JavaScript), so `perftop` gets V8 flags without `env -S`: young-generation
 * semi-spaces of at most 4 MB instead of 16. A dashboard at 0.5 s settles at ~95 MB instead of ~117 MB
 * (V8 let its new space grow to 32 MB) at the same CPU, measured side by side. `node dist/cli.js`
 * runs the same code without the flag.
 */
const launcher = `#!/bin/sh\n':' //; exec node --max-semi-space-size=4 "$0" "$@"\n`;

// Bundled CommonJS dependencies call require() for builtins; ESM has no require, so give them one.
// esbuild keeps the entry's own hashbang above the banner; writeLauncher replaces it.
const banner = [
	"import {createRequire as __perftopCreateRequire} from 'node:module';",
	'const require = __perftopCreateRequire(import.meta.url);',
].join('\n');

/**
 * esbuild options shared by the real build and the benchmarks that bundle other entry points the same way.
 * `inkPatches` is passed to inkPatchPlugins (all patches on unless turned off).
 * With `outdir` instead of `outfile`, code reached only through `import()` goes into chunks/ and is
 * compiled only when a command needs it: `perftop --version` and `sample` never parse Ink, React or
 * systeminformation, and the dashboard never parses the exporter's or the report's code.
 * Whitespace and syntax are minified (V8 parses less: first frame ~50 ms sooner, measured); names are
 * kept, so a stack trace still reads.
 */
export function bundleOptions({entryPoint, outfile, outdir, inkPatches = {}}) {
	return {
		entryPoints: [entryPoint],
		...(outdir === undefined ? {outfile} : {outdir, splitting: true, chunkNames: 'chunks/[name]-[hash]'}),
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		jsx: 'automatic',
		minifyWhitespace: true,
		minifySyntax: true,
		legalComments: 'none',
		logLevel: 'warning',
		banner: {js: banner},
		define: {'process.env.NODE_ENV': '"production"'},
		// better-sqlite3 is a native addon, loaded from node_modules at run time. protobufjs is required
		// only by @datadog/sketches-js's protobuf (de)serialisation, which perftop never calls (the store
		// encodes sketches itself), and the package does not declare it: leave the require unresolved.
		external: ['better-sqlite3', 'protobufjs/minimal'],
		plugins: [...inkPatchPlugins(inkPatches), lazyMeowNormalizePlugin()],
	};
}

/** Puts the launcher in place of the entry's own hashbang (or above a bundle without one): `perftop` runs as a command. */
export function writeLauncher(file) {
	const code = readFileSync(file, 'utf8');
	writeFileSync(file, launcher + (code.startsWith('#!') ? code.slice(code.indexOf('\n') + 1) : code));
}

