import { execSync } from 'node:child_process';
import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { BASE_URL, CHROMIUM_ARGS } from '../../playwright.config';

export const DEMO_PASSWORD = 'Zhicheng#2026';

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
