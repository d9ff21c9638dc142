import {median} from 'simple-statistics';
import {renderFlameGraphHtml} from '../source/profile/flamegraph-html.js';
import {createPerfScriptFolder} from '../source/profile/fold-perf-script.js';
import {foldedText, rootNode} from '../source/profile/frame-tree.js';
import {hotFunctions} from '../source/profile/hot-functions.js';
import {layoutIcicle} from '../source/profile/icicle-layout.js';
import {syntheticPerfScript} from '../test/helpers/synthetic-perf-script.js';
import {atMost, type Benchmark} from './types.js';

// A profile's cost once perf has finished: 100,000 samples of `perf script` text (~60 MB, drawn from
// stacks captured on this machine) folded as they arrive from perf's pipe in 64 KiB chunks, then the
// hot functions, the terminal flame graph's layout at 160 columns, the folded file and the HTML page.
// Median of five, so a run slowed by other processes on the machine does not move it.

const chunkSize = 65_536;

export const benchmarks: Benchmark[] = [
	{
		name: 'profile.fold_ms',
		async run() {
			const text = syntheticPerfScript(100_000);
			const times: number[] = [];
			for (let round = 0; round < 5; round++) {
				const start = performance.now();
				const folder = createPerfScriptFolder();
				for (let offset = 0; offset < text.length; offset += chunkSize) {
					folder.push(text.slice(offset, offset + chunkSize));
				}

				const profile = folder.end();
				hotFunctions(profile.tree, profile.modules);
				layoutIcicle(profile.tree, rootNode, 160);
				foldedText(profile.tree);
				renderFlameGraphHtml({title: 'bench', subtitle: '', tree: profile.tree, modules: profile.modules});
				times.push(performance.now() - start);
			}

			return [atMost('profile.fold_ms', median(times), 'ms', 500)];
		},
	},
];
