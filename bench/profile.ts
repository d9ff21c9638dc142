import {median} from 'simple-statistics';
import {renderFlameGraphHtml} from '../source/profile/flamegraph-html.js';
import {createPerfScriptFolder} from '../source/profile/fold-perf-script.js';
import {foldedText} from '../source/profile/frame-tree.js';
import {hotFunctions} from '../source/profile/hot-functions.js';
import {initialFlameCursor, profileViewLines} from '../source/ui/flame-view.js';
import {colourTheme} from '../source/ui/theme.js';
import {syntheticPerfScript} from '../test/helpers/synthetic-perf-script.js';
import {atMost, type Benchmark} from './types.js';

// A profile's cost once perf has finished: 100,000 samples of `perf script` output (~60 MB, drawn from
// stacks captured on this machine) folded as they arrive from perf's pipe, in 64 KiB chunks of bytes, then the
// hot functions, the dashboard's profile view at 160x48, the folded file and the HTML page.
// Median of five, so a run slowed by other processes on the machine does not move it.

const chunkSize = 65_536;

export const benchmarks: Benchmark[] = [
	{
		name: 'profile.fold_ms',
		async run() {
			const bytes = Buffer.from(syntheticPerfScript(100_000));
			const times: number[] = [];
			for (let round = 0; round < 5; round++) {
				const start = performance.now();
				const folder = createPerfScriptFolder();
				for (let offset = 0; offset < bytes.length; offset += chunkSize) {
					folder.push(bytes.subarray(offset, offset + chunkSize));
				}

				const profile = folder.end();
				const hot = hotFunctions(profile.tree, profile.modules);
				profileViewLines({title: 'bench', summary: '', warnings: [], tree: profile.tree, modules: profile.modules, hot, files: ''}, initialFlameCursor, 160, 48, colourTheme);
				foldedText(profile.tree);
				renderFlameGraphHtml({title: 'bench', subtitle: '', tree: profile.tree, modules: profile.modules});
				times.push(performance.now() - start);
			}

			return [atMost('profile.fold_ms', median(times), 'ms', 500)];
		},
	},
];
