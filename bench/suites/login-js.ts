import { chromium } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../lib/chromium';
import { round } from '../lib/results';
import type { Suite } from './types';

/**
 * Gzipped JavaScript that a first visit to /login loads: every script response of the page
 * (entry, imports, modulepreload and lazy chunks fetched before the network goes idle),
 * each body compressed with gzip -9 and the sizes summed. The service worker's own fetches
 * (precache) are not the page's and are not counted.
 */
export const loginJs: Suite = {
	name: 'login-js',
	metrics: ['login-js-gzip-kb'],
	async run(ctx) {
		const { url } = await ctx.app();
		const browser = await chromium.launch({
			executablePath: CHROMIUM_PATH,
			headless: true,
			args: CHROMIUM_FLAGS.filter((f) => f !== '--headless')
		});
		try {
			const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
			const page = await context.newPage();
			const pending: Promise<void>[] = [];
			const scripts = new Map<string, { raw: number; gzip: number }>();
			page.on('response', (res) => {
				const type = res.request().resourceType();
				const ctype = res.headers()['content-type'] ?? '';
				const isJs = type === 'script' || /javascript|ecmascript/.test(ctype);
				if (!isJs || scripts.has(res.url()) || res.status() >= 300) return;
				scripts.set(res.url(), { raw: 0, gzip: 0 });
				pending.push(
					res.body().then(
						(body) => {
							scripts.set(res.url(), {
								raw: body.length,
								gzip: gzipSync(body, { level: 9 }).length
							});
						},
						() => {
							scripts.delete(res.url());
						}
					)
				);
			});
			const nav = await page.goto(`${url}/login`, { waitUntil: 'networkidle' });
			if (!nav?.ok()) throw new Error(`GET /login answered ${nav?.status()}`);
			// Let onMount work (e.g. a lazily imported service-worker registration) finish.
			await page.waitForTimeout(1000);
			await page.waitForLoadState('networkidle');
			await Promise.all(pending);
			await context.close();

			let raw = 0;
			let gzip = 0;
			for (const [u, s] of scripts) {
				raw += s.raw;
				gzip += s.gzip;
				if (process.env.BENCH_VERBOSE) {
					console.log(`  ${(s.gzip / 1024).toFixed(1).padStart(7)} KB gz  ${new URL(u).pathname}`);
				}
			}
			console.log(
				`login-js: ${scripts.size} scripts, ${(raw / 1024).toFixed(1)} KB raw, ${(gzip / 1024).toFixed(1)} KB gzip`
			);
			if (scripts.size === 0)
				throw new Error('/login loaded no JavaScript — is the page hydrating?');
			return { 'login-js-gzip-kb': { value: round(gzip / 1024, 1), unit: 'KB' } };
		} finally {
			await browser.close();
		}
	}
};
