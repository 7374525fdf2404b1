import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Browser code may only see server code's types: `import type` is allowed, values are not. */
const SERVER_IMPORT_BAN = {
	'@typescript-eslint/no-restricted-imports': [
		'error',
		{
			patterns: [
				{
					regex: '^(\\$server(/|$)|(\\.\\./)+(src/)?server(/|$)|.*/src/server(/|$))',
					message: 'Browser code must not import src/server (use `import type` for types).',
					allowTypeImports: true
				}
			]
		}
	]
};

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'data/',
			'data-e2e/',
			'src/lib/paraglide/',
			'test-results/',
			'playwright-report/',
			'bench/.out/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: {
					allowDefaultProject: ['*.js', '.ci/*.mjs', 'bench/*.mjs', 'src/service-worker.ts']
				},
				tsconfigRootDir: import.meta.dirname,
				// Here, not only in the Svelte block: a value that flips between .ts and .svelte files
				// reloads the whole TypeScript project each time (eslint-plugin-svelte#1575).
				extraFileExtensions: ['.svelte']
			}
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig }
		}
	},
	{
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }
			],
			'svelte/button-has-type': 'error',
			'no-undef': 'off'
		}
	},
	{
		files: [
			'src/lib/**',
			'src/routes/**/*.svelte',
			'src/routes/**/+page.ts',
			'src/routes/**/+layout.ts',
			'src/hooks.ts',
			'src/hooks.client.ts',
			'src/service-worker.ts'
		],
		rules: SERVER_IMPORT_BAN
	}
);
