import { randomUUID } from 'node:crypto';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
	goOffline,
	goOnline,
	login,
	saveState,
	summaryDraft,
	waitForServiceWorker,
	workSummaryBox
} from './helpers';

const signOutButton = (page: Page) =>
	page.locator('header').getByRole('button', { name: '退出', exact: true });
const loginLink = (page: Page) =>
	page.locator('header').getByRole('link', { name: '您好！请登录' });

/** The names of this origin's device databases (one per person who signed in). */
function deviceDatabases(page: Page): Promise<string[]> {
	return page.evaluate(async () =>
		(await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('zhicheng-'))
	);
}

/** The URLs the service worker keeps as pages. */
function cachedPages(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		if (!(await caches.has('pages'))) return [];
		const cache = await caches.open('pages');
		return (await cache.keys()).map((r) => r.url);
	});
}

/** The session ends on the server's side while the page stays open: its cookie no longer holds. */
async function expireSession(context: BrowserContext): Promise<void> {
	const cookie = (await context.cookies()).find((c) => c.name.endsWith('zc_session'));
	if (!cookie) throw new Error('no session cookie');
	await context.addCookies([{ ...cookie, value: `${cookie.value.split('.')[0]}.expired` }]);
}

/** A backed-up draft at its 工作总结 module; its URL without the module's fragment. */
async function newDraft(page: Page): Promise<string> {
	return (await summaryDraft(page)).replace(/#.*$/, '');
}

test('sign-out after the session expired wipes the device; the next person sees nothing of the first', async ({
	page,
	context
}) => {
	await login(page, '13800000001');
	const caseUrl = await newDraft(page);
	const [wangDb] = await deviceDatabases(page);
	expect(wangDb).toBeTruthy();

	// Typed while offline, so it is on this device only; meanwhile the session ends.
	await goOffline(context);
	await workSummaryBox(page).fill('王芳的未同步内容');
	await expect(saveState(page)).toHaveText('仅保存在本设备');
	await expireSession(context);
	await goOnline(context);

	await signOutButton(page).click();
	const dialog = page.getByRole('dialog', { name: '登录已过期' });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByRole('button', { name: '重新登录后同步' })).toBeVisible();
	await dialog.getByRole('button', { name: '放弃未同步的内容并退出' }).click();
	await expect(loginLink(page)).toBeVisible();
	await expect.poll(() => deviceDatabases(page)).toEqual([]);
	expect((await cachedPages(page)).filter((u) => u.includes('/cases/'))).toEqual([]);

	// 李强 on the same browser profile.
	await login(page, '13800000002');
	await page.goto('/me');
	await expect(page.locator('main')).toBeVisible();
	await expect.poll(() => deviceDatabases(page)).toHaveLength(1);
	expect(await deviceDatabases(page)).not.toContain(wangDb);
	await expect(page.locator('body')).not.toContainText('王芳');
	await page.goto(caseUrl);
	await expect(page.locator('main')).toBeVisible();
	await expect(page.locator('body')).not.toContainText('王芳的未同步内容');
	await expect(page.locator('body')).not.toContainText('王芳');
});

test('another person signing in after a session expired without sign-out finds none of its pages', async ({
	page,
	context
}) => {
	await login(page, '13800000001');
	const caseUrl = await newDraft(page);
	await waitForServiceWorker(page);
	await page.goto(caseUrl);
	await expect.poll(() => cachedPages(page)).toContain(caseUrl);

	// 王芳 walks away; her session ends; 李强 signs in on the same browser.
	await expireSession(context);
	await login(page, '13800000002');
	await expect(signOutButton(page)).toBeVisible();
	await expect.poll(() => cachedPages(page)).not.toContain(caseUrl);
	const me = await page.evaluate(async () => {
		const cache = await caches.open('pages');
		return (await (await cache.match('/me'))?.text()) ?? '';
	});
	expect(me).not.toContain('王芳');
});

test('sign-out while the server cannot be reached wipes the device at once and ends the session on the next page', async ({
	page,
	context
}) => {
	await login(page, '13800000001');
	await page.goto('/me');
	await expect.poll(() => deviceDatabases(page)).toHaveLength(1);
	await waitForServiceWorker(page);

	await goOffline(context);
	await signOutButton(page).click();
	// The page moves on to the offline page meanwhile: asked again until it has.
	const settled = <T>(read: Promise<T>) => read.catch(() => 'navigating');
	await expect.poll(() => settled(deviceDatabases(page))).toEqual([]);
	await expect.poll(() => settled(cachedPages(page))).toEqual([]);

	// Online again with the cookie the server never heard the end of: the first page ends it.
	await goOnline(context);
	// Only until the answer arrives: the page then moves on to 登录 by itself.
	await page.goto('/me', { waitUntil: 'commit' });
	await expect(loginLink(page)).toBeVisible({ timeout: 20_000 });
	// A fresh load: the server no longer knows the session, and asks to log in (then back to /me).
	await page.goto('/me');
	await expect(page).toHaveURL(/\/login\?next=%2Fme$/);
	await expect(loginLink(page)).toBeVisible();
	expect(await deviceDatabases(page)).toEqual([]);
});

test('the service worker keeps no PDF, download or API answer, and an unvisited case opens as the editor or the offline page', async ({
	page,
	context
}) => {
	await login(page, '13800000001');
	const caseUrl = await newDraft(page);
	await waitForServiceWorker(page);
	await page.goto(caseUrl);
	await expect(
		workSummaryBox(page).or(page.getByRole('navigation', { name: '申报信息模块' }))
	).toBeVisible();

	// The 申报表 PDF opened as a page (a frame's navigation goes through the worker like a tab's).
	const pdfUrl = `${caseUrl}/form.pdf`;
	const pdf = page.waitForResponse((r) => r.url() === pdfUrl);
	await page.evaluate((src) => {
		const frame = document.createElement('iframe');
		frame.src = src;
		document.body.append(frame);
	}, pdfUrl);
	expect((await pdf).headers()['content-type']).toContain('application/pdf');
	await page.evaluate(() => fetch('/api/trpc/auth.session'));
	await page.waitForTimeout(500);
	const kept = await cachedPages(page);
	expect(kept.length).toBeGreaterThan(0);
	expect(kept.filter((u) => /\.pdf$|\/api\/|\/files\//.test(new URL(u).pathname))).toEqual([]);

	await goOffline(context);
	await page.goto(`/cases/${randomUUID()}`);
	await expect(page.locator('header .brand')).toBeVisible();
	expect(await page.evaluate(() => document.contentType)).toBe('text/html');
	await goOnline(context);
});
