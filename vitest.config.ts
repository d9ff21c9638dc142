import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {defineConfig, type Plugin} from 'vitest/config';
import {inkModuleReplacements} from './scripts/ink/esbuild-plugins.mjs';

const inkCopies = fileURLToPath(new URL('scripts/ink/', import.meta.url));

const shared = {
	// The store tests build native handles and the e2e tests start real processes.
	testTimeout: 30_000,
	pool: 'forks',
} as const;

/**
 * ink/build's imports of the files the build replaces (scripts/ink/) point at the replacements, as the
 * esbuild plugins do for dist/cli.js: the dashboard's component tests then render through the output,
 * text measuring, wrapping and sanitising that users run.
 */
function shippedInk(): Plugin {
	return {
		name: 'perftop-shipped-ink',
		enforce: 'pre',
		resolveId(source, importer) {
			const replacement = inkModuleReplacements[source.replace(/^\.\//, '')];
			if (replacement === undefined || !source.startsWith('./') || !importer || !/[\\/]node_modules[\\/]ink[\\/]build[\\/]/.test(importer)) {
				return undefined;
			}

			return path.join(inkCopies, replacement);
		},
	};
}

export default defineConfig({
	test: {
		// Builds dist/cli.js first: several tests run the bundle that ships.
		globalSetup: ['test/helpers/build-once.ts'],
		projects: [
			{test: {...shared, name: 'all', include: ['test/**/*.test.{ts,tsx}']}},
			{
				plugins: [shippedInk()],
				test: {
					...shared,
					name: 'shipped ink',
					include: ['test/ui/**/*.test.tsx'],
					// Ink is transformed (not loaded by Node as is) so that its imports can be redirected.
					server: {deps: {inline: ['ink']}},
				},
			},
		],
	},
});
