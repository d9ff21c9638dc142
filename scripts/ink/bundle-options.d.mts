import type {BuildOptions} from 'esbuild';
import type {InkPatches} from './esbuild-plugins.mjs';

export type BundleRequest = {
	readonly entryPoint: string;
	readonly outfile: string;
	/** Which Ink patches to apply; all of them unless turned off. */
	readonly inkPatches?: InkPatches;
};

/** The esbuild options dist/cli.js is built with, for any entry point. */
export function bundleOptions(request: BundleRequest): BuildOptions;

/** Prepends `#!/usr/bin/env node` when the bundle does not start with a hashbang. */
export function ensureHashbang(file: string): void;
