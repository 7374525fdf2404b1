import type { BrowserContext, Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';

export interface PageJs {
	scripts: number;
	rawKb: number;
	gzipKb: number;
}

/**
 * Gzipped JavaScript a first visit to `url` loads in `context`: every script response of the page
 * (entry, imports, modulepreload and lazy chunks fetched until `ready` resolves and the network
 * then goes idle), each body compressed with gzip -9 and the sizes summed. The service worker's own
 * fetches (precache) are not the page's and are not counted.
 */
export async function measurePageJs(
	context: BrowserContext,
	url: string,
	ready: (page: Page) => Promise<unknown> = async () => {}
): Promise<PageJs> {
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
					scripts.set(res.url(), { raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
				},
				() => {
					scripts.delete(res.url());
				}
			)
		);
	});
	try {
		const nav = await page.goto(url, { waitUntil: 'networkidle' });
		if (!nav?.ok()) throw new Error(`GET ${url} answered ${nav?.status()}`);
		await ready(page);
		// Let onMount work (e.g. a lazily imported service-worker registration) finish.
		await page.waitForTimeout(1000);
		await page.waitForLoadState('networkidle');
		await Promise.all(pending);
	} finally {
		await page.close();
	}
	let raw = 0;
	let gzip = 0;
	for (const [u, s] of scripts) {
		raw += s.raw;
		gzip += s.gzip;
		if (process.env.BENCH_VERBOSE) {
			console.log(`  ${(s.gzip / 1024).toFixed(1).padStart(7)} KB gz  ${new URL(u).pathname}`);
		}
	}
	if (scripts.size === 0) throw new Error(`${url} loaded no JavaScript — is the page hydrating?`);
	return { scripts: scripts.size, rawKb: raw / 1024, gzipKb: gzip / 1024 };
}

export function describeJs(label: string, js: PageJs): string {
	return `${label}: ${js.scripts} scripts, ${js.rawKb.toFixed(1)} KB raw, ${js.gzipKb.toFixed(1)} KB gzip`;
}
