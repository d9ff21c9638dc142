// Stand-ins for the Unicode machinery that string-width, slice-ansi and @alcalzone/ansi-tokenize build
// when their modules load (see lazyUnicodePlugin in esbuild-plugins.mjs). Each is built on first use;
// the dashboard's own characters take the fast paths and may never need one.

type SegmenterOptions = ConstructorParameters<typeof Intl.Segmenter>;

/** An Intl.Segmenter made on the first `segment` call: the first one in a process loads ICU's break rules. */
export function lazySegmenter(...options: SegmenterOptions): Pick<Intl.Segmenter, 'segment'> {
	let segmenter: Intl.Segmenter | undefined;
	return {
		segment(input) {
			segmenter ??= new Intl.Segmenter(...options);
			return segmenter.segment(input);
		},
	};
}

/** A regular expression compiled on the first `test` call. Without the g or y flag `test` keeps no state. */
export function lazyRegExp(source: string, flags: string): Pick<RegExp, 'test'> {
	if (flags.includes('g') || flags.includes('y')) {
		throw new Error(`lazyRegExp(/${source}/${flags}): a global or sticky expression keeps lastIndex between calls`);
	}

	let regExp: RegExp | undefined;
	return {
		test(input) {
			regExp ??= new RegExp(source, flags);
			return regExp.test(input);
		},
	};
}
