import { expect, test, type Browser, type Page } from '@playwright/test';
import { goOffline, goOnline, login, saveState, waitForServiceWorker } from './helpers';

/**
 * #21 §3, offline: 开始申报 is decided against the device store, and sync makes no duplicates.
 * A draft reaches the server with the first thing written into it; one nobody typed into stays on
 * its device, out of every list. Two devices that both typed keep both drafts: no words are lost,
 * and each row says what it declares. 陈刚 and 钱伟 (示例) have no 初定 case of their own before.
 */

/** A signed-in phone at 申报须知 of 职称初定申报, with the pages it needs offline cached. */
async function phoneAtNotice(browser: Browser, account: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await login(page, account);
	await waitForServiceWorker(page);
	await expect(page.getByRole('heading', { name: '我的办件' })).toBeVisible();
	await page.goto('/declare/initial');
	await page.getByLabel('我已阅读并知晓').check();
	return { context, page };
}

const initialRows = (page: Page) =>
	page
		.getByTestId('case-row')
		.filter({ has: page.getByTestId('case-kind').getByText('职称初定申报') });

/** 我的办件, 立即同步 pressed: the rows follow what the pull brings (counted with a wait). */
async function syncedList(page: Page) {
	await page.goto('/me');
	await page.getByRole('button', { name: '立即同步' }).click();
}

async function declare(page: Page, level: string, specialty: string) {
	await page.getByLabel('申报级别').selectOption(level);
	await page.getByLabel('申报系列').selectOption('engineering');
	await page.getByLabel('申报专业').selectOption(specialty);
	await page.getByRole('button', { name: '暂存' }).click();
	await expect(page.getByTestId('editor-notice')).toHaveText('已保存在本设备，联网后自动同步');
}

test('two phones offline both press 开始申报, one types: after sync there is one draft, offered on both', async ({
	browser
}) => {
	const a = await phoneAtNotice(browser, '13900000017');
	const b = await phoneAtNotice(browser, '13900000017');
	await goOffline(a.context);
	await goOffline(b.context);

	await a.page.getByRole('button', { name: '开始申报' }).click();
	await expect(a.page).toHaveURL(/\/cases\/[0-9a-f-]{36}/);
	const caseUrl = a.page.url().replace(/#.*$/, '');
	await declare(a.page, 'D', '机械工程');

	// B starts too, offline, and types nothing.
	await b.page.getByRole('button', { name: '开始申报' }).click();
	await expect(b.page).toHaveURL(/\/cases\/[0-9a-f-]{36}/);
	expect(b.page.url()).not.toBe(caseUrl);
	await expect(b.page.getByTestId('module-lock')).toBeVisible();

	await goOnline(a.context);
	await a.page.evaluate(() => dispatchEvent(new Event('online')));
	await expect(saveState(a.page)).toHaveText('已备份', { timeout: 30_000 });
	await goOnline(b.context);

	// One draft on the server and on both phones; B's empty one was never a case.
	for (const { page } of [a, b]) {
		await syncedList(page);
		await expect(initialRows(page)).toHaveCount(1, { timeout: 20_000 });
		await expect(initialRows(page).getByTestId('case-what')).toContainText('助理工程师');
	}
	// B's next 开始申报 offers A's draft, not its own empty one.
	await b.page.goto('/declare/initial');
	await b.page.getByLabel('我已阅读并知晓').check();
	await b.page.getByRole('button', { name: '开始申报' }).click();
	const drafts = b.page.getByTestId('existing-drafts');
	await expect(drafts.getByRole('button', { name: '继续填写已暂存的申报' })).toHaveCount(1);
	await expect(drafts).toContainText('助理工程师');
	await drafts.getByRole('button', { name: '继续填写已暂存的申报' }).click();
	await expect(b.page).toHaveURL(caseUrl);
	await expect(b.page.getByLabel('申报专业')).toHaveValue('机械工程');
	await a.context.close();
	await b.context.close();
});

test('two phones offline both start and both type: both drafts are kept, each saying what it declares', async ({
	browser
}) => {
	const a = await phoneAtNotice(browser, '13900000012');
	const b = await phoneAtNotice(browser, '13900000012');
	await goOffline(a.context);
	await goOffline(b.context);
	await a.page.getByRole('button', { name: '开始申报' }).click();
	await declare(a.page, 'D', '机械工程');
	await b.page.getByRole('button', { name: '开始申报' }).click();
	await declare(b.page, 'C', '电子信息');

	await goOnline(a.context);
	await goOnline(b.context);
	for (const { page } of [a, b]) {
		await page.evaluate(() => dispatchEvent(new Event('online')));
		await expect(saveState(page)).toHaveText('已备份', { timeout: 30_000 });
	}
	for (const { page } of [a, b]) {
		await syncedList(page);
		await expect(initialRows(page)).toHaveCount(2, { timeout: 20_000 });
		const what = initialRows(page).getByTestId('case-what');
		await expect(what.filter({ hasText: '助理工程师 · 机械工程' })).toHaveCount(1);
		await expect(what.filter({ hasText: '工程师 · 电子信息' })).toHaveCount(1);
	}
	await a.context.close();
	await b.context.close();
});
