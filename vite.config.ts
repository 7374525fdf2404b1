import { fileURLToPath } from 'node:url';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** The runtime every page runs: one chunk rather than a handful. */
const FRAMEWORK =
	/node_modules[\\/](svelte|@sveltejs[\\/]kit|devalue|esm-env|clsx)[\\/]|[\\/]src[\\/]lib[\\/]paraglide[\\/]runtime/;
/** Paraglide's messages: a module each, a few hundred bytes. */
const MESSAGES = /[\\/]src[\\/]lib[\\/]paraglide[\\/]messages[\\/]/;

/**
 * The browser's chunks: the runtime every page runs in one chunk rather than a handful, and the
 * messages shared by the same pages together, a group smaller than 1 KB joining its nearest one
 * (a message module imports nothing but the runtime, so this moves no code between pages' first
 * loads beyond a few texts). Without it a page fetches dozens of tiny chunks, each costing a
 * request and its own gzip overhead. The server's build is left as it is.
 */
function browserChunks(): Plugin {
	return {
		name: 'zhicheng:browser-chunks',
		apply: 'build',
		configEnvironment(name) {
			if (name !== 'client') return;
			return {
				build: {
					rolldownOptions: {
						// tRPC's client has no side effects on import; without this its unused links
						// (WebSocket, subscriptions) ship to every page.
						treeshake: {
							moduleSideEffects: (id: string) => !/[\\/]node_modules[\\/]@trpc[\\/]/.test(id)
						},
						output: {
							codeSplitting: {
								groups: [
									{ name: 'framework', test: FRAMEWORK, priority: 20 },
									{
										name: 'messages',
										test: MESSAGES,
										minShareCount: 2,
										entriesAware: true,
										entriesAwareMergeThreshold: 1024,
										priority: 10
									}
								]
							}
						}
					}
				}
			};
		}
	};
}

/** Dexie's ES2018 module build, about 1.7 KB smaller gzipped than the UMD one its wrapper loads. */
const DEXIE_MODERN = fileURLToPath(
	new URL('./node_modules/dexie/dist/modern/dexie.mjs', import.meta.url)
);

/** The browser imports Dexie's modern build (the one copy there, so no dual-package hazard). */
function browserDexie(): Plugin {
	return {
		name: 'zhicheng:browser-dexie',
		apply: 'build',
		enforce: 'pre',
		applyToEnvironment: (environment) => environment.name === 'client',
		resolveId: (id) => (id === 'dexie' ? DEXIE_MODERN : null)
	};
}

export default defineConfig(({ mode }) => ({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'baseLocale']
		}),
		sveltekit(),
		browserChunks(),
		browserDexie()
	],
	// Workbox modules read process.env.NODE_ENV; the service worker bundle has no process.
	define: {
		'process.env.NODE_ENV': JSON.stringify(mode === 'production' ? 'production' : 'development')
	},
	// Rolldown's slow-plugin report is noise on a 2-core CI machine.
	build: {
		rolldownOptions: {
			checks: { bundlerTimings: false }
		}
	},
	test: {
		include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
		environment: 'node',
		globalSetup: ['tests/setup/global-db.ts'],
		testTimeout: 30_000,
		hookTimeout: 120_000,
		fileParallelism: false
	}
}));
