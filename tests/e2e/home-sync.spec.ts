import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
	DEMO_PASSWORD,
	login,
	openModule,
	saveState,
	summaryDraft,
	workSummaryBox
} from './helpers';

/**
 * Pages that show no case data (the home page) do not open the device database or start the
 * sync engine, unless the device holds work the server does not have yet (device-hint.ts).
 */

const APPLICANT = '13900000012';
/** A string only Dexie's code holds. */
const DEXIE_MARK = 'IndexedDB API missing';

/** Opens `/` in a new tab; resolves with whether any script it loaded was Dexie. */
async function openHome(context: BrowserContext): Promise<{ page: Page; loadedDexie: boolean }> {
	const page = await context.newPage();
	const bodies: Promise<string>[] = [];
	page.on('response', (res) => {
		if (res.request().resourceType() !== 'script' || res.status() >= 300) return;
		bodies.push(res.text().catch(() => ''));
	});
	await page.goto('/', { waitUntil: 'networkidle' });
	await expect(page.getByRole('link', { name: /个人中心/ }).first()).toBeVisible();
	await page.waitForTimeout(1000);
	await page.waitForLoadState('networkidle');
	const texts = await Promise.all(bodies);
	return { page, loadedDexie: texts.some((t) => t.includes(DEXIE_MARK)) };
}

const personDatabases = (page: Page) =>
	page.evaluate(async () =>
		(await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('zhicheng-'))
	);

test('a device with nothing to push: the home page downloads no device store and makes none', async ({
	context,
	page
}) => {
	// 登录 back to the home page, so no page with case data runs first.
	await page.goto('/login?next=/');
	await page.getByLabel('身份证号码 / 手机号码 / 账号').fill(APPLICANT);
	await page.getByLabel('密码').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('link', { name: /个人中心/ }).first()).toBeVisible();
	await expect(page).toHaveURL(/\/$/);
	await page.close();
	const home = await openHome(context);
	expect(home.loadedDexie).toBe(false);
	expect(await personDatabases(home.page)).toEqual([]);
});

test('words left unsent by the editor are pushed when the home page opens, then the home page is light again', async ({
	browser,
	context,
	page
}) => {
	// Two devices, the second one checking the server's copy.
	test.slow();
	await login(page, APPLICANT);
	const caseUrl = await summaryDraft(page);
	// The server cannot be told: every push is lost on the way.
	const lostPushes = (url: URL) =>
		url.pathname.startsWith('/api/trpc/') && url.pathname.includes('sync.push');
	await context.route(lostPushes, (route) => route.abort('connectionreset'));
	const words = `离开编辑页前未能同步的内容 ${Date.now()}`;
	await workSummaryBox(page).fill(words);
	await expect(saveState(page)).toHaveText('仅保存在本设备', { timeout: 20_000 });
	await page.close();
	await context.unroute(lostPushes);

	const pushed = context.waitForEvent('response', {
		predicate: (res) => lostPushes(new URL(res.url())) && res.ok(),
		timeout: 30_000
	});
	const home = await openHome(context);
	await pushed;
	expect(home.loadedDexie).toBe(true);
	// Nothing is left to push: the next home page is light again.
	await expect
		.poll(() =>
			home.page.evaluate(() =>
				Object.keys(localStorage)
					.filter((k) => k.startsWith('zhicheng-unsynced:'))
					.map((k) => localStorage.getItem(k))
			)
		)
		.toEqual(['synced']);
	await home.page.close();
	expect((await openHome(context)).loadedDexie).toBe(false);

	// The server has the words: another device of the same person opens them.
	const other = await browser.newContext();
	const otherPage = await other.newPage();
	await login(otherPage, APPLICANT);
	await otherPage.goto('/me');
	await otherPage.getByRole('button', { name: '立即同步' }).click();
	await otherPage.goto(caseUrl.replace(/#.*$/, ''));
	await openModule(otherPage, /工作总结/);
	await expect(workSummaryBox(otherPage)).toHaveValue(words, { timeout: 20_000 });
	await other.close();
});
