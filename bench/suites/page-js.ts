import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../lib/chromium';
import { editorCase } from '../lib/editor-case';
import { describeJs, measurePageJs } from '../lib/page-js';
import { round } from '../lib/results';
import type { Suite } from './types';

/**
 * Gzipped JavaScript the signed-in applicant's pages load on a first visit in a fresh profile
 * (see measurePageJs): the case editor until its module list shows and the network is idle (what
 * a module or an action needs only when used is not counted unless loaded by then), and the home
 * page. Targets (issue 21 §2): editor ≤ 100 KB, home ≤ 70 KB.
 */
export const applicantJs: Suite = {
	name: 'applicant-js',
	metrics: ['editor-js-gzip-kb', 'home-applicant-js-gzip-kb'],
	targets: { 'editor-js-gzip-kb': { max: 100 }, 'home-applicant-js-gzip-kb': { max: 70 } },
	async run(ctx) {
		const { url } = await ctx.app();
		const { caseId, cookie } = await editorCase(url);
		const browser = await chromium.launch({
			executablePath: CHROMIUM_PATH,
			headless: true,
			args: CHROMIUM_FLAGS.filter((f) => f !== '--headless')
		});
		const signedIn = async () => {
			const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
			const eq = cookie.indexOf('=');
			await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url }]);
			return context;
		};
		try {
			let context = await signedIn();
			const editor = await measurePageJs(context, `${url}/cases/${caseId}`, (page) =>
				page
					.getByRole('navigation', { name: '申报信息模块' })
					.getByRole('link', { name: /工作总结/ })
					.waitFor({ timeout: 30_000 })
			);
			await context.close();
			console.log(describeJs('editor-js', editor));
			context = await signedIn();
			const home = await measurePageJs(context, `${url}/`, (page) =>
				page
					.getByRole('link', { name: /个人中心/ })
					.first()
					.waitFor({ timeout: 30_000 })
			);
			await context.close();
			console.log(describeJs('home-applicant-js', home));
			return {
				'editor-js-gzip-kb': { value: round(editor.gzipKb, 1), unit: 'KB' },
				'home-applicant-js-gzip-kb': { value: round(home.gzipKb, 1), unit: 'KB' }
			};
		} finally {
			await browser.close();
		}
	}
};
