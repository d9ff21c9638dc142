// esbuild plugins that make Ink 6.8.0 cheap and leak-free in the bundle without touching node_modules.
// Each replacement is a copy of the original's logic; test/build/ checks that outputs are identical.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The versions the replacements were copied from; another version needs the copies redone. */
export const pinnedVersions = {
	ink: '6.8.0',
	'@alcalzone/ansi-tokenize': '0.2.5',
};

/** The files of ink/build/ replaced by a copy here, and the copy; vitest.config.ts swaps the same ones. */
export const inkModuleReplacements = {
	'log-update.js': 'log-update.ts',
	'output.js': 'output.ts',
	'sanitize-ansi.js': 'sanitize-ansi.ts',
	'measure-text.js': 'measure-text.ts',
	'wrap-text.js': 'wrap-text.ts',
};

/** ink's devtools.js imports it only when DEV=true; the bundle must not drag it (or its absence) in. */
export function devtoolsStubPlugin() {
	return {
		name: 'react-devtools-core-stub',
		setup(build) {
			build.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'perftop-stub'}));
			build.onLoad({filter: /.*/, namespace: 'perftop-stub'}, () => ({
				contents: 'export default {initialize() {}, connectToDevTools() {}};',
				loader: 'js',
			}));
		},
	};
}

function only(...modules) {
	return Object.fromEntries(modules.map(module => [module, inkModuleReplacements[module]]));
}

/**
 * A plugin that points ink/build's imports of the named modules (`./<name>`) at our copies. The copies
 * were made from `pinnedVersions.ink`; another version fails the build instead of mixing code.
 */
function inkModulesPlugin(name, replacements) {
	const filter = new RegExp(`^\\./(${Object.keys(replacements).map(module => module.replaceAll('.', '\\.')).join('|')})$`);
	return {
		name,
		setup(build) {
			build.onResolve({filter}, args => {
				if (!isInkBuildFile(args.importer)) {
					return undefined;
				}

				assertVersion('ink', args.importer);
				return {path: path.join(here, replacements[args.path.slice(2)])};
			});
		},
	};
}

/**
 * Swaps ink/build/log-update.js for one that rewrites only the changed cells of the changed lines
 * (log-update.ts): ~6.5 KB → ~1 KB a frame on a 160x48 dashboard.
 */
export function diffingLogUpdatePlugin() {
	return inkModulesPlugin('ink-diffing-log-update', only('log-update.js'));
}

/**
 * Swaps ink/build/output.js for one that joins each row's texts as strings instead of composing a grid
 * of cell objects (output.ts): about a third of the dashboard's CPU and most of its garbage.
 */
export function segmentOutputPlugin() {
	return inkModulesPlugin('ink-segment-output', only('output.js'));
}

/**
 * yoga-layout's emscripten loader fetches its own embedded wasm through `fetch(dataUrl)` whenever
 * `fetch` exists, which in Node loads and runs undici on the way to the first frame (~40–90 ms measured
 * in a startup profile). Its four references to `fetch` are pointed at an undefined variable, which
 * sends it down emscripten's own synchronous base64 path: same bytes, same WebAssembly.instantiate.
 */
export function yogaWithoutFetchPlugin() {
	return {
		name: 'yoga-without-fetch',
		setup(build) {
			build.onLoad({filter: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, args => {
				const code = readFileSync(args.path, 'utf8');
				// Renamed rather than shadowed: a top-level `var fetch` would hide the global from the
				// whole chunk esbuild puts this module in.
				const uses = code.match(/(?<![.\w$"'])fetch\b/g)?.length ?? 0;
				if (uses !== 4) {
					return {errors: [{text: `${args.path} uses fetch ${uses} times, not 4: check yogaWithoutFetchPlugin`}]};
				}

				return {contents: `var __perftopNoFetch = undefined;\n${code.replaceAll(/(?<![.\w$"'])fetch\b/g, '__perftopNoFetch')}`, loader: 'js'};
			});
		},
	};
}

const lazyUnicodeFiles = /[\\/]node_modules[\\/](?:string-width[\\/]index|slice-ansi[\\/]tokenize-ansi|@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize)\.js$/;
const segmenterDeclaration = /\b(?:const|let|var)\s+([\w$]+)\s*=\s*new Intl\.Segmenter\(/g;
const emojiRegExpDeclaration = /\b((?:const|let|var)\s+([\w$]+)\s*=\s*)\/(\^\\p\{RGI_Emoji\}\$)\/(\w*);/g;

/**
 * string-width (7.x and 8.x), slice-ansi and @alcalzone/ansi-tokenize each build an Intl.Segmenter when
 * their module loads, and string-width 8 the `\p{RGI_Emoji}` set: ~16 ms for ICU's break rules and ~20 ms
 * for the emoji set on the way to the first frame, for text the fast paths (string-width.ts,
 * ansi-tokenize.ts) measure without them. Each is built on first use instead (lazy-unicode.ts). A
 * declaration used other than through `.segment(` / `.test(` fails the build rather than break.
 */
export function lazyUnicodePlugin() {
	const lazyModule = path.join(here, 'lazy-unicode.ts');
	return {
		name: 'lazy-unicode',
		setup(build) {
			build.onLoad({filter: lazyUnicodeFiles, namespace: 'file'}, args => {
				const code = readFileSync(args.path, 'utf8');
				const lazy = [
					...[...code.matchAll(segmenterDeclaration)].map(match => ({name: match[1], method: 'segment'})),
					...[...code.matchAll(emojiRegExpDeclaration)].map(match => ({name: match[2], method: 'test'})),
				];
				const misuse = lazy.find(({name, method}) => !usedOnlyThrough(code, name, method));
				if (lazy.length === 0 || misuse) {
					const why = misuse ? `uses ${misuse.name} other than through .${misuse.method}(` : 'builds no Intl.Segmenter';
					return {errors: [{text: `${args.path} ${why}: check lazyUnicodePlugin`}]};
				}

				const contents = code
					.replaceAll(segmenterDeclaration, match => match.replace('new Intl.Segmenter(', '__perftopLazySegmenter('))
					.replaceAll(emojiRegExpDeclaration, (_match, declaration, _name, source, flags) => `${declaration}__perftopLazyRegExp(${JSON.stringify(source)}, ${JSON.stringify(flags)});`);
				return {
					contents: `import {lazySegmenter as __perftopLazySegmenter, lazyRegExp as __perftopLazyRegExp} from ${JSON.stringify(lazyModule)};\n${contents}`,
					resolveDir: path.dirname(args.path),
					loader: 'js',
				};
			});
		},
	};
}

/** True when every use of `name` after its declaration is a call of `name.method(` (comments aside). */
function usedOnlyThrough(code, name, method) {
	const escaped = name.replaceAll('$', '\\$');
	const program = code.replaceAll(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
	const uses = program.match(new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`, 'g'))?.length ?? 0;
	const calls = program.match(new RegExp(`(?<![\\w$.])${escaped}\\.${method}\\(`, 'g'))?.length ?? 0;
	return uses === calls + 1;
}

/**
 * Swaps ink/build/sanitize-ansi.js for one that returns text of printable characters and SGR codes
 * after one regular-expression test instead of tokenizing it (sanitize-ansi.ts).
 */
export function fastSanitizePlugin() {
	return inkModulesPlugin('ink-fast-sanitize', only('sanitize-ansi.js'));
}

/** Swaps ink/build/measure-text.js and wrap-text.js for copies with bounded caches (ink#986). */
export function boundedInkCachesPlugin() {
	return inkModulesPlugin('ink-bounded-caches', only('measure-text.js', 'wrap-text.js'));
}

/**
 * Routes every `string-width` import through the fast path, each to the version its importer resolves
 * (wrap-ansi pins 7.x, the others 8.x), so the fallback is exactly what the importer would have called.
 */
export function fastStringWidthPlugin() {
	const fastModule = path.join(here, 'string-width.ts');
	return {
		name: 'fast-string-width',
		setup(build) {
			build.onResolve({filter: /^string-width$/}, async args => {
				if (args.pluginData?.realStringWidth) {
					return undefined;
				}

				const real = await build.resolve(args.path, {kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: {realStringWidth: true}});
				if (real.errors.length > 0) {
					return {errors: real.errors};
				}

				return {path: real.path, namespace: 'fast-string-width'};
			});
			build.onLoad({filter: /.*/, namespace: 'fast-string-width'}, args => ({
				contents: [
					`import real from ${JSON.stringify(args.path)};`,
					`import {createFastStringWidth} from ${JSON.stringify(fastModule)};`,
					'export default createFastStringWidth(real);',
				].join('\n'),
				resolveDir: path.dirname(args.path),
				loader: 'js',
			}));
		},
	};
}

/** Points ink's import of @alcalzone/ansi-tokenize at an allocation-light copy with identical output. */
export function lightAnsiTokenizePlugin() {
	const replacement = path.join(here, 'ansi-tokenize.ts');
	return {
		name: 'light-ansi-tokenize',
		setup(build) {
			build.onResolve({filter: /^@alcalzone\/ansi-tokenize$/}, async args => {
				// The replacement imports the original for everything it does not do itself.
				if (args.pluginData?.realAnsiTokenize || !isInkBuildFile(args.importer)) {
					return undefined;
				}

				const resolveFrom = resolveDir => build.resolve(args.path, {kind: args.kind, resolveDir, pluginData: {realAnsiTokenize: true}});
				const [inksCopy, ours] = await Promise.all([resolveFrom(args.resolveDir), resolveFrom(here)]);
				if (inksCopy.errors.length > 0) {
					return {errors: inksCopy.errors};
				}

				if (inksCopy.path !== ours.path) {
					return {errors: [{text: `ink resolves ${inksCopy.path} but scripts/ink/ansi-tokenize.ts wraps ${ours.path}`}]};
				}

				assertVersion('@alcalzone/ansi-tokenize', inksCopy.path);
				return {path: replacement};
			});
		},
	};
}

/**
 * The Ink patches `npm run build` applies. Each can be turned off to measure it against stock Ink
 * (bench/ui.ts); the devtools stub is not a patch of Ink's behaviour and is always on.
 */
export function inkPatchPlugins({boundedCaches = true, fastStringWidth = true, lightAnsiTokenize = true, diffingLogUpdate = true, segmentOutput = true, fastSanitize = true, yogaWithoutFetch = true, lazyUnicode = true} = {}) {
	return [
		devtoolsStubPlugin(),
		...(yogaWithoutFetch ? [yogaWithoutFetchPlugin()] : []),
		...(lazyUnicode ? [lazyUnicodePlugin()] : []),
		...(boundedCaches ? [boundedInkCachesPlugin()] : []),
		...(diffingLogUpdate ? [diffingLogUpdatePlugin()] : []),
		...(segmentOutput ? [segmentOutputPlugin()] : []),
		...(fastSanitize ? [fastSanitizePlugin()] : []),
		...(fastStringWidth ? [fastStringWidthPlugin()] : []),
		...(lightAnsiTokenize ? [lightAnsiTokenizePlugin()] : []),
	];
}

function isInkBuildFile(file) {
	return /[\\/]node_modules[\\/]ink[\\/]build[\\/][^\\/]+\.js$/.test(file);
}

const checkedVersions = new Set();

function assertVersion(packageName, fileInPackage) {
	if (checkedVersions.has(packageName)) {
		return;
	}

	const {version} = findManifest(packageName, fileInPackage);
	if (version !== pinnedVersions[packageName]) {
		throw new Error(`${packageName} is ${version}, but scripts/ink/ replaces modules copied from ${pinnedVersions[packageName]}: redo the copies (and run test/build/) before bumping it`);
	}

	checkedVersions.add(packageName);
}

/** The package.json of `packageName` that contains `file` (exports maps may hide `<name>/package.json`). */
function findManifest(packageName, file) {
	for (let directory = path.dirname(file); directory !== path.dirname(directory); directory = path.dirname(directory)) {
		try {
			const manifest = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8'));
			if (manifest.name === packageName) {
				return manifest;
			}
		} catch {}
	}

	throw new Error(`no package.json of ${packageName} above ${file}`);
}
