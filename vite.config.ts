import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig(({ mode }) => ({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'baseLocale']
		}),
		sveltekit()
	],
	// Workbox modules read process.env.NODE_ENV; the service worker bundle has no process.
	define: {
		'process.env.NODE_ENV': JSON.stringify(mode === 'production' ? 'production' : 'development')
	},
	// Rolldown's slow-plugin report is noise on a 2-core CI machine.
	build: { rolldownOptions: { checks: { bundlerTimings: false } } },
	test: {
		include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
		environment: 'node',
		globalSetup: ['tests/setup/global-db.ts'],
		testTimeout: 30_000,
		hookTimeout: 120_000,
		fileParallelism: false
	}
}));
