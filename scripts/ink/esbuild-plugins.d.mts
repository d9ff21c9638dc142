import type {Plugin} from 'esbuild';

export type InkPatches = {
	readonly boundedCaches?: boolean;
	readonly fastStringWidth?: boolean;
	readonly lightAnsiTokenize?: boolean;
	readonly diffingLogUpdate?: boolean;
	readonly segmentOutput?: boolean;
	readonly fastSanitize?: boolean;
	readonly yogaWithoutFetch?: boolean;
	readonly lazyUnicode?: boolean;
};

export const pinnedVersions: Readonly<Record<'ink' | '@alcalzone/ansi-tokenize', string>>;
export const inkModuleReplacements: Readonly<Record<string, string>>;
export function devtoolsStubPlugin(): Plugin;
export function boundedInkCachesPlugin(): Plugin;
export function fastStringWidthPlugin(): Plugin;
export function lightAnsiTokenizePlugin(): Plugin;
export function diffingLogUpdatePlugin(): Plugin;
export function segmentOutputPlugin(): Plugin;
export function fastSanitizePlugin(): Plugin;
export function yogaWithoutFetchPlugin(): Plugin;
export function lazyUnicodePlugin(): Plugin;
export function inkPatchPlugins(patches?: InkPatches): Plugin[];
