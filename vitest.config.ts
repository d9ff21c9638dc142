import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// The store tests build native handles and the e2e tests start real processes.
		testTimeout: 30_000,
		pool: 'forks',
		// Builds dist/cli.js first: several tests run the bundle that ships.
		globalSetup: ['test/helpers/build-once.ts'],
	},
});
