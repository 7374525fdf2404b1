import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../lib/chromium';
import { describeJs, measurePageJs } from '../lib/page-js';
import { round } from '../lib/results';
import type { Suite } from './types';

/** Gzipped JavaScript that a first visit to /login loads (see measurePageJs). */
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
			const js = await measurePageJs(context, `${url}/login`);
			await context.close();
			console.log(describeJs('login-js', js));
			return { 'login-js-gzip-kb': { value: round(js.gzipKb, 1), unit: 'KB' } };
		} finally {
			await browser.close();
		}
	}
};
