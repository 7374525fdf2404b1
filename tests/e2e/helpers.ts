import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import {
	chromium,
	expect,
	type APIRequestContext,
	type Browser,
	type BrowserContext,
	type Page
} from '@playwright/test';
import { BASE_URL, CHROMIUM_ARGS } from '../../playwright.config';

export const DEMO_PASSWORD = 'Zhicheng#2026';

/** Where the app's development SMS provider logs codes (playwright.config.ts: SMS_DEV_LOG). */
const SMS_LOG = 'data-e2e/sms.log';

/**
 * The newest code the server logged for this mobile since `since` (ms), as a person would read
 * it off their phone. The log is a server file, not reachable over HTTP.
 */
export async function smsCode(
	mobile: string,
	purpose: 'register' | 'reset',
	since: number
): Promise<string> {
	let code: string | undefined;
	await expect
		.poll(() => {
			const lines = existsSync(SMS_LOG) ? readFileSync(SMS_LOG, 'utf8').trim().split('\n') : [];
			code = lines
				.map((l) => l.split(' '))
				.filter(([, at, p, m]) => p === purpose && m === mobile && Date.parse(at!) >= since)
				.at(-1)
				?.at(-1);
			return code;
		})
		.toMatch(/^\d{6}$/);
	return code!;
}

/** Registers through the API as a browser would (SMS code included) and returns its cookie jar. */
export async function registerByApi(
	request: APIRequestContext,
	person: { name: string; idNumber: string; mobile: string; password: string }
) {
	const origin = BASE_URL;
	const since = Date.now() - 1000;
	const sent = await request.post('/api/trpc/auth.sendCode', {
		headers: { origin },
		data: { mobile: person.mobile, purpose: 'register' }
	});
	expect(sent.status()).toBe(200);
	const code = await smsCode(person.mobile, 'register', since);
	const res = await request.post('/api/trpc/auth.register', {
		headers: { origin },
		data: { ...person, code }
	});
	expect(res.status()).toBe(200);
}

export async function login(page: Page, identifier: string, password = DEMO_PASSWORD) {
	await page.goto('/login');
	await page.getByLabel('身份证号码 / 手机号码 / 账号').fill(identifier);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).not.toHaveURL(/\/login$/);
}

/** Chromium with a real profile folder, so IndexedDB and the service worker survive a restart. */
export function launchProfile(userDataDir: string): Promise<BrowserContext> {
	return chromium.launchPersistentContext(userDataDir, {
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: CHROMIUM_ARGS,
		baseURL: BASE_URL,
		viewport: { width: 390, height: 844 },
		locale: 'zh-CN',
		serviceWorkers: 'allow'
	});
}

/** Ends the browser like a dead battery: SIGKILL, no unload, no flush by the browser. */
export function killProfile(userDataDir: string): void {
	// The bracket keeps pkill's pattern from matching the shell that runs pkill itself.
	execSync(`pkill -KILL -f -- "[-]-user-data-dir=${userDataDir}" || true`);
}

export async function waitForServiceWorker(page: Page) {
	await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, {
		timeout: 30_000
	});
}

/**
 * Offline for the pages and for the service worker too: Chromium's offline emulation does not
 * cover the worker's own fetches, so those are aborted as a dead network would.
 */
export async function goOffline(context: BrowserContext) {
	await context.setOffline(true);
	await context.route('**/*', (route) => route.abort('internetdisconnected'));
}

export async function goOnline(context: BrowserContext) {
	await context.unrouteAll({ behavior: 'ignoreErrors' });
	await context.setOffline(false);
}

/**
 * The manual's path into a 职称评审申报 (ch. 3): 申报须知 → 开始申报 → 申报级别 → 申报系列 →
 * 申报专业 → 申报评委会 (confirmed) → 暂存 → 「暂存成功」 and the module list. Returns the case URL.
 */
export async function startReviewDeclaration(
	page: Page,
	{
		level = 'C',
		series = 'engineering',
		specialty = '电子信息',
		committee = /南京市工程技术中级/
	} = {}
): Promise<string> {
	await page.goto('/declare/review');
	await page.getByLabel('我已阅读并知晓').check();
	await startNewDraft(page);
	await page.getByLabel('申报级别').selectOption(level);
	await page.getByLabel('申报系列').selectOption(series);
	await page.getByLabel('申报专业').selectOption(specialty);
	await page.getByRole('button', { name: committee }).click();
	await page.getByRole('alertdialog').getByRole('button', { name: '确定' }).click();
	await page.getByRole('button', { name: '暂存' }).click();
	await expect(page.getByText('暂存成功')).toBeVisible({ timeout: 20_000 });
	await expect(page.getByRole('navigation', { name: '申报信息模块' })).toBeVisible();
	return page.url().replace(/#.*$/, '');
}

/** Opens a module from the case's module list (on a phone, the list screen). */
export async function openModule(page: Page, title: string | RegExp) {
	const list = page.getByRole('navigation', { name: '申报信息模块' });
	const back = page.getByRole('link', { name: '返回模块列表' });
	await expect(list.or(back).first()).toBeVisible();
	if (await back.isVisible()) await back.click();
	await list.getByRole('link', { name: title }).click();
}

/**
 * 开始申报 on a 申报须知 page for a new draft: where the person already has one of that kind, the
 * page offers to continue it; a test that wants another one says so (another series).
 */
export async function startNewDraft(page: Page) {
	await page.getByRole('button', { name: '开始申报' }).click();
	const drafts = page.getByTestId('existing-drafts');
	await expect(drafts.or(page.getByTestId('module-lock'))).toBeVisible({ timeout: 20_000 });
	if (await drafts.isVisible()) {
		await drafts.getByLabel('我要申报另一个系列，需要新建一份申报').check();
		await drafts.getByRole('button', { name: '新建申报' }).click();
	}
	await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}/);
}

/** The case's one save state (已备份, 仅存于本设备 …). */
export const saveState = (page: Page) => page.getByTestId('save-state').first();

/** The 工作总结 text box of the module on screen. */
export const workSummaryBox = (page: Page) => page.getByRole('textbox', { name: '工作总结' });

/** A 职称评审申报 past 暂存, opened at its 工作总结 module and backed up; returns that page's URL. */
export async function summaryDraft(page: Page, committee = /南京市工程技术中级/): Promise<string> {
	await startReviewDeclaration(page, { committee });
	await openModule(page, /工作总结/);
	await expect(workSummaryBox(page)).toBeVisible();
	await expect(saveState(page)).toHaveText('已备份', { timeout: 20_000 });
	return page.url();
}

/**
 * Two devices of one person: a new draft on the first, pulled onto the second (立即同步) and
 * opened there at the same module, both backed up.
 */
export async function twoDevicesOnOneDraft(
	browser: Browser,
	identifier: string,
	committee: RegExp
) {
	const a = await browser.newContext();
	const b = await browser.newContext();
	const pa = await a.newPage();
	const pb = await b.newPage();
	await login(pa, identifier);
	await login(pb, identifier);
	const caseUrl = await summaryDraft(pa, committee);
	await pb.goto('/me');
	await pb.getByRole('button', { name: '立即同步' }).click();
	await pb.goto(caseUrl);
	// The module's code arrives with the page's first visit (no service worker controls it yet):
	// shown before either device goes offline.
	await expect(workSummaryBox(pb)).toBeVisible();
	await expect(saveState(pb)).toHaveText('已备份', { timeout: 20_000 });
	return { a, b, pa, pb, caseUrl };
}
