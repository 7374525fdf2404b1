import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ precompress: true }),
		// Stylesheets below 5 kB go into the page's <style>: the editor links ~40 small ones, each a
		// render-blocking request before its first paint on a slow connection (issue 21 §2).
		inlineStyleThreshold: 5120,
		alias: { $server: 'src/server' },
		typescript: {
			config: (tsconfig) => {
				tsconfig.include.push('../bench/**/*.ts', '../playwright.config.ts');
			}
		},
		// workbox-window registers the worker so the update prompt can wait for the person's consent.
		serviceWorker: { register: false },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				// The reviewer's inline preview of a PDF fetched with their session (a blob: URL).
				'frame-src': ['self', 'blob:'],
				'base-uri': ['none'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
