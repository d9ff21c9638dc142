// meow's pre-bundled dependencies.js runs normalize-package-data's module code (semver, spdx-correct,
// hosted-git-info: ~20–35 ms measured in a start-up profile) when it is imported, although meow calls
// normalizePackageData only when a command reads `cli.pkg`, which perftop never does. This plugin makes
// that module code run on the first call instead: same function, same result, paid only if used.
import {readFileSync} from 'node:fs';

const eager = 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);\n';
const lazy = 'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);\n';

export function lazyMeowNormalizePlugin() {
	return {
		name: 'lazy-meow-normalize',
		setup(build) {
			build.onLoad({filter: /[\\/]node_modules[\\/]meow[\\/]build[\\/]dependencies\.js$/}, args => {
				const code = readFileSync(args.path, 'utf8');
				if (code.split(eager).length !== 2 || code.split('normalizeExports').length !== 3) {
					return {errors: [{text: `${args.path} no longer sets up normalize-package-data as scripts/lazy-meow-normalize.mjs expects: check the plugin`}]};
				}

				return {contents: code.replace(eager, lazy), loader: 'js'};
			});
		},
	};
}
