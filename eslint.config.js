// `npm test` runs this before the tests: import boundaries per layer (scripts/layers.mjs, the same table
// test/architecture.test.ts checks), a few correctness rules, and the house style as lint rules with
// fixes (@stylistic), which change only what breaks the style instead of reflowing every file.
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';
import {layerRules} from './scripts/layers.mjs';

/** no-restricted-imports for one folder of source/: its forbidden layers (relative imports) and packages. */
function boundaries(layer, {layers, except = [], packages}) {
	const allowed = except.map(file => file.replaceAll('.', '\\.'));
	const notAllowed = allowed.length === 0 ? '' : `(?!(${allowed.join('|')})$)`;
	return {
		files: [`source/${layer}/**/*.{ts,tsx}`],
		rules: {
			'no-restricted-imports': ['error', {
				patterns: [
					{regex: `^(\\.\\./)+${notAllowed}(${layers.join('|')})/`, message: `source/${layer}/ must not import these layers (scripts/layers.mjs).`},
					...packages.map(regex => ({regex, message: `source/${layer}/ must not import this package (scripts/layers.mjs).`})),
				],
			}],
		},
	};
}

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/', 'coverage/', 'test/fixtures/']},
	{
		files: ['**/*.{ts,tsx,js,mjs,mts}'],
		languageOptions: {parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module'},
		// The few disable comments left from the xo rules this project was written under stay as they are.
		linterOptions: {reportUnusedDisableDirectives: 'off'},
		plugins: {'@stylistic': stylistic, '@typescript-eslint': tseslint.plugin},
		rules: {
			// Correctness.
			'no-debugger': 'error',
			'no-dupe-keys': 'error',
			'no-duplicate-imports': ['error', {allowSeparateTypeImports: true}],
			'no-self-compare': 'error',
			'no-unreachable': 'error',
			'no-unsafe-finally': 'error',
			'no-var': 'error',
			'prefer-const': ['error', {destructuring: 'all'}],
			eqeqeq: ['error', 'always', {null: 'ignore'}],
			'@typescript-eslint/no-unused-vars': ['error', {args: 'after-used', argsIgnorePattern: '^_', ignoreRestSiblings: true}],
			'@typescript-eslint/consistent-type-imports': ['error', {fixStyle: 'inline-type-imports'}],
			// The house style: tabs, single quotes, semicolons, xo's spacing.
			'@stylistic/indent': ['error', 'tab', {SwitchCase: 1}],
			'@stylistic/quotes': ['error', 'single', {avoidEscape: true, allowTemplateLiterals: 'avoidEscape'}],
			'@stylistic/jsx-quotes': ['error', 'prefer-double'],
			'@stylistic/semi': ['error', 'always'],
			'@stylistic/member-delimiter-style': 'error',
			'@stylistic/comma-dangle': ['error', 'always-multiline'],
			'@stylistic/comma-spacing': 'error',
			'@stylistic/object-curly-spacing': ['error', 'never'],
			'@stylistic/array-bracket-spacing': ['error', 'never'],
			'@stylistic/arrow-parens': ['error', 'as-needed'],
			'@stylistic/arrow-spacing': 'error',
			'@stylistic/brace-style': ['error', '1tbs', {allowSingleLine: false}],
			'@stylistic/keyword-spacing': 'error',
			'@stylistic/space-before-blocks': 'error',
			'@stylistic/space-infix-ops': 'error',
			'@stylistic/key-spacing': 'error',
			'@stylistic/no-trailing-spaces': 'error',
			'@stylistic/no-multiple-empty-lines': ['error', {max: 1}],
			'@stylistic/eol-last': 'error',
			'@stylistic/no-mixed-spaces-and-tabs': 'error',
			'@stylistic/type-annotation-spacing': 'error',
		},
	},
	...Object.entries(layerRules).map(([layer, rule]) => boundaries(layer, rule)),
);
