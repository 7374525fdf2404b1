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

/** The device session, opened (dynamically imported) by the pages that show case data. */
const DEVICE_SESSION = /[\\/]src[\\/]lib[\\/]offline[\\/]session\.ts$/;
/** Those pages. */
const DEVICE_PAGE =
	/[\\/]src[\\/]routes[\\/](cases[\\/]\[id\]|me|declare|certificates)([\\/][^+]*)?[\\/]\+page\.svelte$/;
const EDITOR_PAGE = /[\\/]src[\\/]routes[\\/]cases[\\/]\[id\][\\/]\+page\.svelte$/;
const LAYOUT = /[\\/]src[\\/]routes[\\/]\+layout\.svelte$/;
/** The layout, the home, login and error pages: what they load first never grows. */
const FIRST_PAGES = /[\\/]src[\\/]routes[\\/](\+layout|\+page|\+error|login[\\/]\+page)\.svelte$/;
/** Any other route or entry. */
const ROUTE_NODE = /[\\/]generated[\\/]client(-optimized)?[\\/]nodes[\\/]/;
/** Re-exports every message: following it would make each message look like the layout's. */
const MESSAGE_INDEX = /[\\/]src[\\/]lib[\\/]paraglide[\\/]messages\.js$/;
const DEXIE = /[\\/]node_modules[\\/]dexie[\\/]/;

type Page = 'layout' | 'editor' | 'session' | 'device' | 'first' | 'first-lazy' | 'other' | 'lazy';

interface ModuleGraph {
	getModuleInfo(id: string): {
		isEntry: boolean;
		importers: readonly string[];
		dynamicImporters: readonly string[];
	} | null;
}

/**
 * The pages that load a module, found by walking its importers up to the first page. With
 * `lazyToo` the walk follows dynamic imports as well ('first-lazy': loaded on demand by a first
 * page); without, it stops at a module loaded on demand ('lazy').
 */
function pagesOf(id: string, graph: ModuleGraph, lazyToo: boolean): Set<Page> {
	const pages = new Set<Page>();
	const seen = new Set<string>([id]);
	const queue: [string, boolean][] = [[id, false]];
	while (queue.length) {
		const [at, viaLazy] = queue.pop()!;
		const info = graph.getModuleInfo(at);
		let page: Page | null = null;
		if (!info) page = 'other';
		else if (LAYOUT.test(at)) page = viaLazy ? 'first-lazy' : 'layout';
		else if (EDITOR_PAGE.test(at)) page = 'editor';
		else if (DEVICE_SESSION.test(at)) page = 'session';
		else if (DEVICE_PAGE.test(at)) page = 'device';
		else if (FIRST_PAGES.test(at)) page = viaLazy ? 'first-lazy' : 'first';
		else if (info.isEntry || ROUTE_NODE.test(at)) page = 'other';
		else if (!lazyToo && info.dynamicImporters.length > 0) page = 'lazy';
		if (page) pages.add(page);
		if (!info || (page && page !== 'lazy')) continue;
		const up: [string, boolean][] = info.importers.map((i) => [i, viaLazy]);
		if (lazyToo) for (const i of info.dynamicImporters) up.push([i, true]);
		for (const [importer, lazy] of up)
			if (!seen.has(importer)) {
				seen.add(importer);
				queue.push([importer, lazy]);
			}
	}
	return pages;
}

/**
 * Chunks by who loads a module first, instead of dozens of small ones: 'shell' for what the root
 * layout imports (every page loads it all anyway); for the pages showing case data, 'editor' for
 * what only the editor loads and 'device' for what the device session or several of those pages
 * load. A module the home, login or error page loads first stays out of those two, so those pages
 * load nothing more; another page that needs one of them loads its chunk (more bytes for it, far
 * fewer requests for the applicant on a slow network). Dexie and the messages keep their own.
 */
function pageChunk(id: string, graph: ModuleGraph): 'shell' | 'editor' | 'device' | null {
	if (DEXIE.test(id) || MESSAGES.test(id) || MESSAGE_INDEX.test(id)) return null;
	const eager = pagesOf(id, graph, false);
	if (eager.has('layout')) return 'shell';
	const all = pagesOf(id, graph, true);
	if (all.size === 0 || all.has('first') || all.has('layout')) return null;
	if (eager.has('session')) return 'device';
	if (eager.has('editor')) return all.has('device') ? 'device' : 'editor';
	return null;
}

/**
 * The browser's chunks: the runtime every page runs in one chunk rather than a handful, and the
 * messages shared by the same pages together, a group smaller than 1 KB joining its nearest one
 * (a message module imports nothing but the runtime, so this moves no code between pages' first
 * loads beyond a few texts). Without it a page fetches dozens of tiny chunks, each costing a
 * request and its own gzip overhead; the layout's and the case pages' code in a chunk each (pageChunk). The
 * server's build is left as it is.
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
						// Chunks made by a function may add exports to a page's entry chunk.
						preserveEntrySignatures: 'allow-extension',
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
									},
									{
										name: (id: string, graph: ModuleGraph) => pageChunk(id, graph),
										// Only the modules named; their imports keep their own chunks.
										includeDependenciesRecursively: false,
										priority: 15
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
