// The layer boundaries of source/, in one place for test/architecture.test.ts and eslint.config.js.
// Data flows one way: collect → metrics → store / analyze → engine → ui; config, probe and export are
// leaves the commands wire in; profile/ (folded stacks, frame trees, icicle layout) is to CPU profiles
// what analyze/ is to samples, so engine and ui may use it; commands and cli.tsx sit on top and nothing
// imports them.
// The top-level modules (errors.ts, options.ts) import nothing of a layer, so every layer may use them.

const views = '^(ink|react|asciichart)$';
const sqlite = '^better-sqlite3$';
const io = '^node:(fs|child_process|net|http|https)';

/**
 * Per folder of source/: the layers (folders) it must not import, files of those it may import all
 * the same (types shared across the boundary), and the packages it must not import (regex sources).
 */
export const layerRules = {
	collect: {layers: ['metrics', 'analyze', 'store', 'engine', 'ui', 'commands', 'config', 'probe', 'export', 'profile'], except: ['metrics/types.js'], packages: [views, sqlite]},
	metrics: {layers: ['analyze', 'store', 'engine', 'ui', 'commands', 'config', 'probe', 'export', 'profile'], packages: [views, sqlite, '^node:fs']},
	analyze: {layers: ['collect', 'store', 'engine', 'ui', 'commands', 'config', 'probe', 'export', 'profile'], packages: [views, sqlite, io]},
	store: {layers: ['collect', 'analyze', 'engine', 'ui', 'commands', 'config', 'probe', 'export', 'profile'], packages: [views]},
	engine: {layers: ['ui', 'commands', 'config', 'export'], packages: [views]},
	ui: {layers: ['collect', 'store', 'commands', 'config', 'probe', 'export'], packages: [sqlite, io]},
	probe: {layers: ['collect', 'analyze', 'store', 'engine', 'ui', 'commands', 'config', 'export', 'profile'], packages: [views, sqlite]},
	export: {layers: ['collect', 'store', 'engine', 'ui', 'commands', 'config', 'probe', 'profile'], packages: [views, sqlite]},
	config: {layers: ['engine', 'ui', 'commands', 'export', 'profile'], packages: [views, sqlite]},
	profile: {layers: ['analyze', 'store', 'engine', 'ui', 'commands', 'config', 'probe', 'export'], packages: [views, sqlite]},
};
