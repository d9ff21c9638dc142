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

/** Replaces the bundle's hashbang with the shell launcher that runs it with node and its V8 flags. */
export function writeLauncher(file: string): void;
